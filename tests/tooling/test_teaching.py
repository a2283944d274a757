"""tooling/teaching.py on small inputs: which names a block of code uses, and
the order check on the fixture course (its pages: index.md, chapter.md)."""

import pytest
from fixture_course import append

from tooling.teaching import check_path, names_used


def used(*blocks: str) -> list[tuple[str, str, int]]:
    return [
        (use.name, use.written, use.line) for use in names_used([(1 + 10 * n, block) for n, block in enumerate(blocks)])
    ]


def test_names_are_resolved_through_the_imports_above_them():
    assert used(
        "import keras\nfrom keras import layers\nimport tensorflow as tf\n",
        "model = keras.Sequential([layers.Dense(3)])\nx = tf.data.Dataset.from_tensor_slices([1]).batch(2)\n",
    ) == [
        ("keras.Sequential", "keras.Sequential", 11),
        ("keras.layers.Dense", "layers.Dense", 11),
        ("tensorflow.data.Dataset.from_tensor_slices", "tf.data.Dataset.from_tensor_slices", 12),
    ]


def test_each_name_is_reported_once_at_its_first_use():
    assert used("import keras\nkeras.layers.Dense(1)\nkeras.layers.Dense(2)\n") == [
        ("keras.layers.Dense", "keras.layers.Dense", 2)
    ]


def test_base_classes_decorators_and_from_imports_are_uses():
    names = [
        name
        for name, _, _ in used(
            "import keras\nfrom keras.layers import Dropout\n"
            "@keras.saving.register_keras_serializable()\nclass Block(keras.layers.Layer):\n    rate = Dropout\n"
        )
    ]
    assert names == ["keras.saving.register_keras_serializable", "keras.layers.Layer", "keras.layers.Dropout"]


def test_other_libraries_and_plain_names_are_not_checked():
    assert used("import numpy as np\nlayers = [1]\nnp.zeros(3)\nlayers.append(2)\n") == []


def test_code_that_is_not_python_is_skipped():
    assert used("$ pip install keras\n", "import keras\nkeras.Input(shape=(2,))\n") == [
        ("keras.Input", "keras.Input", 12)
    ]


# ---------------------------------------------------------------- the path, on the fixture course

DROPOUT = "\n```python\n>>> import keras\n>>> layer = keras.layers.Dropout(0.5)\n```\n"


def teach(course, page: str, *entries: str) -> None:
    path = course.root / "docs/es" / page
    path.write_text(
        f"---\nteaches: [{', '.join(entries)}]\n---\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8"
    )


def test_the_fixture_course_keeps_its_order(fixture_course):
    assert check_path(fixture_course) == []


def test_a_name_used_one_page_before_the_page_that_teaches_it_fails_naming_file_and_line(fixture_course):
    teach(fixture_course, "chapter.md", "keras.layers.Dropout")
    append(fixture_course.root / "docs/es/chapter.md", DROPOUT)
    line = append(fixture_course.root / "docs/es/index.md", DROPOUT)
    assert check_path(fixture_course) == [
        f"docs/es/index.md:{line + 3}: uses keras.layers.Dropout before the page that teaches it, chapter.md "
        "(keras.layers.Dropout), which comes later in the navigation: "
        "teach it here or before, or use it after that page"
    ]


def test_a_name_no_page_teaches_fails_naming_file_and_line(fixture_course):
    line = append(
        fixture_course.root / "docs/es/chapter.md", "\n```python\nimport tensorflow as tf\nx = tf.ones(3)\n```\n"
    )
    assert check_path(fixture_course) == [
        f"docs/es/chapter.md:{line + 3}: uses tf.ones, which no page teaches: "
        "add it to the teaches: of the page that explains it"
    ]


def test_the_most_specific_entry_decides(fixture_course):
    teach(fixture_course, "index.md", "tf.data.Dataset")
    teach(fixture_course, "chapter.md", "tf.data.Dataset.prefetch")
    line = append(
        fixture_course.root / "docs/es/index.md",
        "\n```python\nimport tensorflow as tf\nds = tf.data.Dataset.range(3)\n"
        "ds = tf.data.Dataset.prefetch(ds, 1)\n```\n",
    )
    assert [problem.split(": uses ")[0] for problem in check_path(fixture_course)] == [f"docs/es/index.md:{line + 4}"]


def test_a_thing_taught_twice_fails_naming_both_pages(fixture_course):
    teach(fixture_course, "index.md", "keras.layers.Dropout")
    teach(fixture_course, "chapter.md", "keras.layers.Dropout")
    assert check_path(fixture_course) == [
        "docs/es/chapter.md:2: teaches keras.layers.Dropout, which index.md already teaches (keras.layers.Dropout): "
        "each thing is taught once, in one place; link to it instead"
    ]


def test_a_glossary_concept_teaches_the_names_under_its_code(fixture_course):
    glossary = fixture_course.root / "docs/glossary.yml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace(
            "- term: {es: capa, en: layer}\n", "- term: {es: capa, en: layer}\n  code: [keras.layers.Layer]\n"
        ),
        encoding="utf-8",
    )
    teach(fixture_course, "chapter.md", "capa")
    line = append(
        fixture_course.root / "docs/es/index.md",
        "\n```python\nimport keras\nclass Mine(keras.layers.Layer):\n    pass\n```\n",
    )
    problems = check_path(fixture_course)
    assert [problem.split(", which ")[0] for problem in problems] == [
        f"docs/es/index.md:{line + 3}: uses keras.layers.Layer before the page that teaches it, chapter.md (capa)"
    ]


def test_an_entry_that_is_neither_a_name_nor_a_term_fails(fixture_course):
    teach(fixture_course, "chapter.md", "capas densas")
    assert check_path(fixture_course)[0].startswith("docs/es/chapter.md:2: teaches 'capas densas', which is neither")


def test_a_lesson_comes_after_the_pages_it_follows(fixture_course):
    lesson = fixture_course.root / "examples/es/tiny.py"
    teach(fixture_course, "chapter.md", "keras.layers.Dropout")
    append(lesson, "\n# %%\nimport keras\nlayer = keras.layers.Dropout(0.5)\n")
    assert check_path(fixture_course) == []  # the fixture's lesson follows chapter.md
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("after: [chapter.md]", "after: [index.md]"), encoding="utf-8"
    )
    assert [problem.split(": uses ")[0] for problem in check_path(fixture_course)] == [
        f"examples/es/tiny.py:{len(lesson.read_text(encoding='utf-8').splitlines())}"
    ]


@pytest.mark.parametrize(
    "header, message",
    [
        ("", "a lesson names the pages it follows in its jupytext header"),
        (
            "# ---\n# jupyter:\n#   course:\n#     after: [nowhere.md]\n# ---\n\n",
            "after: names ['nowhere.md'], which are not pages",
        ),
    ],
)
def test_a_lesson_without_a_place_fails_naming_it(fixture_course, header, message):
    lesson = fixture_course.root / "examples/es/tiny.py"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(header + text[text.index("# %%") :], encoding="utf-8")
    [problem] = check_path(fixture_course)
    assert problem.startswith(f"examples/es/tiny.py:1: {message}"), problem


def test_a_module_used_on_its_own_is_known_from_the_first_page_that_teaches_something_in_it(fixture_course):
    teach(fixture_course, "index.md", "keras.layers.Dense")
    line = append(
        fixture_course.root / "docs/es/chapter.md",
        '\n```python\n>>> import keras\n>>> hasattr(keras.layers, "Dense")\nTrue\n```\n',
    )
    assert check_path(fixture_course) == []
    teach(fixture_course, "chapter.md", "keras.layers.Dropout")
    (fixture_course.root / "docs/es/index.md").write_text("# Portada { #home }\n", encoding="utf-8")
    assert check_path(fixture_course) == [], line
