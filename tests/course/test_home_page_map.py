"""The home page is the course's map: it links every page and every lesson of
the navigation, in every language, so a new page or lesson cannot be left off
the path."""

import pytest

from tooling.languages import COURSE
from tooling.markdown_source import read_markdown


def _nav_pages(nav) -> list[str]:
    pages = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            pages += _nav_pages(value)
        else:
            pages.append(value)
    return pages


CHAPTERS = [page for page in _nav_pages(COURSE.config["nav"]) if page.endswith(".md") and page != "index.md"]
LESSONS = [page for page in _nav_pages(COURSE.config["nav"]) if page.endswith(".ipynb")]


@pytest.mark.parametrize("language", COURSE.languages)
def test_the_home_page_links_every_page_and_every_lesson(language):
    home = COURSE.docs(language) / "index.md"
    linked = {target.split("#")[0] for _, target in read_markdown(home).internal_links}
    missing = [page for page in CHAPTERS + LESSONS if page not in linked]
    assert not missing, f"{COURSE.relative(home)}:1: the path does not link {missing}"
