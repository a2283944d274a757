"""The record of the checks on JAX and PyTorch (docs/backends.json), and what a page may claim from it.

`make test-backends` (tooling/backend_run.py) writes the record: per page and
lesson of the source language, a fingerprint of its code (what parity
compares: code without comments, outputs, markers) and the backends on which
all of it that runs there passed, with the versions; and the outputs of the
scripts that compare the backends side by side. It is committed.

The site reads it (hooks/checked_backends.py). A page lists JAX or PyTorch
only when the record's fingerprint is the fingerprint of the page's code now
and the record's Keras is the Keras installed: a code change that was not
checked on them can only shrink what a page claims, never extend it.
TensorFlow is always listed: `make test` checks every page on it before the
site is built. A record that is malformed, or that names a page or lesson the
course does not have, stops the build.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from tooling.backends import NAMES, OTHER_BACKENDS, PACKAGES
from tooling.code_signature import code_signature
from tooling.languages import Course

RECORD = Path("docs") / "backends.json"
ABOUT = (
    "Written by `make test-backends` (tooling/backend_run.py) from the checks on each backend: do not edit. "
    "Commit it: CI fails when it differs from what the checks found."
)


class RecordError(ValueError):
    """The record is malformed or names what the course does not have; the message starts with its path."""


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


def page_fingerprint(path: Path, text: str | None = None) -> str:
    """The fingerprint of what a page checks: fences and markers as parity compares them."""
    from tooling.parity import page_blocks

    return _digest([f"{block.kind}\n{code_signature(block.kind, block.code)}" for block in page_blocks(path, text)])


def lesson_fingerprint(path: Path) -> str:
    from tooling.examples import Example
    from tooling.parity import _example_blocks

    blocks, _ = _example_blocks(Example(path))
    return _digest([f"{block.kind}\n{code_signature(block.kind, block.code)}" for block in blocks])


def script_fingerprint(code: str) -> str:
    return _digest([code_signature("python", code)])


def has_python(path: Path, text: str | None = None) -> bool:
    from tooling.markdown_source import read_markdown

    return any(fence.info == "python" for fence in read_markdown(path, text).fences)


def installed_version(backend_or_package: str) -> str | None:
    """The version of a backend's main package (tensorflow-cpu or tensorflow for TensorFlow), or of a package."""
    if backend_or_package == "tensorflow":
        candidates = PACKAGES["tensorflow"]  # either TensorFlow build
    else:
        candidates = PACKAGES.get(backend_or_package, (backend_or_package,))[:1]
    for package in candidates:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return None


def shown_version(version: str) -> str:
    """2.13.0+cpu -> 2.13.0: every check runs on the CPU, which the badge says once."""
    return version.split("+")[0]


@dataclass(frozen=True)
class Record:
    data: dict

    @property
    def keras(self) -> str:
        return self.data["keras"]

    def backend_versions(self, backend: str) -> dict:
        return self.data["backends"].get(backend, {})

    def checked(self, kind: str, name: str, fingerprint: str, keras_version: str | None) -> list[str]:
        """The backends besides TensorFlow on which this code, as it is now, was checked."""
        entry = self.data[kind].get(name)
        if entry is None or entry["code"] != fingerprint or keras_version != self.keras:
            return []
        return [backend for backend in OTHER_BACKENDS if backend in entry["checked"]]

    def comparison(self, page: str, script: str, fingerprint: str) -> dict | None:
        """{backend: output} of a script run on every backend, when the record ran this very code."""
        entry = self.data["comparisons"].get(page, {}).get(script)
        if entry is None or entry["code"] != fingerprint:
            return None
        return entry


EMPTY = {"about": ABOUT, "keras": "", "backends": {}, "pages": {}, "lessons": {}, "comparisons": {}}


def load_record(course: Course) -> Record:
    """The course's record, validated against the course; an empty record when there is none yet."""
    path = course.root / RECORD
    shown = RECORD.as_posix()
    if not path.exists():
        return Record(json.loads(json.dumps(EMPTY)))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise RecordError(
            f"{shown}:{error.lineno}: not valid JSON ({error.msg}): run `make test-backends` to write it again"
        ) from None
    problems = record_problems(data, course)
    if problems:
        raise RecordError("\n".join(f"{shown}:1: {problem}" for problem in problems))
    return Record(data)


def record_problems(data, course: Course) -> list[str]:
    if not isinstance(data, dict) or set(data) != set(EMPTY):
        return [f"the record has the keys {sorted(EMPTY)}; run `make test-backends` to write it again"]
    problems = []
    if not isinstance(data["keras"], str):
        problems.append("'keras' is the version of Keras the checks ran")
    for backend, versions in data["backends"].items():
        if (
            backend not in OTHER_BACKENDS
            or not isinstance(versions, dict)
            or not all(isinstance(versions.get(package), str) for package in PACKAGES[backend])
        ):
            problems.append(
                f"backends: {backend!r} is not one of {', '.join(OTHER_BACKENDS)} "
                f"with the versions of {PACKAGES.get(backend, ())}"
            )
    docs = course.docs(course.source)
    for kind, exists in (
        ("pages", lambda name: (docs / name).is_file() and has_python(docs / name)),
        ("lessons", lambda name: (course.examples(course.source) / f"{name}.py").is_file()),
    ):
        if not isinstance(data[kind], dict):
            problems.append(f"'{kind}' maps names to their checks")
            continue
        for name, entry in data[kind].items():
            where = f"docs/{course.source}/{name}" if kind == "pages" else f"examples/{course.source}/{name}.py"
            if not exists(name):
                problems.append(f"{kind}: {name!r} names no {kind[:-1]} with code of the course ({where})")
            elif (
                not isinstance(entry, dict)
                or not isinstance(entry.get("code"), str)
                or not isinstance(entry.get("checked"), list)
            ):
                problems.append(f"{kind}: {name!r} needs its 'code' fingerprint and its 'checked' backends")
            elif any(backend not in data["backends"] for backend in entry["checked"]):
                problems.append(
                    f"{kind}: {name!r} says it was checked on a backend whose versions the record does not give"
                )
    for page, scripts in (data["comparisons"] or {}).items():
        if not (docs / page).is_file():
            problems.append(f"comparisons: {page!r} names no page of docs/{course.source}/")
            continue
        for script, entry in scripts.items():
            if (
                not isinstance(entry, dict)
                or set(entry) != {"code", "outputs", "versions"}
                or set(entry["outputs"]) != set(NAMES)
            ):
                problems.append(
                    f"comparisons: {page} {script} needs 'code', 'versions' and the 'outputs' of {', '.join(NAMES)}"
                )
    return problems


def write_record(course: Course, data: dict) -> str:
    """Write the record (stable order, one entry per line) and return its text."""
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (course.root / RECORD).write_text(text, encoding="utf-8")
    return text
