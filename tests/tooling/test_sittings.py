"""tooling/sittings.py on small pages: words of prose and in all, and the opening's links."""

from tooling.languages import Course
from tooling.sittings import length_of, opening_links

PAGE = """---
teaches: [keras.layers.Dense]
---

# Título { #title }

Una página que enlaza [uno](one.md), [dos](two.md#a), [tres](three.md) y [uno otra vez](one.md#b).

<!-- skip: next "un comentario no cuenta" -->
```python
>>> model.fit(x, y)  # cuatro palabras
```

## Sección { #section }

Aquí [cuatro](four.md) ya no cuenta.
"""


def test_prose_and_code_are_counted_apart(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    length = length_of(page)
    # Prose: «Título», the opening's 11 words, «Sección», the last line's 5.
    assert length.prose == 1 + 11 + 1 + 5
    # In all: the prose, and the fence's «model.fit(x, y)  # cuatro palabras» (4: «>>>» and «#» are not words,
    # nor are the front matter and the HTML comment).
    assert length.total == length.prose + 4


def test_an_opening_with_more_than_three_pages_fails_naming_them(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(PAGE.replace("[tres](three.md)", "[tres](three.md), [cinco](five.md)"), encoding="utf-8")
    assert opening_links(page, Course(tmp_path)) == [
        "page.md:5: the opening links 4 pages (one.md, two.md, three.md, five.md); at most 3: "
        "name what the page needs most, and link the rest where it is used"
    ]
    page.write_text(PAGE, encoding="utf-8")
    assert opening_links(page, Course(tmp_path)) == []
