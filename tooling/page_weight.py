"""What a page of the built site makes a reader download when it loads, compressed
as GitHub Pages serves it (gzip), counted from the files, without a browser.

A page loads its HTML, its stylesheets and scripts, the images that are not
lazy, and, for search, Material's search worker, the search index of the
page's language and the lunr stemmer of that language (which the worker
imports). Lazy images load only when the reader gets near them; the largest
figure of a lesson is reported on its own.

    python -m tooling.page_weight SITE    # every page's figures, the heaviest first
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urljoin

STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
SCRIPT = re.compile(r'<script src="([^"]+)"')
IMAGE = re.compile(r"<img\b([^>]*)>")
SOURCE = re.compile(r'\bsrc="([^"]+)"')
CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL)


@dataclass
class Weight:
    page: str  # the page's path in the site: "first-model/", "en/examples/regression/"
    files: dict[str, int] = field(default_factory=dict)  # site path -> gzipped bytes
    largest_figure: int = 0  # bytes of the largest image on the page, lazy or not (not compressed: images are)

    @property
    def total(self) -> int:
        return sum(self.files.values())

    @property
    def html(self) -> int:
        return self.files[f"{self.page}index.html"]


@cache
def gzipped(path: Path) -> int:
    data = path.read_bytes()
    if path.suffix in (".webp", ".png", ".jpeg", ".jpg"):
        return len(data)  # already compressed: served as they are
    return len(gzip.compress(data, 9))


def weight_of(site: Path, page: str, language_prefix: str = "") -> Weight:
    """The files `page` (a directory URL relative to the site root) loads, and their compressed sizes."""
    html_path = site / page / "index.html"
    html = html_path.read_text(encoding="utf-8")
    weight = Weight(page)
    base = f"/{page}"

    def add(url: str) -> None:
        target = urljoin(base, url).lstrip("/").split("#")[0].split("?")[0]
        path = site / target
        if path.is_file():
            weight.files[target] = gzipped(path)

    weight.files[f"{page}index.html"] = gzipped(html_path)
    for url in STYLESHEET.findall(html) + SCRIPT.findall(html):
        add(url)
    for attributes in IMAGE.findall(html):
        source = SOURCE.search(attributes)
        if not source:
            continue
        path = site / urljoin(base, source.group(1)).lstrip("/")
        if path.is_file():
            weight.largest_figure = max(weight.largest_figure, path.stat().st_size)
        if 'loading="lazy"' not in attributes:
            add(source.group(1))
    config = CONFIG.search(html)
    if config:
        settings = json.loads(config.group(1))
        if settings.get("search"):
            add(settings["search"])
            index = f"{language_prefix}search/search_index.json"
            weight.files[index] = gzipped(site / index)
            languages = json.loads((site / index).read_text(encoding="utf-8"))["config"]["lang"]
            worker = urljoin(base, settings["search"]).lstrip("/")
            lunr = Path(worker).parent.parent / "lunr" / "min"
            for language in languages:
                if language != "en":  # English is lunr's own
                    add(f"/{lunr / 'lunr.stemmer.support.min.js'}")
                    add(f"/{lunr / f'lunr.{language}.min.js'}")
            if len(languages) > 1:
                add(f"/{lunr / 'lunr.multi.min.js'}")
    return weight


if __name__ == "__main__":
    site = Path(sys.argv[1])
    weights = []
    for html in sorted(site.rglob("index.html")):
        page = html.parent.relative_to(site).as_posix()
        page = "" if page == "." else f"{page}/"
        if page.startswith(("assets/", "search/")):
            continue
        prefix = (
            page.split("/")[0] + "/" if (site / page.split("/")[0] / "search").is_dir() and page.split("/")[0] else ""
        )
        weights.append(weight_of(site, page, prefix))
    for weight in sorted(weights, key=lambda w: -w.total):
        print(
            f"{weight.total / 1024:7.1f} KB  html {weight.html / 1024:5.1f} KB  "
            f"figure {weight.largest_figure / 1024:6.1f} KB  /{weight.page}"
        )
