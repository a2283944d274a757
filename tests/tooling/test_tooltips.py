"""Glossary tooltips on small HTML pages: the first occurrence of each term in prose, and only there."""

import re

from tooling.glossary import Term
from tooling.tooltips import EXCLUDED_ELEMENTS, with_tooltips


def term(es: str, en: str, forms_es=(), forms_en=(), line: int = 1) -> Term:
    return Term(
        line=line,
        names={"es": es, "en": en},
        forms={"es": list(forms_es), "en": list(forms_en)},
        definitions={"es": f"Definición de {es}.", "en": f"Definition of {en}."},
        api=None,
    )


LAYER = term("capa", "layer", ["capas"], ["layers"])
DENSE = term("capa densa", "dense layer", ["capas densas"], ["dense layers"])
EPOCH = term("época", "epoch", ["épocas"], ["epochs"])
API = term("API funcional", "Functional API", [], ["functional API"])
TERMS = [LAYER, DENSE, EPOCH, API]


def tooltips(html: str, language: str = "es", **options) -> list[tuple[str, str]]:
    """(text, title) of every <abbr> in the result."""
    return re.findall(r'<abbr title="([^"]*)">([^<]*)</abbr>', with_tooltips(html, TERMS, language, **options))


def abbr(text: str, definition: str) -> tuple[str, str]:
    return (definition, text)


def test_only_the_first_occurrence_of_a_term_gets_its_tooltip():
    page = "<p>Una capa, otra capa.</p><p>Y más capas.</p>"
    assert with_tooltips(page, TERMS, "es") == (
        '<p>Una <abbr title="Definición de capa.">capa</abbr>, otra capa.</p><p>Y más capas.</p>'
    )


def test_a_form_of_the_term_counts_as_the_term():
    assert tooltips("<p>Dos capas y una capa.</p>") == [abbr("capas", "Definición de capa.")]


def test_every_term_gets_its_own_first_tooltip():
    assert tooltips("<p>Una capa por época.</p><p>Otra capa por época.</p>") == [
        abbr("capa", "Definición de capa."),
        abbr("época", "Definición de época."),
    ]


def test_no_tooltip_in_headings_links_code_or_existing_abbreviations():
    page = (
        '<h1 id="capa">Capa</h1><h2>Una capa</h2>'
        '<p><a href="x.html">una capa</a> <code>capa</code> <abbr title="x">capa</abbr></p>'
        "<pre><code>capa = 1</code></pre>"
        '<div class="highlight"><pre><span></span><code><span class="n">capa</span></code></pre></div>'
        "<p>Por fin, una capa.</p>"
    )
    result = with_tooltips(page, TERMS, "es")
    assert result.count("<abbr") == 2  # the one written in the page, and the first in prose
    assert result.endswith('<p>Por fin, una <abbr title="Definición de capa.">capa</abbr>.</p>')


def test_text_after_code_blocks_of_many_lines_gets_its_tooltip_in_place():
    page = (
        '<div class="highlight"><pre><span></span><code><span class="n">capa</span>\n'
        '<span class="o">&lt;</span> época\n\n  x</code></pre></div>\n'
        "<pre>\n\n</pre><p>Una época\ny una capa.</p>"
    )
    result = with_tooltips(page, TERMS, "es")
    assert result == page.replace(
        "Una época\ny una capa.",
        ('Una <abbr title="Definición de época.">época</abbr>\ny una <abbr title="Definición de capa.">capa</abbr>.'),
    )


def test_no_tooltip_in_admonition_titles_collapsible_summaries_table_headers_or_tab_labels():
    page = (
        '<div class="admonition note"><p class="admonition-title">La capa</p><p>Texto.</p></div>'
        "<details><summary>Capa</summary><p>Nada.</p></details>"
        "<table><thead><tr><th>capa</th></tr></thead><tbody><tr><td>una capa</td></tr></tbody></table>"
        '<div class="tabbed-set"><label for="t">Capa</label></div>'
    )
    result = with_tooltips(page, TERMS, "es")
    assert result.count("<abbr") == 1
    assert "<td>una <abbr" in result


def test_the_glossary_table_can_be_left_without_tooltips():
    page = "<p>El glosario.</p><table><tbody><tr><td><strong>capa</strong></td><td>Una capa.</td></tr></tbody></table>"
    assert tooltips(page, excluded=EXCLUDED_ELEMENTS | {"table"}) == []


def test_the_longest_term_wins():
    # "capa densa" is the term dense layer, not an occurrence of layer...
    assert tooltips("<p>Una capa densa.</p><p>Una capa.</p>") == [
        abbr("capa densa", "Definición de capa densa."),
        abbr("capa", "Definición de capa."),
    ]
    # ...also once it has had its tooltip.
    assert tooltips("<p>Una capa densa, otra capa densa.</p>") == [abbr("capa densa", "Definición de capa densa.")]


def test_whole_words_only():
    assert tooltips("<p>Encapado, capataz y capas.</p>") == [abbr("capas", "Definición de capa.")]
    assert tooltips("<p>The relayer and layered layers.</p>", "en") == [abbr("layers", "Definition of layer.")]


def test_a_capitalised_sentence_start_counts():
    assert tooltips("<p>Capas y más capas.</p>") == [abbr("Capas", "Definición de capa.")]
    assert tooltips("<p>Functional API or functional API.</p>", "en") == [
        abbr("Functional API", "Definition of Functional API.")
    ]


def test_accented_terms_and_their_neighbours():
    assert tooltips("<p>Cada época, y «épocas».</p>") == [abbr("época", "Definición de época.")]
    assert tooltips("<p>Lasépocas no, pero (época) sí.</p>") == [abbr("época", "Definición de época.")]


def test_inline_markup_around_a_term_is_kept():
    page = "<p>Una <strong>capa</strong> y <em>otra</em>.</p>"
    assert (
        with_tooltips(page, TERMS, "es")
        == '<p>Una <strong><abbr title="Definición de capa.">capa</abbr></strong> y <em>otra</em>.</p>'
    )


def test_everything_but_the_wrapped_terms_is_left_byte_for_byte():
    page = (
        '<p class=x data-copy="a &amp; b">Texto &amp; una capa &lt;sin&gt; cambios<br>y<br/>'
        "<img alt=capa src=x.svg></p>\n<script>var capa = '<p>capa</p>';</script>\n<p>—</p>"
    )
    result = with_tooltips(page, TERMS, "es")
    assert result == page.replace("una capa", 'una <abbr title="Definición de capa.">capa</abbr>')


def test_definitions_are_escaped_for_the_attribute():
    odd = Term(line=1, names={"es": "x", "en": "x"}, forms={}, definitions={"es": "a < b & c", "en": ""}, api=None)
    assert with_tooltips("<p>Una x.</p>", [odd], "es") == '<p>Una <abbr title="a &lt; b &amp; c">x</abbr>.</p>'
