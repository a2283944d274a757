"""Every link of every page and lesson reaches a page, lesson or file of its
language, and every #anchor exists (read from the Markdown, in well under a
second; the built site is checked again by tests/site/)."""

from tooling.links import dead_links


def test_no_dead_link_or_anchor_in_the_sources():
    problems = dead_links()
    assert not problems, "\n" + "\n".join(problems)
