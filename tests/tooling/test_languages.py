"""tooling/languages.py: the languages come from mkdocs.yml, their strings from languages/."""

import pytest
import yaml

from tooling.languages import Course, LanguageError


def course_with(tmp_path, languages, strings):
    plugins = [{"search": {}}, {"i18n": {"docs_structure": "folder", "languages": languages}}]
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump({"site_name": "x", "plugins": plugins}), encoding="utf-8")
    (tmp_path / "languages").mkdir()
    for locale, text in strings.items():
        (tmp_path / "languages" / f"{locale}.yml").write_text(yaml.safe_dump(text), encoding="utf-8")
    return Course(tmp_path)


def test_the_default_language_is_the_source_and_comes_first(tmp_path):
    course = course_with(
        tmp_path, [{"locale": "en", "name": "English"}, {"locale": "es", "name": "Español", "default": True}], {}
    )
    assert course.languages == ("es", "en") and course.source == "es" and course.translations == ("en",)
    assert course.url_prefix("es") == "" and course.url_prefix("en") == "en/"
    assert course.name("en") == "English"


def test_exactly_one_source(tmp_path):
    course = course_with(tmp_path, [{"locale": "es", "name": "Español"}, {"locale": "en", "name": "English"}], {})
    with pytest.raises(LanguageError, match="exactly one i18n language must be 'default: true'"):
        _ = course.languages


def test_a_language_without_its_strings_file_is_named(tmp_path):
    course = course_with(
        tmp_path,
        [{"locale": "es", "name": "Español", "default": True}, {"locale": "fr", "name": "Français"}],
        {"es": {"site_name": "Curso"}},
    )
    with pytest.raises(LanguageError, match=r"languages/fr.yml:1: missing"):
        course.strings("es")


def test_every_string_of_the_source_must_be_translated(tmp_path):
    course = course_with(
        tmp_path,
        [{"locale": "es", "name": "Español", "default": True}, {"locale": "en", "name": "English"}],
        {
            "es": {"site_name": "Curso", "extra": {"home": "Inicio", "search": "Buscar"}, "navigation": {}},
            "en": {"site_name": "Course", "extra": {"home": "Home"}, "navigation": {"Capítulo": "Chapter"}},
        },
    )
    with pytest.raises(LanguageError, match=r"languages/en.yml:1: strings missing: extra.search"):
        course.strings("en")
