"""No dead link or anchor anywhere in the built site, notebook pages included,
and every page of every language reached from the home page (the built files
read once each; see link_check.py)."""

from pathlib import Path

from link_check import check_links
from site_pages import ALL_URLS, LANGUAGE_PREFIX, LANGUAGES

from tooling.pdf import pdf_url

# The course's PDFs are printed from the built site (tests/site/test_pdf.py
# proves they are made at these paths, where the home pages link to them).
PDFS = frozenset(pdf_url(language) for language in LANGUAGES)


def test_no_dead_link_or_anchor_in_the_built_site(built_site, tmp_path):
    problems, reached = check_links(built_site, made_after_build=PDFS)
    unvisited = [
        f"/{LANGUAGE_PREFIX[language]}{url}"
        for language in LANGUAGES
        for url in ALL_URLS
        if LANGUAGE_PREFIX[language] + url not in reached
    ]
    assert not unvisited, f"no link leads from the home page to {unvisited}"
    assert not problems, "\n" + "\n".join(problems)


def page(site: Path, url: str, body: str) -> None:
    path = site / url / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'<!doctype html>\n<html><body>\n<h1 id="top">Title</h1>\n{body}\n</body></html>\n', encoding="utf-8"
    )


def test_the_check_names_each_dead_link_and_anchor_and_the_unreached_pages(tmp_path):
    # A hand-made site of five pages: no build needed. The same-page anchor is
    # the case LinkChecker's CSV rows once hid (they start with '#', read as comments).
    # course.pdf is made after the build; a link to any other missing file is dead.
    site = tmp_path / "site"
    other = LANGUAGE_PREFIX[LANGUAGES[1]]
    page(
        site,
        "",
        f'<a href="layers/">Capas</a> <a href="{other}">English</a> '
        '<a href="course.pdf">PDF</a> <a href="curso.pdf">PDF</a>',
    )
    page(site, "layers", '<p>Véase <a href="#no-such">arriba</a>.</p>\n<a href="../keras/#nowhere">Keras</a>')
    page(
        site, "keras", '<a href="../missing/">gone</a> <img src="../figure.png" alt="a figure"> <a href="#top">top</a>'
    )
    page(site, other, "<p>No links.</p>")
    page(site, "orphan", '<a href="../">home</a>')

    problems, reached = check_links(site, made_after_build=frozenset({"course.pdf"}))

    source = LANGUAGES[0]
    assert problems == [
        f"docs/{source}/index.md: link 'PDF' to curso.pdf is dead (no such file); on /, HTML line 4",
        f"docs/{source}/keras.md: link 'a figure' to ../figure.png is dead (no such file); on /keras/, HTML line 4",
        f"docs/{source}/keras.md: link 'gone' to ../missing/ is dead (no such file); on /keras/, HTML line 4",
        f"docs/{source}/layers.md: link 'Keras' to ../keras/#nowhere is dead (no element with id 'nowhere'); "
        "on /layers/, HTML line 5",
        f"docs/{source}/layers.md: link 'arriba' to #no-such is dead (no element with id 'no-such'); "
        "on /layers/, HTML line 4",
    ], problems
    assert reached == {"", "layers/", "keras/", other}, reached
