"""The key of a built page's browser check (tooling/results.py) changes with each
of its inputs, and only with them; tests/records/ proves the same of the pages'
snippets by running them."""

from pathlib import Path

import pytest

from tooling.results import built_page_key


@pytest.fixture
def site(tmp_path) -> Path:
    files = {
        "index.html": "<h1>home</h1>",
        "layers/index.html": "<h1>layers</h1>",
        "layers/figure.webp": "pixels",
        "sequential/index.html": "<h1>sequential</h1>",
        "assets/stylesheets/course.css": "body { color: #000 }",
        "search/search_index.json": '{"docs": []}',
        "en/search/search_index.json": '{"docs": []}',
        "sitemap.xml": "<urlset/>",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / "check.py").write_text("def check(): ...")
    return tmp_path


def key(site: Path, browser: str = "Chromium 140") -> str:
    built_page_key.__globals__["_shared_digest"].cache_clear()  # the site changed since the last key
    return built_page_key(site, site / "layers" / "index.html", [site / "check.py"], browser)


@pytest.mark.parametrize(
    "changed",
    [
        "layers/index.html",
        "layers/figure.webp",
        "assets/stylesheets/course.css",
        "search/search_index.json",
        "en/search/search_index.json",
        "check.py",
    ],
)
def test_each_input_changes_the_key(site, changed):
    before = key(site)
    (site / changed).write_text((site / changed).read_text() + " ")
    assert key(site) != before, f"{changed} is an input of the check, and its key did not change"


def test_another_browser_changes_the_key(site):
    assert key(site, "Chromium 141") != key(site)


@pytest.mark.parametrize("unrelated", ["sequential/index.html", "index.html", "sitemap.xml"])
def test_what_the_page_does_not_load_leaves_the_key(site, unrelated):
    before = key(site)
    (site / unrelated).write_text((site / unrelated).read_text() + " ")
    assert key(site) == before
