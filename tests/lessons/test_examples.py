"""Every lesson runs, cleanly, and asserts its own results.

The code of a lesson is the same in every language (tests/course/test_languages_match.py),
so the source language's lesson is executed, once; the site build reuses this
run, and every translation renders with its outputs.
"""

import pytest

from tooling.examples import ExampleError, find_examples, localized_notebook
from tooling.languages import COURSE
from tooling.notebook_setup import SETUP_ID

LESSONS = find_examples(COURSE.source)
TRANSLATED = [lesson for language in COURSE.translations for lesson in find_examples(language)]


def test_there_are_lessons():
    assert LESSONS, f"examples/{COURSE.source}/ holds no lesson"


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.name for lesson in LESSONS])
def test_lesson_runs_without_error_or_stderr(lesson):
    try:
        notebook = localized_notebook(lesson)
    except ExampleError as error:
        pytest.fail(str(error), pytrace=False)
    # The setup cell readers' notebooks start with is added after the run (tooling/notebook_setup.py).
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code" and cell.get("id") != SETUP_ID]
    assert all(cell.execution_count for cell in code_cells), f"{lesson.relative_path}: a cell did not run"


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.name for lesson in LESSONS])
def test_lesson_asserts_its_results(lesson):
    # A lesson that only prints could be wrong and still pass; each one checks
    # what it claims (a shape, a loss that went down, an accuracy reached).
    code = "\n".join(c.source for c in lesson.notebook().cells if c.cell_type == "code")
    assert "assert " in code, f"{lesson.relative_path}:1: add assertions on the lesson's results"


@pytest.mark.parametrize("lesson", TRANSLATED, ids=[lesson.relative_path for lesson in TRANSLATED])
def test_translated_lesson_renders_with_the_shared_outputs(lesson):
    try:
        notebook = localized_notebook(lesson)  # the source's run, found by its code
    except ExampleError as error:
        pytest.fail(str(error), pytrace=False)
    assert any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
