"""The backend markers of every page and lesson are well formed (a reason for
each tensorflow-only, complete groups of outputs), and the record of the
checks on JAX and PyTorch (docs/backends.json) names only what the course has."""

import pytest

from tooling.backend_record import load_record
from tooling.backends import lesson_marks, page_marks
from tooling.examples import Example
from tooling.languages import COURSE

PAGES = sorted((COURSE.root / "docs").rglob("*.md"))
LESSONS = sorted((COURSE.root / "examples").rglob("*.py"))


@pytest.mark.parametrize("page", PAGES, ids=[COURSE.relative(p) for p in PAGES])
def test_page_backend_markers_are_well_formed(page):
    problems = page_marks(page, COURSE.relative(page)).problems
    assert not problems, "\n" + "\n".join(problems)


@pytest.mark.parametrize("lesson", LESSONS, ids=[COURSE.relative(p) for p in LESSONS])
def test_lesson_backend_markers_are_well_formed(lesson):
    problems = lesson_marks(Example(lesson)).problems
    assert not problems, "\n" + "\n".join(problems)


def test_the_record_of_the_backends_names_only_what_the_course_has():
    load_record(COURSE)  # raises RecordError naming docs/backends.json and what is wrong
