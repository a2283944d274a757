"""The course as a path a learner finishes: nothing used before the page that
teaches it, pages that fit a sitting, openings that do not send the reader
elsewhere first (tooling/teaching.py, tooling/sittings.py)."""

import pytest

from tooling.languages import COURSE
from tooling.sittings import opening_links, pages, too_long
from tooling.teaching import check_path

PAGES = [path for language in COURSE.languages for path in pages(COURSE, language)]


def test_nothing_is_used_before_the_page_that_teaches_it():
    problems = check_path(COURSE)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", PAGES, ids=[COURSE.relative(path) for path in PAGES])
def test_a_page_fits_a_sitting(page):
    problems = too_long(page, COURSE) + opening_links(page, COURSE)
    assert not problems, "\n".join(problems)
