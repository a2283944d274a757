"""A private copy of the course, as a contributor's clone holds it, to break or time."""

import shutil
from pathlib import Path

from tooling import ROOT

# The environment and everything generated stay behind: a copy starts cold.
NOT_COPIED = shutil.ignore_patterns(".venv", ".git", "site", ".cache", "__pycache__")


def copy_course(target: Path) -> Path:
    shutil.copytree(ROOT, target, ignore=NOT_COPIED)
    return target
