"""The setup cell of readers' notebooks on a small lesson: what it pins, and what it does when run."""

import subprocess
from importlib import metadata

import pytest

from tooling.examples import Example
from tooling.notebook_setup import SETUP_TAG, NotebookSetupError, lesson_requirements, setup_cell

REQUIREMENTS = """\
-c constraints.txt
# a comment
keras==3.15.1
numpy==2.4.6  # why
scikit-learn==1.9.1
tensorboard==2.21.0
tensorflow-cpu==2.21.0; sys_platform == "linux"
tensorflow==2.21.0; sys_platform != "linux"
"""


def lesson(course, code: str, requirements: str = REQUIREMENTS) -> tuple[Example, object]:
    path = course.examples("es") / "setup.py"
    path.write_text(f"# %% [markdown]\n# # Lección {{ #lesson }}\n\n# %%\n{code}\n", encoding="utf-8")
    pins = course.root / "requirements.txt"
    pins.write_text(requirements, encoding="utf-8")
    return Example(path), pins


def test_imports_become_the_course_s_pinned_distributions(fixture_course):
    example, pins = lesson(
        fixture_course, "import os\nimport numpy as np\nfrom sklearn.datasets import load_digits\n%matplotlib inline"
    )
    assert lesson_requirements(example, pins) == {"numpy": "2.4.6", "scikit-learn": "1.9.1"}


def test_keras_brings_its_backend_and_the_tensorboard_callback_its_package(fixture_course):
    example, pins = lesson(fixture_course, "import keras\ncallback = keras.callbacks.TensorBoard(log_dir='logs')")
    assert lesson_requirements(example, pins) == {"keras": "3.15.1", "tensorboard": "2.21.0", "tensorflow": "2.21.0"}
    example, pins = lesson(fixture_course, "from keras.callbacks import TensorBoard")
    assert lesson_requirements(example, pins) == {"keras": "3.15.1", "tensorboard": "2.21.0", "tensorflow": "2.21.0"}


def test_an_import_requirements_does_not_pin_fails_naming_file_and_line(fixture_course):
    example, pins = lesson(fixture_course, "import json\nimport pandas as pd")
    with pytest.raises(
        NotebookSetupError, match=r"^examples/es/setup.py:6: imports pandas, which requirements.txt does not pin"
    ):
        lesson_requirements(example, pins)


def test_two_builds_of_tensorflow_at_different_versions_fail(fixture_course):
    example, pins = lesson(
        fixture_course,
        "import tensorflow as tf",
        REQUIREMENTS.replace("tensorflow-cpu==2.21.0", "tensorflow-cpu==2.20.0"),
    )
    with pytest.raises(
        NotebookSetupError, match="tensorflow==2.21.0 and tensorflow-cpu==2.20.0 must be the same version"
    ):
        lesson_requirements(example, pins)


def test_a_lesson_of_the_standard_library_only_needs_no_setup_cell(fixture_course):
    example, pins = lesson(fixture_course, "import json")
    assert setup_cell(example, pins) is None


def test_the_cell_speaks_the_lesson_s_language_and_is_tagged(fixture_course):
    example, pins = lesson(fixture_course, "import numpy")
    cell = setup_cell(example, pins)
    assert cell.source.startswith("# Instala las versiones del curso")
    assert cell.metadata["tags"] == [SETUP_TAG]
    assert not cell.outputs and cell.execution_count is None


def run_cell(source: str, monkeypatch, installed: dict[str, str]) -> tuple[list[list[str]], str | None]:
    """Run the cell's code with these distributions installed: the pip arguments it ran, and why it stopped."""
    commands = []
    monkeypatch.setattr(subprocess, "check_call", lambda command: commands.append(command[3:]))

    def version(name):
        if name not in installed:
            raise metadata.PackageNotFoundError(name)
        return installed[name]

    monkeypatch.setattr(metadata, "version", version)
    try:
        exec(compile(source, "setup-cell", "exec"), {})
    except SystemExit as stop:
        return commands, str(stop)
    return commands, None


def test_the_cell_does_nothing_when_the_versions_are_there(fixture_course, monkeypatch):
    example, pins = lesson(fixture_course, "import keras\nimport numpy")
    source = setup_cell(example, pins).source
    assert run_cell(source, monkeypatch, {"keras": "3.15.1", "numpy": "2.4.6", "tensorflow-cpu": "2.21.0"}) == (
        [],
        None,
    )
    assert run_cell(source, monkeypatch, {"keras": "3.15.1", "numpy": "2.4.6", "tensorflow": "2.21.0"}) == ([], None)


@pytest.mark.parametrize(
    "installed, arguments",
    [
        ({}, ["install", "--quiet", "keras==3.15.1", "numpy==2.4.6", "tensorflow==2.21.0"]),  # a fresh environment
        (
            {"keras": "3.10.0", "numpy": "2.4.6", "tensorflow": "2.19.0"},
            ["install", "--quiet", "keras==3.15.1", "tensorflow==2.21.0"],
        ),  # Colab's GPU build
        (
            {"keras": "3.15.1", "numpy": "2.4.6", "tensorflow-cpu": "2.20.0"},
            ["install", "--quiet", "tensorflow-cpu==2.21.0"],
        ),  # never both builds
    ],
)
def test_the_cell_installs_what_differs_and_asks_for_a_restart(fixture_course, monkeypatch, installed, arguments):
    example, pins = lesson(fixture_course, "import keras\nimport numpy")
    commands, stop = run_cell(setup_cell(example, pins).source, monkeypatch, installed)
    assert commands == [arguments]
    assert stop == fixture_course.strings("es")["notebook_setup"]["restart"]
