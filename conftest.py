"""Every Python fence of the source language's pages is a test: see tooling/snippets.py.

The translations' fences are not run again: tests/course/test_languages_match.py
proves they carry the same code and outputs.
"""

from pathlib import Path

from tooling.languages import Course
from tooling.results import PageResults
from tooling.snippets import snippets_of

# The course is the folder of this file (a fixture course in the tests carries a copy).
pytest_collect_file = snippets_of(Course(Path(__file__).resolve().parent)).pytest()


def pytest_configure(config):
    """Pages whose snippets passed with the same inputs are not run again (tooling/results.py)."""
    config.pluginmanager.register(PageResults(Course(Path(__file__).resolve().parent)), "course-page-results")
