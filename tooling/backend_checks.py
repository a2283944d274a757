"""pytest plugin of one backend's run (`-p tooling.backend_checks`), started by tooling/backend_run.py.

In a process whose KERAS_BACKEND is the backend checked, it adds the source
language's lessons as tests (each run in a Jupyter kernel on that backend, its
tensorflow-only cells left out), and writes what happened to every page's and
lesson's tests, and what the compare-backends scripts printed, to the JSON
file given by --backend-results, for the record (tooling/backend_record.py).
"""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path

import pytest

from tooling.backends import PACKAGES, current_backend, lesson_marks
from tooling.languages import Course

ITEM_LINE = re.compile(r"line:(?P<line>\d+)")


def pytest_addoption(parser):
    group = parser.getgroup("course backends")
    group.addoption("--backend-results", help="write this backend's results (JSON) to this file")
    group.addoption("--only-comparisons", action="store_true", help="run only the compare-backends scripts")


def _course(config) -> Course:
    return Course(Path(config.rootpath))


def pytest_configure(config):
    config._backend_results = {"items": [], "comparisons": {}}


def pytest_collect_file(file_path: Path, parent):
    course = _course(parent.config)
    if file_path.suffix == ".py" and file_path.parent == course.examples(course.source):
        return LessonFile.from_parent(parent, path=file_path)
    return None


class LessonFile(pytest.File):
    def collect(self):
        yield LessonItem.from_parent(self, name="runs on " + current_backend())


class LessonItem(pytest.Item):
    """A lesson executed on this process's backend, its tensorflow-only cells left out."""

    def runtest(self):
        from tooling.examples import Example, ExampleError, executed_outputs

        example = Example(self.path)
        marks = lesson_marks(example)
        if marks.problems:
            raise LessonFailure("\n".join(marks.problems))
        backend = current_backend()
        if not marks.runs_on(backend):
            pytest.skip(f"TensorFlow only: {marks.page.reason}")
        try:
            executed_outputs(example, backend=backend)
        except ExampleError as error:
            raise LessonFailure(str(error)) from None

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, LessonFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, 0, self.name


class LessonFailure(Exception):
    pass


def pytest_collection_modifyitems(config, items):
    if config.getoption("only_comparisons"):
        items[:] = [item for item in items if _comparison_script(item) is not None]


def _comparison_script(item):
    example = getattr(item, "example", None)
    parsed = getattr(example, "parsed", None)
    return parsed if getattr(parsed, "compare_backends", False) else None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if _skip_directive(item):
        return  # `<!-- skip: next -->` itself is no code: it would count as a block passed on every backend
    if report.when == "call" or (report.when == "setup" and not report.passed):
        course = _course(item.config)
        relative = Path(str(item.path)).resolve().relative_to(course.root.resolve()).as_posix()
        example = getattr(item, "example", None)
        line = example.line if example is not None else 1
        message = "" if report.passed else _message(report)
        item.config._backend_results["items"].append(
            {"file": relative, "line": line, "outcome": report.outcome, "message": message}
        )
        script = _comparison_script(item)
        if script is not None and report.passed and script.output is not None:
            page = Path(relative).relative_to(f"docs/{course.source}").as_posix()
            item.config._backend_results["comparisons"].setdefault(page, {})[script.name] = {
                "code": script.code,
                "output": script.output,
            }


def _skip_directive(item) -> bool:
    from sybil.evaluators.skip import Skipper

    region = getattr(getattr(item, "example", None), "region", None)
    return isinstance(getattr(region, "evaluator", None), Skipper)


def _message(report) -> str:
    if report.skipped and isinstance(report.longrepr, tuple):
        return report.longrepr[2]
    return report.longreprtext


def pytest_sessionfinish(session):
    target = session.config.getoption("backend_results")
    if not target:
        return
    backend = current_backend()
    versions = {}
    for package in ("keras", *PACKAGES[backend]):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            pass
    results = dict(session.config._backend_results, backend=backend, versions=versions)
    Path(target).write_text(json.dumps(results, indent=1), encoding="utf-8")
