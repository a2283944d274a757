"""Mistakes a contributor makes, each made on a private copy of the course: the
test command must fail and name the file (and line) to fix."""

from pathlib import Path

from commands import mkdocs_build, pytest_in
from link_check import check_links
from serving import served


def append(path: Path, text: str) -> int:
    """Append text to a file; return the 1-based line where it starts."""
    content = path.read_text(encoding="utf-8")
    if not content.endswith("\n"):
        content += "\n"
    path.write_text(content + text, encoding="utf-8")
    return content.count("\n") + 1


def test_a_doctest_with_a_wrong_output_fails_naming_file_and_line(course_copy):
    line = append(course_copy / "docs/es/index.md", "\n```python\n>>> 1 + 1\n3\n```\n")
    result = pytest_in(course_copy, "docs/es/index.md")
    assert result.returncode == 1, result.stdout
    assert f"docs/es/index.md::line:{line + 2}" in result.stdout, result.stdout
    assert "Expected:\n    3\nGot:\n    2" in result.stdout, result.stdout


def test_a_python_fence_sybil_would_skip_fails_naming_file_and_line(course_copy):
    line = append(course_copy / "docs/en/keras.md", '\n```python title="demo.py"\nprint("never run")\n```\n')
    result = pytest_in(course_copy, "tests/test_python_fences.py")
    assert result.returncode == 1, result.stdout
    assert f"docs/en/keras.md:{line + 1}: fence '```python title=\"demo.py\"' is not collected" in result.stdout, result.stdout


def test_a_page_missing_in_one_language_fails_naming_it(course_copy):
    (course_copy / "docs/en/keras.md").unlink()
    result = pytest_in(course_copy, "tests/test_languages_match.py")
    assert result.returncode == 1, result.stdout
    assert "docs/es/keras.md:1: has no counterpart docs/en/keras.md" in result.stdout, result.stdout


def test_code_changed_in_one_language_only_fails_naming_both_places(course_copy):
    for language, value in (("es", "2"), ("en", "20")):
        append(course_copy / f"docs/{language}/tensorflow.md", f"\n```python\ndrift = {value}  # comment {language}\n```\n")
    result = pytest_in(course_copy, "tests/test_languages_match.py")
    assert result.returncode == 1, result.stdout
    assert "docs/en/tensorflow.md:" in result.stdout and "code differs from docs/es/tensorflow.md:" in result.stdout, result.stdout
    assert "-drift = 2" in result.stdout and "+drift = 20" in result.stdout, result.stdout


def test_a_translated_comment_is_not_drift(course_copy):
    for language, comment in (("es", "# una capa densa"), ("en", "# a dense layer")):
        append(course_copy / f"docs/{language}/tensorflow.md", f"\n```python\nunits = 4  {comment}\n```\n")
    result = pytest_in(course_copy, "tests/test_languages_match.py", "-k", "page_translation")
    assert result.returncode == 0, result.stdout


def test_example_code_changed_in_one_language_fails_naming_the_cell(course_copy):
    example = next((course_copy / "examples/en").glob("*.py"))
    line = append(example, "\n# %%\nextra = 1\n")
    append(course_copy / "examples/es" / example.name, "\n# %%\nextra = 2\n")
    result = pytest_in(course_copy, "tests/test_languages_match.py", "-k", "example_translation")
    assert result.returncode == 1, result.stdout
    assert f"examples/en/{example.name}:{line + 1}: code differs" in result.stdout, result.stdout


def test_dead_links_and_anchors_fail_the_strict_build_naming_the_page(course_copy, tmp_path):
    append(course_copy / "docs/es/index.md", "\n[roto](no-existe.md)\n")
    append(course_copy / "docs/en/index.md", "\n[broken](keras.md#no-such-anchor)\n")
    result = mkdocs_build(course_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "'es/index.md' contains a link 'no-existe.md'" in result.stderr, result.stderr
    assert "'en/index.md' contains a link 'keras.md#no-such-anchor'" in result.stderr, result.stderr


def test_a_notebook_cell_that_raises_fails_tests_and_build_naming_file_and_line(course_copy, tmp_path):
    lesson = "# %% [markdown]\n# # Roto { #broken }\n\n# %%\nvalue = 1\n\n# %%\nassert value == 2, 'wrong result'\n"
    for language in ("es", "en"):
        (course_copy / f"examples/{language}/broken.py").write_text(lesson, encoding="utf-8")
    expected = "examples/es/broken.py:7: cell 3 raised AssertionError: wrong result"

    tests = pytest_in(course_copy, "tests/test_examples.py", "-k", "broken and runs")
    assert tests.returncode == 1, tests.stdout
    assert expected in tests.stdout, tests.stdout

    build = mkdocs_build(course_copy, tmp_path / "site")
    assert build.returncode != 0
    assert expected in build.stderr, build.stderr


MODEL_AND_DIAGRAM = """
```python
>>> import keras
>>> inputs = keras.Input((4,), name="features")
>>> model = keras.Model(inputs, keras.layers.Dense({units}, name="scores")(inputs), name="tiny")
```

<!-- model-diagram: model -->
![tiny](assets/models/tiny.svg)
"""


def test_a_diagram_that_no_longer_matches_its_model_fails_naming_file_and_line(course_copy):
    page = course_copy / "docs/es/index.md"
    original = page.read_text(encoding="utf-8")
    line = append(page, MODEL_AND_DIAGRAM.format(units=2))
    drawn = pytest_in(course_copy, "docs/es/index.md", env={"COURSE_UPDATE_DIAGRAMS": "1"})
    assert drawn.returncode == 0, drawn.stdout
    assert "(None, 2)" in (course_copy / "docs/es/assets/models/tiny.svg").read_text(encoding="utf-8")

    page.write_text(original, encoding="utf-8")
    append(page, MODEL_AND_DIAGRAM.format(units=3))  # the model changed, the picture did not
    result = pytest_in(course_copy, "docs/es/index.md")
    assert result.returncode == 1, result.stdout
    assert f"docs/es/index.md::line:{line + 7}" in result.stdout, result.stdout
    assert "assets/models/tiny.svg no longer matches the model `model`" in result.stdout, result.stdout
    assert "make diagrams" in result.stdout, result.stdout


def test_a_script_that_fails_names_file_line_and_its_error(course_copy):
    script = '\n<!-- script: check.py -->\n```python\nraise SystemExit("no GPU needed, but this fails")\n```\n'
    line = append(course_copy / "docs/en/index.md", script)
    result = pytest_in(course_copy, "docs/en/index.md")
    assert result.returncode == 1, result.stdout
    assert f"docs/en/index.md::line:{line + 2}" in result.stdout, result.stdout
    assert "check.py exited with status 1:\nno GPU needed, but this fails" in result.stdout, result.stdout


def test_a_dead_anchor_in_a_lesson_fails_naming_the_lesson(course_copy, tmp_path):
    # MkDocs does not see links inside notebooks; LinkChecker does.
    lesson = course_copy / "examples/es/tensorflow-vs-keras.py"
    append(lesson, "\n# %% [markdown]\n# Véase [las capas](../../layers/#no-existe).\n")
    site = tmp_path / "site"
    build = mkdocs_build(course_copy, site)
    assert build.returncode == 0, build.stderr
    with served(site) as base:
        problems, _ = check_links(base, tmp_path, start="examples/tensorflow-vs-keras/", depth=1)
    assert any(
        problem.startswith("examples/es/tensorflow-vs-keras.py: link 'las capas' to ../../layers/#no-existe is dead")
        for problem in problems
    ), problems
