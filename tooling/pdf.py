"""The whole course as one PDF per language, printed from the built site.

    python -m tooling.pdf SITE_DIR      (make pdf; the tests make them into the site they built)

For each language of mkdocs.yml, the pages of that language's built site, in
the order of the navigation, become ONE print document: a cover (the site's
name and description, and the versions of the libraries the course was
checked with, read from the environment that ran the checks), a table of
contents with each chapter's page and a link to it, then every page and
lesson, outputs and figures included. Headless Chromium (Debian's, driven by
Playwright, as in the browser tests) lays it out for print and prints it once
(then the contents' pages again, with the page numbers the first printing
gave); pypdf adds the bookmarks and the document's language. The PDF goes to
``<language root>/<pdf.file>``, the name in languages/<locale>.yml, where the
home page's link (hooks/course_pdf.py) points.

Why Chromium and not mkdocs-print-site-plugin: the plugin prints only the
default language under mkdocs-static-i18n (timvink/mkdocs-print-site-plugin#70),
and it would add a print page to the site's build (and to `make serve`). The
browser the tests already drive prints any built page; reading the built site
also means the PDF shows exactly what the tests checked.

How the pages become one document (tooling/pdf.js, in the browser):
- each page's <article> is taken, and the site's own buttons (edit, download,
  copy, permalinks, the home page's PDF link) removed;
- its ids are prefixed with the page's path ("layers:dense"), and every link to
  a page of the PDF becomes a link inside the PDF; a link elsewhere in the site
  points at the published site when it has an address (SITE_URL), and is plain
  text otherwise;
- glossary tooltips (<abbr>) become plain text: the glossary is a chapter.
The print stylesheet (tooling/pdf.css) wraps code at the margin, keeps blocks
on one page where they fit and shows every tab under its label.

The site is served to the browser by Playwright's request routing, from the
folder (no port, no server): a request for a file that does not exist, or for
another host, stops the printing with the page that asked for it.
"""

from __future__ import annotations

import argparse
import html
import io
import logging
import sys
import time
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tooling.examples import OUTPUT_AFFECTING_PACKAGES
from tooling.languages import COURSE, Course

ORIGIN = "http://course.invalid"  # never resolved: every request is answered from the site's folder
DOCUMENT = "course-pdf.html"  # the print document's name, next to the language's home page (never written to disk)
PAPER = {"format": "A4", "width_mm": 210}
MARGIN_MM = {"top": 16, "right": 16, "bottom": 18, "left": 16}
MAX_MEGABYTES = 10
HERE = Path(__file__).resolve().parent
ASSEMBLE_SCRIPT = HERE / "pdf.js"
PRINT_STYLESHEET = HERE / "pdf.css"


class PdfError(RuntimeError):
    """The PDF could not be made as it should; the message says what to fix."""


@dataclass(frozen=True)
class Chapter:
    url: str  # relative to the language's root: "" (home page), "layers/", "examples/digits-classifier/"
    section: str | None  # the navigation section it belongs to, in the language; None at the top level

    @property
    def key(self) -> str:
        """What the chapter's ids start with in the PDF: "layers", "examples/digits-classifier", "index"."""
        return self.url.rstrip("/") or "index"


def chapters(language: str, course: Course = COURSE) -> list[Chapter]:
    """The pages of the navigation (mkdocs.yml's nav), in order, each with its section's title in `language`."""
    translated = course.strings(language).get("navigation") or {}
    found: list[Chapter] = []

    def walk(entries, section: str | None) -> None:
        for entry in entries:
            if isinstance(entry, str):
                found.append(Chapter(_page_url(entry), section))
            elif isinstance(entry, dict):
                for title, value in entry.items():
                    if isinstance(value, list):  # a section (its title translated as the site does)
                        walk(value, section or translated.get(title, title))
                    elif isinstance(value, str) and "://" not in value:  # a page with its own title
                        found.append(Chapter(_page_url(value), section))

    walk(course.config.get("nav") or [], None)
    return [chapter for chapter in found if chapter.url is not None]


def _page_url(path: str) -> str | None:
    """layers.md -> "layers/", index.md -> "", examples/x.ipynb -> "examples/x/"."""
    if "://" in path:
        return None
    stem = path.rsplit(".", 1)[0]
    if stem == "index":
        return ""
    return f"{stem.removesuffix('/index')}/"


def pdf_name(language: str, course: Course = COURSE) -> str:
    return course.strings(language)["pdf"]["file"]


def pdf_url(language: str, course: Course = COURSE) -> str:
    """Where a language's PDF is in the site: "keras-y-tensorflow.pdf", "en/keras-and-tensorflow.pdf"."""
    return f"{course.url_prefix(language)}{pdf_name(language, course)}"


def checked_versions() -> list[str]:
    """ "Python 3.11.2", "tensorflow-cpu 2.21.0", ...: what the course's outputs were computed
    with, read from this environment as the home page's version doctest reads them
    (tooling/examples.py lists the libraries whose versions change the outputs)."""
    versions = [f"Python {sys.version.split()[0]}"]
    for package in OUTPUT_AFFECTING_PACKAGES:
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            continue  # tensorflow or tensorflow-cpu: one of the two is installed
    return versions


def published_address(site: Path) -> str | None:
    """The address the site was built for (SITE_URL, as in CI), from the home page's canonical link."""
    home = (site / "index.html").read_text(encoding="utf-8")
    start = home.find('<link rel="canonical" href="')
    if start < 0:
        return None
    address = home[start + len('<link rel="canonical" href="') :].split('"', 1)[0]
    return address if address.endswith("/") else address.rsplit("/", 1)[0] + "/"


def _published_path(site: Path) -> str:
    """The path the site is served at: "/" or, built for SITE_URL, e.g. "/curso/"."""
    address = published_address(site)
    return "/" + urlsplit(address).path.strip("/") + "/" if address and urlsplit(address).path.strip("/") else "/"


def printable_width_px() -> int:
    """The width of the printed text, in CSS pixels: what the page is laid out at."""
    millimetres = PAPER["width_mm"] - MARGIN_MM["left"] - MARGIN_MM["right"]
    return round(millimetres / 25.4 * 96)


def _cover(language: str, course: Course, address: str | None) -> str:
    strings = course.strings(language)
    words = strings["pdf"]
    made = words["made"].format(date=date.today().isoformat())
    if address:
        made += " " + words["online"].format(
            url=f'<a href="{html.escape(address + course.url_prefix(language))}">'
            f"{html.escape(address + course.url_prefix(language))}</a>"
        )
    versions = "".join(f"<li>{html.escape(version)}</li>" for version in checked_versions())
    return (
        '<section class="pdf-cover">'
        f'<p class="pdf-title">{html.escape(strings["site_name"])}</p>'
        f'<p class="pdf-description">{html.escape(strings["site_description"])}</p>'
        f'<p class="pdf-checked">{html.escape(words["checked_with"])}</p>'
        f'<ul class="pdf-versions">{versions}</ul>'
        f'<p class="pdf-made">{made}</p>'
        "</section>"
        '<nav class="pdf-toc" aria-labelledby="pdf-contents">'
        f'<h1 id="pdf-contents">{html.escape(words["contents"])}</h1>'
        '<ol class="pdf-toc-list"></ol></nav>'
        '<main class="pdf-chapters"></main>'
    )


def _document(language: str, course: Course, address: str | None) -> str:
    return (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{html.escape(course.strings(language)['site_name'])}</title>"
        f'<style id="pdf-print">{PRINT_STYLESHEET.read_text(encoding="utf-8")}</style>'
        f'</head><body><div class="md-typeset">{_cover(language, course, address)}</div></body></html>'
    )


def _footer(language: str, course: Course) -> str:
    words = course.strings(language)["pdf"]
    page = (
        html.escape(words["page"])
        .replace("{page}", '<span class="pageNumber"></span>')
        .replace("{pages}", '<span class="totalPages"></span>')
    )
    return (
        f'<div style="width:100%;margin:0 {MARGIN_MM["right"]}mm 0 {MARGIN_MM["left"]}mm;'
        "font:8px sans-serif;color:#555;"
        'display:flex;justify-content:space-between">'
        f"<span>{html.escape(course.strings(language)['site_name'])}</span><span>{page}</span></div>"
    )


class PrintDocument:
    """One language's course laid out for print in a browser page: `page` is the
    Playwright page (print media, the printed width), `problems` what went wrong."""

    def __init__(self, browser, site: Path, language: str, course: Course = COURSE):
        self.site, self.language, self.course = Path(site).resolve(), language, course
        self.problems: list[str] = []
        base = _published_path(self.site)
        self.root = f"{ORIGIN}{base}{course.url_prefix(language)}"
        self._base = base
        self._document = _document(language, course, published_address(self.site))
        # Laid out at the printed width, so that what is measured here is what is printed.
        self.context = browser.new_context(viewport={"width": printable_width_px(), "height": 1000}, locale=language)
        try:
            self.context.route("**/*", self._answer)
            self.page = self.context.new_page()
            self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
            self.page.goto(self.root + DOCUMENT, wait_until="load")
            self.page.emulate_media(media="print", color_scheme="light")
            plan = {
                "root": self.root,
                "site": f"{ORIGIN}{base}",
                "published": published_address(self.site),
                "chapters": [{"url": c.url, "key": c.key, "section": c.section} for c in chapters(language, course)],
            }
            assembled = self.page.evaluate(ASSEMBLE_SCRIPT.read_text(encoding="utf-8"), plan)
        except BaseException:
            self.context.close()
            raise
        self.problems += assembled["problems"]
        self.contents: list[dict] = assembled["contents"]  # {key, url, title, section} of each chapter, in order

    def _answer(self, route) -> None:
        url = route.request.url
        if url.startswith("data:"):
            route.continue_()
            return
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != ORIGIN:
            self.problems.append(f"request to another host: {url}")
            route.abort()
            return
        if url == self.root + DOCUMENT:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=self._document)
            return
        path = unquote(parts.path)
        if not path.startswith(self._base):
            self.problems.append(f"request outside the site: {url}")
            route.fulfill(status=404, body="")
            return
        file = self.site / path.removeprefix(self._base)
        if path.endswith("/"):
            file = file / "index.html"
        if not file.resolve().is_relative_to(self.site) or not file.is_file():
            self.problems.append(f"no such file in the site: {path}")
            route.fulfill(status=404, body="")
            return
        route.fulfill(status=200, path=str(file))

    def layout_problems(self) -> dict[str, list[str]]:
        """What would read wrong on paper, measured in the print layout (print media, the
        printed width): code or a table wider than the page (cut at the margin), a tab
        whose content or label is not shown, a glossary tooltip left underlined, a
        collapsed block."""
        return self.page.evaluate(LAYOUT_PROBLEMS)

    def pdf(self, target: Path) -> Path:
        """Print the document to `target`: then its contents' pages again, with the page
        each chapter starts on, and add bookmarks (sections and chapters) and its language."""
        margin = {side: f"{mm}mm" for side, mm in MARGIN_MM.items()}
        options = dict(
            format=PAPER["format"],
            margin=margin,
            print_background=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=_footer(self.language, self.course),
        )
        printed = _read_pdf(self.page.pdf(**options))
        starts = _chapter_starts(printed, self.contents, pdf_url(self.language, self.course))
        # The contents run from the second page (after the cover) to the first chapter.
        first, last = 1, min(starts.values()) - 1
        self.page.evaluate(FILL_PAGE_NUMBERS, {key: page + 1 for key, page in starts.items()})
        contents = _read_pdf(self.page.pdf(page_ranges=f"{first + 1}-{last + 1}", **options))
        writer = _with_contents_pages(printed, contents, first, pdf_url(self.language, self.course))
        _add_bookmarks(writer, starts, self.contents)
        writer.page_mode = "/UseOutlines"
        from pypdf.generic import NameObject, TextStringObject

        writer._root_object[NameObject("/Lang")] = TextStringObject(self.language)
        strings = self.course.strings(self.language)
        writer.add_metadata({"/Title": strings["site_name"], "/Subject": strings["site_description"]})
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as file:
            writer.write(file)
        return target

    def close(self) -> None:
        self.context.close()


# Run in the print document under print media, at the printed width.
LAYOUT_PROBLEMS = """() => {
  const where = (element) => {
    const chapter = element.closest('.pdf-chapter');
    return chapter ? chapter.dataset.url : 'contents';
  };
  const longestLine = (element) => element.textContent.split('\\n')
    .reduce((a, b) => (b.length > a.length ? b : a), '').trim().slice(0, 80);
  const code = [...document.querySelectorAll(
    '.pdf-chapters pre, .pdf-chapters pre code, .pdf-chapters .highlight, .pdf-chapters table')]
    .filter((element) => element.scrollWidth > element.clientWidth + 1)
    .map((element) => `${where(element)}: <${element.tagName.toLowerCase()}> runs `
      + `${element.scrollWidth - element.clientWidth}px past the margin: ${longestLine(element)}`);
  if (document.documentElement.scrollWidth > document.documentElement.clientWidth + 1) {
    code.push('the document is wider than the page');
  }
  const tabs = [];
  for (const set of document.querySelectorAll('.tabbed-set')) {
    const labels = [...set.querySelectorAll(':scope > .tabbed-labels > label')];
    const blocks = [...set.querySelectorAll(':scope > .tabbed-content > .tabbed-block')];
    if (labels.length !== blocks.length) {
      tabs.push(`${where(set)}: ${labels.length} tab labels for ${blocks.length} tabs`);
    }
    labels.forEach((label, index) => {
      if (!label.offsetHeight || !label.textContent.trim()) {
        tabs.push(`${where(set)}: the label of tab ${index + 1} is not shown`);
      } else if (blocks[index] && !blocks[index].offsetHeight) {
        tabs.push(`${where(set)}: the tab "${label.textContent.trim()}" is not shown`);
      } else if (blocks[index] && !(label.compareDocumentPosition(blocks[index]) & Node.DOCUMENT_POSITION_FOLLOWING
                                    && label.getBoundingClientRect().top < blocks[index].getBoundingClientRect().top)) {
        tabs.push(`${where(set)}: the label "${label.textContent.trim()}" is not above its tab`);
      }
    });
  }
  const tooltips = [...document.querySelectorAll('abbr, [title]:not(a):not(img)')]
    .filter((element) => element.closest('.pdf-chapters') && getComputedStyle(element).textDecorationLine !== 'none')
    .map((element) => `${where(element)}: "${element.textContent.trim()}" is underlined as a tooltip`);
  const collapsed = [...document.querySelectorAll('details:not([open])')]
    .map((element) => `${where(element)}: a collapsed block`);
  return { code, tabs, tooltips, collapsed };
}"""


FILL_PAGE_NUMBERS = """pages => {
  for (const number of document.querySelectorAll('.pdf-toc-page')) {
    number.textContent = String(pages[number.dataset.key]);
    number.dataset.page = number.textContent;
  }
}"""


def _read_pdf(printed: bytes):
    from pypdf import PdfReader

    # Chromium's trailer counts one object less than its file holds, which pypdf
    # reports as a warning on every reading; the file is read right all the same.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    return PdfReader(io.BytesIO(printed))


def _chapter_starts(printed, contents: list[dict], name: str) -> dict[str, int]:
    """The page (from 0) each chapter starts on: where the contents' link to it leads."""
    destinations = {
        key.lstrip("/"): printed.get_destination_page_number(destination)
        for key, destination in printed.named_destinations.items()
    }
    starts = {}
    for chapter in contents:
        if chapter["key"] not in destinations:
            raise PdfError(f"{name}: the chapter /{chapter['url']} has no place in the PDF")
        starts[chapter["key"]] = destinations[chapter["key"]]
    return starts


def _with_contents_pages(printed, contents, first: int, name: str):
    """The whole PDF with its contents' pages replaced by their second printing, which
    has the page numbers. The numbers only took room kept for them, so each link of
    the contents is where it was: each page keeps its links (to the chapters'
    destinations, which only the whole PDF has); a printing that moved one stops here."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    def link_areas(page) -> list[tuple[float, ...]]:
        return [
            tuple(round(float(x), 1) for x in annotation.get_object()["/Rect"])
            for annotation in page.get("/Annots") or []
            if annotation.get_object().get("/Subtype") == "/Link"
        ]

    writer = PdfWriter(clone_from=printed)
    for offset, numbered in enumerate(contents.pages):
        index = first + offset
        before = writer.pages[index]
        if link_areas(numbered) and link_areas(numbered) != link_areas(before):
            raise PdfError(f"{name}: the page numbers moved the contents' links on page {index + 1}")
        annotations = before.get("/Annots")
        replacement = writer.insert_page(numbered, index)
        writer.remove_page(index + 1)
        replacement[NameObject("/Annots")] = annotations if annotations is not None else ArrayObject()
    return writer


def _add_bookmarks(writer, starts: dict[str, int], contents: list[dict]) -> None:
    """Bookmarks: each section, and each chapter under its section. (Chromium writes
    bookmarks only into a tagged PDF, which tripled the file, to 10 MB, and the time.)"""
    parents: dict[str, object] = {}
    for chapter in contents:
        page = starts[chapter["key"]]
        parent = None
        if chapter["section"]:
            if chapter["section"] not in parents:
                parents[chapter["section"]] = writer.add_outline_item(title=chapter["section"], page_number=page)
            parent = parents[chapter["section"]]
        writer.add_outline_item(title=chapter["title"], page_number=page, parent=parent)


@dataclass(frozen=True)
class PrintedCourse:
    path: Path
    # By kind: "loading", "code", "tabs", "tooltips", "collapsed"; empty lists when whole
    problems: dict[str, list[str]]

    @property
    def whole(self) -> bool:
        return not any(self.problems.values())


def make_pdf(
    browser, site: Path, language: str, course: Course = COURSE, into: Path | None = None, strict: bool = True
) -> PrintedCourse:
    """Print one language's PDF into the site (or the folder `into`), at <language root>/<pdf.file>.

    strict: raise PdfError, printing nothing, when a page or file is missing, a
    link leads nowhere in the PDF, or the print layout cuts or hides something;
    otherwise print all the same and return the problems (the tests show each
    kind in its own test)."""
    document = PrintDocument(browser, site, language, course)
    try:
        problems = {"loading": document.problems, **document.layout_problems()}
        listed = [problem for kind in problems.values() for problem in kind]
        if strict and listed:
            raise PdfError(f"{pdf_url(language, course)}: {len(listed)} problems\n  " + "\n  ".join(listed))
        target = document.pdf(Path(into or site) / pdf_url(language, course))
    finally:
        document.close()
    megabytes = target.stat().st_size / 1e6
    if strict and megabytes > MAX_MEGABYTES:
        raise PdfError(f"{pdf_url(language, course)}: {megabytes:.1f} MB, more than {MAX_MEGABYTES} MB")
    return PrintedCourse(target, problems)


def make_pdfs(browser, site: Path, course: Course = COURSE, strict: bool = True) -> dict[str, PrintedCourse]:
    """Every language's PDF, into the site."""
    return {language: make_pdf(browser, site, language, course, strict=strict) for language in course.languages}


def missing_pdfs(site: Path, course: Course = COURSE) -> list[str]:
    """The languages' PDFs that are not in the built site, or weigh more than allowed."""
    problems = []
    for language in course.languages:
        path = Path(site) / pdf_url(language, course)
        if not path.is_file():
            problems.append(f"{path}: missing (python -m tooling.pdf {site})")
        elif path.stat().st_size > MAX_MEGABYTES * 1e6:
            problems.append(f"{path}: {path.stat().st_size / 1e6:.1f} MB, more than {MAX_MEGABYTES} MB")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the built site's course, one PDF per language, into the site.")
    parser.add_argument("site", type=Path, help="the built site (mkdocs build --site-dir SITE)")
    parser.add_argument(
        "--check",
        action="store_true",
        help="print nothing: fail unless every language's PDF is in the site (as the tests leave it)",
    )
    arguments = parser.parse_args(argv)
    if not (arguments.site / "index.html").is_file():
        parser.error(f"{arguments.site}: no built site there (run `mkdocs build --strict` first)")
    if arguments.check:
        problems = missing_pdfs(arguments.site)
        print(
            "\n".join(problems) or f"{len(COURSE.languages)} PDFs in {arguments.site}",
            file=sys.stderr if problems else sys.stdout,
        )
        return 1 if problems else 0

    from playwright.sync_api import sync_playwright

    from tooling.chromium import INSTALL_HINT, LAUNCH_ARGUMENTS, chromium_executable

    executable = chromium_executable()
    if executable is None:
        print(f"no Chromium found: {INSTALL_HINT}", file=sys.stderr)
        return 2
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGUMENTS)
        try:
            for language in COURSE.languages:
                start = time.perf_counter()
                try:
                    printed = make_pdf(browser, arguments.site, language)
                except PdfError as error:
                    print(error, file=sys.stderr)
                    return 1
                pages = _page_count(printed.path)
                print(
                    f"{printed.path}: {pages} pages, {printed.path.stat().st_size / 1e6:.1f} MB, "
                    f"in {time.perf_counter() - start:.1f} s"
                )
        finally:
            browser.close()
    return 0


def _page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


if __name__ == "__main__":
    sys.exit(main())
