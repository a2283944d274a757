"""What tooling/pdf.py reads before it prints: the chapters in the order of the
navigation, the file names of the PDFs and the versions on their covers
(the printing itself: tests/site/test_pdf.py)."""

from importlib import metadata

from tooling.languages import COURSE
from tooling.pdf import Chapter, _page_url, chapters, checked_versions, pdf_url


def test_a_nav_entry_becomes_the_url_of_its_page():
    assert _page_url("index.md") == ""
    assert _page_url("layers.md") == "layers/"
    assert _page_url("guide/index.md") == "guide/"
    assert _page_url("examples/digits-classifier.ipynb") == "examples/digits-classifier/"
    assert _page_url("https://keras.io/") is None


def test_chapters_follow_the_navigation_with_sections_in_each_language():
    source, translation = COURSE.source, COURSE.translations[0]
    ordered = chapters(source)
    assert ordered[0] == Chapter("", None), "the home page comes first"
    assert len({chapter.url for chapter in ordered}) == len(ordered)
    lessons = [chapter for chapter in ordered if chapter.url.startswith("examples/")]
    assert lessons and all(chapter.section == lessons[0].section for chapter in lessons)
    sections = COURSE.strings(translation)["navigation"]
    translated = chapters(translation)
    assert [chapter.url for chapter in translated] == [chapter.url for chapter in ordered]
    for mine, theirs in zip(ordered, translated, strict=True):
        assert theirs.section == (sections.get(mine.section, mine.section) if mine.section else None)
    assert Chapter("examples/x/", None).key == "examples/x" and Chapter("", None).key == "index"


def test_each_language_has_its_pdf_at_its_root():
    for language in COURSE.languages:
        name = COURSE.strings(language)["pdf"]["file"]
        assert name.endswith(".pdf") and "/" not in name
        assert pdf_url(language) == COURSE.url_prefix(language) + name
    assert len({pdf_url(language) for language in COURSE.languages}) == len(COURSE.languages)


def test_the_cover_names_the_versions_installed():
    versions = checked_versions()
    assert versions[0].startswith("Python 3.")
    assert f"keras {metadata.version('keras')}" in versions
    assert any(version.startswith(("tensorflow ", "tensorflow-cpu ")) for version in versions)
