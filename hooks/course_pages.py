"""MkDocs hook: what every Markdown page of the course gets on its way to HTML.

- Doctest fences render as Python console sessions (prompts and outputs styled
  apart), and their copy button copies only the code: the fence stays
  ```` ```python ```` in the source, which sybil needs.
- The glossary (docs/glossary.yml, tooling/glossary.py): the table on each
  language's glossary page, and a tooltip on the first occurrence of each term
  in a page's prose (tooling/tooltips.py).
- Lighter code blocks: the token spans that change nothing on screen go
  (tooling/highlighting.py).
- Translation status (tooling/translation_status.py): a translated page whose
  source changed since it was translated shows a notice linking to it.
- The original text: a page whose source-language page says `original: true`
  in its front matter builds on the notebook the course grew from, and says so
  under its title, in the same words on every such page (languages/<locale>.yml,
  `original.note`), with a link to the home page's account of it.
- Heading permalinks are named in the page's language ("Enlace permanente"),
  not "¶" with a title in Python-Markdown's English.
- Search per language: mkdocs-static-i18n merges the languages into one
  index; it is split after the build, and translated pages read theirs
  (overrides/main.html). Under `make serve` (--dirty) entries of the pages
  that were not rebuilt are kept.
- A 404 page per language: mkdocs-static-i18n builds the languages one after
  the other into the same 404.html, so the last one won
  (ultrabug/mkdocs-static-i18n#284); here each language's is kept.
"""

from __future__ import annotations

import doctest
import html
import json
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for `tooling`, wherever mkdocs runs from

from tooling.glossary import MARKER, GlossaryError, glossary_table, load_glossary  # noqa: E402
from tooling.highlighting import without_plain_spans  # noqa: E402
from tooling.languages import course_of  # noqa: E402
from tooling.markdown_source import FENCE_OPENING, read_markdown  # noqa: E402
from tooling.tooltips import EXCLUDED_ELEMENTS, with_tooltips  # noqa: E402
from tooling.translation_status import status_of  # noqa: E402

CONSOLE_BLOCK = re.compile(r'<div class="language-pycon highlight">')
# Python-Markdown's toc, in English
PERMALINK = re.compile(r'(<a class="headerlink" href="[^"]*" title=")Permanent link(")')
FIRST_HEADING_END = re.compile(r"</h1>")

# On translated pages whose source changed since they were translated; the words
# come from languages/<locale>.yml.
STALE_NOTICE = (
    '<div class="admonition warning translation-stale"><p class="admonition-title">{title}</p><p>{text}</p></div>'
)

_course = None
_glossary = None
DIRTY = "--dirty" in sys.argv  # how MkDocs says so to plugins (mkdocs-static-i18n reads it the same way)
_rendered: set[str] = set()  # URLs of the pages this build rendered (MkDocs loads hooks anew for each build)
_default_not_found: str | None = None  # the default language's 404.html, kept while the others build


def on_config(config):
    global _course, _glossary
    _course = course_of(config)
    try:
        _glossary = load_glossary(_course)
    except GlossaryError as error:
        raise PluginError(str(error)) from None
    return config


def _language(page) -> str:
    return getattr(page.file, "locale", None) or _course.source


def on_page_markdown(markdown: str, page, config, files) -> str:
    language = _language(page)
    markdown, page.copy_texts = _doctests_as_console_sessions(markdown, page)
    page.has_glossary_table = MARKER in markdown
    if page.has_glossary_table:
        markdown = markdown.replace(MARKER, glossary_table(_glossary, language, _course))
    return markdown


def _doctests_as_console_sessions(markdown: str, page) -> tuple[str, list[str]]:
    """```` ```python ```` fences that start with >>> become ```` ```pycon ```` for rendering.

    Returns the new Markdown and, per converted fence in order, the code alone
    (no prompts, no outputs) that its copy button should copy.
    """
    lines = markdown.split("\n")
    copies = []
    for fence in read_markdown(Path(page.file.abs_src_path or page.file.src_path), markdown).fences:
        if fence.info != "python" or not fence.body.lstrip().startswith(">>>"):
            continue
        examples = doctest.DocTestParser().get_examples(fence.body)
        copies.append("".join(example.source for example in examples).rstrip("\n"))
        opening = FENCE_OPENING.match(lines[fence.line - 1])
        lines[fence.line - 1] = f"{opening['indent']}{opening['marker']}pycon"
    return "\n".join(lines), copies


def on_page_context(context, page, config, nav):
    _rendered.add(page.url)
    i18n = config.plugins["i18n"]
    language = i18n.current_language
    page.search_scope = "" if language == i18n.default_language else language
    return context


def on_page_content(content: str, page, config, files) -> str:
    copies = getattr(page, "copy_texts", [])
    blocks = CONSOLE_BLOCK.findall(content)
    if len(blocks) != len(copies):
        raise PluginError(
            f"{page.file.src_path}: {len(copies)} doctest fences but {len(blocks)} console blocks were rendered"
        )
    remaining = iter(copies)
    content = CONSOLE_BLOCK.sub(
        lambda _: f'<div class="language-pycon highlight" data-copy="{html.escape(next(remaining))}">', content
    )
    permalink = html.escape(config.extra["permalink"])
    content = PERMALINK.sub(lambda match: f'{match[1]}{permalink}{match[2]} aria-label="{permalink}"', content)
    language = _language(page)
    if page.file.src_uri.endswith(".md"):
        # The glossary page's table holds every definition already: no tooltips in it.
        excluded = EXCLUDED_ELEMENTS | {"table"} if getattr(page, "has_glossary_table", False) else EXCLUDED_ELEMENTS
        content = with_tooltips(content, _glossary, language, excluded)
        content = without_plain_spans(content)  # about a quarter lighter code blocks, the same on screen
    if language != _course.source and page.file.abs_src_path:
        content = _stale_notice(content, page, language)
    if page.file.src_uri.endswith(".md"):
        content = _original_note(content, page, language)
        content = CODE_BLOCK.sub(lambda match: f"{match[0]} data-search-exclude", content)
        content = SOLUTION.sub(lambda match: f"{match[0]} data-search-exclude", content)
    return content


# Code blocks stay out of the search index (Material skips what carries
# data-search-exclude): readers search the prose, where every name the code
# uses is written too, and the code was about a third of the index.
CODE_BLOCK = re.compile(r'<div class="language-[\w-]+ highlight"(?: data-copy="[^"]*")?')

# Exercises' solutions (`??? success`) stay out of it too: the exercise is found
# by its question, and a solution repeats what its page's sections teach.
SOLUTION = re.compile(r'<details class="success"')


def _original_note(content: str, page, language: str) -> str:
    """Under the title of a page that builds on the original text, the same line on every such page."""
    if not page.file.abs_src_path or not Path(page.file.abs_src_path).is_relative_to(_course.docs(language)):
        return content
    source = _course.docs(_course.source) / Path(page.file.abs_src_path).relative_to(_course.docs(language))
    if not source.exists() or read_markdown(source).meta.get("original") is not True:
        return content
    home = _course.url_prefix(language)
    words = _course.strings(language)["original"]
    url = get_relative_url(home, page.url).rstrip("/") + "/#the-original"  # "../#the-original", "./#the-original"
    note = f'<p class="from-original"><small>{words["note"].format(url=url)}</small></p>'
    return FIRST_HEADING_END.sub(lambda match: match.group(0) + note, content, count=1)


def _stale_notice(content: str, page, language: str) -> str:
    translation = Path(page.file.abs_src_path)
    if not translation.is_relative_to(_course.docs(language)):
        return content  # not a translated Markdown page (a notebook, say)
    status = status_of(translation, _course)
    if status is None or not status.stale:
        return content
    source_url = page.url.removeprefix(_course.url_prefix(language))
    words = _course.strings(language)["stale_translation"]
    text = words["text"].format(url=get_relative_url(source_url, page.url), source=_course.source)
    notice = STALE_NOTICE.format(title=words["title"], text=text)
    if FIRST_HEADING_END.search(content):
        return FIRST_HEADING_END.sub(lambda match: match.group(0) + notice, content, count=1)
    return notice + content


def on_post_template(output: str, template_name: str, config) -> str:
    """Each language's 404.html in its place; the default language's at the root."""
    global _default_not_found
    if template_name != "404.html":
        return output
    i18n = config.plugins["i18n"]
    if i18n.current_language == i18n.default_language:
        _default_not_found = output
        return output
    target = Path(config.site_dir) / i18n.current_language / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return _default_not_found if _default_not_found is not None else output


@event_priority(-200)  # after mkdocs-static-i18n has merged every language into search/search_index.json
def on_post_build(config) -> None:
    i18n = config.plugins["i18n"]
    if i18n.building:
        return  # a language built inside i18n's loop; the merged index comes at the end
    merged = Path(config.site_dir) / "search" / "search_index.json"
    if not merged.exists():
        return
    index = json.loads(merged.read_text(encoding="utf-8"))
    # One entry per location, from the pages rendered by this build (under
    # serve, Material's search keeps older copies of them too).
    fresh = {doc["location"]: doc for doc in index["docs"] if doc["location"].split("#")[0] in _rendered}
    for language in i18n.build_languages:
        documents = [
            doc
            for doc in fresh.values()
            if _language_of(doc["location"], i18n) == language
            and not _lesson_section(doc["location"])
            and not _summary(doc["location"])
        ]
        documents = _with_pages_not_rebuilt(documents, language)
        prefix = "" if language == i18n.default_language else f"{language}/"
        scoped = dict(
            index,
            docs=[dict(doc, location=doc["location"].removeprefix(prefix)) for doc in documents],
            config=dict(index["config"], lang=[language]),
        )
        target = Path(config.site_dir) / prefix / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(scoped, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _lesson_section(location: str) -> bool:
    """A section of a lesson (examples/x/#anchor). The index keeps each lesson's
    title and opening paragraph (examples/x/), and every chapter's sections: a
    lesson applies what the chapters teach, so a word of its sections is found in
    the chapter that teaches it. Every page downloads the index at load: the
    lessons' sections were a fifth of it (tests/site/test_page_weight.py)."""
    path, _, anchor = location.partition("#")
    return bool(anchor) and "examples/" in path


def _summary(location: str) -> bool:
    """A chapter's summary (x/#summary): it restates what the page's sections
    teach, and a search finds those sections; in the index it was a tenth of it."""
    return location.partition("#")[2] == "summary"


def _with_pages_not_rebuilt(documents: list[dict], language: str) -> list[dict]:
    """Under `mkdocs serve --dirty` (make serve) only the edited pages are
    rendered: the other pages' entries come from the last build, so that
    search still finds every page after an edit."""
    kept = _course.root / ".cache" / "course" / "search" / f"{language}.json"  # each language's last full index
    if DIRTY and kept.exists():
        previous = json.loads(kept.read_text(encoding="utf-8"))
        documents = [doc for doc in previous if doc["location"].split("#")[0] not in _rendered] + documents
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_text(json.dumps(documents, ensure_ascii=False), encoding="utf-8")
    return documents


def _language_of(location: str, i18n) -> str:
    first = location.split("/", 1)[0]
    return first if first in i18n.build_languages and first != i18n.default_language else i18n.default_language
