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
                    f"docs/glossary.yml:{term.line}: the {other} term {term.names[other]!r} is not on the {language} glossary page"
                )


def test_terms_in_pages_carry_their_definition_as_a_tooltip(broken_site):
    # The fixture's home page says "una capa" / "a layer": the glossary's first term.
    for language, prefix in (("es", ""), ("en", "en/")):
        layer = next(term for term in load_glossary(broken_site.course) if term.names["en"] == "layer")
        page = (broken_site.site / prefix / "index.html").read_text(encoding="utf-8")
        assert f'<abbr title="{layer.definitions[language]}">{layer.names[language]}</abbr>' in page, f"no tooltip in /{prefix}"
