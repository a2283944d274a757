"""Shared fixtures: the site built once per test session and served on
127.0.0.1, and throwaway copies of the course."""

import os
from pathlib import Path

import pytest

from commands import mkdocs_build
from serving import served
from tooling.course_copy import copy_course
from tooling.parity import ROOT


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole site, both languages, built with --strict (warnings are errors),
    into a temporary folder; or into $COURSE_SITE_DIR when it is set, where it
    stays after the tests: CI sets it (and SITE_URL, for sitemap.xml) to publish
    the site the tests checked instead of building it again."""
    site = Path(os.environ["COURSE_SITE_DIR"]) if os.environ.get("COURSE_SITE_DIR") else tmp_path_factory.mktemp("site")
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
