"""The guides' table of terms: generated from the glossary, a stale one named by file and line."""

from tooling.terms_table import GUIDES, updated_guides


def _guides(course, table: str = "| old |\n") -> None:
    for relative in GUIDES.values():
        guide = course.root / relative
        guide.parent.mkdir(parents=True, exist_ok=True)
        guide.write_text(
            f"# Guide\n\nSome text.\n\n<!-- terms-table:start -->\n{table}<!-- terms-table:end -->\n", encoding="utf-8"
        )


def test_a_stale_table_is_reported_with_its_guide_and_line(fixture_course):
    _guides(fixture_course)
    texts, stale = updated_guides(fixture_course)
    assert [str(problem) for problem in stale] == [
        f"{relative}:5: the table of terms does not match docs/glossary.yml (run `python -m tooling.terms_table`)"
        for relative in GUIDES.values()
    ]
    for guide, text in texts.items():
        guide.write_text(text, encoding="utf-8")
    assert updated_guides(fixture_course)[1] == []


def test_the_table_lists_each_term_with_its_variants_in_both_languages(fixture_course):
    glossary = fixture_course.root / "docs" / "glossary.yml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace(
            "  forms: {es: [épocas], en: [epochs]}\n",
            "  forms: {es: [épocas], en: [epochs]}\n  avoid: {es: [epoch, epochs]}\n",
        ),
        encoding="utf-8",
    )
    _guides(fixture_course)
    texts, _ = updated_guides(fixture_course)
    spanish = texts[fixture_course.root / GUIDES["es"]]
    assert "| **capa** | — | *layer* | — |\n| **época** | epoch, epochs | *epoch* | — |\n" in spanish
    english = texts[fixture_course.root / GUIDES["en"]]
    assert "| **epoch** | — | *época* | epoch, epochs |\n| **layer** | — | *capa* | — |\n" in english


def test_a_guide_without_markers_is_reported(fixture_course):
    _guides(fixture_course)
    spanish = fixture_course.root / GUIDES["es"]
    spanish.write_text("# Guía\n", encoding="utf-8")
    stale = updated_guides(fixture_course)[1]
    assert str(stale[0]) == f"{GUIDES['es']}:1: no <!-- terms-table:start --> ... <!-- terms-table:end --> markers"
