"""Example lessons: jupytext percent-format sources turned into executed notebooks.

An example exists once per language (``examples/es/x.py``, ``examples/en/x.py``)
with the same code; only Markdown cells and comments differ. Its code therefore
runs once, whatever the language, and the outputs are copied into each
language's notebook. Executions are cached by what can change them (the code
without comments, and the versions of the libraries that compute the outputs),
so the tests and the site build share a single run.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import logging
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import jupytext
import nbformat
from filelock import FileLock
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

from tooling import CACHE, ROOT
from tooling.backends import PACKAGES, current_backend, lesson_marks
from tooling.code_signature import python_without_comments
from tooling.languages import Course
from tooling.markdown_source import HEADING
from tooling.notebook_setup import NotebookSetupError, setup_cell
from tooling.quiet_tensorflow import QUIET_TENSORFLOW, quiet_tensorflow

EXAMPLES = ROOT / "examples"
CELL_TIMEOUT_SECONDS = 300
# Libraries whose versions can change what an example prints.
OUTPUT_AFFECTING_PACKAGES = (
    "tensorflow",
    "tensorflow-cpu",
    "keras",
    "numpy",
    "scikit-learn",
    "matplotlib",
    "tensorboard",
    "statsmodels",
    "pandas",
    "keras-tuner",
)
CELL_MARKER = re.compile(r"^# %%")
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
# Under MkDocs' logger, so that `mkdocs build/serve` says when a lesson really runs.
log = logging.getLogger("mkdocs.course.examples")


class ExampleError(Exception):
    """An example failed; the message starts with ``file:line:`` of the cell."""


@dataclass(frozen=True)
class Example:
    """One lesson in one language."""

    path: Path

    @property
    def language(self) -> str:
        return self.path.parent.name

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def relative_path(self) -> str:
        """examples/<language>/<name>.py, as a contributor finds it in the course."""
        return self.path.relative_to(self.path.parents[2]).as_posix()

    def notebook(self) -> nbformat.NotebookNode:
        """The lesson as a notebook (a fresh copy: callers fill in outputs)."""
        stat = self.path.stat()
        return copy.deepcopy(_read_percent_format(self.path, stat.st_mtime_ns, stat.st_size))

    def cell_lines(self) -> list[int]:
        """1-based line of each cell's ``# %%`` marker, in cell order."""
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [number for number, line in enumerate(lines, start=1) if CELL_MARKER.match(line)]

    def cell_location(self, cell_index: int) -> str:
        lines = self.cell_lines()
        line = lines[cell_index] if cell_index < len(lines) else 1
        return f"{self.relative_path}:{line}"


def find_examples(language: str, root: Path = EXAMPLES) -> list[Example]:
    return [Example(path) for path in sorted((root / language).glob("*.py"))]


@functools.lru_cache(maxsize=256)
def _read_percent_format(path: Path, mtime_ns: int, size: int) -> nbformat.NotebookNode:
    """Parsed once per version of the file: the build, parity and the tests read a lesson several times."""
    return jupytext.read(path, fmt="py:percent")


@functools.lru_cache(maxsize=1)
def _output_affecting_versions() -> bytes:
    versions = []
    for package in OUTPUT_AFFECTING_PACKAGES:
        try:
            versions.append(f"{package}=={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            pass
    return "".join(versions).encode()


def execution_key(notebook: nbformat.NotebookNode, backend: str = "tensorflow") -> str:
    """Hash of everything that can change the outputs, and nothing else: on a
    backend other than TensorFlow, that backend and its versions too."""
    digest = hashlib.sha256()
    if backend != "tensorflow":  # TensorFlow's key stays what it was: its cached runs stay valid
        digest.update(f"KERAS_BACKEND={backend}".encode())
        for package in PACKAGES[backend]:
            try:
                digest.update(f"{package}=={metadata.version(package)}".encode())
            except metadata.PackageNotFoundError:
                pass
    for cell in notebook.cells:
        if cell.cell_type == "code":
            digest.update(python_without_comments(cell.source).encode())
            digest.update(b"\0")
    digest.update(sys.version.encode())
    digest.update(_output_affecting_versions())
    digest.update(json.dumps(QUIET_TENSORFLOW, sort_keys=True).encode())
    return digest.hexdigest()[:32]


def executed_outputs(example: Example, use_cache: bool = True, backend: str | None = None) -> list[dict]:
    """Run the example's code (or reuse an identical earlier run) and return, per
    code cell, its outputs and execution count.

    Raises ExampleError naming the file and line of a cell that raised, timed
    out, wrote to stderr or logged a message (noise that readers would see).
    """
    backend = backend or current_backend()
    notebook = on_backend(example, example.notebook(), backend)
    cache_file = _cache_file(notebook, backend)
    if not use_cache:
        return _execute(example, notebook, backend)
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    # Test workers and the site build may ask for the same lesson at once: one
    # runs it, the others wait for its outputs.
    with FileLock(cache_file.with_suffix(".lock")):
        if cache_file.exists():
            return json.loads(cache_file.read_text(encoding="utf-8"))
        outputs = _execute(example, notebook, backend)
        partial = cache_file.with_suffix(".tmp")
        partial.write_text(json.dumps(outputs), encoding="utf-8")
        partial.replace(cache_file)
    return outputs


def _cache_file(notebook: nbformat.NotebookNode, backend: str = "tensorflow") -> Path:
    return CACHE / "executions" / f"{execution_key(notebook, backend)}.json"


def on_backend(example: Example, notebook: nbformat.NotebookNode, backend: str) -> nbformat.NotebookNode:
    """The notebook as it runs on `backend`: on a backend other than TensorFlow,
    without the code cells marked <!-- tensorflow-only: next ... --> (their
    Markdown cells stay, so cell numbers and lines stay those of the lesson).
    A lesson marked tensorflow-only as a whole is not run there at all."""
    if backend == "tensorflow":
        return notebook
    marks = lesson_marks(example)
    if not marks.runs_on(backend):
        raise ExampleError(f"{example.relative_path}:{marks.page.line}: TensorFlow only: {marks.page.reason}")
    for index, rule in marks.blocks.items():
        if rule.skip_reason(backend):
            notebook.cells[index] = nbformat.v4.new_markdown_cell(f"(TensorFlow only: {rule.reason})")
    return notebook


# A line of Python's logging in its default format, "WARNING:tensorflow:...":
# in a kernel, TensorFlow's warnings (a function traced again, say) reach stdout.
LOG_LINE = re.compile(r"^(?:DEBUG|INFO|WARNING|ERROR|CRITICAL):[\w.]+:", re.MULTILINE)


def _execute(example: Example, notebook: nbformat.NotebookNode, backend: str = "tensorflow") -> list[dict]:
    log.info("Executing %s (its code or the libraries changed since the last run)", example.relative_path)
    quiet_tensorflow()  # the kernel inherits this process's environment, with the backend of this run
    environment = dict(os.environ, KERAS_BACKEND=backend)
    with tempfile.TemporaryDirectory(prefix="example-") as workdir:
        # A scratch working directory: whatever an example writes (logs,
        # checkpoints) never lands in the repository.
        # IPC instead of TCP: no "Kernel is running over TCP without encryption"
        # warning in the build log, and no open port; its sockets live in workdir.
        kernel = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(workdir) / "kernel-ipc"))
        client = NotebookClient(
            notebook,
            km=kernel,
            timeout=CELL_TIMEOUT_SECONDS,
            kernel_name="python3",
            allow_errors=False,
            resources={"metadata": {"path": workdir}},
        )
        try:
            client.execute(env=environment)
        except CellExecutionError as error:
            index = _failed_cell_index(notebook)
            raise ExampleError(
                f"{example.cell_location(index)}: cell {index + 1} raised "
                f"{error.ename}: {error.evalue}\n{ANSI_ESCAPE.sub('', error.traceback)}"
            ) from None
        except CellTimeoutError:
            index = _failed_cell_index(notebook)
            raise ExampleError(
                f"{example.cell_location(index)}: cell {index + 1} ran longer than {CELL_TIMEOUT_SECONDS} s"
            ) from None
        finally:
            # nbclient only shuts down kernels it started itself; without this the
            # kernel lived on until the build ended ("Parent appears to have exited").
            if kernel.has_kernel:
                kernel.shutdown_kernel(now=True)

    code_cells = [(index, cell) for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    for index, cell in code_cells:
        for output in cell.outputs:
            if output.get("output_type") != "stream":
                continue
            if output.get("name") == "stderr":
                raise ExampleError(
                    f"{example.cell_location(index)}: cell {index + 1} wrote to stderr, "
                    f"which readers would see as noise:\n{output.get('text', '')}"
                )
            logged = LOG_LINE.search(output.get("text", ""))
            if logged:
                raise ExampleError(
                    f"{example.cell_location(index)}: cell {index + 1} logged a message, "
                    f"which readers would see as noise:\n{output['text'][logged.start() :].splitlines()[0]}"
                )
    return [
        {"outputs": [_json(output) for output in cell.outputs], "execution_count": cell.execution_count}
        for _, cell in code_cells
    ]


def execute_all(examples: list[Example], workers: int | None = None) -> None:
    """Run every lesson whose outputs are not cached yet, several at a time
    (each in its own kernel process); raises the ExampleError of the first
    failing lesson, in the order given."""
    from concurrent.futures import ThreadPoolExecutor

    missing = [example for example in examples if not _cache_file(example.notebook()).exists()]
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        # On TensorFlow: what the site shows
        futures = [pool.submit(executed_outputs, example, True, "tensorflow") for example in missing]
    for future in futures:
        future.result()


def localized_notebook(example: Example, use_cache: bool = True, course: Course | None = None) -> nbformat.NotebookNode:
    """The example's own cells (its language's prose and comments) with the outputs
    of the shared execution on TensorFlow, ready to render or download, after a first cell that
    installs the course's versions of what it uses (tooling/notebook_setup.py;
    added after the run, so it is never executed here)."""
    notebook = example.notebook()
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    outputs = executed_outputs(example, use_cache=use_cache, backend="tensorflow")  # readers see TensorFlow's run
    if len(outputs) != len(code_cells):  # only possible with a stale cache file
        raise ExampleError(f"{example.relative_path}:1: cached outputs do not match its code cells")
    for cell, executed in zip(code_cells, outputs, strict=True):
        cell.outputs = [nbformat.from_dict(copy.deepcopy(output)) for output in executed["outputs"]]
        cell.execution_count = executed["execution_count"]
        cell.metadata.pop("lines_to_next_cell", None)
    for index, cell in enumerate(notebook.cells):
        # jupytext draws random ids; stable ones keep the file, and caches keyed on it, unchanged
        cell.id = f"cell-{index}"
        if cell.cell_type == "markdown":
            cell.source = anchors_as_html(cell.source)
    try:
        setup = setup_cell(example, course=course)
    except NotebookSetupError as error:
        raise ExampleError(str(error)) from None
    if setup is not None:
        notebook.cells.insert(0, setup)
    notebook.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    }
    return notebook


def anchors_as_html(markdown: str) -> str:
    """``## Título { #anchor }`` becomes ``## Título <a id="anchor"></a>``.

    Jupyter and nbconvert do not read the attribute syntax of the pages; an
    empty element keeps the language-independent anchor working on the site
    and stays invisible in a downloaded notebook.
    """
    lines = []
    for line in markdown.splitlines():
        heading = HEADING.match(line)
        if heading and heading["anchor"]:
            line = f'{heading["level"]} {heading["title"]} <a id="{heading["anchor"]}"></a>'
        lines.append(line)
    return "\n".join(lines)


def write_if_changed(notebook: nbformat.NotebookNode, target: Path) -> Path:
    """Write the notebook only when its content changed, so that caches keyed
    on the file (mkdocs-jupyter's) stay valid and `mkdocs serve` does not loop."""
    text = nbformat.writes(notebook) + "\n"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return target


def _failed_cell_index(notebook: nbformat.NotebookNode) -> int:
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code" and any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return index
    # A timeout leaves no error output: the first cell that never finished is the culprit.
    unfinished = [i for i, c in enumerate(notebook.cells) if c.cell_type == "code" and not c.get("execution_count")]
    return unfinished[0] if unfinished else 0


def _json(output: nbformat.NotebookNode) -> dict:
    return json.loads(json.dumps(output))
