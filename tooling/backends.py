"""Keras backends as a dimension of the checks: which code runs on which backend.

Keras 3 picks its backend once per process (``KERAS_BACKEND``, before
``import keras``), so the checks run once per backend, each in its own
process: ``make test`` on TensorFlow, ``make test-backends`` on JAX and
PyTorch (tooling/backend_run.py). Every Python fence and lesson cell runs on
every backend unless its page says otherwise, with one of two markers, which
parity keeps identical in every language (a reason is prose, translated):

    <!-- tensorflow-only: next "why it needs TensorFlow itself" -->
        the next fence (in a lesson: the next code cell) runs on TensorFlow only
    <!-- tensorflow-only: page "why" -->
        the whole page (or lesson) runs on TensorFlow only

    <!-- backend: jax -->
        the next fence shows what one backend (or several: "tensorflow torch")
        prints; consecutive marked fences form a group with the SAME code, which
        names every backend exactly once, and each run checks its own. The reader
        sees TensorFlow's block in the flow of the page and the others in one
        collapsed box right after it (??? note "Con JAX y PyTorch"), never in
        tabs: one backend in the reader's eyes, every backend checked

A reason is compulsory, and has no colon of its own (the reader sees it after
"Solo TensorFlow:"): a marker without one is reported with file and line, as
is a group that misses a backend, whose fences' code differs, or whose blocks
sit in tabs or outside the collapsed box.
"""

from __future__ import annotations

import os
import re
import unittest
from dataclasses import dataclass, field
from pathlib import Path

from tooling.markdown_source import read_markdown

BACKENDS = ("tensorflow", "jax", "torch")
OTHER_BACKENDS = BACKENDS[1:]  # checked by `make test-backends`; TensorFlow by `make test`
NAMES = {"tensorflow": "TensorFlow", "jax": "JAX", "torch": "PyTorch"}
# The distributions whose versions a backend's results depend on (besides keras).
PACKAGES = {"tensorflow": ("tensorflow-cpu", "tensorflow"), "jax": ("jax", "jaxlib"), "torch": ("torch",)}

TENSORFLOW_ONLY = "tensorflow-only"
BACKEND = "backend"
SCOPE = re.compile(r'^(?P<scope>\w+)(?:\s+"(?P<reason>[^"]*)")?\s*$', re.DOTALL)
SCOPES = ("next", "page")


class BackendError(ValueError):
    """KERAS_BACKEND names a backend the course does not check."""


def current_backend() -> str:
    """The backend this process checks: KERAS_BACKEND, TensorFlow when unset (Keras' default)."""
    backend = os.environ.get("KERAS_BACKEND", "").strip() or "tensorflow"
    if backend not in BACKENDS:
        raise BackendError(f"KERAS_BACKEND={backend!r}: the course checks {', '.join(BACKENDS)}")
    return backend


@dataclass(frozen=True)
class Rule:
    """Where a block or a page may run, and why (a marker of the page)."""

    line: int  # the marker's line
    backends: tuple[str, ...]  # where it runs
    reason: str = ""  # tensorflow-only: why, in the page's language
    group: int = -1  # backend: which group of alternatives (an index in the page)

    @property
    def tensorflow_only(self) -> bool:
        return self.group < 0

    def skip_reason(self, backend: str) -> str | None:
        """Why the block does not run on `backend` (None: it runs)."""
        if backend in self.backends:
            return None
        if self.tensorflow_only:
            return f"TensorFlow only: {self.reason}"
        return (
            f"this block shows what {', '.join(NAMES[b] for b in self.backends)} prints; the run is on {NAMES[backend]}"
        )


@dataclass
class BackendMarks:
    """A page's or a lesson's backend markers, read once."""

    page: Rule | None = None  # a tensorflow-only page
    blocks: dict[int, Rule] = field(default_factory=dict)  # first line of a fence (or a cell's line) -> its rule
    problems: list[str] = field(default_factory=list)  # "file:line: ..." for each misuse

    def rule_for(self, line: int) -> Rule | None:
        """The rule of the block starting at `line` (the page's, for every block of a TensorFlow-only page)."""
        return self.page or self.blocks.get(line)

    def runs_on(self, backend: str) -> bool:
        """Whether any of its code runs on `backend`."""
        return self.page is None or backend in self.page.backends

    @property
    def tensorflow_only_blocks(self) -> list[Rule]:
        return [rule for rule in self.blocks.values() if rule.tensorflow_only]


def parse_marker(kind: str, argument: str) -> tuple[str, str | None, tuple[str, ...]] | str:
    """(scope, reason, backends) of a marker, or what is wrong with it."""
    if kind == TENSORFLOW_ONLY:
        match = SCOPE.match(argument)
        if not match or match["scope"] not in SCOPES:
            return 'write <!-- tensorflow-only: next "reason" --> or <!-- tensorflow-only: page "reason" -->'
        if not (match["reason"] or "").strip():
            return (
                "a tensorflow-only marker needs its reason, which the reader sees: "
                f'<!-- tensorflow-only: {match["scope"]} "why this code needs TensorFlow itself" -->'
            )
        if ":" in match["reason"]:
            return (
                "a tensorflow-only reason is shown after «Solo TensorFlow:» (or its translation), so it has no colon "
                f'of its own: rewrite "{match["reason"].strip()}"'
            )
        return match["scope"], match["reason"].strip(), ("tensorflow",)
    names = tuple(argument.split())
    unknown = [name for name in names if name not in BACKENDS]
    if not names or unknown:
        return f"<!-- backend: ... --> names backends among {', '.join(BACKENDS)}, found {argument!r}"
    return "next", None, names


def _group_problems(shown: str, groups: list[list[tuple[int, Rule, str]]]) -> list[str]:
    problems = []
    for group in groups:
        first_line = group[0][0]
        named = [backend for _, rule, _ in group for backend in rule.backends]
        missing = [backend for backend in BACKENDS if backend not in named]
        twice = sorted({backend for backend in named if named.count(backend) > 1})
        if missing or twice:
            problems.append(
                f"{shown}:{first_line}: the blocks marked <!-- backend: ... --> from here name "
                + (f"no block for {', '.join(missing)}" if missing else "")
                + ("; " if missing and twice else "")
                + (f"{', '.join(twice)} twice" if twice else "")
                + ": each backend's output is shown exactly once"
            )
        codes = {code for _, _, code in group}
        if len(codes) > 1:
            problems.append(
                f"{shown}:{first_line}: the blocks of one <!-- backend: ... --> group run the same code and differ "
                "only in their output; here the code differs"
            )
    return problems


def page_marks(path: Path, shown: str | None = None, text: str | None = None) -> BackendMarks:
    """The backend markers of a Markdown page, each tied to the fence below it."""
    from tooling.code_signature import python_without_comments

    shown = shown or path.as_posix()
    page = read_markdown(path, text)
    marks = BackendMarks()
    fences = sorted(page.fences, key=lambda fence: fence.line)
    groups: list[list[tuple[int, Rule, str]]] = []
    previous_fence_of_group = None
    for marker in page.markers:
        if marker.kind not in (TENSORFLOW_ONLY, BACKEND):
            continue
        parsed = parse_marker(marker.kind, marker.argument)
        if isinstance(parsed, str):
            marks.problems.append(f"{shown}:{marker.line}: {parsed}")
            continue
        scope, reason, backends = parsed
        if scope == "page":
            marks.page = Rule(marker.line, backends, reason)
            continue
        fence = next((fence for fence in fences if fence.line > marker.line), None)
        if fence is None or fence.info != "python":
            marks.problems.append(
                f"{shown}:{marker.line}: <!-- {marker.kind}: ... --> is not followed by a ```python fence"
            )
            continue
        if marker.kind == TENSORFLOW_ONLY:
            marks.blocks[fence.line] = Rule(marker.line, backends, reason)
            continue
        # A group: consecutive marked fences, with no unmarked python fence between them; a fence
        # that names a backend the group already has starts the next group (two groups in a row,
        # with only prose between them).
        between = [
            f for f in fences if previous_fence_of_group is not None and previous_fence_of_group < f.line < fence.line
        ]
        named = {backend for _, rule, _ in groups[-1] for backend in rule.backends} if groups else set()
        if (
            previous_fence_of_group is None
            or any(f.info == "python" and f.line not in marks.blocks for f in between)
            or named & set(backends)
        ):
            groups.append([])
        code = (
            python_without_comments(_code_only(fence.body)) if fence.is_doctest else python_without_comments(fence.body)
        )
        placement = _misplaced(page.text.split("\n"), marker.line, backends)
        if placement:
            marks.problems.append(f"{shown}:{marker.line}: {placement}")
        rule = Rule(marker.line, backends, group=len(groups) - 1)
        marks.blocks[fence.line] = rule
        groups[-1].append((marker.line, rule, code))
        previous_fence_of_group = fence.line
    marks.problems += _group_problems(shown, groups)
    return marks


def _enclosing_container(lines: list[str], line: int) -> str | None:
    """The opening of the innermost container (!!!, ???, ???+, ===) around a 1-based line, or None."""
    target = lines[line - 1]
    indent = len(target) - len(target.lstrip(" "))
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        if not text.strip():
            continue
        own = len(text) - len(text.lstrip(" "))
        if own < indent:
            opening = re.match(r"^ *(!!!|\?\?\?\+?|===\+?)[ \t]", text)
            if opening is None:
                return None  # a list item or other indentation: not a container of Material's
            return opening[1]
    return None


def _misplaced(lines: list[str], marker_line: int, backends: tuple[str, ...]) -> str | None:
    """Why a backend-marked block is not where readers should meet it (None: it is)."""
    container = _enclosing_container(lines, marker_line)
    if container is not None and container.startswith("==="):
        return (
            "backend outputs are not shown in tabs: TensorFlow's block stays in the page, the others go in one "
            'collapsed box right after it (??? note "Con JAX y PyTorch")'
        )
    if "tensorflow" in backends:
        if container is not None and container.startswith("???"):
            return "TensorFlow's block stays in the flow of the page, outside the collapsed box of the other backends"
        return None
    if container != "???":
        return (
            "the other backends' blocks go in one collapsed box right after TensorFlow's "
            '(??? note "Con JAX y PyTorch", not !!! nor ???+), so that readers meet one backend'
        )
    return None


def _code_only(doctest_body: str) -> str:
    """The code of a doctest, without its expected outputs (what a group's blocks share)."""
    import doctest

    return "".join(example.source for example in doctest.DocTestParser().get_examples(doctest_body))


def lesson_marks(example) -> BackendMarks:
    """The markers of a lesson, in its Markdown cells: `next` applies to the next code cell
    (keyed by the index of that cell in the notebook), `page` to the whole lesson."""
    from tooling.markdown_source import MARKER

    notebook, lines = example.notebook(), example.cell_lines()
    marks = BackendMarks()
    pending: Rule | None = None
    for index, cell in enumerate(notebook.cells):
        line = lines[index] if index < len(lines) else 1
        if cell.cell_type == "code":
            if pending is not None:
                marks.blocks[index] = pending
                pending = None
            continue
        for offset, text in enumerate(cell.source.splitlines()):
            for match in MARKER.finditer(text):
                if match["kind"] not in (TENSORFLOW_ONLY, BACKEND):
                    continue
                where = f"{example.relative_path}:{line + 1 + offset}"
                if match["kind"] == BACKEND:
                    marks.problems.append(
                        f"{where}: a lesson shows one output per cell: use <!-- tensorflow-only: ... --> "
                        "or make the cell print the same on every backend"
                    )
                    continue
                parsed = parse_marker(match["kind"], match["argument"])
                if isinstance(parsed, str):
                    marks.problems.append(f"{where}: {parsed}")
                    continue
                scope, reason, backends = parsed
                rule = Rule(line + 1 + offset, backends, reason)
                if scope == "page":
                    marks.page = rule
                else:
                    pending = rule
    if pending is not None:
        marks.problems.append(
            f"{example.relative_path}:{pending.line}: <!-- tensorflow-only: next ... --> is followed by no code cell"
        )
    return marks


def skip_if_not_on(rule: Rule | None, backend: str) -> None:
    """Raise unittest.SkipTest (reported as skipped, with the reason) when the block does not run here."""
    reason = rule.skip_reason(backend) if rule else None
    if reason:
        raise unittest.SkipTest(reason)
