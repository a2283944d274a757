"""The built site: both languages at the expected URLs, notebooks rendered with
their outputs and downloadable, a language switcher that keeps the page."""

import json
import re

import pytest
from serving import published_path
from site_pages import ALL_URLS, EXAMPLES, LANGUAGE_PREFIX, LANGUAGES, html, source_of, title_of

from tooling.languages import COURSE


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("url", ALL_URLS)
def test_page_is_built_in_its_language(built_site, language, url):
    assert f'<html lang="{language}"' in html(built_site, language, url)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("url", ALL_URLS)
def test_language_switcher_leads_to_the_same_page(built_site, language, url):
    page = built_site / LANGUAGE_PREFIX[language] / url / "index.html"
    links = dict(
        (lang, href)
        for href, lang in re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)" class="md-select__link"', page.read_text())
    )
    assert set(links) == set(LANGUAGES), f"{url}: switcher offers {sorted(links)}"
    root = published_path(built_site)  # "/", or "/curso/" for a site built for its published address
    for other in LANGUAGES:
        href = links[other]
        # The home pages link to the language roots ("/", "/en/" under the root), other pages relatively.
        target = (built_site / href.removeprefix(root) if href.startswith("/") else page.parent / href).resolve()
        expected = (built_site / LANGUAGE_PREFIX[other] / url).resolve()
        assert target == expected, f"{LANGUAGE_PREFIX[language]}{url}: switcher leads to {target}, not {expected}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", EXAMPLES)
def test_example_is_a_notebook_page_with_outputs(built_site, language, name):
    page = html(built_site, language, f"examples/{name}/")
    assert '"cell_type"' not in page, "the notebook was copied as raw JSON instead of rendered"
    # Elements, not strings: the inlined notebook CSS names these classes too.
    assert re.search(r'<div class="[^"]*jp-OutputArea-output', page), "no rendered output on the notebook page"
    assert not re.search(r'<div[^>]*data-mime-type="application/vnd.jupyter.stderr"', page), (
        "a stderr or error output is shown"
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", EXAMPLES)
def test_example_notebook_is_downloadable_with_its_outputs(built_site, language, name):
    folder = built_site / LANGUAGE_PREFIX[language] / "examples" / name
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert f'href="{name}.ipynb"' in page or f'/{name}.ipynb"' in page, "no download link on the page"
    notebook = json.loads((folder / f"{name}.ipynb").read_text(encoding="utf-8"))
    assert any(cell.get("outputs") for cell in notebook["cells"]), "the downloadable notebook has no outputs"
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_its_own_search_index(built_site, language):
    # Pages of a language search their own index (hooks/course_pages.py), so a
    # Spanish reader gets Spanish results and an English reader English ones.
    index = json.loads(
        (built_site / LANGUAGE_PREFIX[language] / "search" / "search_index.json").read_text(encoding="utf-8")
    )
    assert index["config"]["lang"] == [language]
    indexed = {doc["title"] for doc in index["docs"] if "#" not in doc["location"]}
    titles = {title_of(html(built_site, language, url)) for url in ALL_URLS}
    assert indexed == titles, (
        f"indexed but not a {language} page: {sorted(indexed - titles)}; missing: {sorted(titles - indexed)}"
    )


def test_no_page_requests_google_fonts(built_site):
    offenders = [
        str(path.relative_to(built_site))
        for path in built_site.rglob("*.html")
        if "fonts.googleapis.com" in path.read_text(encoding="utf-8")
        or "fonts.gstatic.com" in path.read_text(encoding="utf-8")
    ]
    assert not offenders, f"pages loading Google Fonts: {offenders}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_site_name_and_navigation_follow_the_language(built_site, language):
    home = html(built_site, language, "")
    strings = COURSE.strings(language)
    assert f"<title>{strings['site_name']}" in home, f"languages/{language}.yml: its site_name is not the title"
    for other in LANGUAGES:
        if other != language and COURSE.strings(other)["site_name"] != strings["site_name"]:
            assert COURSE.strings(other)["site_name"] not in home, (
                f"the {other} site name shows on the {language} home page"
            )
    for translated in (COURSE.strings(language).get("navigation") or {}).values():
        assert f">{translated}<" in home.replace(" <", "<").replace("> ", ">"), (
            f"languages/{language}.yml: section {translated!r} not in the navigation"
        )


REPOSITORY = "https://github.com/keras-y-tensorflow/curso"  # repo_url in mkdocs.yml


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("url", ALL_URLS)
def test_edit_link_opens_the_source_of_the_page(built_site, language, url):
    page = html(built_site, language, url)
    expected = f'href="{REPOSITORY}/edit/main/{source_of(language, url)}"'
    assert expected in page, f"{source_of(language, url)}: no 'edit this page' link to its source ({expected})"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", EXAMPLES)
def test_example_opens_in_colab_from_the_published_notebook(built_site, language, name):
    page = html(built_site, language, f"examples/{name}/")
    published = f"{LANGUAGE_PREFIX[language]}examples/{name}/{name}.ipynb"
    colab = f"https://colab.research.google.com/github/{REPOSITORY.removeprefix('https://github.com/')}/blob/gh-pages/{published}"
    assert f'href="{colab}"' in page, f"examples/{language}/{name}.py: no Colab link to {published}"
    assert (built_site / published).exists(), f"{published} is not published with the site"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", EXAMPLES)
def test_notebook_page_is_light(built_site, language, name):
    # mkdocs-jupyter inlines ~600 KB of CSS per page; hooks/example_notebooks.py
    # serves it once, and figures as image files.
    path = built_site / LANGUAGE_PREFIX[language] / "examples" / name / "index.html"
    page = path.read_text(encoding="utf-8")
    assert "<style" not in page.split("<article", 1)[1], f"examples/{language}/{name}.py: CSS inlined in the page"
    assert "data:image/png;base64" not in page, f"examples/{language}/{name}.py: a figure is inlined as base64"
    kilobytes = path.stat().st_size / 1024
    assert kilobytes <= 150, f"examples/{language}/{name}.py: its page weighs {kilobytes:.0f} KB of HTML (at most 150)"


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_that_build_on_the_original_text_say_so_under_their_title(built_site, language):
    from tooling.markdown_source import read_markdown

    note = COURSE.strings(language)["original"]["note"].split("<a")[0]
    for source in sorted(COURSE.docs(COURSE.source).glob("*.md")):
        url = "" if source.stem == "index" else f"{source.stem}/"
        page = html(built_site, language, url)
        flagged = read_markdown(source).meta.get("original") is True
        shown = re.search(
            r'</h1><p class="checked-backends">.*?</p><p class="from-original"><small>' + re.escape(note), page
        ) or re.search(r'</h1><p class="from-original"><small>' + re.escape(note), page)
        assert bool(shown) == flagged, (
            f"{LANGUAGE_PREFIX[language]}{url}: the original text's line under the title is "
            f"{'missing' if flagged else 'shown'}, and {COURSE.relative(source)} says original: {flagged}"
        )
