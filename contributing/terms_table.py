"""The style guides' table of preferred terms, generated from docs/glossary.yml.

Each guide holds the table between two markers:

    <!-- terms-table:start -->
    ...
    <!-- terms-table:end -->

    python contributing/terms_table.py            # rewrite the table of both guides
    python contributing/terms_table.py --check    # exit 1, naming the guide, if a table is stale
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "glossary.yml"
GUIDES = {"es": ROOT / "contributing" / "guia-de-estilo.md", "en": ROOT / "contributing" / "style-guide.md"}
HEADERS = {
    "es": "| Término | Variantes que evitar | En inglés | Variantes que evitar en inglés |",
    "en": "| Term | Variants to avoid | In Spanish | Variants to avoid in Spanish |",
}
TABLE = re.compile(r"(<!-- terms-table:start -->\n).*?(<!-- terms-table:end -->)", re.DOTALL)


def table(language: str, glossary: Path = GLOSSARY) -> str:
    other = "en" if language == "es" else "es"
    entries = yaml.safe_load(glossary.read_text(encoding="utf-8"))

    def avoided(entry: dict, lang: str) -> str:
        variants = (entry.get("avoid") or {}).get(lang) or []
        return ", ".join(variants) or "—"

    rows = [HEADERS[language], "| --- | --- | --- | --- |"]
    for entry in sorted(entries, key=lambda e: str(e["term"][language]).casefold()):
        rows.append(
            f"| **{entry['term'][language]}** | {avoided(entry, language)} "
            f"| *{entry['term'][other]}* | {avoided(entry, other)} |"
        )
    return "\n".join(rows) + "\n"


def main(check: bool) -> int:
    stale = []
    for language, guide in GUIDES.items():
        text = guide.read_text(encoding="utf-8")
        if not TABLE.search(text):
            print(f"{guide.relative_to(ROOT)}:1: no <!-- terms-table:start --> ... <!-- terms-table:end --> markers")
            return 1
        updated = TABLE.sub(lambda m: m.group(1) + table(language) + m.group(2), text)
        if updated != text:
            if check:
                line = text[: TABLE.search(text).start()].count("\n") + 1
                stale.append(f"{guide.relative_to(ROOT)}:{line}: the table of terms does not match docs/glossary.yml "
                             "(run `python contributing/terms_table.py`)")
            else:
                guide.write_text(updated, encoding="utf-8")
                print(f"updated {guide.relative_to(ROOT)}")
    for problem in stale:
        print(problem)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(check="--check" in sys.argv[1:]))
