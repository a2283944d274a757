"""Mistakes a contributor makes, each made on a private copy of the small
fixture course: the checks must fail and name the file (and line) to fix.

Most run in this process, through the same functions the course's own tests
call; a few run the real commands (pytest, mkdocs build) on the fixture, to
prove the message reaches the contributor's terminal.
"""

import pytest
from commands import mkdocs_build, pytest_in
from fixture_course import append, run_snippets
from link_check import check_links
from serving import served

from tooling.examples import Example, ExampleError, executed_outputs
from tooling.links import dead_links
from tooling.parity import example_differences, missing_translations, page_differences
from tooling.snippets import misspelled_python_fences, skips_without_reason


def test_a_doctest_with_a_wrong_output_fails_naming_file_and_line(fixture_course):
    line = append(fixture_course.root / "docs/es/index.md", "\n```python\n>>> 1 + 1\n3\n```\n")
    result = pytest_in(fixture_course.root, "docs/es/index.md")
    assert result.returncode == 1, result.stdout
    assert f"docs/es/index.md::line:{line + 2}" in result.stdout, result.stdout
    assert "Expected:\n    3\nGot:\n    2" in result.stdout, result.stdout


def test_translations_are_not_executed_but_compared(fixture_course):
    # A wrong output in the English page alone is code drift, reported by parity, not by running it.
    english = fixture_course.root / "docs/en/index.md"
    english.write_text(english.read_text(encoding="utf-8").replace(">>> 1 + 1\n2", ">>> 1 + 1\n3"), encoding="utf-8")
    result = pytest_in(fixture_course.root, "docs/en/index.md")
    assert "no tests ran" in result.stdout, result.stdout
    problems = page_differences(fixture_course.docs("es") / "index.md", english, fixture_course)
    assert any(p.startswith("docs/en/index.md:") and "code differs from docs/es/index.md:" in p for p in problems), (
        problems
    )


def test_a_python_fence_sybil_would_skip_fails_naming_file_and_line(fixture_course):
    page = fixture_course.root / "docs/en/chapter.md"
    line = append(page, '\n```python title="demo.py"\nprint("never run")\n```\n')
    assert misspelled_python_fences(page, fixture_course) == [
        f"docs/en/chapter.md:{line + 1}: fence '```python title=\"demo.py\"' is not collected by sybil; "
        "write '```python' (a title or another alias would make it a block that never runs)"
    ]


def test_a_skip_without_a_reason_fails_naming_file_and_line(fixture_course):
    page = fixture_course.root / "docs/es/chapter.md"
    line = append(page, "\n<!-- skip: next -->\n```python\nraise SystemExit\n```\n")
    problems = skips_without_reason(page, fixture_course)
    assert problems and problems[0].startswith(f"docs/es/chapter.md:{line + 1}: a skip without a reason"), problems


@pytest.mark.parametrize("missing", ["docs/en/chapter.md", "docs/es/chapter.md", "examples/en/tiny.py"])
def test_a_page_or_lesson_missing_in_one_language_fails_naming_it(fixture_course, missing):
    (fixture_course.root / missing).unlink()
    language = missing.split("/")[1]
    other = "es" if language == "en" else "en"
    present = missing.replace(f"/{language}/", f"/{other}/")
    assert any(p.startswith(f"{present}:1: has no counterpart {missing}") for p in missing_translations(fixture_course))


def test_code_changed_in_one_language_only_fails_naming_both_places(fixture_course):
    for language, value in (("es", "2"), ("en", "20")):
        append(
            fixture_course.root / f"docs/{language}/chapter.md",
            f"\n```python\ndrift = {value}  # comment {language}\n```\n",
        )
    problems = page_differences(
        fixture_course.root / "docs/es/chapter.md", fixture_course.root / "docs/en/chapter.md", fixture_course
    )
    assert len(problems) == 1, problems
    assert problems[0].startswith("docs/en/chapter.md:") and "code differs from docs/es/chapter.md:" in problems[0]
    assert "-drift = 2" in problems[0] and "+drift = 20" in problems[0], problems[0]


def test_a_translated_comment_or_skip_reason_is_not_drift(fixture_course):
    for language, comment, reason in (
        ("es", "# una capa densa", "necesita una GPU"),
        ("en", "# a dense layer", "needs a GPU"),
    ):
        append(
            fixture_course.root / f"docs/{language}/chapter.md",
            f"\n```python\nunits = 4  {comment}\n```\n\n"
            f'<!-- skip: next "{reason}" -->\n```python\nraise SystemExit\n```\n',
        )
    assert (
        page_differences(
            fixture_course.root / "docs/es/chapter.md", fixture_course.root / "docs/en/chapter.md", fixture_course
        )
        == []
    )


@pytest.mark.parametrize(
    "spanish, english",
    [
        ("<!-- script: a.py -->\n```python\nprint(1)\n```", "<!-- script: b.py -->\n```python\nprint(1)\n```"),
        ('<!-- skip: next "x" -->\n```python\nprint(1)\n```', "```python\nprint(1)\n```"),
        ("<!-- model-diagram: model -->\n![m](assets/m.svg)", "<!-- model-diagram: other -->\n![m](assets/m.svg)"),
    ],
)
def test_a_marker_changed_in_one_language_fails(fixture_course, spanish, english):
    append(fixture_course.root / "docs/es/chapter.md", f"\n{spanish}\n")
    line = append(fixture_course.root / "docs/en/chapter.md", f"\n{english}\n")
    problems = page_differences(
        fixture_course.root / "docs/es/chapter.md", fixture_course.root / "docs/en/chapter.md", fixture_course
    )
    assert any(p.startswith(f"docs/en/chapter.md:{line + 1}:") for p in problems) or any(
        p.startswith("docs/en/chapter.md:1: has ") for p in problems
    ), problems


def test_a_reference_link_changed_in_one_language_fails(fixture_course):
    line = append(
        fixture_course.root / "docs/es/chapter.md", "\nVer [la portada][home].\n\n[home]: index.md#fixture-course\n"
    )
    append(fixture_course.root / "docs/en/chapter.md", "\nSee [the home page][home].\n\n[home]: index.md\n")
    problems = page_differences(
        fixture_course.root / "docs/es/chapter.md", fixture_course.root / "docs/en/chapter.md", fixture_course
    )
    assert problems == [
        f"docs/es/chapter.md:{line + 1}: links to 'index.md#fixture-course', which docs/en/chapter.md never links to"
    ]


def test_lesson_code_changed_in_one_language_fails_naming_the_cell(fixture_course):
    line = append(fixture_course.root / "examples/en/tiny.py", "\n# %%\nextra = 1\n")
    append(fixture_course.root / "examples/es/tiny.py", "\n# %%\nextra = 2\n")
    problems = example_differences(
        fixture_course.root / "examples/es/tiny.py", fixture_course.root / "examples/en/tiny.py", fixture_course
    )
    assert problems and problems[0].startswith(f"examples/en/tiny.py:{line + 1}: code differs"), problems


def test_dead_links_and_anchors_are_found_before_and_by_the_strict_build(fixture_course, tmp_path):
    es_line = append(fixture_course.root / "docs/es/index.md", "\n[roto](no-existe.md)\n")
    en_line = append(fixture_course.root / "docs/en/index.md", "\n[broken](chapter.md#no-such-anchor)\n")
    assert dead_links(fixture_course) == [
        f"docs/es/index.md:{es_line + 1}: link 'no-existe.md' leads to no page, lesson or file of docs/es/",
        f"docs/en/index.md:{en_line + 1}: link 'chapter.md#no-such-anchor': no anchor '#no-such-anchor' in that page",
    ]
    result = mkdocs_build(fixture_course.root, tmp_path / "site")
    assert result.returncode != 0
    assert "'es/index.md' contains a link 'no-existe.md'" in result.stderr, result.stderr
    assert "'en/index.md' contains a link 'chapter.md#no-such-anchor'" in result.stderr, result.stderr


BROKEN_LESSON = "# %% [markdown]\n# # Roto { #broken }\n\n# %%\nvalue = 1\n\n# %%\nassert value == 2, 'wrong result'\n"


def test_a_lesson_cell_that_raises_fails_tests_and_build_naming_file_and_line(fixture_course, tmp_path):
    for language in ("es", "en"):
        (fixture_course.root / f"examples/{language}/broken.py").write_text(BROKEN_LESSON, encoding="utf-8")
    expected = "examples/es/broken.py:7: cell 3 raised AssertionError: wrong result"
    with pytest.raises(ExampleError) as error:
        executed_outputs(Example(fixture_course.root / "examples/es/broken.py"), use_cache=False)
    assert str(error.value).startswith(expected), error.value

    build = mkdocs_build(fixture_course.root, tmp_path / "site")
    assert build.returncode != 0
    assert expected in build.stderr, build.stderr


def test_a_lesson_cell_that_writes_to_stderr_fails_naming_it(fixture_course):
    lesson = fixture_course.root / "examples/es/tiny.py"
    line = append(lesson, "\n# %%\nimport sys\nprint('noise', file=sys.stderr)\n")
    with pytest.raises(ExampleError) as error:
        executed_outputs(Example(lesson), use_cache=False)
    assert str(error.value).startswith(f"examples/es/tiny.py:{line + 1}: cell 5 wrote to stderr"), error.value


def test_a_lesson_cell_that_logs_a_warning_to_stdout_fails_naming_it(fixture_course):
    lesson = fixture_course.root / "examples/es/tiny.py"
    line = append(
        lesson,
        "\n# %%\nimport logging, sys\nlogging.basicConfig(stream=sys.stdout)\n"
        "logging.getLogger('tensorflow').warning('traced again')\n",
    )
    with pytest.raises(ExampleError) as error:
        executed_outputs(Example(lesson), use_cache=False)
    assert str(error.value).startswith(f"examples/es/tiny.py:{line + 1}: cell 5 logged a message"), error.value
    assert str(error.value).endswith("WARNING:tensorflow:traced again"), error.value


MODEL_AND_DIAGRAM = """
```python
>>> import keras
>>> inputs = keras.Input((4,), name="features")
>>> model = keras.Model(inputs, keras.layers.Dense({units}, name="scores")(inputs), name="tiny")
```

<!-- model-diagram: model -->
![tiny](assets/models/tiny.svg)
"""


def test_a_diagram_that_no_longer_matches_its_model_fails_naming_each_language(fixture_course, monkeypatch):
    page = fixture_course.root / "docs/es/chapter.md"
    original = page.read_text(encoding="utf-8")
    append(page, MODEL_AND_DIAGRAM.format(units=2))
    monkeypatch.setattr("tooling.model_diagrams.UPDATE", True)  # what `make diagrams` does
    assert run_snippets(fixture_course, page) == []
    for language in ("es", "en"):  # drawn once, in every language
        assert "(None, 2)" in (fixture_course.root / f"docs/{language}/assets/models/tiny.svg").read_text(
            encoding="utf-8"
        )
    assert "Grafo del modelo" in (fixture_course.root / "docs/es/assets/models/tiny.svg").read_text(encoding="utf-8")
    assert "Graph of the model" in (fixture_course.root / "docs/en/assets/models/tiny.svg").read_text(encoding="utf-8")

    monkeypatch.setattr("tooling.model_diagrams.UPDATE", False)
    page.write_text(original, encoding="utf-8")
    line = append(page, MODEL_AND_DIAGRAM.format(units=3))  # the model changed, the pictures did not
    [(failed_line, message)] = run_snippets(fixture_course, page)
    assert failed_line == line + 7
    for language in ("es", "en"):
        assert f"docs/{language}/assets/models/tiny.svg no longer matches the model `model`" in message, message
    assert "make diagrams" in message


def test_a_script_that_fails_names_file_line_and_its_error(fixture_course):
    page = fixture_course.root / "docs/es/chapter.md"
    line = append(
        page, '\n<!-- script: check.py -->\n```python\nraise SystemExit("no GPU needed, but this fails")\n```\n'
    )
    [(failed_line, message)] = run_snippets(fixture_course, page)
    assert failed_line == line + 2
    assert message.startswith("check.py exited with status 1:\nno GPU needed, but this fails"), message


def test_a_dead_anchor_in_a_lesson_fails_naming_the_lesson(broken_site, tmp_path):
    # MkDocs does not see links inside notebooks; the Markdown check and the built-site check do.
    # broken_site wrote the dead anchor into examples/es/tiny.py (conftest.py).
    assert dead_links(broken_site.course) == [
        f"examples/es/tiny.py:{broken_site.lesson_link_line}: "
        "link '../../chapter/#no-existe': no anchor '#no-existe' in that page"
    ]
    with served(broken_site.site) as base:
        problems, _ = check_links(base, start="examples/tiny/", depth=1)
    assert any(
        problem.startswith("examples/es/tiny.py: link 'el capítulo' to ../../chapter/#no-existe is dead")
        for problem in problems
    ), problems


def test_a_doctest_that_shows_a_traceback_fails_naming_file_and_line(fixture_course):
    from tooling.snippets import tracebacks_shown

    page = fixture_course.root / "docs/es/chapter.md"
    line = append(
        page,
        "\n```python\n>>> 1 / 0\nTraceback (most recent call last):\n"
        "    ...\nZeroDivisionError: division by zero\n```\n",
    )
    assert tracebacks_shown(page, fixture_course) == [
        f"docs/es/chapter.md:{line + 3}: a doctest shows a traceback; outputs shown to readers have none: "
        "catch the exception and print its type or message"
    ]
