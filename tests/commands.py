"""The course's commands, run as a contributor runs them, output captured."""

import os
import subprocess
import sys
from pathlib import Path

from tooling.examples import CACHE


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    # The executions cache is shared: a copy of the course reuses the runs of
    # unchanged examples instead of training them again.
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", COURSE_CACHE_DIR=str(CACHE), **(env or {}))
    return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=600)


def mkdocs_build(cwd: Path, site_dir: Path) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)], cwd)


def pytest_in(cwd: Path, *arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "pytest", "-q", *arguments], cwd, env)
