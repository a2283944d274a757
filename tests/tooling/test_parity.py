"""tooling/parity.py on small pages: what a translation may and may not change."""

from pathlib import Path

from tooling.parity import page_blocks

PAGE = Path("page.md")


def blocks(text):
    return [(block.line, block.kind, block.code) for block in page_blocks(PAGE, text)]


def test_fences_and_markers_are_compared_in_page_order():
    text = (
        "<!-- script: train.py -->\n```python\nprint(1)\n```\n\n<!-- model-diagram: model -->\n![Grafo](assets/m.svg)\n"
    )
    assert blocks(text) == [
        (1, "<!-- script -->", "train.py"),
        (2, "python", "print(1)\n"),
        (6, "<!-- model-diagram -->", "model"),
    ]


def test_a_skip_reason_is_prose_but_its_action_and_presence_are_code():
    spanish = blocks('<!-- skip: next "necesita una GPU" -->\n```python\nx\n```\n')
    english = blocks('<!-- skip: next "needs a GPU" -->\n```python\nx\n```\n')
    assert spanish == english
    assert blocks("<!-- skip: next -->\n```python\nx\n```\n")[0][2] == "next (without a reason)"
    assert blocks('<!-- skip: start "x" -->\n')[0][2] == "start (with a reason)"


def test_ordinary_html_comments_are_prose():
    assert blocks("<!-- a note for translators -->\n\nText.\n") == []
