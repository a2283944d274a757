"""Shared fixtures: the site built once per test run (whatever the number of
workers) and served on 127.0.0.1, the browser that opens it, and small
fixture courses to break."""

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from commands import mkdocs_build
from filelock import FileLock
from fixture_course import append, make_fixture_course
from more_languages import with_french
from serving import served

from tooling import CACHE
from tooling.chromium import INSTALL_HINT, LAUNCH_ARGUMENTS, chromium_executable
from tooling.languages import COURSE, Course
from tooling.results import reuse_allowed, site_key


def once_per_run(tmp_path_factory, name: str, make) -> dict:
    """What `make(folder)` returns (JSON), made once per test run: under
    pytest-xdist the first worker that needs it makes it in a folder all
    workers share, and the others wait for it and reuse it."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the folder every worker's temporary folder lives in
    outcome = shared / f"{name}.json"
    with FileLock(str(shared / f"{name}.lock")):
        if not outcome.exists():
            (shared / name).mkdir()
            outcome.write_text(json.dumps(make(shared / name)), encoding="utf-8")
    return json.loads(outcome.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole site, every language, built with --strict (warnings are errors),
    once per run; into $COURSE_SITE_DIR when it is set, where it stays after the
    tests: CI sets it (and SITE_URL, for sitemap.xml) to publish the site the
    tests checked instead of building it again."""

    def build(folder: Path) -> dict:
        site = Path(os.environ.get("COURSE_SITE_DIR") or folder / "site")
        # The site is a function of the course's sources (tooling/results.py): an
        # unchanged course reuses the last site that built, instead of building it again.
        key = site_key(COURSE.root)
        stored = CACHE / "results" / "site" / key
        if reuse_allowed() and stored.is_dir():
            shutil.copytree(stored, site, dirs_exist_ok=True)
            return {"site": str(site), "status": 0, "log": f"reused the site built from the same sources ({stored})"}
        result = mkdocs_build(COURSE.root, site)
        if result.returncode == 0:
            shutil.rmtree(stored.parent, ignore_errors=True)  # only the last site is kept
            shutil.copytree(site, stored)
        return {"site": str(site), "status": result.returncode, "log": result.stdout + result.stderr}

    built = once_per_run(tmp_path_factory, "course-site", build)
    if built["status"] != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{built['log']}", pytrace=False)
    return Path(built["site"])


@pytest.fixture(scope="session")
def course_pdfs(built_site, browser, tmp_path_factory) -> dict[str, dict]:
    """Each language's PDF of the whole course (tooling/pdf.py), printed once per
    run into the built site, where the home pages link to it: CI publishes the
    PDFs these tests checked, with the site. Per language: its path and what
    the print layout got wrong, by kind (tests/site/test_pdf.py shows each)."""
    from tooling.pdf import make_pdfs

    def make(folder: Path) -> dict:
        printed = make_pdfs(browser, built_site, strict=False)
        return {language: {"path": str(pdf.path), "problems": pdf.problems} for language, pdf in printed.items()}

    return once_per_run(tmp_path_factory, "course-pdfs", make)


@pytest.fixture(scope="session")
def served_site(built_site):
    """The built site over HTTP: the base URL, ending in '/'."""
    with served(built_site) as base:
        yield base


@pytest.fixture
def fixture_course(tmp_path) -> Course:
    """A private copy of the small fixture course (tests/fixtures/course/) to break on purpose."""
    return make_fixture_course(tmp_path / "course")


@dataclass
class BrokenSite:
    course: Course
    site: Path
    lesson_link_line: int  # where the lesson's dead anchor is written


STALE_SPANISH = ("recorre los datos", "recorre todos los datos")  # a changed sentence in docs/es/chapter.md


@pytest.fixture(scope="session")
def broken_site(tmp_path_factory) -> BrokenSite:
    """One build of the fixture course, with French added and the mistakes that
    do not stop a build made all at once: the tests that only read a built
    site share it, instead of each building its own."""

    def build(folder: Path) -> dict:
        course = with_french(make_fixture_course(folder / "course"))
        spanish = course.root / "docs/es/chapter.md"
        spanish.write_text(spanish.read_text(encoding="utf-8").replace(*STALE_SPANISH), encoding="utf-8")
        line = append(
            course.root / "examples/es/tiny.py", "\n# %% [markdown]\n# Véase [el capítulo](../../chapter/#no-existe).\n"
        )
        result = mkdocs_build(course.root, folder / "site")
        return {
            "root": str(course.root),
            "site": str(folder / "site"),
            "status": result.returncode,
            "log": result.stderr,
            "line": line + 2,
        }

    built = once_per_run(tmp_path_factory, "broken-fixture-site", build)
    assert built["status"] == 0, built["log"]
    return BrokenSite(Course(Path(built["root"])), Path(built["site"]), built["line"])


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (tests/test_browser.py, tests/test_accessibility.py)."""
    executable = chromium_executable()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"no Chromium found, and CI must run the browser tests: {INSTALL_HINT}", pytrace=False)
        pytest.skip(f"no Chromium found: {INSTALL_HINT}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGUMENTS)
        yield browser
        browser.close()
