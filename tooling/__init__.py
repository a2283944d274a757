"""Tooling of the course: how pages and examples are parsed, compared and executed.

The MkDocs hooks (``hooks/``), the tests (``tests/``) and the benchmark
(``benchmarks/``) all import from here, so each rule lives in one place.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the course's top folder (its languages: tooling/languages.py)
# What the course remembers between runs (lesson executions, figures, passed pages): COURSE_CACHE_DIR moves it.
CACHE = Path(os.environ.get("COURSE_CACHE_DIR", ROOT / ".cache" / "course"))
