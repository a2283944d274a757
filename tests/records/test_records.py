"""Results remembered by content (tooling/results.py), proven on the fixture course:
each input of a page's key, changed in turn, runs the page again; a sentence of
prose does not; a failure is never remembered; COURSE_COLD=1 runs everything."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from commands import pytest_in
from fixture_course import append

from tooling import ROOT

PAGE = "docs/es/chapter.md"
SUMMARY = re.compile(r"pages' snippets: (?P<reused>\d+) pages reused .*?, (?P<ran>\d+) run")


class Runs:
    """Runs the fixture course's page as `make test` would, with a private store of results."""

    def __init__(self, course, tmp_path: Path) -> None:
        self.course = course
        self.env = {"COURSE_CACHE_DIR": str(tmp_path / "cache"), "COURSE_COLD": "0"}
        self.fake_packages = tmp_path / "site-packages"

    def run(self, **env: str) -> tuple[str, str]:
        """('reused' or 'ran', pytest's outcome line) of one run of the page."""
        result = pytest_in(self.course.root, PAGE, env={**self.env, **env})
        found = SUMMARY.search(result.stdout)
        assert found, f"no summary of the pages' results in:\n{result.stdout}\n{result.stderr}"
        verdict = "reused" if found["reused"] == "1" else "ran"
        return verdict, "failed" if result.returncode else "passed"

    def install(self, version: str) -> dict[str, str]:
        """A distribution 'pinned-thing' of `version`, seen by importlib.metadata, as pip would leave it."""
        for old in self.fake_packages.glob("pinned_thing-*.dist-info"):
            for file in old.iterdir():
                file.unlink()
            old.rmdir()
        info = self.fake_packages / f"pinned_thing-{version}.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: pinned-thing\nVersion: {version}\n")
        return {"PYTHONPATH": f"{ROOT}{os.pathsep}{self.fake_packages}"}  # the course's tooling, and the fake


@pytest.fixture
def runs(fixture_course, tmp_path) -> Runs:
    return Runs(fixture_course, tmp_path)


def edit(course, relative: str, old: str, new: str) -> None:
    path = course.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{relative} no longer contains {old!r}: update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_is_reused_and_a_sentence_of_prose_is_not_a_change(runs):
    assert runs.run() == ("ran", "passed")
    assert runs.run() == ("reused", "passed")
    edit(runs.course, PAGE, "Cada época recorre los datos una vez.", "Cada época recorre todos los datos una vez.")
    edit(runs.course, "docs/en/chapter.md", "# Chapter", "# The chapter")
    assert runs.run() == ("reused", "passed")


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda c: edit(c, PAGE, "sum([1, 2, 3])  # suma", "sum([3, 2, 1])  # suma"), id="a code line"),
        pytest.param(lambda c: edit(c, PAGE, "# suma", "# la suma"), id="a comment in the code"),
        pytest.param(
            lambda c: edit(c, PAGE, ">>> total * 2\n    12", ">>> total * 3\n    18"), id="an expected output"
        ),
        pytest.param(lambda c: edit(c, PAGE, '!!! note "Nota"', '??? note "Nota"'), id="the box a fence is in"),
        pytest.param(
            lambda c: edit(c, PAGE, "## Sumas", '<!-- skip: next "no hace falta" -->\n## Sumas'), id="a marker"
        ),
        pytest.param(lambda c: append(c.root / "conftest.py", "\n# the runner changed\n"), id="the runner's code"),
    ],
)
def test_each_input_of_the_key_runs_the_page_again(runs, change):
    assert runs.run() == ("ran", "passed")
    change(runs.course)
    assert runs.run()[0] == "ran"


def test_an_installed_version_runs_the_page_again(runs):
    assert runs.run(**runs.install("1.0")) == ("ran", "passed")
    assert runs.run(**runs.install("1.0")) == ("reused", "passed")
    assert runs.run(**runs.install("1.1")) == ("ran", "passed")


def test_another_backend_runs_the_page_again(runs):
    assert runs.run() == ("ran", "passed")
    assert runs.run(KERAS_BACKEND="jax") == ("ran", "passed")  # the fixture's page does not import Keras


def test_a_picture_compared_with_its_model_in_another_language_runs_the_page_again(runs):
    for language in ("es", "en"):
        (runs.course.root / f"docs/{language}/assets").mkdir(parents=True, exist_ok=True)
        (runs.course.root / f"docs/{language}/assets/model.svg").write_text("<svg/>")
        append(runs.course.root / f"docs/{language}/chapter.md", "\n![model](assets/model.svg)\n")
    assert runs.run() == ("ran", "passed")
    assert runs.run() == ("reused", "passed")
    (runs.course.root / "docs/en/assets/model.svg").write_text("<svg><title>model</title></svg>")
    assert runs.run() == ("ran", "passed")


def test_a_failure_is_never_reused(runs):
    edit(runs.course, PAGE, ">>> total\n6", ">>> total\n7")
    assert runs.run() == ("ran", "failed")
    assert runs.run() == ("ran", "failed")


def test_cold_runs_everything(runs):
    assert runs.run() == ("ran", "passed")
    assert runs.run(COURSE_COLD="1") == ("ran", "passed")
