"""The glossary and the translation status, broken on purpose in the fixture course."""

import re
import sys

import pytest
from commands import mkdocs_build, run

from tooling.glossary import GlossaryError, load_glossary
from tooling.translation_status import all_statuses, report


def test_a_term_defined_in_one_language_only_fails_naming_the_entry(fixture_course, tmp_path):
    glossary = fixture_course.root / "docs" / "glossary.yml"
    text = glossary.read_text(encoding="utf-8")
    second_entry = text.index("\n- term:") + 1
    english_definition = re.compile(r"^    en: .*\n", re.MULTILINE).search(text, second_entry)
    glossary.write_text(text[: english_definition.start()] + text[english_definition.end() :], encoding="utf-8")
    line = text[:second_entry].count("\n") + 1
    expected = f"docs/glossary.yml:{line}: definition in 'en' is missing"

    with pytest.raises(GlossaryError, match=re.escape(expected)):
        load_glossary(fixture_course)
    build = mkdocs_build(fixture_course.root, tmp_path / "site")
    assert build.returncode != 0
    assert expected in build.stderr, build.stderr


def test_a_stale_translation_shows_a_notice_and_is_reported(broken_site):
    # broken_site changed a sentence of docs/es/chapter.md (conftest.py).
    listed = report(all_statuses(broken_site.course), broken_site.course)
    assert "docs/en/chapter.md: translates " in listed and "compare with docs/es/chapter.md" in listed, listed
    assert "docs/en/index.md" not in listed

    notice = broken_site.course.strings("en")["stale_translation"]["title"]
    english = (broken_site.site / "en" / "chapter" / "index.html").read_text(encoding="utf-8")
    assert notice in english
    assert 'href="../../chapter/" hreflang="es"' in english, "the notice does not link to the source page"
    assert notice not in (broken_site.site / "en" / "index.html").read_text(encoding="utf-8")


def test_marking_a_page_as_translated_clears_it(fixture_course):
    spanish = fixture_course.root / "docs" / "es" / "chapter.md"
    spanish.write_text(
        spanish.read_text(encoding="utf-8").replace("recorre los datos", "recorre todos los datos"), encoding="utf-8"
    )
    assert "docs/en/chapter.md" in report(all_statuses(fixture_course), fixture_course)
    marked = run(
        [sys.executable, "-m", "tooling.translation_status", "--mark", "docs/en/chapter.md"], fixture_course.root
    )
    assert "translate the current text of their source" in marked.stdout, marked.stdout + marked.stderr
