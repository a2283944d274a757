"""Shared fixtures: the site built once per test session, and throwaway copies of the course."""

import shutil
from pathlib import Path

import pytest

from commands import mkdocs_build
from tooling.parity import ROOT

# What a contributor's clone holds, minus the environment and generated files.
NOT_COPIED = shutil.ignore_patterns(".venv", ".git", "site", ".cache", "__pycache__")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole site, both languages, built with --strict (warnings are errors)."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return site


@pytest.fixture
def course_copy(tmp_path) -> Path:
    """A private copy of the course to break on purpose."""
    copy = tmp_path / "course"
    shutil.copytree(ROOT, copy, ignore=NOT_COPIED)
    return copy
