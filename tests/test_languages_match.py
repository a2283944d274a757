"""The English course is the Spanish course translated: prose and comments only."""

import pytest

from tooling.parity import (
    ROOT,
    example_differences,
    headings_without_anchor,
    missing_translations,
    page_differences,
    translated_pairs,
)

PAGE_PAIRS = translated_pairs("docs", "*.md")
EXAMPLE_PAIRS = translated_pairs("examples", "*.py")


def _report(problems: list[str]) -> str:
    return "\n" + "\n".join(problems)


def test_every_page_and_example_exists_in_both_languages():
    problems = missing_translations()
    assert not problems, _report(problems)


@pytest.mark.parametrize("source, translation", PAGE_PAIRS, ids=[p[0].name for p in PAGE_PAIRS])
def test_page_translation_has_the_same_code_anchors_and_links(source, translation):
    problems = page_differences(source, translation)
    assert not problems, _report(problems)


@pytest.mark.parametrize("source, translation", EXAMPLE_PAIRS, ids=[p[0].name for p in EXAMPLE_PAIRS])
def test_example_translation_has_the_same_code_cells_and_anchors(source, translation):
    problems = example_differences(source, translation)
    assert not problems, _report(problems)


SOURCES = sorted((ROOT / "docs").rglob("*.md")) + sorted((ROOT / "examples").rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=[p.relative_to(ROOT).as_posix() for p in SOURCES])
def test_every_heading_has_an_explicit_anchor(path):
    problems = headings_without_anchor(path)
    assert not problems, _report(problems)
