"""The course's languages: which there are, which one is the source, and their strings.

One place says which languages the course has: the ``i18n`` plugin's
``languages`` in mkdocs.yml (the one marked ``default: true`` is the source,
written first; the others translate it). Everything a reader sees that is not
a page (notices, buttons, alt texts, glossary headings, diagram labels, the
404 page, section titles) lives in ``languages/<locale>.yml``.

Adding a language is data only: its line in mkdocs.yml, ``docs/<locale>/``,
``examples/<locale>/`` and ``languages/<locale>.yml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

from tooling import ROOT

# libyaml's safe loader where PyYAML was built with it (its wheels are): ten times faster.
SAFE_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LanguageError(ValueError):
    """The languages are misconfigured; the message names the file to fix."""


@dataclass(frozen=True)
class Course:
    """A course on disk: the real one (COURSE) or a small fixture course in the tests."""

    root: Path

    @cached_property
    def config(self) -> dict:
        """mkdocs.yml as MkDocs reads it (INHERIT and !ENV resolved)."""
        with open(self.root / "mkdocs.yml", encoding="utf-8") as file:
            return yaml_load(file)

    @cached_property
    def languages(self) -> tuple[str, ...]:
        """Every language, the source first, then the others in mkdocs.yml's order."""
        entries = _i18n_languages(self.config)
        sources = [entry["locale"] for entry in entries if entry.get("default")]
        if len(sources) != 1:
            raise LanguageError(f"mkdocs.yml: exactly one i18n language must be 'default: true', found {sources}")
        others = [entry["locale"] for entry in entries if not entry.get("default")]
        return (sources[0], *others)

    @property
    def source(self) -> str:
        return self.languages[0]

    @property
    def translations(self) -> tuple[str, ...]:
        return self.languages[1:]

    def docs(self, language: str) -> Path:
        return self.root / "docs" / language

    def examples(self, language: str) -> Path:
        return self.root / "examples" / language

    def url_prefix(self, language: str) -> str:
        """Where a language's pages live in the built site: "" for the source, "en/" for English."""
        return "" if language == self.source else f"{language}/"

    def name(self, language: str) -> str:
        """What the language is called in the language switcher (mkdocs.yml)."""
        return next(entry["name"] for entry in _i18n_languages(self.config) if entry["locale"] == language)

    def strings(self, language: str) -> dict:
        """The interface strings of one language (languages/<locale>.yml)."""
        return self._strings[language]

    @cached_property
    def _strings(self) -> dict[str, dict]:
        strings = {}
        for language in self.languages:
            path = self.root / "languages" / f"{language}.yml"
            if not path.exists():
                raise LanguageError(
                    f"languages/{language}.yml:1: missing; every language of mkdocs.yml needs its strings file "
                    f"(copy languages/{self.source}.yml and translate it)"
                )
            strings[language] = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_YAML_LOADER) or {}
        reference = _keys(strings[self.source])
        for language in self.translations:
            missing = sorted(reference - _keys(strings[language]))
            if missing:
                raise LanguageError(f"languages/{language}.yml:1: strings missing: {', '.join(missing)}")
        return strings

    def relative(self, path: Path) -> str:
        """A path as a contributor reads it: relative to the course, with forward slashes."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


def course_of(mkdocs_config) -> Course:
    """The course MkDocs is building: the folder of its mkdocs.yml (a fixture course in the tests).

    One per configuration, so that the hooks of a build read languages/*.yml
    once between them (`mkdocs serve` loads the configuration anew for each rebuild)."""
    course = getattr(mkdocs_config, "_course", None)
    if course is None:
        course = mkdocs_config._course = Course(Path(mkdocs_config.config_file_path).resolve().parent)
    return course


def _i18n_languages(config: dict) -> list[dict]:
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            return plugin["i18n"]["languages"]
    raise LanguageError("mkdocs.yml: no i18n plugin with its languages")


# Keys whose content is the language's own, not a translation of the source's:
# section titles, and the words its prose avoids.
PER_LANGUAGE = ("navigation", "vocabulary", "machinery")


def _keys(strings: dict, prefix: str = "") -> set[str]:
    """Dotted keys of the strings that every language must translate (not those of PER_LANGUAGE)."""
    keys = set()
    for key, value in strings.items():
        if prefix == "" and key in PER_LANGUAGE:
            continue
        if isinstance(value, dict):
            keys |= _keys(value, f"{prefix}{key}.")
        else:
            keys.add(f"{prefix}{key}")
    return keys


COURSE = Course(ROOT)
