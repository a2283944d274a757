"""MkDocs hook: each language's interface strings, from languages/<locale>.yml.

mkdocs.yml only lists the languages (the i18n plugin's ``languages``: locale,
name, default). Before mkdocs-static-i18n configures a language's build
(its on_config runs at priority -100), this fills each language's entry
with what mkdocs-static-i18n applies per language: site name and
description, ``extra`` strings for the templates, the section titles of the
navigation and the palette toggle's labels.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for `tooling`, wherever mkdocs runs from

from tooling.languages import LanguageError, course_of  # noqa: E402


@event_priority(100)  # before mkdocs-static-i18n reads the languages
def on_config(config):
    course = course_of(config)
    try:
        languages = course.languages
        strings = {language: course.strings(language) for language in languages}
    except LanguageError as error:
        raise PluginError(str(error)) from None
    for entry in config.plugins["i18n"].config.languages:
        if entry.locale not in strings:
            continue
        text = strings[entry.locale]
        entry.site_name = text["site_name"]
        entry.site_description = text["site_description"]
        entry.extra = copy.deepcopy(text["extra"])
        entry.nav_translations = dict(text.get("navigation") or {})
        entry.theme = {"palette": _palette(config.theme.get("palette") or [], text["palette_toggle"])}
    source = strings[course.source]
    config.site_name = source["site_name"]  # before i18n's first build: the source language's
    config.site_description = source["site_description"]
    return config


def _palette(palette: list[dict], toggle: dict) -> list[dict]:
    """mkdocs.yml's palette with the toggle labelled in the language: the light
    scheme's toggle switches to dark, the dark one's to light."""
    labelled = copy.deepcopy(palette)
    for scheme in labelled:
        if "toggle" in scheme:
            scheme["toggle"]["name"] = toggle["to_light" if scheme.get("scheme") == "slate" else "to_dark"]
    return labelled
