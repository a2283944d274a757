"""A private copy of the course, as a contributor's clone holds it, to break or time."""

import shutil
from pathlib import Path

from tooling import ROOT

# The environment and everything generated stay behind: a copy starts cold.
# Only at the top: tests/site/ holds the site's tests and must be copied.
NOT_COPIED_AT_THE_TOP = frozenset({".venv", ".git", "site", ".cache"})
NOT_COPIED_ANYWHERE = frozenset({"__pycache__", "node_modules"})


def _not_copied(folder: str, names: list[str]) -> set[str]:
    ignored = NOT_COPIED_ANYWHERE | (NOT_COPIED_AT_THE_TOP if Path(folder) == ROOT else frozenset())
    return {name for name in names if name in ignored}


def copy_course(target: Path) -> Path:
    shutil.copytree(ROOT, target, ignore=_not_copied)
    return target
