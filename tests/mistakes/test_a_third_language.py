"""Languages are data: a third language added to the fixture course the way a
contributor adds one (a line in mkdocs.yml, docs/fr/, examples/fr/,
languages/fr.yml and its glossary terms; tests/more_languages.py), with no
change to any code, gets its pages, switcher, search, 404 page, parity checks,
staleness notice and PDF."""

import json
import re

from fixture_course import append
from more_languages import with_french

from tooling.parity import all_problems
from tooling.translation_status import all_statuses


def test_the_third_language_is_checked_like_the_others(fixture_course):
    course = with_french(fixture_course)
    assert course.languages == ("es", "en", "fr")
    assert all_problems(course) == []
    assert not any(status.stale for status in all_statuses(course))
    line = append(course.root / "docs/fr/chapter.md", "\n```python\nx = 1\n```\n")
    append(course.root / "docs/es/chapter.md", "\n```python\nx = 2\n```\n")
    append(course.root / "docs/en/chapter.md", "\n```python\nx = 2\n```\n")
    problems = all_problems(course)
    assert len(problems) == 1 and problems[0].startswith(
        f"docs/fr/chapter.md:{line + 1}: code differs from docs/es/chapter.md"
    ), problems


def test_every_page_switches_to_the_same_page_in_every_language(broken_site):
    for language, prefix in (("es", ""), ("en", "en/"), ("fr", "fr/")):
        for url in ("", "chapter/", "examples/tiny/"):
            page = (broken_site.site / prefix / url / "index.html").read_text(encoding="utf-8")
            assert f'<html lang="{language}"' in page
            links = dict(
                (lang, href)
                for href, lang in re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)" class="md-select__link"', page)
            )
            assert set(links) == {"es", "en", "fr"}, f"/{prefix}{url}: the switcher offers {sorted(links)}"
    assert "<title>Chapitre - Keras et TensorFlow</title>" in (broken_site.site / "fr/chapter/index.html").read_text(
        encoding="utf-8"
    )


def test_the_third_language_has_its_own_search_and_404_page(broken_site):
    index = json.loads((broken_site.site / "fr" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["fr"]
    assert {doc["location"].split("#")[0] for doc in index["docs"]} == {"", "chapter/", "glossary/", "examples/tiny/"}
    assert "Sommes" in {doc["title"] for doc in index["docs"]}
    not_found = (broken_site.site / "fr" / "404.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in not_found and "Page introuvable" in not_found


def test_the_glossary_page_names_each_term_in_the_other_languages(broken_site):
    glossary = (broken_site.site / "fr" / "glossary" / "index.html").read_text(encoding="utf-8")
    for header in ("Terme", "Español", "English", "Définition"):
        assert f">{header}<" in glossary, header
    assert re.search(r"<strong>(<abbr [^>]*>)?couche(</abbr>)?</strong>", glossary)


def test_a_stale_third_language_page_shows_its_own_notice(broken_site):
    assert {status.translation.parent.name for status in all_statuses(broken_site.course) if status.stale} == {
        "en",
        "fr",
    }
    page = (broken_site.site / "fr" / "chapter" / "index.html").read_text(encoding="utf-8")
    assert "Cette traduction est peut-être obsolète" in page and 'href="../../chapter/" hreflang="es"' in page


def test_the_third_language_gets_its_pdf(broken_site, browser, tmp_path):
    from pypdf import PdfReader

    from tooling.pdf import make_pdf, pdf_url

    printed = make_pdf(browser, broken_site.site, "fr", broken_site.course, into=tmp_path)
    assert printed.path == tmp_path / pdf_url("fr", broken_site.course)
    assert printed.path.parent.name == "fr"
    reader = PdfReader(printed.path)
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Keras et TensorFlow" in text and "Chapitre" in text and "Une toute petite leçon" in text
    home = (broken_site.site / "fr" / "index.html").read_text(encoding="utf-8")
    assert f'href="{printed.path.name}" download' in home, "the French home page does not link to its PDF"
