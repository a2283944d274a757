"""Python fences that run as their own program, once or as several workers.

Some code cannot run inside the shared pytest process: splitting the CPU into
two logical devices must happen before TensorFlow starts, and a multi-worker
cluster needs one process per worker. Such a fence is marked as a script that
the reader saves and runs; the tests do just that:

    <!-- script: train.py -->             run `python train.py` once
    <!-- script: train.py workers=2 -->   run it as 2 workers of a TF_CONFIG cluster on 127.0.0.1
    <!-- script: train.py compare-backends -->
                                          run it on each backend, each in its own process, and
                                          show what each printed side by side (`key: value` lines):
                                          `make test-backends` records the outputs (docs/backends.json),
                                          the site renders the table (hooks/checked_backends.py)

    ```python
    ...
    ```

    ```text
    what the script prints (worker 0 for a cluster); compared, ELLIPSIS allowed
    ```

The ``text`` fence is optional. The script must exit with status 0.
"""

from __future__ import annotations

import doctest
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sybil import Region

from tooling.quiet_tensorflow import quiet_tensorflow

quiet_tensorflow()

# The marker, its fence and the optional text fence share one indentation: a script may sit
# inside a collapsed box (??? note "Con JAX y PyTorch"); `code_of` and `output_of` dedent.
SCRIPT = re.compile(
    r"<!--\s*script:\s*(?P<name>[\w-]+\.py)(?:\s+workers=(?P<workers>\d+))?"
    r"(?P<compare>\s+compare-backends)?\s*-->[ \t]*\n"
    r"(?:[ \t]*\n)*(?P<indent>[ \t]*)(?P<fence>```python\n(?P<code>.*?)\n(?P=indent)```)[ \t]*\n"
    r"(?:(?:[ \t]*\n)*(?P=indent)```text\n(?P<output>.*?\n)(?P=indent)```[ \t]*(?:\n|$))?",
    re.DOTALL,
)


def _dedent(text: str, indent: str) -> str:
    return "\n".join(
        line[len(indent) :] if line.startswith(indent) else line.lstrip(" \t") for line in text.split("\n")
    )


def code_of(match: re.Match) -> str:
    """A script's code, without the indentation of the box it may sit in."""
    return _dedent(match["code"], match["indent"]) + "\n"


def output_of(match: re.Match) -> str | None:
    return None if match["output"] is None else _dedent(match["output"], match["indent"])


TIMEOUT = 180  # seconds; a cluster that cannot connect would otherwise wait forever


@dataclass
class Script:
    name: str
    code: str
    workers: int  # 0: a plain program, no TF_CONFIG
    expected_output: str | None
    compare_backends: bool = False  # its output, per backend, is shown side by side
    output: str | None = None  # what it printed in this run (read by tooling/backend_checks.py)


def parse_scripts(document):
    for match in SCRIPT.finditer(document.text):
        script = Script(
            match["name"], code_of(match), int(match["workers"] or 0), output_of(match), bool(match["compare"])
        )
        # The region starts on the fence's line (with its indentation, where sybil starts an indented fence).
        yield Region(match.start("indent"), match.end(), script, evaluate_script)


def evaluate_script(example) -> str | None:
    script: Script = example.parsed
    with tempfile.TemporaryDirectory(prefix="course-script-") as folder:
        path = Path(folder) / script.name
        path.write_text(script.code, encoding="utf-8")
        environments = _cluster_environments(script.workers) if script.workers else [{}]
        processes = [
            subprocess.Popen(
                [sys.executable, script.name],
                cwd=folder,
                env={**os.environ, **extra},  # quiet_tensorflow() already set the log variables
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for extra in environments
        ]
        results = []
        for index, process in enumerate(processes):
            try:
                stdout, stderr = process.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                for other in processes:
                    other.kill()
                return f"{script.name} (worker {index}) did not finish within {TIMEOUT} s"
            results.append((process.returncode, stdout, stderr))
    for index, (returncode, _, stderr) in enumerate(results):
        if returncode != 0:
            who = f" (worker {index} of {script.workers})" if script.workers else ""
            return f"{script.name}{who} exited with status {returncode}:\n{_tail(stderr)}"
    output = results[0][1]
    script.output = output
    if script.compare_backends:
        problems = comparison_problems(output)
        if problems:
            return f"{script.name} compares the backends: " + "; ".join(problems)
    checker = doctest.OutputChecker()
    if script.expected_output is not None and not checker.check_output(
        script.expected_output, output, doctest.ELLIPSIS
    ):
        return f"{script.name} printed something else than the text block below it:\n" + checker.output_difference(
            doctest.Example("", script.expected_output), output, doctest.ELLIPSIS
        )
    return None


def comparison_lines(output: str) -> list[tuple[str, str]]:
    """The `key: value` lines a compare-backends script prints, in order."""
    return [tuple(part.strip() for part in line.split(":", 1)) for line in output.strip().splitlines()]


def comparison_problems(output: str) -> list[str]:
    lines = output.strip().splitlines()
    bad = [line for line in lines if ":" not in line or not line.split(":", 1)[0].strip()]
    problems = [f"print `key: value` lines (one row each of the table), not {line!r}" for line in bad]
    if not lines:
        problems.append("it printed nothing to compare")
    return problems


def _cluster_environments(workers: int) -> list[dict[str, str]]:
    """One TF_CONFIG per worker, on free ports of 127.0.0.1 (worker 0 is the chief)."""
    addresses = [f"127.0.0.1:{_free_port()}" for _ in range(workers)]
    return [
        {"TF_CONFIG": json.dumps({"cluster": {"worker": addresses}, "task": {"type": "worker", "index": index}})}
        for index in range(workers)
    ]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _tail(text: str, lines: int = 25) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])
