"""The pages the built site must have, and where each one comes from."""

import re
from pathlib import Path

from tooling.examples import find_examples
from tooling.languages import COURSE

LANGUAGES = COURSE.languages
LANGUAGE_PREFIX = {language: COURSE.url_prefix(language) for language in LANGUAGES}
PAGES = sorted(p.relative_to(COURSE.docs(COURSE.source)) for p in COURSE.docs(COURSE.source).rglob("*.md"))
EXAMPLES = [example.name for example in find_examples(COURSE.source)]


def page_url(page: Path) -> str:
    """Directory URL of a page, relative to its language root ("" for index.md)."""
    stem = page.with_suffix("")
    return "" if stem.name == "index" and stem.parent == Path(".") else f"{stem.as_posix()}/"


ALL_URLS = [page_url(p) for p in PAGES] + [f"examples/{name}/" for name in EXAMPLES]
# Where the browser tests look closer: a chapter (the first page after the home page) and a lesson.
A_CHAPTER = next(url for url in ALL_URLS if url and not url.startswith("examples/"))
A_LESSON = f"examples/{EXAMPLES[0]}/"


def source_of(language: str, url: str) -> str:
    """The file a contributor edits to change the page at `url` of `language`."""
    if url.startswith("examples/"):
        return f"examples/{language}/{url.split('/')[1]}.py"
    return f"docs/{language}/{url.rstrip('/') or 'index'}.md"


def language_of(path: str) -> tuple[str, str]:
    """("en", "layers/") for the site path "en/layers/"."""
    for language in LANGUAGES:
        prefix = LANGUAGE_PREFIX[language]
        if prefix and path.startswith(prefix):
            return language, path.removeprefix(prefix)
    return COURSE.source, path


def html(site: Path, language: str, url: str) -> str:
    path = site / LANGUAGE_PREFIX[language] / url / "index.html"
    assert path.exists(), f"{path.relative_to(site)} was not built (from {source_of(language, url)})"
    return path.read_text(encoding="utf-8")


def title_of(page: str) -> str:
    """The text of a page's h1, without markup (a glossary tooltip, the permalink)."""
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.DOTALL).group(1)
    heading = re.sub(r'<a [^>]*class="(headerlink|anchor-link)"[^>]*>.*?</a>', "", heading)
    return re.sub(r"<[^>]+>", "", heading).strip()
