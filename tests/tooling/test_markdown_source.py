"""tooling/markdown_source.py on small pages: what the checks read from Markdown."""

from pathlib import Path

from tooling.markdown_source import open_containers, read_markdown

PAGE = Path("page.md")


def read(text: str):
    return read_markdown(PAGE, text)


def test_a_fence_indented_in_an_admonition_is_one_fence_with_its_lines():
    page = read('!!! note "Nota"\n\n    ```python\n    x = 1\n\n\n    y = 2\n    ```\n\nAfter.\n')
    [fence] = page.fences
    assert (fence.line, fence.end_line, fence.info) == (3, 8, "python")
    assert fence.body == "x = 1\n\n\ny = 2\n"  # two blank lines inside do not end the admonition


def test_fences_in_tabs_collapsible_blocks_and_lists_are_found():
    page = read(
        '=== "TensorFlow"\n\n    ```python\n    a = 1\n    ```\n\n'
        '??? success "Solución"\n\n    ```python\n    >>> 1\n    1\n    ```\n\n'
        "- item\n\n    ```python\n    b = 2\n    ```\n"
    )
    assert [(fence.line, fence.body) for fence in page.fences] == [(3, "a = 1\n"), (9, ">>> 1\n1\n"), (16, "b = 2\n")]
    assert page.fences[1].is_doctest and not page.fences[0].is_doctest


def test_nested_containers_are_opened_line_for_line():
    text = "!!! note\n\n    ??? tip\n\n        ```python\n        z = 3\n        ```\n\nout\n"
    assert open_containers(text).splitlines()[4:7] == ["```python", "z = 3", "```"]
    assert [fence.line for fence in read(text).fences] == [5]


def test_a_fence_closes_only_with_its_own_marker():
    page = read("````markdown\n```python\nx\n```\n````\n")
    [fence] = page.fences
    assert fence.info == "markdown" and fence.body == "```python\nx\n```\n"


def test_python_like_fences_are_told_apart_from_python():
    page = read('```py\na\n```\n\n```python title="x.py"\nb\n```\n\n```pycon\n>>> c\n```\n\n```text\nd\n```\n')
    assert [(fence.info, fence.is_python_like) for fence in page.fences] == [
        ("py", True),
        ('python title="x.py"', True),
        ("pycon", True),
        ("text", False),
    ]


def test_headings_with_and_without_explicit_anchors():
    page = read("# Título { #title }\n\n## Sin ancla\n\n```python\n# not a heading\n```\n\n### Otro {#other}\n")
    assert [(h.line, h.level, h.title, h.anchor) for h in page.headings] == [
        (1, 1, "Título", "title"),
        (3, 2, "Sin ancla", None),
        (9, 3, "Otro", "other"),
    ]


def test_links_inline_reference_and_images_with_their_lines():
    page = read(
        "Intro [a](a.md#x) and [ext](https://keras.io).\n\n"
        "See [the page][ref] and ![alt text](assets/pic.svg).\n\n"
        "[ref]: b.md#y\n"
    )
    assert page.internal_links == [(1, "a.md#x"), (3, "b.md#y"), (3, "assets/pic.svg")]
    assert [link.text for link in page.links] == ["a", "ext", "the page", "alt text"]


def test_links_inside_code_are_not_links():
    page = read("Use `[x](y.md)`.\n\n```markdown\n[z](w.md)\n```\n")
    assert page.internal_links == []


def test_markers_are_read_from_html_comments_with_their_lines():
    page = read(
        '<!-- skip: next "needs a GPU" -->\n```python\nx\n```\n\n'
        "<!-- script: train.py workers=2 -->\n```python\ny\n```\n\n"
        "!!! note\n\n    <!-- model-diagram: model -->\n    ![m](assets/m.svg)\n"
    )
    assert [(m.line, m.kind, m.argument) for m in page.markers] == [
        (1, "skip", 'next "needs a GPU"'),
        (6, "script", "train.py workers=2"),
        (13, "model-diagram", "model"),
    ]


def test_a_script_marker_applies_to_the_fence_after_it_even_in_an_admonition():
    # The old regular expression ran past an indented fence to the next top-level one.
    page = read(
        "!!! note\n\n    <!-- script: a.py -->\n    ```python\n    print(1)\n    ```\n\n```python\nprint(2)\n```\n"
    )
    assert [m.line for m in page.markers] == [3] and [f.line for f in page.fences] == [4, 8]


def test_front_matter_is_neither_prose_heading_nor_fence():
    page = read("---\ntranslation_of: abc\n# not: a heading\n---\n\n# Title { #t }\n")
    assert page.front_matter_lines == frozenset({1, 2, 3, 4})
    assert [h.line for h in page.headings] == [6]
    assert page.code_lines == frozenset()


def test_a_page_read_twice_is_parsed_once_and_no_reader_can_change_it_for_the_next():
    text = "---\nteaches: [keras.layers.Dense]\n---\n\n# Title\n\n[a](b.md)\n\n```python\na = 1\n```\n"
    first = read(text)
    first.meta["teaches"].append("capa")
    second = read(text)
    assert second is first  # the cache still serves it
    assert second.meta == {"teaches": ["keras.layers.Dense"]}
    assert all(isinstance(part, tuple) for part in (second.fences, second.headings, second.markers, second.links))
