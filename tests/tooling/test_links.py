"""tooling/links.py on a tiny course: links of pages and lessons, and their anchors."""

import pytest
from fixture_course import append

from tooling.links import dead_links


def test_the_fixture_course_has_no_dead_link(fixture_course):
    assert dead_links(fixture_course) == []


@pytest.mark.parametrize(
    "link, problem",
    [
        ("[a](chapter.md#nope)", "link 'chapter.md#nope': no anchor '#nope' in that page"),
        ("[b](missing.md)", "link 'missing.md' leads to no page, lesson or file of docs/es/"),
        ("[c](examples/tiny.ipynb#zz)", "link 'examples/tiny.ipynb#zz': no anchor '#zz' in that page"),
        ("[d](/chapter/)", "link '/chapter/' is absolute; write it relative to the page"),
        ("[e][ref]\n\n[ref]: chapter.md#gone", "link 'chapter.md#gone': no anchor '#gone' in that page"),
        ("![f](assets/none.svg)", "link 'assets/none.svg' leads to no page, lesson or file of docs/es/"),
    ],
)
def test_a_page_link_that_leads_nowhere_is_named_with_its_line(fixture_course, link, problem):
    line = append(fixture_course.root / "docs/es/index.md", f"\n{link}\n")
    assert dead_links(fixture_course) == [f"docs/es/index.md:{line + 1}: {problem}"]


@pytest.mark.parametrize("link", ["chapter.md#sums", "examples/tiny.ipynb#check", "#fixture-course", "glossary.md"])
def test_links_to_pages_lessons_and_anchors_that_exist_pass(fixture_course, link):
    append(fixture_course.root / "docs/es/index.md", f"\n[ok]({link})\n")
    assert dead_links(fixture_course) == []


def test_a_lessons_links_are_urls_of_its_rendered_page(fixture_course):
    append(
        fixture_course.root / "examples/es/tiny.py",
        "\n# %% [markdown]\n# [a](../../chapter/#sums) [b](#check) [c](../tiny/#check) [d](../../chapter/#nope)\n",
    )
    [problem] = dead_links(fixture_course)
    assert problem.endswith("link '../../chapter/#nope': no anchor '#nope' in that page"), problem
