"""The glossary: one data file, a page per language, tooltips and the variants to avoid.

``docs/glossary.yml`` holds each term in every language of the course, a
one-line definition in each and, when there is one, the Keras or TensorFlow
API page; ``avoid`` lists, per language, variants that must not appear in the
prose (tooling/style.py checks them). From it, hooks/course_pages.py

- replaces ``<!-- glossary -->`` in ``docs/<lang>/glossary.md`` with the table
  of that language, and
- gives the first occurrence of each term in a page its definition as a
  tooltip (tooling/tooltips.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tooling.languages import COURSE, SAFE_YAML_LOADER, Course

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
    avoid: dict[str, list[str]] = field(default_factory=dict)  # language -> variants the prose must not use
    code: tuple[str, ...] = ()  # the Python names that use the concept (tooling/teaching.py)

    def spellings(self, language: str) -> list[str]:
        """The term, its other forms, and each capitalised (a sentence may start with it)."""
        words = [self.names[language], *self.forms.get(language, [])]
        return list(dict.fromkeys(words + [word[0].upper() + word[1:] for word in words]))


def load_glossary(course: Course = COURSE) -> list[Term]:
    """Read and check the glossary: every term and definition in every language."""
    path = course.root / "docs" / "glossary.yml"
    languages = course.languages
    loader = SAFE_YAML_LOADER(path.read_text(encoding="utf-8"))
    try:
        document = loader.get_single_node()  # nodes know their line
        is_list = document is not None and document.tag == "tag:yaml.org,2002:seq"
        entries = [(node, loader.construct_document(node)) for node in document.value] if is_list else []
    finally:
        loader.dispose()
    where = course.relative(path)
    if not is_list:
        raise GlossaryError(f"{where}:1: expected a list of terms")
    terms = []
    for node, entry in entries:
        line = node.start_mark.line + 1
        problems = []
        for key in ("term", "definition"):
            value = entry.get(key) if isinstance(entry, dict) else None
            for language in languages:
                if not isinstance(value, dict) or not str(value.get(language) or "").strip():
                    problems.append(f"{key} in '{language}' is missing")
        if problems:
            raise GlossaryError(f"{where}:{line}: " + "; ".join(problems))
        definitions = {language: " ".join(str(entry["definition"][language]).split()) for language in languages}
        for language, definition in definitions.items():
            if '"' in definition or "\n" in definition:
                raise GlossaryError(
                    f"{where}:{line}: the '{language}' definition must be one line without double quotes"
                )
        names = {language: str(entry["term"][language]) for language in languages}
        forms = {language: list(forms) for language, forms in (entry.get("forms") or {}).items()}
        avoid = _avoided_variants(entry.get("avoid"), names, forms, languages, f"{where}:{line}")
        code = entry.get("code") or []
        if not isinstance(code, list) or not all(isinstance(name, str) and "." in name for name in code):
            raise GlossaryError(f"{where}:{line}: 'code' lists dotted Python names, e.g. code: [keras.layers.Dropout]")
        terms.append(Term(line, names, forms, definitions, entry.get("api"), avoid, tuple(code)))
    _no_variant_is_a_term(terms, where)
    return terms


def _no_variant_is_a_term(terms: list[Term], where: str) -> None:
    """A variant to avoid that another term spells out would be flagged and given a tooltip at once."""
    spellings = {
        (language, spelling.casefold()): term
        for term in terms
        for language in term.names
        for spelling in [term.names[language], *term.forms.get(language, [])]
    }
    for term in terms:
        for language, variants in term.avoid.items():
            for variant in variants:
                other = spellings.get((language, variant.casefold()))
                if other is not None:
                    raise GlossaryError(
                        f"{where}:{term.line}: '{variant}' is a variant to avoid in '{language}', "
                        f"but the term at line {other.line} is spelled so"
                    )


def _avoided_variants(avoid, names, forms, languages, where: str) -> dict[str, list[str]]:
    """``avoid: {es: [arreglo, arreglos], en: []}``: a list of variants per known language.

    A variant is prose the check flags (tooling/style.py), so it cannot be the
    term itself or one of its forms in the same language.
    """
    if avoid is None:
        return {}
    if not isinstance(avoid, dict):
        raise GlossaryError(
            f"{where}: 'avoid' must map each language to a list of variants, e.g. avoid: {{es: [arreglo]}}"
        )
    checked = {}
    for language, variants in avoid.items():
        if language not in languages:
            raise GlossaryError(
                f"{where}: 'avoid' names the language {language!r}, which the course does not have "
                f"(its languages: {', '.join(languages)})"
            )
        if variants is None:
            variants = []
        if not isinstance(variants, list) or not all(isinstance(v, str) and v.strip() for v in variants):
            raise GlossaryError(
                f"{where}: 'avoid' in '{language}' must be a list of words or phrases, e.g. [arreglo, arreglos]"
            )
        own = {spelling.casefold() for spelling in [names[language], *forms.get(language, [])]}
        for variant in variants:
            if variant.casefold() in own:
                raise GlossaryError(
                    f"{where}: '{variant}' is both a spelling of the term and a variant to avoid in '{language}'"
                )
        checked[language] = [" ".join(variant.split()) for variant in variants]
    return checked


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
