"""`make test-backends`: every page and lesson on JAX and PyTorch, each backend in its own process.

    .venv/bin/python -m tooling.backend_run --site-packages .cache/backends/site-packages

The backends' packages (requirements-backends.txt) live outside the main
install, in a folder put on the PYTHONPATH of the processes started here, so
`make test` and `make serve` never see them. Each backend runs
`pytest docs/<source> examples/<source>` with KERAS_BACKEND set and the plugin
tooling/backend_checks.py, which adds the lessons and writes the results; a
third process runs the compare-backends scripts on TensorFlow. Then:

- every failure is printed as ``file:line: fails on JAX (KERAS_BACKEND=jax): ...``;
- the record (docs/backends.json) is written from the results; if it differs
  from the one there was, the run fails: commit the new record;
- tests/backends/ (contributors' mistakes on a fixture course, which need the
  backends' packages) runs, where a missing backend is a failure, not a skip.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tooling import ROOT
from tooling.backend_record import (
    ABOUT,
    RECORD,
    has_python,
    lesson_fingerprint,
    page_fingerprint,
    script_fingerprint,
    write_record,
)
from tooling.backends import BACKENDS, NAMES, OTHER_BACKENDS, PACKAGES
from tooling.languages import Course
from tooling.quiet_tensorflow import QUIET_TENSORFLOW
from tooling.scripts import SCRIPT

# Set in the processes started here: a test that needs a backend fails instead of skipping.
STRICT = "COURSE_BACKENDS_RUN"


def environment(backend: str, site_packages: Path | None, threads: int | None = None) -> dict[str, str]:
    paths = [str(site_packages.resolve())] if site_packages else []
    paths += [str(ROOT), os.environ.get("PYTHONPATH", "")]
    return dict(
        os.environ,
        **QUIET_TENSORFLOW,
        KERAS_BACKEND=backend,
        JAX_PLATFORMS=os.environ.get("JAX_PLATFORMS", "cpu"),  # the course is checked on the CPU: no probing for GPUs
        PYTHONPATH=os.pathsep.join(path for path in paths if path),
        **{STRICT: "1"},
        **(math_threads(threads) if threads else {}),
    )


def math_threads(threads: int) -> dict[str, str]:
    """Each backend's process (and the kernels of its lessons) computes on `threads` threads.

    The backends run side by side, a process each. By default PyTorch (OpenMP), XLA
    (JAX) and TensorFlow each start a thread per core in every process, and on a machine
    with as many cores as processes the threads fight for the cores: measured on 2 cores,
    callbacks.md and first-model.md on JAX and PyTorch at once took 46 s each with the
    default threads, 36 s (JAX) and 22 s (PyTorch) with one thread each, with the same
    results. The course's models are far too small to gain from threads within an operation.
    """
    count = str(threads)
    xla = os.environ.get("XLA_FLAGS", "")
    if "intra_op_parallelism_threads" not in xla:
        eigen = "true" if threads > 1 else "false"
        xla = f"{xla} --xla_cpu_multi_thread_eigen={eigen} intra_op_parallelism_threads={count}".strip()
    return {
        "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", count),
        "MKL_NUM_THREADS": os.environ.get("MKL_NUM_THREADS", count),
        "TF_NUM_INTRAOP_THREADS": os.environ.get("TF_NUM_INTRAOP_THREADS", count),
        "TF_NUM_INTEROP_THREADS": os.environ.get("TF_NUM_INTEROP_THREADS", count),
        "XLA_FLAGS": xla,
    }


def start(
    course: Course,
    backend: str,
    site_packages: Path | None,
    results: Path,
    log: Path,
    only_comparisons=False,
    threads: int | None = None,
):
    targets = [f"docs/{course.source}"]
    if only_comparisons:  # only the pages that have such a script: the others need not even be collected
        targets = [course.relative(page) for page in comparison_pages(course)]
    elif course.examples(course.source).is_dir():
        targets.append(f"examples/{course.source}")
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:xdist",
        "-p",
        "no:cacheprovider",
        "-p",
        "tooling.backend_checks",
        "--rootdir",
        str(course.root),
        f"--backend-results={results}",
        *targets,
    ]
    if only_comparisons:
        command.append("--only-comparisons")
    return subprocess.Popen(
        command,
        cwd=course.root,
        env=environment(backend, site_packages, threads),
        stdout=log.open("w", encoding="utf-8"),
        stderr=subprocess.STDOUT,
    )


def comparison_pages(course: Course) -> list[Path]:
    """The source pages with a `<!-- script: x.py compare-backends -->` fence."""
    return [
        page
        for page in sorted(course.docs(course.source).rglob("*.md"))
        if any(match["compare"] for match in SCRIPT.finditer(page.read_text(encoding="utf-8")))
    ]


def failures(results: dict) -> list[str]:
    """'file:line: fails on JAX (KERAS_BACKEND=jax): ...' for each failed test of one backend's run."""
    backend = results["backend"]
    shown = []
    for item in results["items"]:
        if item["outcome"] != "failed":
            continue
        message = item["message"].strip()
        where = f"{item['file']}:{item['line']}"
        first = message.split(":", 2)
        if item["file"].startswith("examples/") and len(first) == 3 and first[0] == item["file"]:
            where, message = f"{first[0]}:{first[1]}", first[2].strip()  # the lesson's cell, from its message
        body = "\n".join("    " + line for line in message.splitlines()[-30:])
        shown.append(f"{where}: fails on {NAMES[backend]} (KERAS_BACKEND={backend}):\n{body}")
    return shown


def checked(results: dict, file: str) -> bool:
    """All of a page's or lesson's tests that run on this backend passed, and at least one ran."""
    outcomes = [item["outcome"] for item in results["items"] if item["file"] == file]
    return "failed" not in outcomes and "passed" in outcomes


def build_record(course: Course, runs: dict[str, dict], fingerprints: dict) -> dict:
    keras = {run["versions"].get("keras") for run in runs.values()}
    if len(keras) != 1:
        raise SystemExit(f"the backends ran different versions of Keras: {sorted(map(str, keras))}")
    record = {"about": ABOUT, "keras": keras.pop(), "backends": {}, "pages": {}, "lessons": {}, "comparisons": {}}
    for backend in OTHER_BACKENDS:
        record["backends"][backend] = {p: v for p, v in runs[backend]["versions"].items() if p != "keras"}
    for (kind, name), (file, fingerprint) in sorted(fingerprints.items()):
        record[kind][name] = {"code": fingerprint, "checked": [b for b in OTHER_BACKENDS if checked(runs[b], file)]}
    pages = {page for run in runs.values() for page in run["comparisons"]}
    for page in sorted(pages):
        scripts = {script for run in runs.values() for script in run["comparisons"].get(page, {})}
        for script in sorted(scripts):
            found = {backend: run["comparisons"].get(page, {}).get(script) for backend, run in runs.items()}
            if any(entry is None for entry in found.values()) or len({entry["code"] for entry in found.values()}) != 1:
                continue  # failed somewhere (reported), or the page changed during the run
            record["comparisons"].setdefault(page, {})[script] = {
                "code": script_fingerprint(found["tensorflow"]["code"]),
                "outputs": {backend: found[backend]["output"] for backend in BACKENDS},
                "versions": {backend: _main_version(runs[backend]["versions"], backend) for backend in BACKENDS},
            }
    return record


def _main_version(versions: dict, backend: str) -> str:
    """The version of the backend's main package: the first of its packages installed
    (tensorflow-cpu or tensorflow, jax, torch)."""
    return next((versions[package] for package in PACKAGES[backend] if package in versions), "")


def fingerprints_of(course: Course) -> dict:
    found = {}
    docs = course.docs(course.source)
    for page in sorted(docs.rglob("*.md")):
        if has_python(page):
            found[("pages", page.relative_to(docs).as_posix())] = (course.relative(page), page_fingerprint(page))
    for lesson in sorted(course.examples(course.source).glob("*.py")):
        found[("lessons", lesson.stem)] = (course.relative(lesson), lesson_fingerprint(lesson))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--course", type=Path, default=ROOT, help="the course's folder (a fixture course in the tests)")
    parser.add_argument("--backends", nargs="+", default=list(OTHER_BACKENDS), choices=OTHER_BACKENDS)
    parser.add_argument("--site-packages", type=Path, help="the backends' packages (pip install --target)")
    parser.add_argument("--no-record", action="store_true", help="check only: neither compare nor write the record")
    arguments = parser.parse_args(argv)
    course = Course(arguments.course.resolve())
    record_wanted = not arguments.no_record and set(arguments.backends) == set(OTHER_BACKENDS)

    fingerprints = fingerprints_of(course)
    work = Path(tempfile.mkdtemp(prefix="course-backends-"))
    logs = course.root / ".cache" / "backends" / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    threads = max(1, cores // len(arguments.backends))  # the backends share the cores: see math_threads
    processes = {
        backend: start(
            course, backend, arguments.site_packages, work / f"{backend}.json", logs / f"{backend}.log", threads=threads
        )
        for backend in arguments.backends
    }
    # The compare-backends scripts on TensorFlow, for the side-by-side tables
    if record_wanted and comparison_pages(course):
        processes["tensorflow"] = start(
            course, "tensorflow", None, work / "tensorflow.json", logs / "tensorflow.log", only_comparisons=True
        )
    runs, problems = {}, []
    for backend, process in processes.items():
        process.wait()
        log = logs / f"{backend}.log"
        result_file = work / f"{backend}.json"
        if not result_file.exists():
            problems.append(
                f"{course.relative(log)}:1: the run on {NAMES[backend]} stopped before its results "
                f"(exit status {process.returncode}):\n{_tail(log)}"
            )
            continue
        runs[backend] = json.loads(result_file.read_text(encoding="utf-8"))
        counts = {
            outcome: sum(item["outcome"] == outcome for item in runs[backend]["items"])
            for outcome in ("passed", "failed", "skipped")
        }
        print(
            f"{NAMES[backend]:<10} {', '.join(f'{n} {o}' for o, n in counts.items())} "
            f"in {time.perf_counter() - started:.0f} s (log: {course.relative(log)})",
            flush=True,
        )
        problems += failures(runs[backend])
        if process.returncode not in (0, 1):  # 1: tests failed, reported above
            problems.append(
                f"{course.relative(log)}:1: pytest on {NAMES[backend]} "
                f"exited with status {process.returncode}:\n{_tail(log)}"
            )

    if record_wanted and set(runs) == set(processes):
        problems += _update_record(course, build_record(course, runs, fingerprints))

    mistakes = course.root / "tests" / "backends"
    if mistakes.is_dir() and arguments.site_packages is not None:
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", str(mistakes)],
            cwd=course.root,
            env=environment("tensorflow", arguments.site_packages),
        )
        if result.returncode != 0:
            problems.append(
                f"tests/backends: the contributors' mistakes on the backends failed (exit status {result.returncode})"
            )

    totals = {
        o: sum(item["outcome"] == o for run in runs.values() for item in run["items"])
        for o in ("passed", "failed", "skipped")
    }
    print(f"make test-backends: {time.perf_counter() - started:.0f} s", flush=True)
    print(f"backends: {totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped", flush=True)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def _update_record(course: Course, record: dict) -> list[str]:
    path = course.root / RECORD
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    after = write_record(course, record)
    if before == after:
        print(f"{RECORD.as_posix()}: what the checks found, unchanged", flush=True)
        return []
    diff = "\n".join(difflib.unified_diff(before.splitlines(), after.splitlines(), "before", "after", lineterm="", n=0))
    return [f"{RECORD.as_posix()}:1: differed from what the checks found; written again, commit it:\n{diff[:4000]}"]


def _tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").rstrip().splitlines()[-lines:])


if __name__ == "__main__":
    sys.exit(main())
