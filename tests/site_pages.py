"""The pages the built site must have, and where each one comes from."""

from pathlib import Path

from tooling.examples import find_examples
from tooling.parity import ROOT, SOURCE, TRANSLATION

LANGUAGES = (SOURCE, TRANSLATION)
LANGUAGE_PREFIX = {SOURCE: "", TRANSLATION: f"{TRANSLATION}/"}
PAGES = sorted(p.relative_to(ROOT / "docs" / SOURCE) for p in (ROOT / "docs" / SOURCE).rglob("*.md"))
EXAMPLES = [example.name for example in find_examples(SOURCE)]


def page_url(page: Path) -> str:
    """Directory URL of a page, relative to its language root ("" for index.md)."""
    stem = page.with_suffix("")
    return "" if stem.name == "index" and stem.parent == Path(".") else f"{stem.as_posix()}/"


ALL_URLS = [page_url(p) for p in PAGES] + [f"examples/{name}/" for name in EXAMPLES]


def source_of(language: str, url: str) -> str:
    """The file a contributor edits to change the page at `url` of `language`."""
    if url.startswith("examples/"):
        return f"examples/{language}/{url.split('/')[1]}.py"
    return f"docs/{language}/{url.rstrip('/') or 'index'}.md"


def html(site: Path, language: str, url: str) -> str:
    path = site / LANGUAGE_PREFIX[language] / url / "index.html"
    assert path.exists(), f"{path.relative_to(site)} was not built (from {source_of(language, url)})"
    return path.read_text(encoding="utf-8")
