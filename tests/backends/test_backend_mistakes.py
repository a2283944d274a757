"""A block that claims to run on every backend but fails on one fails
`make test-backends`, naming the file, the line and the backend.

These tests need JAX, which only `make test-backends` installs (outside the
main install): there they run, and a JAX that cannot be imported is a failure
(tooling/backend_run.py sets COURSE_BACKENDS_RUN); under `make test` they are
skipped, and say why.
"""

import importlib.util
import os
import sys

import pytest
from commands import run
from fixture_course import append


def needs(package: str) -> None:
    if importlib.util.find_spec(package) is not None:
        return
    if os.environ.get("COURSE_BACKENDS_RUN"):
        pytest.fail(
            f"{package} cannot be imported in the backends' run: see requirements-backends.txt and the "
            "PYTHONPATH that tooling/backend_run.py gives its processes"
        )
    pytest.skip(f"{package} is not installed here: `make test-backends` installs it and runs this test")


NOT_NEUTRAL = (
    "\n```python\n>>> import keras\n"
    ">>> keras.ops.ones((2,)).numpy().tolist()  # a tf.Tensor has .numpy(), a JAX array has not\n"
    "[1.0, 1.0]\n```\n"
)
MARKED = '\n<!-- tensorflow-only: next "uses .numpy() on a tensor" -->' + NOT_NEUTRAL


def test_a_block_that_fails_on_one_backend_fails_naming_file_line_and_backend(fixture_course):
    needs("jax")
    line = append(fixture_course.root / "docs/es/chapter.md", NOT_NEUTRAL)
    append(fixture_course.root / "docs/es/index.md", MARKED)  # the same block, marked: skipped on JAX, with its reason
    result = run(
        [
            sys.executable,
            "-m",
            "tooling.backend_run",
            "--course",
            str(fixture_course.root),
            "--backends",
            "jax",
            "--no-record",
        ],
        fixture_course.root,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"docs/es/chapter.md:{line + 3}: fails on JAX (KERAS_BACKEND=jax):" in result.stderr, result.stderr
    assert "'jaxlib._jax.ArrayImpl' object has no attribute 'numpy'" in result.stderr, result.stderr
    assert "docs/es/index.md" not in result.stderr, result.stderr
    log = (fixture_course.root / ".cache/backends/logs/jax.log").read_text(encoding="utf-8")
    assert "passed" in log and "skipped" in log, log
