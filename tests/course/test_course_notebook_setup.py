"""Each lesson's notebook starts with a cell that installs the course's versions of what it
uses: derived here on its own from requirements.txt and the lesson's imports, and compared
with the cell tooling/notebook_setup.py builds, so the two cannot drift. No lesson runs."""

import ast
import functools
import re
import sys
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import tooling.examples
from tooling import ROOT
from tooling.examples import execution_key, find_examples, localized_notebook
from tooling.languages import COURSE
from tooling.notebook_setup import NEEDED_BY_API, NEEDED_WITH_IMPORT, SAME_LIBRARY, SETUP_ID, SETUP_TAG, setup_cell

LESSONS = [lesson for language in COURSE.languages for lesson in find_examples(language)]
IMPORT = re.compile(r"^(?:import|from)\s+(\w+)", re.MULTILINE)


def course_versions() -> dict[str, str]:
    """requirements.txt as pip reads it: {distribution: version}, whatever the environment marker."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            requirement = Requirement(line)
            (specifier,) = requirement.specifier
            pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


@functools.cache
def providers() -> dict[str, list[str]]:
    """Top-level module -> the distributions installed here that provide it (tensorflow -> tensorflow-cpu)."""
    return {
        module: [canonicalize_name(name) for name in names]
        for module, names in metadata.packages_distributions().items()
    }


def expected_pins(lesson) -> dict[str, str]:
    """What the lesson's code imports, as this environment's metadata names the distributions."""
    code = "\n".join(cell.source for cell in lesson.notebook().cells if cell.cell_type == "code")
    versions = course_versions()
    other_build = {build: library for library, builds in SAME_LIBRARY.items() for build in builds}
    expected = {}
    for module in set(IMPORT.findall(code)) - set(sys.stdlib_module_names):
        names = providers()[module] + list(NEEDED_WITH_IMPORT.get(module, ()))
        for name in names:
            assert name in versions, (
                f"{lesson.relative_path}: {module} comes from {name}, which requirements.txt does not pin"
            )
            expected[other_build.get(name, name)] = versions[name]
    for api, distribution in NEEDED_BY_API.items():
        if api in code or f"from {api.rsplit('.', 1)[0]} import {api.rsplit('.', 1)[1]}" in code:
            expected[distribution] = versions[distribution]
    return expected


@functools.cache
def cell_of(lesson):
    return setup_cell(lesson)


def pinned_by(cell) -> dict[str, str]:
    tree = ast.parse(cell.source)
    (value,) = [
        node.value for node in tree.body if isinstance(node, ast.Assign) and node.targets[0].id == "COURSE_VERSIONS"
    ]
    return ast.literal_eval(value)


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.relative_path for lesson in LESSONS])
def test_the_setup_cell_pins_what_the_lesson_imports_at_the_course_s_versions(lesson):
    cell = cell_of(lesson)
    assert cell is not None, f"{lesson.relative_path}: no setup cell"
    assert pinned_by(cell) == expected_pins(lesson), (
        f"{lesson.relative_path}: the setup cell and requirements.txt disagree"
    )


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.relative_path for lesson in LESSONS])
def test_the_setup_cell_speaks_the_lesson_s_language(lesson):
    cell = cell_of(lesson)
    words = COURSE.strings(lesson.language)["notebook_setup"]
    comment = " ".join(line.removeprefix("# ") for line in cell.source.splitlines() if line.startswith("# "))
    assert comment.startswith(words["comment"]), (
        f"languages/{lesson.language}.yml: notebook_setup.comment is not the cell's comment"
    )
    assert words["restart"] in cell.source
    assert cell.metadata["tags"] == [SETUP_TAG]


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.relative_path for lesson in LESSONS])
def test_the_notebook_readers_get_starts_with_the_setup_cell_that_never_ran(lesson, monkeypatch):
    # The lesson's run, replaced by empty outputs: this test executes nothing.
    ran = []

    def outputs(example, use_cache=True, backend=None):
        ran.append(execution_key(example.notebook()))
        cells = [cell for cell in example.notebook().cells if cell.cell_type == "code"]
        return [{"outputs": [], "execution_count": number} for number, _ in enumerate(cells, start=1)]

    monkeypatch.setattr(tooling.examples, "executed_outputs", outputs)
    notebook = localized_notebook(lesson)
    first = notebook.cells[0]
    assert first.id == SETUP_ID and first.source == cell_of(lesson).source
    assert first.execution_count is None and not first.outputs, "the setup cell is not part of the lesson's run"
    assert ran == [execution_key(lesson.notebook())], "the run (and its cache key) must not include the setup cell"
    assert [cell.source for cell in notebook.cells[1:] if cell.cell_type == "code"] == [
        cell.source for cell in lesson.notebook().cells if cell.cell_type == "code"
    ]
