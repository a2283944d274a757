"""The glossary and the translation status: one data file and one fingerprint
per English page, turned into what readers see."""

import re
import sys

import pytest

from commands import mkdocs_build, pytest_in, run
from site_pages import html
from tooling.glossary import load_glossary
from tooling.parity import SOURCE, TRANSLATION

PYTHON_MODULE = [sys.executable, "-m"]


def test_every_term_is_defined_in_both_languages():
    terms = load_glossary()  # raises, naming docs/glossary.yml and the entry's line
    assert len(terms) >= 10


@pytest.mark.parametrize("language", [SOURCE, TRANSLATION])
def test_glossary_page_lists_every_term_of_its_language(built_site, language):
    page = html(built_site, language, "glossary/")
    other = TRANSLATION if language == SOURCE else SOURCE
    for term in load_glossary():
        # The term itself gets its tooltip (<abbr>) on the glossary page too.
        assert re.search(rf"<strong>(<abbr [^>]*>)?{re.escape(term.names[language])}(</abbr>)?</strong>", page), (
            f"{term.names[language]!r} missing"
        )
        assert re.search(rf"<em>(<abbr [^>]*>)?{re.escape(term.names[other])}(</abbr>)?</em>", page)


@pytest.mark.parametrize("language", [SOURCE, TRANSLATION])
def test_terms_in_pages_carry_their_definition_as_a_tooltip(built_site, language):
    definition = next(t for t in load_glossary() if t.names[TRANSLATION] == "layer").definitions[language]
    page = html(built_site, language, "keras/")
    assert re.search(rf'<abbr title="{re.escape(definition)}">', page), "no tooltip on 'capa'/'layer'"


def test_a_term_defined_in_one_language_only_fails_naming_the_entry(course_copy, tmp_path):
    glossary = course_copy / "docs" / "glossary.yml"
    text = glossary.read_text(encoding="utf-8")
    first_english_definition = re.search(r"^    en: .*$", text, re.MULTILINE)
    broken = text[: first_english_definition.start()] + text[first_english_definition.end() + 1:]
    glossary.write_text(broken, encoding="utf-8")
    entry_line = broken[: first_english_definition.start()].rfind("\n- term:")
    line = broken[: entry_line + 1].count("\n") + 1

    tests = pytest_in(course_copy, "tests/test_glossary_and_translations.py", "-k", "both_languages")
    assert tests.returncode == 1, tests.stdout
    assert f"docs/glossary.yml:{line}: definition in 'en' is missing" in tests.stdout, tests.stdout
    build = mkdocs_build(course_copy, tmp_path / "site")
    assert build.returncode != 0
    assert f"docs/glossary.yml:{line}: definition in 'en' is missing" in build.stderr, build.stderr


def test_a_stale_translation_shows_a_notice_and_is_reported(course_copy, tmp_path):
    spanish = course_copy / "docs" / "es" / "keras.md"
    assert "es la herramienta con la que" in spanish.read_text(encoding="utf-8")
    spanish.write_text(spanish.read_text(encoding="utf-8").replace(
        "es la herramienta con la que", "es, sin duda, la herramienta con la que", 1), encoding="utf-8")

    listed = run([*PYTHON_MODULE, "tooling.translation_status"], course_copy)
    assert "docs/en/keras.md: translates " in listed.stdout, listed.stdout
    assert "compare with docs/es/keras.md" in listed.stdout

    site = tmp_path / "site"
    assert mkdocs_build(course_copy, site).returncode == 0
    english = (site / "en" / "keras" / "index.html").read_text(encoding="utf-8")
    assert "This translation may be out of date" in english
    assert 'href="../../keras/" hreflang="es"' in english, "the notice does not link to the Spanish page"
    assert "This translation may be out of date" not in (site / "en" / "index.html").read_text(encoding="utf-8")

    marked = run([*PYTHON_MODULE, "tooling.translation_status", "--mark", "docs/en/keras.md"], course_copy)
    assert "translate the current Spanish text" in marked.stdout, marked.stdout


