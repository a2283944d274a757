"""The built site in a real browser: Debian's Chromium driven by Playwright.

The language switcher, search, the 404 page and the copy button of doctests
work as a reader uses them (every page's own checks: test_every_page.py).

No browser is downloaded: the tests use the `chromium` on PATH (Debian:
`apt-get install chromium`). Without one they are skipped, except under
CI=true, where a missing browser is a failure (.ci/run installs it).
"""

import doctest
import json
import re
from pathlib import Path

import pytest
from browsing import CONTRAST_FUNCTION, NO_TRANSITIONS, SCHEMES, PageVisit, Tab, set_scheme
from serving import served
from site_pages import A_CHAPTER, A_LESSON, LANGUAGE_PREFIX, LANGUAGES, PAGES, language_of, page_url

from tooling.languages import COURSE
from tooling.markdown_source import read_markdown


@pytest.fixture
def context(browser, served_site):
    context = browser.new_context(locale="es-ES")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_site.rstrip("/"))
    yield context
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_not_found_page_speaks_the_language(context, served_site, language):
    visit = PageVisit(context, served_site, f"{LANGUAGE_PREFIX[language]}404.html")
    assert not visit.problems, "\n".join(visit.problems)
    assert visit.page.evaluate("document.documentElement.lang") == language
    heading = visit.page.locator("article h1").inner_text()
    assert heading == COURSE.strings(language)["extra"]["not_found"]["title"]
    home = visit.page.locator("article a").last
    home.click()
    visit.page.wait_for_load_state()
    assert visit.page.url == served_site + LANGUAGE_PREFIX[language]


# A chapter and a lesson: the switcher must keep the reader on the same page.
SWITCHED_URLS = [A_CHAPTER, A_LESSON]


@pytest.mark.parametrize("url", SWITCHED_URLS)
def test_language_switcher_leads_to_the_same_page_and_back(context, served_site, url):
    visit = PageVisit(context, served_site, url)
    page = visit.page
    for language, other in zip(LANGUAGES, LANGUAGES[1:] + LANGUAGES[:1], strict=True):  # round the languages and back
        page.locator(".md-header .md-select").first.hover()
        page.locator(f'.md-select__link[hreflang="{other}"]').first.click()
        page.wait_for_load_state()
        assert page.url == served_site + LANGUAGE_PREFIX[other] + url, (
            f"from {language}, the switcher led to {page.url}"
        )
        assert page.evaluate("document.documentElement.lang") == other


def _word_of_one_language(site: Path, language: str) -> str:
    """A word of the titles of `language`'s pages that no other language's index contains."""

    def words(lang: str, titles_only: bool) -> set[str]:
        index = json.loads((site / LANGUAGE_PREFIX[lang] / "search" / "search_index.json").read_text(encoding="utf-8"))
        texts = [doc["title"] if titles_only else doc["title"] + " " + doc["text"] for doc in index["docs"]]
        return {word.casefold() for text in texts for word in re.findall(r"[^\W\d_]{6,}", text)}

    elsewhere = set().union(*(words(other, False) for other in LANGUAGES if other != language))
    candidates = sorted(words(language, True) - elsewhere)
    assert candidates, f"no title word is only in the {language} pages"
    return candidates[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_finds_the_pages_of_the_readers_language_only(context, built_site, served_site, language):
    term = _word_of_one_language(built_site, language)
    visit = PageVisit(context, served_site, LANGUAGE_PREFIX[language])
    page = visit.page
    page.keyboard.press("s")  # Material's shortcut to the search box
    page.keyboard.type(term)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    links = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")
    assert links, f"searching {term!r} on the {language} site found nothing"
    foreign = [link for link in links if language_of(link.removeprefix(served_site))[0] != language]
    assert not foreign, f"searching {term!r} on the {language} site gave pages of another language: {foreign}"


def _first_doctest(page: Path):
    """The page's first python fence, when it is a doctest: it runs without the fences before it."""
    first = next((fence for fence in read_markdown(page).fences if fence.info == "python"), None)
    return first if first is not None and first.is_doctest else None


# The first page, in file order, whose first python fence is a doctest.
DOCTEST_PAGE = next(page for page in PAGES if _first_doctest(COURSE.docs(COURSE.source) / page))


@pytest.mark.parametrize("language", LANGUAGES)
def test_copy_button_of_a_doctest_copies_code_that_runs(context, served_site, language):
    source = COURSE.docs(language) / DOCTEST_PAGE
    fence = _first_doctest(source)
    expected = "".join(example.source for example in doctest.DocTestParser().get_examples(fence.body)).rstrip("\n")
    visit = PageVisit(context, served_site, f"{LANGUAGE_PREFIX[language]}{page_url(DOCTEST_PAGE)}")
    visit.page.locator(".language-pycon").first.hover()
    visit.page.locator(".language-pycon .md-code__button").first.click()
    copied = visit.page.evaluate("navigator.clipboard.readText()")
    where = f"{COURSE.relative(source)}:{fence.line}"
    assert copied == expected, f"{where}: the copy button copied {copied!r}"
    assert ">>>" not in copied
    exec(compile(copied, f"{where} (copied)", "exec"), {})  # pastes and runs


CONTRAST_PROBES = {
    "header title on the header": ".md-header__topic",
    "link on the page": "article a[href]:not(.headerlink):not(.md-content__button)",
    "body text on the page": "article p",
}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_text_keeps_the_contrast_of_wcag_aa(context, served_site, scheme):
    visit = PageVisit(context, served_site, SWITCHED_URLS[0])
    page = visit.page
    page.add_style_tag(content=NO_TRANSITIONS)  # Material animates colour changes
    set_scheme(page, scheme)
    problems = []
    for what, selector in CONTRAST_PROBES.items():
        ratio = page.evaluate(CONTRAST_SCRIPT, selector)
        if ratio < 4.5:
            problems.append(f"{what} ({selector}): contrast {ratio:.2f}:1, below 4.5:1")
    assert not problems, f"scheme {scheme}:\n  " + "\n  ".join(problems)


# The WCAG contrast ratio of the text of the first element matching a selector.
CONTRAST_SCRIPT = f"selector => ({CONTRAST_FUNCTION})(document.querySelector(selector), null).ratio"


def test_a_tab_reused_for_visit_after_visit_reports_each_page_its_own_problems(browser, tmp_path):
    (tmp_path / "index.html").write_text(
        "<!doctype html><title>clean</title><p>Nothing wrong here.</p>", encoding="utf-8"
    )
    (tmp_path / "noisy.html").write_text(
        "<!doctype html><title>noisy</title><p>Broken.</p>"
        "<script>console.error('broken on purpose'); fetch('missing.json')</script>",
        encoding="utf-8",
    )
    context = browser.new_context()
    tab = Tab(context)
    try:
        with served(tmp_path) as base:
            reports = []
            for path in ("noisy.html", "", "noisy.html"):
                visit = PageVisit(context, base, path, tab=tab.page)
                visit.end()
                reports.append(visit.problems)
            assert tab.page is visit.page  # one tab for the three visits
    finally:
        context.close()
    noisy, clean, noisy_again = reports
    # (Chromium may not log the same failed resource twice: the 404 is what counts)
    for problems in (noisy, noisy_again):
        assert "console error: broken on purpose" in problems and any(p.startswith("HTTP 404: ") for p in problems), (
            problems
        )
    assert clean == []


PHONE = {"width": 390, "height": 844}
FIRST_PARAGRAPH_WIDTH = (
    "document.querySelector('article .jp-MarkdownCell p, article > p').getBoundingClientRect().width"
)


def test_a_lessons_text_is_as_wide_as_a_chapters_on_a_phone(browser, served_site):
    """A lesson's prose uses the phone's width as a chapter's does: nothing
    floated beside it (the page's buttons) narrows it for its whole length."""
    context = browser.new_context(viewport=PHONE)
    try:
        widths = {}
        for url in (A_CHAPTER, A_LESSON):
            visit = PageVisit(context, served_site, url)
            widths[url] = visit.page.evaluate(FIRST_PARAGRAPH_WIDTH)
            sideways = visit.page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]
            assert not sideways, f"/{url} scrolls sideways on a phone"
        # The notebook and its cells keep a padding of their own: 15 px a side.
        assert widths[A_LESSON] >= widths[A_CHAPTER] - 32, f"on a phone, /{A_LESSON}'s text is {widths}"
    finally:
        context.close()
