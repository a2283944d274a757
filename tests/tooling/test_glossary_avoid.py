"""The glossary's `avoid:` lists are checked when the glossary is read, naming the entry."""

import re

import pytest

from tooling.glossary import GlossaryError, load_glossary


def _with_avoid(course, avoid: str) -> int:
    """Give the fixture glossary's first entry (capa / layer) an `avoid:` line; return the entry's line."""
    glossary = course.root / "docs" / "glossary.yml"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(
        text.replace(
            "  forms: {es: [capas], en: [layers]}\n", f"  forms: {{es: [capas], en: [layers]}}\n  avoid: {avoid}\n", 1
        ),
        encoding="utf-8",
    )
    return 1


def test_variants_to_avoid_are_read_per_language(fixture_course):
    _with_avoid(fixture_course, "{es: [estrato, estratos], en: []}")
    layer = load_glossary(fixture_course)[0]
    assert layer.avoid == {"es": ["estrato", "estratos"], "en": []}
    assert load_glossary(fixture_course)[1].avoid == {}


@pytest.mark.parametrize(
    "avoid, message",
    [
        ("{fr: [strate]}", "'avoid' names the language 'fr', which the course does not have (its languages: es, en)"),
        ("{es: estrato}", "'avoid' in 'es' must be a list of words or phrases"),
        ("[estrato]", "'avoid' must map each language to a list of variants"),
        ("{es: [capas]}", "'capas' is both a spelling of the term and a variant to avoid in 'es'"),
        ("{es: ['']}", "'avoid' in 'es' must be a list of words or phrases"),
    ],
)
def test_a_malformed_avoid_list_fails_naming_the_entry(fixture_course, avoid, message):
    line = _with_avoid(fixture_course, avoid)
    with pytest.raises(GlossaryError, match=re.escape(f"docs/glossary.yml:{line}: {message}")):
        load_glossary(fixture_course)


def test_a_variant_to_avoid_cannot_be_another_terms_spelling(fixture_course):
    _with_avoid(fixture_course, "{es: [épocas]}")
    text = (fixture_course.root / "docs" / "glossary.yml").read_text(encoding="utf-8")
    epoch = text[: text.index("- term: {es: época")].count("\n") + 1
    expected = (
        f"docs/glossary.yml:1: 'épocas' is a variant to avoid in 'es', but the term at line {epoch} is spelled so"
    )
    with pytest.raises(GlossaryError, match=re.escape(expected)):
        load_glossary(fixture_course)
