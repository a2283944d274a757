"""MkDocs hook: each page and lesson says on which Keras backends its code was checked.

Generated from the checks, never written by hand (tooling/backend_record.py):
TensorFlow always (`make test` checks every page on it before the site is
built); JAX and PyTorch from docs/backends.json, which `make test-backends`
writes, and only while the record's fingerprint is that of the page's code
now. A malformed record, or one that names a page the course does not have,
stops the build. In the reader's language (languages/<locale>.yml, `backends`):

- under the title, "Code checked on the CPU with Keras 3.15.1 on TensorFlow
  2.21.0, JAX 0.10.2 and PyTorch 2.13.0.", and what runs on TensorFlow only;
- in place of each <!-- tensorflow-only: ... --> marker, its reason;
- below each <!-- script: x.py compare-backends --> fence, a table of what
  the script printed on each backend, side by side.
"""

from __future__ import annotations

import html
import re
import sys
from importlib import metadata
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for `tooling`, wherever mkdocs runs from

from tooling.backend_record import (  # noqa: E402
    RecordError,
    has_python,
    installed_version,
    lesson_fingerprint,
    load_record,
    page_fingerprint,
    script_fingerprint,
    shown_version,
)
from tooling.backends import BACKENDS, NAMES, PACKAGES, lesson_marks, page_marks  # noqa: E402
from tooling.languages import course_of  # noqa: E402
from tooling.scripts import SCRIPT, code_of, comparison_lines  # noqa: E402

FIRST_HEADING_END = re.compile(r"</h1>")
COMMENT = re.compile(r"<!--\s*(?P<kind>tensorflow-only):\s*(?P<argument>.*?)\s*-->", re.DOTALL)
# Where the badge's "checked" links to: what backends are, and how they are checked
EXPLAINED_AT = ("keras.md", "keras-3")

_course = None
_record = None


def on_config(config):
    global _course, _record
    _course = course_of(config)
    try:
        _record = load_record(_course)
    except RecordError as error:
        raise PluginError(str(error)) from None
    return config


def _language(page) -> str:
    return getattr(page.file, "locale", None) or _course.source


def _words(page) -> dict:
    return _course.strings(_language(page))["backends"]


def _inline_code(text: str) -> str:
    """A reason as the reader sees it: escaped, `code` as <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text, quote=False))


def _listed(names: list[str], word_and: str) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {word_and} {names[-1]}"


def _badge(page, checked: list[str], tensorflow_only: str | None, blocks: int) -> str:
    words = _words(page)
    language = _language(page)
    keras = metadata.version("keras")
    names = [f"TensorFlow {shown_version(installed_version('tensorflow') or '')}".strip()]
    names += [f"{NAMES[b]} {shown_version(_record.backend_versions(b)[PACKAGES[b][0]])}" for b in checked]
    page_name, anchor = EXPLAINED_AT
    if (_course.docs(language) / page_name).exists():
        target = f"{_course.url_prefix(language)}{Path(page_name).stem}/"
        url = f"{get_relative_url(target, page.url)}#{anchor}"
    else:
        url = None
    text = words["checked"].format(url=url or "", keras=keras, backends=_listed(names, words["and"]))
    if url is None:
        text = re.sub(r"</?a\b[^>]*>", "", text)
    if tensorflow_only:
        text += " " + words["tensorflow_only_page"].format(reason=_inline_code(tensorflow_only))
    elif blocks:
        singular, plural = words["tensorflow_only_blocks"]
        text += " " + (singular if blocks == 1 else plural).format(count=blocks)
    return f'<p class="checked-backends"><small>{text}</small></p>'


def on_page_markdown(markdown: str, page, config, files) -> str:
    if not page.file.abs_src_path or not page.file.src_uri.endswith(".md"):
        return markdown
    source = Path(page.file.abs_src_path)
    language = _language(page)
    if not source.is_relative_to(_course.docs(language)):
        return markdown
    name = source.relative_to(_course.docs(language)).as_posix()
    text = source.read_text(encoding="utf-8")
    if not has_python(source, text):
        return markdown
    marks = page_marks(source, text=text)
    checked = _record.checked("pages", name, page_fingerprint(source, text), metadata.version("keras"))
    if marks.page is not None:
        checked = [b for b in checked if b in marks.page.backends]
    page.backend_badge = _badge(
        page, checked, marks.page.reason if marks.page else None, len(marks.tensorflow_only_blocks)
    )
    return _with_comparisons(markdown, page, name)


def _with_comparisons(markdown: str, page, name: str) -> str:
    """After each compare-backends script's fence, the table of its outputs (or, when the
    record did not run this very code, a sentence that says the table is pending)."""
    words = _words(page)
    for match in reversed(list(SCRIPT.finditer(markdown))):
        if not match["compare"]:
            continue
        fence_end = match.end("fence")
        line_start = markdown.rfind("\n", 0, match.start("fence")) + 1
        indent = markdown[line_start : match.start("fence")]
        indent = indent if not indent.strip() else ""
        entry = _record.comparison(name, match["name"], script_fingerprint(code_of(match)))
        if entry is None or _record.keras != metadata.version("keras"):
            block = f"\n\n{indent}*{words['comparison_pending']}*\n"
        else:
            block = "\n\n" + "\n".join(indent + row for row in _table(entry, words)) + "\n"
        markdown = markdown[:fence_end] + block + markdown[fence_end:]
    return markdown


def _table(entry: dict, words: dict) -> list[str]:
    outputs = {backend: dict(comparison_lines(entry["outputs"][backend])) for backend in BACKENDS}
    keys = list(dict.fromkeys(key for backend in BACKENDS for key, _ in comparison_lines(entry["outputs"][backend])))
    header = [words["comparison_output"]] + [f"{NAMES[b]} {shown_version(entry['versions'][b])}" for b in BACKENDS]
    rows = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for key in keys:
        cells = [f"`{key}`"] + [f"`{outputs[b][key]}`" if key in outputs[b] else "—" for b in BACKENDS]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def on_page_content(content: str, page, config, files) -> str:
    words = _words(page)
    badge = getattr(page, "backend_badge", None)
    if badge is None and not page.file.src_uri.endswith(".md"):
        badge = _lesson_badge(page)
    content = COMMENT.sub(lambda m: _block_note(m, words), content)
    if badge is None:
        return content
    if FIRST_HEADING_END.search(content):
        return FIRST_HEADING_END.sub(lambda match: match.group(0) + badge, content, count=1)
    return badge + content


def _block_note(match: re.Match, words: dict) -> str:
    """A <!-- tensorflow-only: next "reason" --> marker, as the reader sees it; a page's is in the badge."""
    scope, _, reason = match["argument"].partition(" ")
    if scope != "next":
        return ""
    reason = html.unescape(reason.strip().strip('"'))
    said = words["tensorflow_only_block"].format(reason=_inline_code(reason))
    return f'<p class="tensorflow-only"><small>{said}</small></p>'


def _lesson_badge(page) -> str | None:
    """The badge of a lesson's page (hooks/example_notebooks.py adds them as .ipynb pages)."""
    from tooling.examples import Example

    lesson = _course.examples(_language(page)) / f"{Path(page.file.src_uri).stem}.py"
    if not lesson.exists():
        return None
    marks = lesson_marks(Example(lesson))
    checked = _record.checked("lessons", lesson.stem, lesson_fingerprint(lesson), metadata.version("keras"))
    if marks.page is not None:
        checked = []
    return _badge(page, checked, marks.page.reason if marks.page else None, len(marks.tensorflow_only_blocks))
