"""How the pages' Python fences are collected and run (sybil).

Only the source language's pages run: every translation carries the same code
and expected outputs, which parity proves (tooling/parity.py), so running it
again would prove nothing new. A fence whose first line starts with ``>>>`` is
a doctest whose output is compared; any other ``python`` fence is run as code.
The fences of one page share one namespace, reset the same way before each
page. Two markers add checks: ``<!-- script: x.py -->`` runs the next fence as
its own program (tooling/scripts.py), ``<!-- model-diagram: model -->``
compares the picture below it, in every language, with a drawing of ``model``
(tooling/model_diagrams.py).

The fences run on the Keras backend of the process (``KERAS_BACKEND``,
TensorFlow when unset); ``<!-- tensorflow-only: ... -->`` and
``<!-- backend: ... -->`` say which blocks run on which backend, and the
others are skipped with the reason (tooling/backends.py).
"""

from __future__ import annotations

import os
import random
import re
from doctest import ELLIPSIS
from pathlib import Path

from sybil import Document, Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser

from tooling.backends import current_backend, page_marks, skip_if_not_on
from tooling.languages import COURSE, Course
from tooling.markdown_source import read_markdown
from tooling.model_diagrams import model_diagram_parser
from tooling.quiet_tensorflow import quiet_tensorflow
from tooling.scripts import parse_scripts

quiet_tensorflow()  # before anything imports TensorFlow


def plain_console() -> None:
    """Tables (``model.summary()``, drawn by rich) print as they do to a pipe,
    80 columns wide and without colours, whatever the contributor's terminal:
    a FORCE_COLOR or a narrow window must not change an expected output."""
    os.environ.pop("FORCE_COLOR", None)
    os.environ["TTY_COMPATIBLE"] = "0"  # rich: not a terminal, even under a terminal
    os.environ["COLUMNS"] = "80"


plain_console()

USES_KERAS = re.compile(r"\b(keras|tensorflow)\b")


class CoursePage(Document):
    """A page whose namespace knows whether the page uses Keras at all."""

    def __init__(self, text: str, path: str) -> None:
        super().__init__(text, path)
        self.namespace["__uses_keras__"] = bool(USES_KERAS.search(text))


def fresh_session(namespace: dict) -> None:
    """Same starting point for every page: fixed seeds for Python and NumPy and,
    on pages that use Keras, for the backend too, with no layer names left over
    from another page (``dense_1``...). A page without Keras does not pay for
    importing it."""
    if namespace.pop("__uses_keras__"):
        import keras

        # KERAS_BACKEND says which backend this run checks; ~/.keras/keras.json must not choose another.
        assert keras.backend.backend() == current_backend(), (
            f"Keras runs on {keras.backend.backend()!r}, this run checks {current_backend()!r}: "
            "set KERAS_BACKEND before anything imports keras"
        )
        keras.backend.clear_session()
        # Python, NumPy and the backend (the same seed gives each backend its own numbers)
        keras.utils.set_random_seed(0)
    else:
        import numpy

        random.seed(0)
        numpy.random.seed(0)


_python_fences = PythonCodeBlockParser(doctest_optionflags=ELLIPSIS)


def python_fences_and_scripts(document):
    """A fence marked as a script runs in its own process, not also in the page's namespace."""
    scripts = list(parse_scripts(document))
    yield from scripts
    for region in _python_fences(document):
        if not any(script.start <= region.start < script.end for script in scripts):
            yield region


def on_this_backend(parser):
    """`parser`'s regions, each skipped (with the marker's reason) on a backend its page's markers exclude."""

    def parse(document):
        marks = page_marks(Path(document.path))
        fences = read_markdown(Path(document.path), document.text).fences
        backend = current_backend()
        for region in parser(document):
            line = document.text.count("\n", 0, region.start) + 1
            fence = next((f for f in fences if f.line <= line <= f.end_line), None)
            rule = marks.rule_for(fence.line if fence else line)
            if rule is not None and rule.skip_reason(backend):
                region.evaluator = _skipped(rule, region.evaluator)
            yield region

    return parse


def _skipped(rule, evaluator):
    def evaluate(example):
        skip_if_not_on(rule, current_backend())
        return evaluator(example)

    return evaluate


def snippets_of(course: Course) -> Sybil:
    """The sybil configuration that runs the snippets of `course`'s source pages."""
    return Sybil(
        parsers=[
            on_this_backend(python_fences_and_scripts),
            on_this_backend(model_diagram_parser(course)),
            SkipParser(),
        ],
        path=str(course.docs(course.source)),  # absolute: sybil resolves a relative path against this module's folder
        patterns=["*.md"],
        setup=fresh_session,
        document_types={".md": CoursePage},
    )


# --- checks that no fence escapes sybil, run on every page of every language -----------------

# sybil reports `<!-- skip: next -->` as PASSED; with a reason it shows as SKIPPED.
SKIP_WITHOUT_REASON = re.compile(r"<!--\s*skip:\s*(next|start)\s*-->")


def misspelled_python_fences(page: Path, course: Course = COURSE) -> list[str]:
    """Fences sybil would silently not collect: ```py, ```python title="x.py"..."""
    return [
        f"{course.relative(page)}:{fence.line}: fence '```{fence.info}' is not collected by sybil; "
        f"write '```python' (a title or another alias would make it a block that never runs)"
        for fence in read_markdown(page).fences
        if fence.is_python_like and fence.info != "python"
    ]


def uncollected_python_fences(page: Path, course: Course = COURSE) -> list[str]:
    """```python fences for which sybil's parser produced no example."""
    collected = {example.line for example in snippets_of(course).parse(page)}
    return [
        f"{course.relative(page)}:{fence.line}: this python fence produced no test"
        for fence in read_markdown(page).fences
        if fence.info == "python" and not any(fence.line <= line <= fence.end_line for line in collected)
    ]


def tracebacks_shown(page: Path, course: Course) -> list[str]:
    """Doctests whose expected output is a traceback: readers see an error where a
    message would do (catch the exception and print its type or message)."""
    problems = []
    for fence in read_markdown(page).fences:
        if not fence.is_doctest:
            continue
        for offset, line in enumerate(fence.body.split("\n")):
            if line.strip().startswith("Traceback (most recent call last)"):
                problems.append(
                    f"{course.relative(page)}:{fence.line + 1 + offset}: a doctest shows a traceback; outputs shown to "
                    "readers have none: catch the exception and print its type or message"
                )
    return problems


def skips_without_reason(page: Path, course: Course = COURSE) -> list[str]:
    return [
        f"{course.relative(page)}:{number}: a skip without a reason passes silently; "
        f'write <!-- skip: next "why it cannot run" -->'
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1)
        if SKIP_WITHOUT_REASON.search(line)
    ]
