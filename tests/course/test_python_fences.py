"""No Python fence escapes sybil: every one is collected, none is silently skipped.

sybil's Markdown parser only collects fences whose info string is exactly
``python``; ```` ```py ```` or ```` ```python title="x.py" ```` would render on
the site and never run. Translations are checked too: their fences are the
source's (parity), but a misspelled one must be reported where it is written.
"""

from pathlib import Path

import pytest

from tooling.languages import COURSE
from tooling.snippets import misspelled_python_fences, skips_without_reason, tracebacks_shown, uncollected_python_fences

PAGES = sorted((COURSE.root / "docs").rglob("*.md"))
IDS = [COURSE.relative(page) for page in PAGES]


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_python_fences_are_written_exactly_python(page: Path):
    problems = misspelled_python_fences(page)
    assert not problems, "\n" + "\n".join(problems)


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_every_python_fence_produced_a_collected_example(page: Path):
    problems = uncollected_python_fences(page)
    assert not problems, "\n" + "\n".join(problems)


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_every_skip_gives_a_reason(page: Path):
    problems = skips_without_reason(page)
    assert not problems, "\n" + "\n".join(problems)


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_no_doctest_shows_a_traceback(page: Path):
    problems = tracebacks_shown(page, COURSE)
    assert not problems, "\n" + "\n".join(problems)
