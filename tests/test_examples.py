"""Every example lesson runs, cleanly, and asserts its own results.

The code of an example is the same in both languages (test_languages_match),
so the Spanish source is executed, once; the site build reuses this run.
"""

import pytest

from tooling.examples import ExampleError, find_examples, localized_notebook
from tooling.parity import SOURCE, TRANSLATION

EXAMPLES = find_examples(SOURCE)


def test_there_are_examples():
    assert EXAMPLES, "examples/es/ holds no lesson"


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.name for example in EXAMPLES])
def test_example_runs_without_error_or_stderr(example):
    try:
        notebook = localized_notebook(example)
    except ExampleError as error:
        pytest.fail(str(error), pytrace=False)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.execution_count for cell in code_cells), f"{example.relative_path}: a cell did not run"


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.name for example in EXAMPLES])
def test_example_asserts_its_results(example):
    # A lesson that only prints could be wrong and still pass; each one checks
    # what it claims (a shape, a loss that went down, an accuracy reached).
    code = "\n".join(c.source for c in example.notebook().cells if c.cell_type == "code")
    assert "assert " in code, f"{example.relative_path}:1: add assertions on the lesson's results"


@pytest.mark.parametrize("example", find_examples(TRANSLATION), ids=lambda e: e.name)
def test_translated_example_renders_with_the_shared_outputs(example):
    try:
        notebook = localized_notebook(example)
    except ExampleError as error:
        pytest.fail(str(error), pytrace=False)
    assert any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
