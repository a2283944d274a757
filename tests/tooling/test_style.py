"""The style checks on small inputs: what is prose, variants to avoid, decimal commas."""

import textwrap

import pytest

from tooling.glossary import Term
from tooling.style import avoided_variants, decimal_points, lesson_prose, markdown_prose, variants_to_avoid

ARRAY = Term(
    line=7,
    names={"es": "array", "en": "array"},
    forms={"es": ["arrays"], "en": ["arrays"]},
    definitions={"es": "…", "en": "…"},
    api=None,
    avoid={"es": ["arreglo", "arreglos"], "en": []},
)
RATE = Term(
    line=12,
    names={"es": "tasa de aprendizaje", "en": "learning rate"},
    forms={},
    definitions={"es": "…", "en": "…"},
    api=None,
    avoid={"es": ["ritmo de aprendizaje"], "en": ["learning-rate"]},
)
TERMS = [ARRAY, RATE]


def found(markdown: str, language: str = "es") -> list[tuple[int, str]]:
    """(line, variant) of each variant to avoid found in a Markdown page."""
    findings = avoided_variants(markdown_prose(textwrap.dedent(markdown)), variants_to_avoid(TERMS, language), language)
    return [(line, message.split("»")[0].lstrip("«")) for line, message in findings]


def test_a_variant_in_prose_is_found_with_its_line_and_the_term_to_write():
    findings = avoided_variants(
        markdown_prose("# Título { #title }\n\nUn arreglo de números.\n"), variants_to_avoid(TERMS, "es"), "es"
    )
    assert findings == [(3, "«arreglo» is a variant to avoid in 'es' prose: write «array» (docs/glossary.yml:7)")]


def test_whole_words_only_and_any_case():
    assert found("Arreglos y ARREGLO, pero no arreglado ni desarreglo.\n") == [(1, "Arreglos"), (1, "ARREGLO")]


def test_a_variant_of_several_words_is_found_across_a_line_break():
    assert found("Primero\nel ritmo de\naprendizaje sube.\n") == [(2, "ritmo de aprendizaje")]


def test_variants_of_another_language_are_not_this_languages():
    assert found("An arreglo in English prose is not checked as Spanish.\n", language="en") == []
    assert found("The learning-rate goes down.\n", language="en") == [(1, "learning-rate")]


def test_code_is_not_prose():
    page = """\
    Texto con `arreglo` en línea y ``doble `arreglo` `` también.

    ```python
    arreglo = [1, 2]
    ```

        arreglo = "un bloque sangrado también es código"

    ~~~text
    arreglo
    ~~~
    """
    assert found(page) == []


def test_urls_anchors_attributes_html_comments_and_front_matter_are_not_prose():
    page = """\
    ---
    title: arreglo
    ---

    ## Arrays { #arreglo }

    Un [enlace](https://example.org/arreglo) y <https://example.org/arreglos>,
    www.example.org/arreglo y una imagen ![un array](assets/arreglo.svg){ width="300" }.

    <!-- arreglo: un comentario -->

    Texto <!-- arreglo --> sin variantes.
    """
    assert found(page) == []


def test_link_texts_headings_tables_lists_and_alt_texts_are_prose():
    page = """\
    # Un arreglo { #title }

    Ver [el arreglo](layers.md).

    | Columna | Otra |
    | --- | --- |
    | un arreglo | — |

    - un arreglo en una lista

    ![un arreglo de píxeles](x.svg)
    """
    assert [line for line, _ in found(page)] == [1, 3, 7, 9, 11]


def test_admonition_tab_and_collapsible_titles_and_bodies_are_prose():
    page = """\
    !!! note "Un arreglo"

        Cuerpo con un arreglo.

    ??? success "Solución con arreglo"

        ```python
        arreglo = 1
        ```

    === "Arreglo"

        Nada.
    """
    assert [line for line, _ in found(page)] == [1, 3, 5, 11]


def test_lines_after_a_code_span_broken_over_two_lines_keep_their_number():
    assert found("Un `np.array(\n[1])` y\nun arreglo.\n") == [(3, "arreglo")]


def test_a_lesson_s_markdown_cells_are_prose_and_its_code_cells_are_not():
    lesson = textwrap.dedent(
        """\
        # %% [markdown]
        # # Lección { #lesson }
        #
        # Un arreglo de entrada.

        # %%
        # un arreglo en un comentario es código
        arreglo = [1]

        # %% [markdown]
        # Otro arreglo.
        """
    )
    findings = avoided_variants(lesson_prose(lesson), variants_to_avoid(TERMS, "es"), "es")
    assert [line for line, _ in findings] == [4, 11]


@pytest.mark.parametrize(
    "prose, flagged",
    [
        ("Una exactitud de 0.97 en la prueba.", ["0.97"]),
        ("La tasa empieza en 0.01.", ["0.01"]),
        ("Una exactitud de 0,97 en la prueba.", []),
        ("Con TensorFlow 2.21 y Keras 3.15.", []),
        ("Comprobado con Keras 3.15.1, en 127.0.0.1.", []),
        ("Desde la 2.16, y hasta la versión 2.20.", []),
        ("Keras dejó de admitirlos en la versión 2.4 (2020).", []),
        ("En TensorFlow 2.15 y 2.16, o en Python 3.11.", []),
        ("Se devuelve `0.97` y se escribe 0,97.", []),
        ("El archivo model1.2 y la v2.1.", []),
    ],
)
def test_decimal_points_in_prose(prose, flagged):
    findings = decimal_points(markdown_prose(prose + "\n"))
    assert [message.split("»")[0].lstrip("«") for _, message in findings] == flagged


# ---------------------------------------------------------------- the language's vocabulary and the machinery


def test_a_word_of_the_vocabulary_is_found_with_what_to_write_instead():
    from tooling.style import vocabulary_variants

    findings = vocabulary_variants(
        markdown_prose("Un texto.\n\nEl valor por\ndefecto es 0.\n"), {"por defecto": "«predeterminado»"}, "es"
    )
    assert findings == [
        (3, "«por defecto» is not the style guide's 'es': write «predeterminado» (languages/es.yml, vocabulary)")
    ]


def test_the_machinery_is_found_in_prose_and_in_code_comments(tmp_path):
    from tooling.style import code_comments, machinery_mentions

    page = tmp_path / "page.md"
    page.write_text(
        "Texto.\n\n```python\n>>> x = 1  # las pruebas del curso lo comprueban\n"
        ">>> s = '# no es un comentario'\n```\n\n"
        "Aquí no se habla de eso.\n",
        encoding="utf-8",
    )
    runs = markdown_prose(page.read_text(encoding="utf-8")) + code_comments(page)
    assert [line for line, _ in machinery_mentions(runs, ["pruebas del curso"])] == [4]


def test_a_lessons_code_comments_are_read_but_not_its_strings(tmp_path):
    from tooling.style import code_comments

    lesson = tmp_path / "lesson.py"
    lesson.write_text("# %% [markdown]\n# # Título\n\n# %%\nx = '#no'  # sí\nprint(x)\n", encoding="utf-8")
    assert [(run.line, run.text) for run in code_comments(lesson)] == [(5, "sí")]


def test_a_quoted_variant_is_a_mention_not_a_use():
    assert found("El título original, «Soporte de arreglos», y “arreglo” entre comillas.\n") == []
    assert found('The word "arreglo" is quoted.\n', language="es") == []
