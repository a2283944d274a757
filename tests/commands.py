"""The course's commands, run as a contributor runs them, output captured."""

import os
import subprocess
import sys
from pathlib import Path

from tooling import CACHE, ROOT


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        # The executions cache is shared: a copy of the course reuses the runs
        # of unchanged lessons instead of training them again.
        "COURSE_CACHE_DIR": str(CACHE),
        # A fixture course has no tooling of its own: it uses the course's.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        **(env or {}),
    }
    return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=600)


def mkdocs_build(cwd: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """The strict build the tests check; they print the course's PDFs into it, so its home pages link them."""
    return run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)], cwd, {"COURSE_PDF": "1"}
    )


def pytest_in(cwd: Path, *arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", *arguments], cwd, env)
