"""The glossary as readers see it: a page per language and tooltips in the pages."""

import re

import pytest
from site_pages import LANGUAGES, html

from tooling.glossary import load_glossary


@pytest.mark.parametrize("language", LANGUAGES)
def test_glossary_page_lists_every_term_in_every_language(built_site, language):
    page = html(built_site, language, "glossary/")
    for term in load_glossary():
        # The term itself may carry its tooltip (<abbr>) on the glossary page too.
        assert re.search(rf"<strong>(<abbr [^>]*>)?{re.escape(term.names[language])}(</abbr>)?</strong>", page), (
            f"docs/glossary.yml:{term.line}: {term.names[language]!r} is not on the {language} glossary page"
        )
        for other in LANGUAGES:
            if other != language:
                assert re.search(rf"<em>(<abbr [^>]*>)?{re.escape(term.names[other])}(</abbr>)?</em>", page), (
                    f"docs/glossary.yml:{term.line}: the {other} term {term.names[other]!r} "
                    f"is not on the {language} glossary page"
                )


def test_terms_in_pages_carry_their_definition_as_a_tooltip(broken_site):
    # The fixture's home page says "una capa" / "a layer" (the glossary's first term),
    # then "capa" again in a heading, in prose, in a link and in code.
    terms = load_glossary(broken_site.course)
    layer = next(term for term in terms if term.names["en"] == "layer")
    for language, prefix in (("es", ""), ("en", "en/")):
        page = (broken_site.site / prefix / "index.html").read_text(encoding="utf-8")
        assert f'<abbr title="{layer.definitions[language]}">{layer.names[language]}</abbr>' in page, (
            f"no tooltip in /{prefix}"
        )


@pytest.mark.parametrize("language, prefix", [("es", ""), ("en", "en/")])
def test_a_term_has_one_tooltip_per_page_on_its_first_occurrence_in_prose(broken_site, language, prefix):
    terms = load_glossary(broken_site.course)
    site = broken_site.site / prefix
    pages = {
        "": site / "index.html",
        "chapter/": site / "chapter" / "index.html",
        "glossary/": site / "glossary" / "index.html",
    }
    articles = {
        url: path.read_text(encoding="utf-8").split("<article", 1)[1].split("</article>", 1)[0]
        for url, path in pages.items()
    }

    def tooltips(url: str, term) -> int:
        return articles[url].count(f'<abbr title="{term.definitions[language]}">')

    for url, article in articles.items():
        where = f"/{prefix}{url}"
        for term in terms:
            assert tooltips(url, term) <= 1, (
                f"{where}: {tooltips(url, term)} tooltips for {term.names[language]!r}, "
                "only its first occurrence gets one"
            )
        for element in ("h1", "h2", "a", "code"):
            inside = re.search(rf"<{element}[ >](?:(?!</{element}>).)*<abbr", article, re.DOTALL)
            assert not inside, f"{where}: a tooltip inside <{element}>: {inside.group(0)[-200:]}"
    layer, epoch = (next(term for term in terms if term.names["en"] == name) for name in ("layer", "epoch"))
    # The home page says "capa" in prose, then in a heading, prose, a link and code; the chapter says "época" once.
    assert tooltips("", layer) == 1, f"/{prefix}: the first 'capa' in prose has no tooltip"
    assert tooltips("chapter/", epoch) == 1, f"/{prefix}chapter/: 'época' has no tooltip"
    # The glossary's table holds the definitions already.
    assert all(tooltips("glossary/", term) == 0 for term in terms), (
        f"/{prefix}glossary/: tooltips in the glossary's table"
    )
