"""The style guides' table of preferred terms, generated from docs/glossary.yml.

Each guide holds the table between two markers:

    <!-- terms-table:start -->
    ...
    <!-- terms-table:end -->

    python -m tooling.terms_table            # rewrite the table of both guides
    python -m tooling.terms_table --check    # exit 1, naming the guide and line, if a table is stale

tests/course/test_course_terms_table.py runs the check with the other course tests.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from tooling.glossary import Term, load_glossary
from tooling.languages import COURSE, Course

# The contributors' guides (not pages of the course): one per language they are written in.
GUIDES = {"es": "contributing/guia-de-estilo.md", "en": "contributing/style-guide.md"}
HEADERS = {
    "es": "| Término | Variantes que evitar | En inglés | Variantes que evitar en inglés |",
    "en": "| Term | Variants to avoid | In Spanish | Variants to avoid in Spanish |",
}
TABLE = re.compile(r"(<!-- terms-table:start -->\n).*?(<!-- terms-table:end -->)", re.DOTALL)
COMMAND = "python -m tooling.terms_table"


@dataclass(frozen=True)
class StaleTable:
    guide: str  # relative to the course
    line: int  # of the start marker (1 when the markers are missing)
    problem: str

    def __str__(self) -> str:
        return f"{self.guide}:{self.line}: {self.problem}"


def table(terms: list[Term], language: str) -> str:
    """The Markdown table of one guide: each term, its variants to avoid, and the same in the other language."""
    other = next(guide_language for guide_language in GUIDES if guide_language != language)

    def avoided(term: Term, lang: str) -> str:
        return ", ".join(term.avoid.get(lang, [])) or "—"

    rows = [HEADERS[language], "| --- | --- | --- | --- |"]
    for term in sorted(terms, key=lambda t: t.names[language].casefold()):
        rows.append(
            f"| **{term.names[language]}** | {avoided(term, language)} "
            f"| *{term.names[other]}* | {avoided(term, other)} |"
        )
    return "\n".join(rows) + "\n"


def updated_guides(course: Course = COURSE) -> tuple[dict[Path, str], list[StaleTable]]:
    """Each guide's text with a current table, and the tables that were stale (or markers missing)."""
    terms = load_glossary(course)
    texts, stale = {}, []
    for language, relative in GUIDES.items():
        guide = course.root / relative
        text = guide.read_text(encoding="utf-8")
        found = TABLE.search(text)
        if not found:
            stale.append(StaleTable(relative, 1, "no <!-- terms-table:start --> ... <!-- terms-table:end --> markers"))
            continue
        rows = table(terms, language)
        updated = TABLE.sub(lambda match, rows=rows: match.group(1) + rows + match.group(2), text)
        if updated != text:
            line = text[: found.start()].count("\n") + 1
            stale.append(
                StaleTable(relative, line, f"the table of terms does not match docs/glossary.yml (run `{COMMAND}`)")
            )
        texts[guide] = updated
    return texts, stale


def main(arguments: list[str]) -> int:
    texts, stale = updated_guides()
    if "--check" in arguments:
        for problem in stale:
            print(problem)
        return 1 if stale else 0
    for guide, text in texts.items():
        if guide.read_text(encoding="utf-8") != text:
            guide.write_text(text, encoding="utf-8")
            print(f"updated {COURSE.relative(guide)}")
    missing = [problem for problem in stale if "markers" in problem.problem]
    for problem in missing:
        print(problem)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
