"""Results remembered by content: a page whose snippets all passed is not run
again while nothing its result depends on has changed.

A page's result is a function of its inputs, so it is recorded under a key
made of all of them (`page_key`):

- what sybil runs of the page: every fence (code and expected outputs), every
  HTML comment (the `skip`, `script`, `backend`... markers), the containers'
  opening lines (a fence in a `??? note` box runs too), the front matter, and
  the lines that show a picture (a model diagram is compared with its model),
  with the bytes of those pictures in every language. Prose is left out: a
  sentence edited re-runs nothing.
- the code that collects and runs the snippets: every file of `tooling/` and
  the course's `conftest.py`;
- every installed distribution and its version (the pins, as installed), the
  Python version, the platform and the Keras backend of the run.

A failure is never recorded, nor a page run in part (`-k`, `-x`, an
interrupted run). `COURSE_COLD=1` (`make test-cold`, CI on main) ignores every
record; the runs of `make test-backends` never reuse (they write the backends'
record from what they see run, as does any run with the plugin
tooling/backend_checks.py). The records live in
`.cache/course/results/snippets/` (COURSE_CACHE_DIR moves `.cache/course`).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import platform
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tooling import CACHE, ROOT
from tooling.backends import current_backend
from tooling.languages import Course
from tooling.markdown_source import CONTAINER, read_markdown

COLD = "COURSE_COLD"  # set to 1: ignore every record, run everything
NEVER_REUSED = ("COURSE_BACKENDS_RUN", "COURSE_UPDATE_DIAGRAMS")  # runs whose side effects need every page run
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
PICTURE = re.compile(r"!\[[^\]]*\]\((?P<target>[^)\s]+)")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def reuse_allowed() -> bool:
    return os.environ.get(COLD, "") in ("", "0") and not any(os.environ.get(name) for name in NEVER_REUSED)


def _digest(*parts: bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(len(part).to_bytes(8, "little"))  # no two sequences of parts hash alike
        hasher.update(part)
    return hasher.hexdigest()


def runner_fingerprint(course: Course) -> str:
    """The code that collects and runs snippets, and what it runs on."""
    files = sorted((ROOT / "tooling").rglob("*.py")) + [course.root / "conftest.py", ROOT / "pyproject.toml"]
    environment = [sys.version, platform.platform(), platform.machine(), current_backend()]
    return _digest(
        *(path.read_bytes() for path in files if path.exists()),
        installed_versions().encode(),
        "\n".join(environment).encode(),
    )


def page_inputs(page: Path, course: Course) -> bytes:
    """What sybil runs of `page`, without its prose, and the pictures it compares."""
    text = page.read_text(encoding="utf-8")
    kept: list[str] = []
    front = FRONT_MATTER.match(text)
    if front:
        kept.append(front.group(0))
    lines = text.split("\n")
    in_fence = set()
    for fence in read_markdown(page, text).fences:
        in_fence.update(range(fence.line, fence.end_line + 1))
    for number, line in enumerate(lines, start=1):
        if number in in_fence or CONTAINER.match(line) or PICTURE.search(line):
            kept.append(f"{number}:{line}" if number in in_fence else line)
    kept.extend(HTML_COMMENT.findall(text))
    pictures = []
    relative = page.relative_to(course.docs(course.source))
    for match in PICTURE.finditer(text):
        for language in course.languages:
            picture = (course.docs(language) / relative).parent / match["target"]
            if picture.is_file():
                pictures.append(picture.read_bytes())
    return _digest(str(relative).encode(), "\n".join(kept).encode(), *pictures).encode()


def page_key(page: Path, course: Course, runner: str) -> str:
    return _digest(runner.encode(), page_inputs(page, course))


@dataclass(eq=False)  # a pytest plugin must be hashable
class PageResults:
    """The pytest plugin: deselects the pages whose key passed before, records those that pass now."""

    course: Course
    records: Records = field(default_factory=lambda: Records(CACHE / "results" / "snippets"))
    reuse: bool = field(default_factory=reuse_allowed)
    keys: dict[Path, str] = field(default_factory=dict)
    expected: dict[Path, int] = field(default_factory=dict)  # tests of each page, before any -k
    passed: dict[Path, int] = field(default_factory=dict)
    failed: set[Path] = field(default_factory=set)
    reused: list[Path] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)  # "docs/es/x.md" (a test id's first part) -> page

    def _page_of(self, path: Path) -> Path | None:
        source = self.course.docs(self.course.source)
        return path if path.suffix == ".md" and source in path.parents else None

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, config, items) -> None:
        pages: dict[Path, list] = {}
        for item in items:
            page = self._page_of(Path(item.path))
            if page is not None:
                pages.setdefault(page, []).append(item)
                self.files[item.nodeid.split("::")[0]] = page
        if not pages:
            return
        if config.pluginmanager.hasplugin("tooling.backend_checks"):
            self.reuse = False  # it records what every page does on a backend (docs/backends.json): all must run
        runner = runner_fingerprint(self.course)
        reused_items = []
        for page, tests in pages.items():
            self.keys[page] = page_key(page, self.course, runner)
            self.expected[page] = len(tests)
            if self.reuse and self.records.seen(self.keys[page]):
                self.reused.append(page)
                reused_items.extend(tests)
        if reused_items:
            chosen = set(map(id, reused_items))
            items[:] = [item for item in items if id(item) not in chosen]
            config.hook.pytest_deselected(items=reused_items)

    def pytest_runtest_logreport(self, report) -> None:
        page = self.files.get(report.nodeid.split("::")[0])
        if page is None:  # not a page's snippet, or a pytest-xdist controller (its workers record)
            return
        if report.failed:
            self.failed.add(page)
        elif report.when == "call" or (report.when == "setup" and report.skipped):
            self.passed[page] = self.passed.get(page, 0) + 1

    def pytest_sessionfinish(self, session) -> None:
        summary = session.config.stash.get(SUMMARY, None)  # a pytest-xdist controller: its workers' summary
        if self.keys:
            summary = self._record(session)
        if summary and summary["reused"] and session.exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
            # Every test asked for passed before: nothing left to run is a success
            session.exitstatus = pytest.ExitCode.OK

    def _record(self, session) -> dict:
        for page, key in self.keys.items():
            whole = self.passed.get(page, 0) == self.expected[page]
            if whole and page not in self.failed and page not in self.reused:
                self.records.record(key, str(self.course.relative(page)))
        ran = sum(1 for page in self.keys if page not in self.reused)
        summary = {"reused": len(self.reused), "ran": ran}
        if hasattr(session.config, "workeroutput"):  # a pytest-xdist worker: its controller sums them up
            session.config.workeroutput["course_pages"] = summary
        else:
            session.config.stash[SUMMARY] = summary
        return summary

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node, error) -> None:
        summary = getattr(node, "workeroutput", {}).get("course_pages")
        if summary:  # every worker collects every page: they agree on what was reused
            total = node.config.stash.get(SUMMARY, {"reused": 0, "ran": 0})
            total["reused"] = max(total["reused"], summary["reused"])
            total["ran"] = max(total["ran"], summary["ran"])
            node.config.stash[SUMMARY] = total

    def pytest_terminal_summary(self, terminalreporter, config) -> None:
        summary = config.stash.get(SUMMARY, None)
        if summary and (summary["reused"] or summary["ran"]):
            terminalreporter.write_line(
                f"pages' snippets: {summary['reused']} pages reused (passed before with the same code, outputs, "
                f"pins and runner), {summary['ran']} run; COURSE_COLD=1 runs them all"
            )


SUMMARY = pytest.StashKey[dict]()


# --- the same for checks of the built site, one record per check of a page -------------------


@dataclass(frozen=True)
class Records:
    """Keys that passed, one file each under `store`."""

    store: Path

    def seen(self, key: str) -> bool:
        return reuse_allowed() and (self.store / key).exists()

    def record(self, key: str, what: str) -> None:
        """Only ever called after the check passed: a failure is never recorded."""
        self.store.mkdir(parents=True, exist_ok=True)
        (self.store / key).write_text(f"{what}\n", encoding="utf-8")


@functools.cache  # what is installed does not change during a run
def installed_versions() -> str:
    return "\n".join(sorted(f"{d.metadata['Name']}=={d.version}".lower() for d in importlib.metadata.distributions()))


def _files_digest(site: Path, files: tuple[Path, ...]) -> str:
    return _digest(*(f"{path.relative_to(site)}".encode() + b"\0" + path.read_bytes() for path in files))


@functools.cache  # the site is built once per run: its shared files are read once
def _shared_digest(site: Path) -> str:
    shared = [folder for folder in site.rglob("*") if folder.is_dir() and folder.name in ("assets", "search")]
    return _files_digest(
        site, tuple(sorted({path for folder in shared for path in folder.rglob("*") if path.is_file()}))
    )


NOT_LOADED = frozenset({".html", ".xml", ".gz", ".pdf"})  # other pages, the sitemap, the PDFs: a page never loads them


def built_page_key(site: Path, page: Path, checks: list[Path], browser: str) -> str:
    """A check of one built page: the page's HTML, every other file in its folder
    (its pictures), everything a page loads from the site (`assets/`, the search
    index of every language), the checking code, the installed versions and the
    browser's version. Another page's HTML is not an input."""
    files = {path for path in page.parent.iterdir() if path.is_file() and path.suffix not in NOT_LOADED}
    files |= {path for path in page.parent.iterdir() if path.is_file() and path.suffix not in NOT_LOADED}
    return _digest(
        _files_digest(site, tuple(sorted(files | {page}))).encode(),
        _shared_digest(site).encode(),
        *(path.read_bytes() for path in checks),
        installed_versions().encode(),
        browser.encode(),
    )


# --- the built site: a function of the course's sources ----------------------------------------

BUILD_INPUTS = ("docs", "examples", "overrides", "hooks", "tooling", "languages", "mkdocs.yml")


def site_key(root: Path) -> str:
    """Everything `mkdocs build` reads: the course's sources, its hooks and tooling,
    the installed versions, the Python version and the published address (the
    tests' builds, the only ones stored, always link the PDFs: tests/commands.py)."""
    files = sorted(
        path
        for name in BUILD_INPUTS
        for path in ((root / name).rglob("*") if (root / name).is_dir() else [root / name])
        if path.is_file() and "__pycache__" not in path.parts
    )
    return _digest(
        *(f"{path.relative_to(root)}".encode() + b"\0" + path.read_bytes() for path in files),
        installed_versions().encode(),
        sys.version.encode(),
        os.environ.get("SITE_URL", "").encode(),
    )
