"""Dead links and anchors in the built site, found by reading its HTML files.

MkDocs' strict build checks the links of Markdown pages, but not anchors into
notebook pages nor links written inside notebooks; `make check` reads those
from the sources (tooling/links.py). This reads the site as it is published:
every page is parsed once with the standard library's html.parser, and each
link between files is checked: pages, anchors (`#id`, on the same page or
another one), notebooks, figures, stylesheets, scripts. A link to a folder
needs its index.html, as on the web server. External links are not followed:
the tests never use the network.

Why not a link checker from the package index: LinkChecker (with its
AnchorCheck plugin) caches results by URL *with* the fragment, so every
distinct `page/#anchor` link downloaded and parsed its whole page again: 406
parses of 38 pages, 31 s of CPU. lychee reads each file once, in well under a
second, but its binary adds 303 MB to the install, for what a single reading
of each page does here in a second or two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from serving import folder_served_at, published_path
from site_pages import language_of, source_of

LINKING = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src"}
ELSEWHERE = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)  # http:, mailto:, data:, //host


@dataclass
class Link:
    target: str  # as written
    line: int  # in the HTML file
    name: str = ""  # the link's text, or the image's alt text


@dataclass
class ParsedPage:
    ids: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._open: list[tuple[Link, list[str]]] = []  # links whose text is being read

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attributes.get(key):
                self.page.ids.add(attributes[key])
        target = attributes.get(LINKING.get(tag, ""))
        if (
            target is None
            or ELSEWHERE.match(target)
            or (tag == "link" and "canonical" in (attributes.get("rel") or ""))
        ):
            return
        link = Link(target, self.getpos()[0], attributes.get("alt") or attributes.get("title") or "")
        self.page.links.append(link)
        if tag == "a":
            self._open.append((link, []))

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            link, words = self._open.pop()
            link.name = " ".join("".join(words).split()) or link.name

    def handle_data(self, data):
        for _, words in self._open:
            words.append(data)


def read_page(path: Path) -> ParsedPage:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader.page


def check_links(
    site: Path | str,
    start: str = "",
    depth: int | None = None,
    made_after_build: frozenset[str] = frozenset(),
) -> tuple[list[str], set[str]]:
    """Check the links of the built site `site` (its folder, or the base URL
    tests/serving.py serves it at): of every page, or with depth=1 of the page
    `start` only. Return the problems, each naming the source file to fix, and
    the pages reached from `start` by following links ("" for the home page,
    "en/layers/", ...).

    `made_after_build`: files of the site (paths from its root, such as the
    course's PDFs, "en/keras-and-tensorflow.pdf") that are made from the built
    site after the build: a link to one of them exactly is not dead while the
    file is still to come."""
    root = (Path(site) if isinstance(site, Path) else folder_served_at(site)).resolve()
    prefix = published_path(root)  # "/" or "/curso/": absolute links start there
    if depth is None:
        sources = sorted(root.rglob("*.html"))
    elif depth == 1:
        sources = [root / start / "index.html"]
    else:
        raise ValueError(f"depth is 1 (the page `start`) or None (every page), not {depth}")
    parsed: dict[Path, ParsedPage] = {}

    def page_of(path: Path) -> ParsedPage:
        if path not in parsed:
            parsed[path] = read_page(path)
        return parsed[path]

    problems, links_between_pages = [], {}
    for source in sources:
        reached = links_between_pages.setdefault(_page(root, source), set())
        for link in page_of(source).links:
            parts = urlsplit(link.target)
            path = unquote(parts.path)
            if not path:
                target = source
            elif path.startswith("/"):
                if not path.startswith(prefix):
                    problems.append(_describe(root, source, link, f"outside the site's path {prefix}"))
                    continue
                target = root / path.removeprefix(prefix)
            else:
                target = source.parent / path
            target = Path(_normalize(target))
            if target.is_dir() or path.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                if target.relative_to(root).as_posix() not in made_after_build:
                    problems.append(_describe(root, source, link, "no such file"))
                continue
            reached.add(_page(root, target))
            if parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in page_of(target).ids:
                problems.append(_describe(root, source, link, f"no element with id {unquote(parts.fragment)!r}"))
    return sorted(set(problems)), _reachable(links_between_pages, start)


def _normalize(path: Path) -> str:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return str(Path(*parts))


def _reachable(links: dict[str | None, set[str | None]], start: str) -> set[str]:
    """The pages reached from `start` by following links."""
    reached, todo = {start}, [start]
    while todo:
        for page in links.get(todo.pop(), ()):
            if page is not None and page not in reached:
                reached.add(page)
                todo.append(page)
    return reached


def _page(root: Path, path: Path) -> str | None:
    """The page a file of the site is ("" for the home page, "en/layers/"), or
    None for anything else (figures, stylesheets, notebooks, the 404 pages)."""
    relative = path.relative_to(root)
    if relative.name != "index.html":
        return None
    return "" if relative.parent == Path(".") else f"{relative.parent.as_posix()}/"


def _describe(root: Path, source: Path, link: Link, why: str) -> str:
    page = source.relative_to(root).as_posix().removesuffix("index.html")
    language, url = language_of(page)
    origin = f"overrides/{url}" if url.endswith(".html") else source_of(language, url)
    return f"{origin}: link {link.name!r} to {link.target} is dead ({why}); on /{page}, HTML line {link.line}"
