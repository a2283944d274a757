"""The glossary: one data file, a page per language and tooltips everywhere.

``docs/glossary.yml`` holds each term in every language of the course, a
one-line definition in each and, when there is one, the Keras or TensorFlow
API page. From it, hooks/course_pages.py

- replaces ``<!-- glossary -->`` in ``docs/<lang>/glossary.md`` with the table
  of that language, and
- appends the terms as Markdown abbreviations (``*[capa]: ...``) to every page,
  so that each occurrence of a term shows its definition as a tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from tooling.languages import COURSE, Course

MARKER = "<!-- glossary -->"


class GlossaryError(ValueError):
    """The data file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Term:
    line: int  # where the entry starts in the data file
    names: dict[str, str]  # language -> term
    forms: dict[str, list[str]]  # language -> other spellings that also get the tooltip
    definitions: dict[str, str]  # language -> one-line definition
    api: str | None

    def spellings(self, language: str) -> list[str]:
        """The term, its other forms, and each capitalised (a sentence may start with it)."""
        words = [self.names[language], *self.forms.get(language, [])]
        return list(dict.fromkeys(words + [word[0].upper() + word[1:] for word in words]))


def load_glossary(course: Course = COURSE) -> list[Term]:
    """Read and check the glossary: every term and definition in every language."""
    path = course.root / "docs" / "glossary.yml"
    languages = course.languages
    loader = yaml.SafeLoader(path.read_text(encoding="utf-8"))
    try:
        document = loader.get_single_node()
    finally:
        loader.dispose()
    where = course.relative(path)
    if document is None or document.tag != "tag:yaml.org,2002:seq":
        raise GlossaryError(f"{where}:1: expected a list of terms")
    terms = []
    for node in document.value:
        line = node.start_mark.line + 1
        entry = yaml.safe_load(yaml.serialize(node))
        problems = []
        for field in ("term", "definition"):
            value = entry.get(field) if isinstance(entry, dict) else None
            for language in languages:
                if not isinstance(value, dict) or not str(value.get(language) or "").strip():
                    problems.append(f"{field} in '{language}' is missing")
        if problems:
            raise GlossaryError(f"{where}:{line}: " + "; ".join(problems))
        definitions = {language: " ".join(str(entry["definition"][language]).split()) for language in languages}
        for language, definition in definitions.items():
            if '"' in definition or "\n" in definition:
                raise GlossaryError(f"{where}:{line}: the '{language}' definition must be one line without double quotes")
        terms.append(
            Term(
                line,
                {language: str(entry["term"][language]) for language in languages},
                {language: list(forms) for language, forms in (entry.get("forms") or {}).items()},
                definitions,
                entry.get("api"),
            )
        )
    return terms


def abbreviations(terms: list[Term], language: str) -> str:
    """Markdown abbreviation definitions: the tooltips of one language's pages."""
    lines = [
        f"*[{spelling}]: {term.definitions[language]}"
        for term in terms
        for spelling in term.spellings(language)
    ]
    return "\n\n" + "\n".join(lines) + "\n"


def glossary_table(terms: list[Term], language: str, course: Course = COURSE) -> str:
    """The table of one language's glossary page: the term, the term in each
    other language (headed by that language's name), its definition, its API page."""
    others = [other for other in course.languages if other != language]
    headers = course.strings(language)["glossary"]
    columns = [headers["term"], *(course.name(other) for other in others), headers["definition"], headers["api"]]
    rows = ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
    for term in sorted(terms, key=lambda t: t.names[language].casefold()):
        api = f"[{headers['api']}]({term.api})" if term.api else ""
        translations = " | ".join(f"*{term.names[other]}*" for other in others)
        rows.append(f"| **{term.names[language]}** | {translations} | {term.definitions[language]} | {api} |")
    return "\n".join(rows)
