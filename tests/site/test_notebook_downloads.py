"""The notebooks readers download or open in Colab start with the cell that installs
the course's versions of what the lesson uses; the lesson's page shows the lesson."""

import json

import pytest
from site_pages import EXAMPLES, LANGUAGE_PREFIX, LANGUAGES, html

from tooling.examples import find_examples
from tooling.notebook_setup import SETUP_TAG, setup_cell

LESSONS = {(lesson.language, lesson.name): lesson for language in LANGUAGES for lesson in find_examples(language)}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", EXAMPLES)
def test_published_notebook_starts_with_the_setup_cell(built_site, language, name):
    published = built_site / LANGUAGE_PREFIX[language] / "examples" / name / f"{name}.ipynb"
    first = json.loads(published.read_text(encoding="utf-8"))["cells"][0]
    expected = setup_cell(LESSONS[(language, name)])
    assert first["cell_type"] == "code" and "".join(first["source"]) == expected.source, (
        f"examples/{language}/{name}.py: {published.relative_to(built_site)} does not start with its setup cell"
    )
    assert first["metadata"].get("tags") == [SETUP_TAG]
    assert not first["outputs"] and first["execution_count"] is None, "the setup cell never runs in the course's build"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", EXAMPLES)
def test_the_lesson_page_does_not_show_the_setup_cell(built_site, language, name):
    page = html(built_site, language, f"examples/{name}/")
    assert "COURSE_VERSIONS" not in page, f"examples/{language}/{name}.py: the setup cell shows on the lesson's page"
