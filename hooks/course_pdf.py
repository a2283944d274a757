"""MkDocs hook: each language's home page links to the whole course as one PDF.

The PDF is printed from the built site after the build (tooling/pdf.py: the
tests print it into the site they built, which CI publishes; `make pdf`
locally), to the language's root, under the name languages/<locale>.yml gives
it (`pdf.file`). So the link is added here, to the rendered home page, and not
written in docs/<locale>/index.md: the strict build and `make check` would
report a Markdown link to a file that no build makes. The built site's link
check (tests/link_check.py) accepts that one file as made after the build,
and tests/site/test_pdf.py proves it is made exactly there. Only a build that
prints the PDFs (`COURSE_PDF=1`: the tests, CI, `make pdf`) links them: under
`make serve` or a plain `mkdocs build` the link would lead nowhere.
"""

from __future__ import annotations

import os
import re
import sys
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for `tooling`, wherever mkdocs runs from

from tooling.languages import course_of  # noqa: E402

FIRST_SECTION = re.compile(r"<h2[\s>]")

_course = None


def on_config(config):
    global _course
    _course = course_of(config)
    return config


def on_page_content(content: str, page, config, files) -> str:
    if os.environ.get("COURSE_PDF") != "1":  # no PDF will be printed into this site
        return content
    language = getattr(page.file, "locale", None) or _course.source
    if page.url != _course.url_prefix(language):  # only the language's home page ("" or "en/")
        return content
    words = _course.strings(language)["pdf"]
    name = escape(words["file"], quote=True)
    paragraph = f'<p class="course-pdf">{words["download"].format(url=name, file=name)}</p>'
    # After the introduction, before the first section: seen without scrolling far.
    match = FIRST_SECTION.search(content)
    return content[: match.start()] + paragraph + content[match.start() :] if match else content + paragraph
