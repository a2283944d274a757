"""The style guide's checkable rules on every page and lesson: no variant that
docs/glossary.yml lists under `avoid:`, and decimal commas where the language writes them."""

import pytest

from tooling.glossary import load_glossary
from tooling.languages import COURSE
from tooling.style import check_files, course_files

FILES = [(language, path) for language in COURSE.languages for path in course_files(COURSE, language)]


@pytest.fixture(scope="module")
def terms():
    return load_glossary()


@pytest.mark.parametrize("language, path", FILES, ids=[COURSE.relative(path) for _, path in FILES])
def test_prose_follows_the_style_guide(terms, language, path):
    findings = check_files([path], language, terms)
    if findings:
        pytest.fail("\n".join(map(str, findings)), pytrace=False)
