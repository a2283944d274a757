"""Shared fixtures: the site built once per test session and served on
127.0.0.1, the browser that opens it, and throwaway copies of the course."""

import os
import shutil
from pathlib import Path

import pytest

from commands import mkdocs_build
from serving import served
from tooling.course_copy import copy_course
from tooling.parity import ROOT


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole site, both languages, built with --strict (warnings are errors)."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return site


@pytest.fixture(scope="session")
def served_site(built_site):
    """The built site over HTTP: the base URL, ending in '/'."""
    with served(built_site) as base:
        yield base


@pytest.fixture
def course_copy(tmp_path) -> Path:
    """A private copy of the course to break on purpose."""
    return copy_course(tmp_path / "course")


INSTALL_HINT = "install Debian's Chromium (sudo apt-get install chromium) or set COURSE_CHROMIUM to a Chromium binary"


def chromium_executable() -> str | None:
    if os.environ.get("COURSE_CHROMIUM"):
        return os.environ["COURSE_CHROMIUM"]
    # Debian's /usr/bin/chromium is a shell wrapper that prints a warning on
    # some machines; the binary it starts works the same without it.
    for candidate in ("/usr/lib/chromium/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


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
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield browser
        browser.close()
