"""Every translation is the source course translated: prose and comments only.

This is what lets a translation's code go unexecuted: it is proven to be the
source's code, markers and expected outputs.
"""

import pytest

from tooling.languages import COURSE
from tooling.parity import (
    example_differences,
    headings_without_anchor,
    missing_translations,
    page_differences,
    translated_pairs,
    untranslated_navigation,
)

PAGE_PAIRS = translated_pairs("docs", "*.md")
LESSON_PAIRS = translated_pairs("examples", "*.py")


def _report(problems: list[str]) -> str:
    return "\n" + "\n".join(problems)


def _ids(pairs):
    return [COURSE.relative(translation) for _, translation in pairs]


def test_every_page_asset_and_lesson_exists_in_every_language():
    problems = missing_translations()
    assert not problems, _report(problems)


def test_every_section_title_is_translated():
    problems = untranslated_navigation()
    assert not problems, _report(problems)


@pytest.mark.parametrize("source, translation", PAGE_PAIRS, ids=_ids(PAGE_PAIRS))
def test_page_translation_has_the_same_code_markers_anchors_and_links(source, translation):
    problems = page_differences(source, translation)
    assert not problems, _report(problems)


@pytest.mark.parametrize("source, translation", LESSON_PAIRS, ids=_ids(LESSON_PAIRS))
def test_lesson_translation_has_the_same_code_cells_and_anchors(source, translation):
    problems = example_differences(source, translation)
    assert not problems, _report(problems)


SOURCES = sorted((COURSE.root / "docs").rglob("*.md")) + sorted((COURSE.root / "examples").rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=[COURSE.relative(p) for p in SOURCES])
def test_every_heading_has_an_explicit_anchor(path):
    problems = headings_without_anchor(path)
    assert not problems, _report(problems)
