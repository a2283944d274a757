"""Where the original text ends: every page that builds on it says so in the
same way (`original: true` in the source page's front matter, which gives it
the same line under its title in every language, hooks/course_pages.py), and
a page that names the original text in its prose is one of them."""

import re

import pytest

from tooling.languages import COURSE
from tooling.markdown_source import read_markdown
from tooling.style import prose_of

SOURCE_PAGES = sorted(COURSE.docs(COURSE.source).rglob("*.md"))


def builds_on_the_original(page) -> bool:
    return (
        read_markdown(COURSE.docs(COURSE.source) / page.relative_to(COURSE.docs(page.parent.name))).meta.get("original")
        is True
    )


def test_some_pages_build_on_the_original_and_the_home_page_says_which():
    flagged = [page.name for page in SOURCE_PAGES if builds_on_the_original(page)]
    assert flagged, "docs/es: no page says `original: true`; the pages that build on the original text must"
    for language in COURSE.languages:
        home = COURSE.docs(language) / "index.md"
        anchors = {heading.anchor for heading in read_markdown(home).headings}
        assert "the-original" in anchors, (
            f"{COURSE.relative(home)}:1: no section {{ #the-original }} says what comes from the original text"
        )
        linked = {target.split("#")[0] for _, target in read_markdown(home).internal_links}
        missing = [name for name in flagged if name not in linked and name != "index.md"]
        assert not missing, f"{COURSE.relative(home)}:1: the original text's section does not link {missing}"


PAGES = [page for language in COURSE.languages for page in sorted(COURSE.docs(language).rglob("*.md"))]


@pytest.mark.parametrize("page", PAGES, ids=[COURSE.relative(page) for page in PAGES])
def test_a_page_that_names_the_original_text_builds_on_it(page):
    phrase = COURSE.strings(page.parent.name)["original"]["phrase"].casefold()
    mentions = [run.line for run in prose_of(page) if phrase in " ".join(run.text.split()).casefold()]
    if mentions and page.name not in ("index.md", "glossary.md"):
        assert builds_on_the_original(page), (
            f"{COURSE.relative(page)}:{mentions[0]}: names the original text, but its source page does not say "
            f"`original: true` in its front matter (docs/{COURSE.source}/{page.name})"
        )


def correction_boxes(page) -> list[tuple[int, str]]:
    """(line, first words of its text) of each box titled as a correction of the original (`original.box`)."""
    words = COURSE.strings(page.parent.name)["original"]
    lines = page.read_text(encoding="utf-8").split("\n")
    found = []
    for number, line in enumerate(lines, start=1):
        if re.match(rf'^\s*(!!!|\?\?\?\+?) \w+ "{re.escape(words["box"])}\b', line):
            body = next((text.strip() for text in lines[number:] if text.strip()), "")
            found.append((number, body))
    return found


@pytest.mark.parametrize("page", PAGES, ids=[COURSE.relative(page) for page in PAGES])
def test_a_correction_box_corrects_the_original_text_and_says_so(page):
    words = COURSE.strings(page.parent.name)["original"]
    for line, body in correction_boxes(page):
        assert builds_on_the_original(page), (
            f"{COURSE.relative(page)}:{line}: a «{words['box']}» box corrects the original text, "
            "and this page does not build on it; "
            "a change between versions of Keras goes in its own box (see the style guide)"
        )
        assert body.startswith(words["said"]), (
            f"{COURSE.relative(page)}:{line}: a «{words['box']}» box begins «{words['said']}…», "
            "quoting what the original text said, then corrects it"
        )
