"""Every page of every language, opened once in Debian's Chromium: it loads
cleanly and only from the site (no console error, no failed request, no
request to another host), it is in its language with every image loading and
described, its headings are in order, lessons show their outputs, and axe-core
finds no serious or critical violation in either color scheme."""

from pathlib import Path

import pytest
from browsing import PageVisit, Tab, axe_problems, page_problems, where
from site_pages import A_CHAPTER, A_LESSON, ALL_URLS, LANGUAGE_PREFIX

from tooling import CACHE, ROOT
from tooling.languages import COURSE
from tooling.results import Records, built_page_key

# A page's visit is remembered once it passed (tooling/results.py), keyed by the
# built page, what it loads and this checking code: an unchanged page is not visited again.
RECORDS = Records(CACHE / "results" / "pages-in-browser")
CHECKS = [
    Path(__file__),
    *(ROOT / "tests" / name for name in ("browsing.py", "serving.py", "site_pages.py", "conftest.py")),
    ROOT / "tooling" / "chromium.py",
]


@pytest.fixture(scope="module")
def context(browser, served_site):
    context = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 800})
    yield context
    context.close()


@pytest.fixture(scope="module")
def tab(context):
    """The tab every page of a worker is visited in, one after another."""
    return Tab(context)


def check_page(tab, served_site, built_site, language, url):
    key = built_page_key(
        built_site, built_site / LANGUAGE_PREFIX[language] / url / "index.html", CHECKS, tab.context.browser.version
    )
    if RECORDS.seen(key):
        pytest.skip("reused: passed before with the same page, the same files it loads and the same checks")
    # "load" rather than "networkidle": the axe runs take longer than the half
    # second networkidle waits for, and the visit records every request made meanwhile.
    visit = PageVisit(tab.context, served_site, LANGUAGE_PREFIX[language] + url, wait_until="load", tab=tab.page)
    try:
        page = visit.page
        problems = page_problems(page, language)
        if url.startswith("examples/") and not page.locator(".jp-OutputArea-output").first.is_visible():
            problems.append("no output of the lesson is shown")
        problems += axe_problems(page, in_full=url in (A_CHAPTER, A_LESSON))
        problems += visit.problems
    finally:
        visit.end()
    assert not problems, f"{where(language, url)}: {len(problems)} problems\n  " + "\n  ".join(problems)
    RECORDS.record(key, where(language, url))


# Every check runs on every language. Measured per visit of a translated page
# (first-model, regularization, a lesson and the glossary, twice each, 2 cores):
# loading 0.6 s, the page's own checks 0.2 s, injecting axe 0.2 s, axe in the
# light scheme (every rule) 2.0 s and in the dark one (contrast only) 1.0 s. All
# of it depends on the translation's own text: its language, the names of its
# images, links and controls, the headings and tables of its prose, the contrast
# of text that wraps differently. Parity proves the code the same in every
# language, not the prose. What is the same in every language (a lesson shows its
# outputs, code blocks scroll with the keyboard) costs 0.03 s a page: checking it
# once per pair would save under 1 % of a visit, for a second code path to keep right.


# Two classes so that the visits, the longest part of the suite when run one
# after another, go to two workers at once: `make test` distributes by scope
# (--dist loadscope), a class being a scope of its own and a module the scope
# of its functions and of a page's snippets.
@pytest.mark.parametrize("language", [COURSE.source])
@pytest.mark.parametrize("url", ALL_URLS)
class TestSourceLanguage:
    def test_page_loads_cleanly_and_is_accessible(self, tab, served_site, built_site, language, url):
        check_page(tab, served_site, built_site, language, url)


@pytest.mark.parametrize("language", COURSE.translations)
@pytest.mark.parametrize("url", ALL_URLS)
class TestTranslations:
    def test_page_loads_cleanly_and_is_accessible(self, tab, served_site, built_site, language, url):
        check_page(tab, served_site, built_site, language, url)
