"""Prints the course's performance figures as medians of several runs.

    make benchmark                 # or: .venv/bin/python benchmarks/measure.py --runs 5
    .venv/bin/python benchmarks/measure.py --per-page   # what each page and lesson adds to the tests
    .venv/bin/python benchmarks/measure.py --pdf        # only the course's PDFs, printed from a built site
    .venv/bin/python benchmarks/measure.py --lighthouse # only Lighthouse's mobile figures of the built site

Every run works on a fresh copy of the course in a temporary folder, so "cold"
really means no cache of any kind (executed examples, rendered notebooks).
This machine is noisy: read medians, and compare figures measured the same way.
"""

from __future__ import annotations

import argparse
import ctypes
import gzip
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for `tooling`, however the script is started

from tooling.course_copy import copy_course  # noqa: E402
from tooling.quiet_tensorflow import QUIET_TENSORFLOW  # noqa: E402

# What `make check` and `make test` run (see the Makefile).
CHECK = [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "tests/tooling", "tests/course"]
SUITE = [sys.executable, "-m", "pytest", "-q", "-n", "auto", "--dist", "loadscope"]


def fresh_copy() -> Path:
    return copy_course(Path(tempfile.mkdtemp(prefix="course-benchmark-")) / "course")


def quiet_environment() -> dict[str, str]:
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", **QUIET_TENSORFLOW)
    environment.pop("COURSE_CACHE_DIR", None)  # each copy keeps its own cache in .cache/
    return environment


def seconds(command: list[str], cwd: Path) -> float:
    environment = quiet_environment()
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed in {cwd}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return elapsed


def median_of(label: str, samples: list[float]) -> None:
    shown = ", ".join(f"{s:.1f}" for s in samples)
    print(f"{label:<48} {statistics.median(samples):6.1f} s   (runs: {shown})", flush=True)


def edit_to_served_page(copy: Path, runs: int) -> list[float]:
    """Seconds from saving a Spanish page to `mkdocs serve` serving the new text."""
    environment = quiet_environment()
    port = "8765"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],  # as `make serve`
        cwd=copy,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    page, url = copy / "docs/es/index.md", f"http://127.0.0.1:{port}/"
    try:
        _wait_for(url, "</html>", timeout=300)
        samples = []
        for run in range(runs):
            marker = f"marca-de-edicion-{run}"
            page.write_text(page.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
            start = time.perf_counter()
            _wait_for(url, marker, timeout=60)
            samples.append(time.perf_counter() - start)
        return samples
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(url: str, text: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode("utf-8", "replace"):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    sys.exit(f"{url} did not show {text!r} within {timeout} s")


def page_sizes(site: Path) -> None:
    """HTML weight of the prose and notebook pages of both languages: median and heaviest."""
    pages = [page for page in site.rglob("index.html") if page.parent != site / "search"]
    groups = {
        "prose page": [page for page in pages if "examples" not in page.relative_to(site).parts],
        "notebook page": [page for page in pages if "examples" in page.relative_to(site).parts],
    }
    for label, group in groups.items():
        sizes = sorted((page.stat().st_size, page) for page in group)
        median_size = statistics.median(size for size, _ in sizes)
        largest, heaviest = sizes[-1]
        gzipped = len(gzip.compress(heaviest.read_bytes())) / 1024
        print(
            f"{'HTML of a ' + label + ' (' + str(len(group)) + ')':<48} median {median_size / 1024:4.0f} KB, "
            f"heaviest {largest / 1024:4.0f} KB ({gzipped:.0f} KB gzipped; {heaviest.parent.relative_to(site)}/)"
        )


LIGHTHOUSE = ROOT / "benchmarks" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
# A page of each type, in each language: what Lighthouse measures (issue: fast on a reader's phone).
LIGHTHOUSE_PAGES = [
    "",
    "first-model/",
    "examples/regularization/",
    "en/",
    "en/first-model/",
    "en/examples/regularization/",
]


def serve_compressed(site: Path):
    """An HTTP server on 127.0.0.1 that serves `site` gzipped, like GitHub Pages; returns (server, base URL)."""
    import functools
    import http.server
    import threading

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *arguments):  # quiet
            pass

        def send_head(self):
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            compressible = path.suffix in (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")
            if not path.is_file() or not compressible or "gzip" not in self.headers.get("Accept-Encoding", ""):
                return super().send_head()
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            import io

            return io.BytesIO(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _median_score(results: list[dict], category: str) -> float:
    """A Lighthouse category's score out of 100, the median of the runs' reports."""
    return statistics.median(report["categories"][category]["score"] * 100 for report in results)


def _median_audit(results: list[dict], audit: str) -> float:
    """An audit's numeric value (ms, bytes...), the median of the runs' reports."""
    return statistics.median(report["audits"][audit]["numericValue"] for report in results)


def lighthouse(site: Path, runs: int) -> None:
    """Lighthouse 12.2.3's mobile profile (slow 4G, 4x slower CPU) on the site served compressed:
    the median of `runs` for each page (performance, LCP, TBT, bytes, and the other scores)."""
    import functools
    import json

    from tooling.chromium import chromium_executable

    chromium = chromium_executable()
    if not LIGHTHOUSE.exists() or chromium is None:
        print("Lighthouse: not installed (make benchmark installs it with npm) or no Chromium; skipped")
        return
    server, base = serve_compressed(site)
    try:
        for page in LIGHTHOUSE_PAGES:
            results = []
            for _ in range(runs):
                with tempfile.TemporaryDirectory() as folder:
                    report = Path(folder) / "report.json"
                    subprocess.run(
                        [
                            "node",
                            str(LIGHTHOUSE),
                            base + page,
                            "--quiet",
                            "--output=json",
                            f"--output-path={report}",
                            "--only-categories=performance,accessibility,best-practices,seo",
                            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                        ],
                        env=dict(os.environ, CHROME_PATH=chromium),
                        check=True,
                        capture_output=True,
                    )
                    results.append(json.loads(report.read_text(encoding="utf-8")))
            score = functools.partial(_median_score, results)
            audit = functools.partial(_median_audit, results)
            print(
                f"Lighthouse mobile /{page:<28} performance {score('performance'):3.0f}, "
                f"LCP {audit('largest-contentful-paint') / 1000:.1f} s, "
                f"TBT {audit('total-blocking-time'):4.0f} ms, {audit('total-byte-weight') / 1024:4.0f} KB; "
                f"accessibility "
                f"{score('accessibility'):.0f}, best practices {score('best-practices'):.0f}, SEO {score('seo'):.0f}"
            )
    finally:
        server.shutdown()


def _become_subreaper() -> None:
    """Processes orphaned below this one are re-parented to it (Linux), so that their
    CPU time is counted in RUSAGE_CHILDREN once this process reaps them: Chromium's
    renderer and GPU processes are left to be reaped when the browser closes."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def _reap_orphans(timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # none left
        if pid == 0:
            time.sleep(0.05)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def seconds_and_cpu(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock seconds of `command`, and the CPU seconds (user + system) of it and of
    every process it started: on a machine others load, the CPU time is the steadier figure."""
    _become_subreaper()
    before = _children_cpu()
    elapsed = seconds(command, cwd)
    _reap_orphans()
    return elapsed, _children_cpu() - before


def course_pdfs(site: Path, runs: int) -> None:
    """Both languages' PDFs printed from a built site (tooling/pdf.py, as `make pdf` and the
    tests do): what they add to the publishing workflow (target: at most 30 s), and their sizes."""
    wall, cpu = [], []
    for _ in range(runs):
        elapsed, used = seconds_and_cpu([sys.executable, "-m", "tooling.pdf", str(site)], ROOT)
        wall.append(elapsed)
        cpu.append(used)
    median_of("both PDFs from the built site (target: <= 30 s)", wall)
    median_of("  CPU time of it, Chromium included", cpu)
    from pypdf import PdfReader

    from tooling.languages import COURSE
    from tooling.pdf import pdf_url

    for language in COURSE.languages:
        path = site / pdf_url(language)
        print(
            f"  {'/' + pdf_url(language):<46} {path.stat().st_size / 1e6:6.1f} MB, "
            f"{len(PdfReader(path).pages)} pages (target: <= 10 MB)"
        )


DURATION = re.compile(r"^\s*(?P<seconds>[\d.]+)s (setup|call|teardown)\s+(?P<test>\S+)")
PARITY_ID = re.compile(r"test_page_translation_has_the_same_code_markers_anchors_and_links\[(?P<translation>[^\]]+)\]")


def per_page(runs: int) -> None:
    """Seconds each page pair and each lesson adds to a test run (medians).

    A page's code runs once, in its source language; each translation adds
    only its parity check (code, markers, anchors and links compared).
    """
    from tooling.examples import find_examples
    from tooling.languages import COURSE

    code: dict[str, list[float]] = {}
    parity: dict[str, list[float]] = {}
    for _ in range(runs):
        copy = fresh_copy()
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:xdist",
                "--durations=0",
                "--durations-min=0",
                "docs",
                "tests/course/test_languages_match.py",
            ],
            cwd=copy,
            env=quiet_environment(),
            capture_output=True,
            text=True,
        )
        totals: dict[tuple[str, str], float] = {}
        for line in result.stdout.splitlines():
            match = DURATION.match(line)
            if not match:
                continue
            test, spent = match["test"], float(match["seconds"])
            parity_match = PARITY_ID.search(test)
            if parity_match:
                page = parity_match["translation"].split("/", 2)[2]
                totals[("parity", page)] = totals.get(("parity", page), 0.0) + spent
            elif test.startswith("docs/"):
                page = test.split("::")[0].split("/", 2)[2]
                totals[("code", page)] = totals.get(("code", page), 0.0) + spent
        for (kind, page), total in totals.items():
            (code if kind == "code" else parity).setdefault(page, []).append(total)
        shutil.rmtree(copy.parent, ignore_errors=True)
    translations = len(COURSE.translations)
    print(f"Each page pair: its code, run once in {COURSE.source} (the first page also pays the TensorFlow import),")
    print(f"plus the parity check of its {translations} translation(s), which is not run again:")
    print(f"  {'page':<32} {'code':>7} {'parity':>8} {'pair':>7}")
    for page in sorted(set(code) | set(parity)):
        run_once = statistics.median(code.get(page, [0.0]))
        compared = statistics.median(parity.get(page, [0.0]))
        print(f"  {page:<32} {run_once:6.2f}s {compared:7.3f}s {run_once + compared:6.2f}s")
    print(
        f"  {'all pages':<32} {sum(statistics.median(v) for v in code.values()):6.1f}s "
        f"{sum(statistics.median(v) for v in parity.values()):7.2f}s"
    )

    print("Execution of each lesson (kernel start included; run once per test run, for every language):")
    for example in find_examples(COURSE.source):
        samples = []
        for _ in range(runs):
            samples.append(
                seconds(
                    [
                        sys.executable,
                        "-c",
                        f"from tooling.examples import find_examples, executed_outputs; "
                        f"executed_outputs(next(e for e in find_examples({COURSE.source!r}) "
                        f"if e.name == {example.name!r}), use_cache=False)",
                    ],
                    ROOT,
                )
            )
        print(f"  {example.relative_path:<40} {statistics.median(samples):6.1f} s")


def backends_against_tensorflow(runs: int) -> None:
    """`make test-backends` (JAX and PyTorch, a process each, on a fresh copy) against
    the TensorFlow run of the same pages and lessons, on every core; the target is
    at most twice as long. Needs the backends' install (make test-backends made it)."""
    site_packages = ROOT / ".cache" / "backends" / "site-packages"
    if not site_packages.is_dir():
        print("make test-backends vs TensorFlow: run `make test-backends` once first (it installs JAX and PyTorch)")
        return
    tensorflow, backends = [], []
    for _ in range(runs):
        copy = fresh_copy()
        tensorflow.append(
            seconds(
                [
                    sys.executable,
                    "-m",
                    "pytest",
                    "-q",
                    "-n",
                    "auto",
                    "--dist",
                    "loadfile",
                    "-p",
                    "tooling.backend_checks",
                    "docs/es",
                    "examples/es",
                ],
                copy,
            )
        )
        copy = fresh_copy()
        backends.append(
            seconds(
                [sys.executable, "-m", "tooling.backend_run", "--site-packages", str(site_packages), "--no-record"],
                copy,
            )
        )
    median_of("pages and lessons on TensorFlow, cold", tensorflow)
    median_of("make test-backends (JAX and PyTorch), cold", backends)
    print(
        f"{'make test-backends / TensorFlow run':<48} "
        f"{statistics.median(backends) / statistics.median(tensorflow):6.2f}x  (target: at most 2x)"
    )


# A page both edits touch: its first sentence, and a line of code added to its first fence (in every language, as
# a contributor must: the translations carry the same code).
EDITED_PAGE = "layers.md"


def edit_a_sentence(copy: Path) -> None:
    page = copy / "docs" / "es" / EDITED_PAGE
    text = page.read_text(encoding="utf-8")
    heading_end = text.index("\n\n", text.index("\n# ")) + 2  # the opening paragraph, after the title
    page.write_text(text[:heading_end] + "Una frase más. " + text[heading_end:], encoding="utf-8")


def edit_a_line_of_code(copy: Path) -> None:
    for language in ("es", "en"):
        page = copy / "docs" / language / EDITED_PAGE
        text = page.read_text(encoding="utf-8")
        start = text.index("```python\n>>> ") + len("```python\n")
        page.write_text(text[:start] + ">>> edited = True\n" + text[start:], encoding="utf-8")


def whole_suite(runs: int) -> list[Path]:
    """make test on fresh copies: cold, warm with nothing changed, after a sentence of one page
    changed, and after a line of code of one page changed; returns the copies."""
    floor = [seconds([sys.executable, "-c", "import tensorflow"], ROOT) for _ in range(runs)]
    figures: dict[str, list[float]] = {"cold": [], "warm": [], "sentence": [], "code": []}
    copies = []
    for _ in range(runs):
        copy = fresh_copy()
        copies.append(copy)
        figures["cold"].append(seconds(SUITE, copy))
        figures["warm"].append(seconds(SUITE, copy))
        edit_a_sentence(copy)
        figures["sentence"].append(seconds(SUITE, copy))
        edit_a_line_of_code(copy)
        figures["code"].append(seconds(SUITE, copy))
    reference = statistics.median(floor)
    median_of("import tensorflow (the reference)", floor)
    labels = {
        "cold": f"whole test suite, cold (as in CI; {os.cpu_count()} cores)",
        "warm": "whole test suite, warm, nothing changed",
        "sentence": f"... after a sentence of {EDITED_PAGE} changed",
        "code": f"... after a line of code of {EDITED_PAGE} changed",
    }
    for name, label in labels.items():
        median_of(label, figures[name])
        print(f"{'':<48} {statistics.median(figures[name]) / reference:6.1f} x import tensorflow", flush=True)
    return copies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--skip-tests", action="store_true", help="do not time the test suite (the slowest figure)")
    parser.add_argument("--per-page", action="store_true", help="only: what each page and lesson adds to the tests")
    parser.add_argument(
        "--backends", action="store_true", help="only: make test-backends against the TensorFlow run of the same pages"
    )
    parser.add_argument(
        "--suite", action="store_true", help="only: the whole test suite, cold and warm, each run on a fresh copy"
    )
    parser.add_argument(
        "--pdf", action="store_true", help="only: both PDFs printed from a built site (built once, on a fresh copy)"
    )
    parser.add_argument(
        "--lighthouse", action="store_true", help="only: Lighthouse's mobile figures of a built site, served compressed"
    )
    arguments = parser.parse_args()
    runs = arguments.runs
    if arguments.per_page:
        per_page(runs)
        return
    if arguments.backends:
        backends_against_tensorflow(runs)
        return
    if arguments.suite:
        for copy in whole_suite(runs):
            shutil.rmtree(copy.parent, ignore_errors=True)
        return
    if arguments.pdf:
        site = Path(tempfile.mkdtemp(prefix="course-benchmark-")) / "site"
        # A build with the course's caches
        seconds([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], ROOT)
        course_pdfs(site, runs)
        shutil.rmtree(site.parent, ignore_errors=True)
        return
    if arguments.lighthouse:
        site = Path(tempfile.mkdtemp(prefix="course-benchmark-")) / "site"
        # A build with the course's caches
        seconds([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], ROOT)
        lighthouse(site, runs)
        shutil.rmtree(site.parent, ignore_errors=True)
        return
    python = sys.executable
    build = [python, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"]
    print(f"{runs} runs per figure, on {os.cpu_count()} cores\n")

    median_of(
        "import tensorflow (the floor)", [seconds([python, "-c", "import tensorflow"], ROOT) for _ in range(runs)]
    )
    median_of("make check (no TensorFlow)", [seconds(CHECK, ROOT) for _ in range(runs)])

    cold, warm, copies = [], [], []
    for _ in range(runs):
        copy = fresh_copy()
        copies.append(copy)
        cold.append(seconds(build, copy))
        warm.append(seconds(build, copy))
    median_of("mkdocs build, cold (examples executed)", cold)
    median_of("mkdocs build, warm (nothing changed)", warm)

    page_sizes(copies[-1] / "site")
    lighthouse(copies[-1] / "site", runs)
    course_pdfs(copies[-1] / "site", runs)

    median_of("mkdocs serve, page saved -> new page served", edit_to_served_page(copies[-1], runs))

    if not arguments.skip_tests:
        copies += whole_suite(runs)

    for copy in copies:
        shutil.rmtree(copy.parent, ignore_errors=True)

    backends_against_tensorflow(1)


if __name__ == "__main__":
    main()
