"""The course to take away: one PDF of the whole course per language
(tooling/pdf.py), printed from the built site by Debian's Chromium.

Each PDF opens and weighs at most 10 MB; it has every page of the navigation
in order, each starting a page with its title, bookmarked and listed in the
contents with that page's number; its text is
extractable and in its language, not another's; every figure of the lessons
is in it; its links between chapters lead inside it; and its print layout cuts
no code at the margin, shows every tab under its label and leaves no glossary
tooltip. The home page of each language links to it.

The expected order and titles come from the built site itself (each page's
"next" link, from the home page on), not from the tool that printed the PDF.
"""

import functools
import posixpath
import re
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader
from site_pages import LANGUAGE_PREFIX, LANGUAGES, html, title_of

from tooling.languages import COURSE
from tooling.pdf import MAX_MEGABYTES, ORIGIN, PdfError, PrintDocument, make_pdf, pdf_url


@functools.cache
def read(path: str) -> PdfReader:
    return PdfReader(path)


@functools.cache
def page_text(path: str, number: int) -> str:
    """The text of a page of the PDF, its whitespace made single spaces."""
    return " ".join(read(path).pages[number].extract_text().split())


def words(text: str) -> str:
    return " ".join(text.split())


def navigation(site: Path, language: str) -> list[tuple[str, str]]:
    """(url, title) of each page of a language, in the order its site's navigation
    reads them: from the home page, each page's "next" link."""
    pages, url = [], ""
    while url is not None and url not in dict(pages):
        page = html(site, language, url)
        pages.append((url, words(title_of(page))))
        following = re.search(r'<link rel="next" href="([^"]+)">', page)
        if following is None:
            url = None
        else:
            target = posixpath.normpath(posixpath.join(url, following.group(1)))
            url = "" if target == "." else f"{target}/"
    return pages


def bookmarked_chapters(reader: PdfReader) -> list[tuple[str, int]]:
    """(title, page index) of each chapter's bookmark, in order: the bookmarks
    without children (a section's bookmark holds its chapters)."""
    chapters = []

    def walk(items):
        for index, item in enumerate(items):
            if isinstance(item, list):
                walk(item)
            elif not (index + 1 < len(items) and isinstance(items[index + 1], list)):
                chapters.append((words(item.title), reader.get_destination_page_number(item)))

    walk(reader.outline)
    return chapters


@pytest.fixture(params=LANGUAGES)
def language(request) -> str:
    return request.param


@pytest.fixture
def pdf(course_pdfs, language) -> str:
    return course_pdfs[language]["path"]


def test_each_pdf_opens_in_its_language_and_weighs_at_most_10_mb(built_site, pdf, language):
    reader = read(pdf)
    assert Path(pdf) == built_site / pdf_url(language), f"the home page links to /{pdf_url(language)}, the PDF is {pdf}"
    assert len(reader.pages) > len(navigation(built_site, language)), f"{pdf}: {len(reader.pages)} pages"
    assert reader.trailer["/Root"]["/Lang"] == language
    megabytes = Path(pdf).stat().st_size / 1e6
    assert megabytes <= MAX_MEGABYTES, f"{pdf_url(language)}: {megabytes:.1f} MB (at most {MAX_MEGABYTES})"


def test_every_page_of_the_navigation_is_a_chapter_in_order(built_site, pdf, language):
    expected = navigation(built_site, language)
    chapters = bookmarked_chapters(read(pdf))
    assert [title for title, _ in chapters] == [title for _, title in expected]
    starts = [page for _, page in chapters]
    assert starts == sorted(set(starts)), f"chapters do not start on pages in order: {starts}"
    for (url, title), start in zip(expected, starts, strict=True):
        text = page_text(pdf, start)
        assert text.startswith(title), (
            f"/{LANGUAGE_PREFIX[language]}{url}: page {start + 1} starts {text[:80]!r}, not its title {title!r}"
        )
    # The contents (from the second page to the first chapter) give each chapter's page.
    contents = " ".join(page_text(pdf, page) for page in range(1, starts[0]))
    wrong = [
        f"{title} {start + 1}"
        for (_, title), start in zip(expected, starts, strict=True)
        if f"{title} {start + 1}" not in contents
    ]
    assert not wrong, f"the contents do not say: {wrong}"


def test_the_text_is_in_the_language_of_the_pdf(built_site, pdf, language):
    # The cover, the table of contents and the first page of every chapter.
    reader = read(pdf)
    pages = sorted({0, 1} | {page for _, page in bookmarked_chapters(reader)})
    text = " ".join(page_text(pdf, page) for page in pages)
    strings = COURSE.strings(language)
    assert strings["site_name"] in text and strings["pdf"]["contents"] in text
    titles = {title for _, title in navigation(built_site, language)}
    missing = [title for title in titles if title not in text]
    assert not missing, f"titles not found in the text: {missing}"
    for other in LANGUAGES:
        if other == language:
            continue
        theirs = {COURSE.strings(other)["site_name"], *(title for _, title in navigation(built_site, other))} - titles
        theirs -= {strings["site_name"]}
        found = sorted(title for title in theirs if title in text)
        assert not found, f"the {language} PDF has {other} titles: {found}"


def _figure_size(path: Path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as image:
        return image.size


def _images(reader: PdfReader) -> Counter:
    """(width, height) of every raster image drawn in the PDF, in pixels."""
    sizes = Counter()

    def collect(resources):
        objects = (resources or {}).get("/XObject")
        for item in (objects.get_object() if objects else {}).values():
            item = item.get_object()
            if item.get("/Subtype") == "/Image":
                sizes[(int(item["/Width"]), int(item["/Height"]))] += 1
            elif item.get("/Subtype") == "/Form":
                collect(item.get("/Resources"))

    for page in reader.pages:
        collect(page.get("/Resources"))
    return sizes


def test_every_figure_of_the_lessons_is_in_the_pdf(built_site, pdf, language):
    figures = Counter()
    for lesson in sorted((built_site / LANGUAGE_PREFIX[language] / "examples").glob("*/index.html")):
        for name in re.findall(
            r'<img [^>]*src="(figure-[0-9a-f]+\.(?:webp|png|jpeg))"', lesson.read_text(encoding="utf-8")
        ):
            figures[_figure_size(lesson.parent / name)] += 1
    assert figures, "the lessons have no figure: the check would prove nothing"
    missing = figures - _images(read(pdf))
    assert not missing, (
        f"{sum(missing.values())} of the lessons' {sum(figures.values())} figures are not in the PDF: {dict(missing)}"
    )


def test_links_between_chapters_lead_inside_the_pdf(built_site, pdf, language):
    reader = read(pdf)
    destinations = {
        name for name, place in reader.named_destinations.items() if reader.get_destination_page_number(place) >= 0
    }
    inside, dead, local = 0, [], []
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            if "/Dest" in annotation:
                inside += 1
                if str(annotation["/Dest"]) not in destinations:
                    dead.append(f"page {number + 1}: {annotation['/Dest']}")
            elif "/A" in annotation and "/URI" in annotation["/A"]:
                uri = str(annotation["/A"]["/URI"])
                if uri.startswith(ORIGIN) or not re.match(r"^[a-z]+:", uri):
                    local.append(f"page {number + 1}: {uri}")
    assert not dead, f"links to no place in the PDF: {dead}"
    assert not local, f"links to the printing's own address, dead in the PDF: {local}"
    assert inside > len(navigation(built_site, language)), f"only {inside} links inside the PDF"


def test_no_code_runs_past_the_margin(course_pdfs, language):
    problems = course_pdfs[language]["problems"]["code"]
    assert not problems, "\n" + "\n".join(problems)


def test_every_tab_is_printed_under_its_label(course_pdfs, language):
    problems = course_pdfs[language]["problems"]["tabs"]
    assert not problems, "\n" + "\n".join(problems)


def test_glossary_tooltips_are_plain_words_and_every_block_is_open(course_pdfs, language):
    problems = course_pdfs[language]["problems"]["tooltips"] + course_pdfs[language]["problems"]["collapsed"]
    assert not problems, "\n" + "\n".join(problems)


def test_every_page_and_file_of_the_pdf_loaded(course_pdfs, language):
    problems = course_pdfs[language]["problems"]["loading"]
    assert not problems, "\n" + "\n".join(problems)


def test_the_home_page_links_to_the_pdf(built_site, course_pdfs, language):
    home = html(built_site, language, "")
    link = re.search(r'<p class="course-pdf">.*?<a href="([^"]+)" download>', home, re.DOTALL)
    assert link, f"docs/{language}/index.md: the home page has no link to the PDF"
    target = (built_site / LANGUAGE_PREFIX[language] / link.group(1)).resolve()
    assert target == Path(course_pdfs[language]["path"]).resolve(), f"the home page links to {target}"


# The checks themselves, on the small fixture course (tests/fixtures/course/, built once per run).

LONG_LINE = "x" * 400


def test_the_layout_check_finds_code_cut_at_the_margin(browser, broken_site):
    document = PrintDocument(browser, broken_site.site, "en", broken_site.course)
    try:
        document.page.evaluate(
            "line => { const pre = document.createElement('pre'); pre.innerHTML = '<code></code>';"
            " pre.firstChild.textContent = line; document.querySelector('.pdf-chapter').append(pre); }",
            LONG_LINE,
        )
        assert document.layout_problems()["code"] == [], "the print stylesheet no longer wraps long lines"
        document.page.add_style_tag(
            content="html body .md-typeset pre, html body .md-typeset pre code "
            "{ white-space: pre !important; overflow-wrap: normal !important; }"
        )
        cut = document.layout_problems()["code"]
        assert any(LONG_LINE[:80] in problem for problem in cut), cut
    finally:
        document.close()


def test_a_link_that_leads_nowhere_in_the_pdf_stops_it(browser, broken_site, tmp_path):
    # The Spanish lesson of the broken fixture site links to an anchor that does not exist.
    with pytest.raises(PdfError) as raised:
        make_pdf(browser, broken_site.site, "es", broken_site.course, into=tmp_path)
    assert "/examples/tiny/: link" in str(raised.value) and "#chapter:no-existe leads nowhere in the PDF" in str(
        raised.value
    )
    assert not list(tmp_path.rglob("*.pdf")), "a PDF was printed all the same"
