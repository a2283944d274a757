"""Links and anchors of the Markdown sources, checked without building the site.

The fast counterpart of the strict build's link validation and of the check
of the built site (tests/link_check.py): every internal link of a page or lesson must
reach a page, a lesson (``examples/<name>.ipynb``) or an asset of the same
language, and its ``#anchor`` must be an explicit anchor of the target. It
runs in `make check`, in well under a second; the built site is still checked
by the full test suite.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from tooling.examples import Example
from tooling.languages import COURSE, Course
from tooling.markdown_source import HEADING, read_markdown

ATTRIBUTE_ID = re.compile(r"\{[^}\n]*#(?P<id>[\w-]+)[^}\n]*\}")  # attr_list ids: { #anchor }, {: #id .class }
LESSON_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)\)")


def dead_links(course: Course = COURSE) -> list[str]:
    _page_anchors.cache, _lesson_anchors.cache = {}, {}  # pages may have changed since the last call
    problems = []
    for language in course.languages:
        for page in sorted(course.docs(language).rglob("*.md")):
            links = read_markdown(page).internal_links
            problems += _check(course, language, page, links)
        for lesson in sorted(course.examples(language).glob("*.py")):
            problems += _check(course, language, lesson, _lesson_links(lesson))
    return problems


def _lesson_links(lesson: Path) -> list[tuple[int, str]]:
    """Links written in a lesson's Markdown cells (`# ... [text](target)`)."""
    links = []
    for number, line in enumerate(lesson.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("#"):
            links += [
                (number, match["target"])
                for match in LESSON_LINK.finditer(line)
                if not re.match(r"^([a-z][a-z0-9+.-]*:|//)", match["target"], re.IGNORECASE)
            ]
    return links


def _check(course: Course, language: str, source: Path, links: list[tuple[int, str]]) -> list[str]:
    docs = course.docs(language)
    # A page's links are relative to its file; a lesson's, to the URL of its
    # rendered page, <language>/examples/<name>/ (MkDocs does not rewrite them).
    where = docs / "examples" / source.stem / "index.html" if source.suffix == ".py" else source
    problems = []
    for line, target in links:
        parts = urlsplit(target)
        path, anchor = unquote(parts.path), parts.fragment
        if target.startswith("/"):
            problems.append(
                f"{course.relative(source)}:{line}: link '{target}' is absolute; write it relative to the page"
            )
            continue
        resolved = where if not path else _normalize(where.parent, path)
        if path and not _exists(course, language, resolved):
            problems.append(
                f"{course.relative(source)}:{line}: link '{target}' "
                f"leads to no page, lesson or file of docs/{language}/"
            )
        elif anchor and anchor not in anchors_of(course, language, resolved):
            problems.append(f"{course.relative(source)}:{line}: link '{target}': no anchor '#{anchor}' in that page")
    return problems


def _normalize(folder: Path, path: str) -> Path:
    parts: list[str] = list(folder.parts)
    for part in PurePosixPath(path).parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return Path(*parts)


def _lesson_source(course: Course, language: str, target: Path) -> Path | None:
    """The lesson behind examples/<name>.ipynb (a page's link) or examples/<name>/ (a URL)."""
    examples = course.docs(language) / "examples"
    if (target.suffix == ".ipynb" and target.parent == examples) or (not target.suffix and target.parent == examples):
        return course.examples(language) / f"{target.stem}.py"
    if target.name == "index.html" and target.parent.parent == examples:
        return course.examples(language) / f"{target.parent.name}.py"
    return None


def _page_source(target: Path) -> Path:
    """The Markdown page behind a directory URL (layers/ is layers.md, or layers/index.md)."""
    if target.suffix:
        return target
    return target.with_suffix(".md") if target.with_suffix(".md").is_file() else target / "index.md"


def _exists(course: Course, language: str, target: Path) -> bool:
    lesson = _lesson_source(course, language, target)
    return lesson.exists() if lesson else _page_source(target).is_file()


def anchors_of(course: Course, language: str, target: Path) -> set[str]:
    lesson = _lesson_source(course, language, target)
    if lesson:
        return _lesson_anchors(lesson)
    page = _page_source(target)
    return _page_anchors(page) if page.suffix == ".md" else set()


def _cached(function):
    def cached(path: Path) -> set[str]:
        if path not in cached.cache:
            cached.cache[path] = function(path)
        return cached.cache[path]

    cached.cache = {}
    return cached


@_cached
def _page_anchors(page: Path) -> set[str]:
    text = page.read_text(encoding="utf-8")
    anchors = {heading.anchor for heading in read_markdown(page, text).headings if heading.anchor}
    return anchors | {match["id"] for match in ATTRIBUTE_ID.finditer(text)}


@_cached
def _lesson_anchors(lesson: Path) -> set[str]:
    anchors = set()
    for cell in Example(lesson).notebook().cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                heading = HEADING.match(line)
                if heading and heading["anchor"]:
                    anchors.add(heading["anchor"])
    return anchors
