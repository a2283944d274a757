"""A page fits a sitting: how long it is, and how much it asks for before it starts.

- At most MAX_PROSE_WORDS words of prose (what tooling/style.py calls prose:
  paragraphs, lists, tables, titles; no code, HTML or front matter) and at
  most MAX_TOTAL_WORDS words counting the code as well.
- Its opening, the text between its title and its first section, links to
  at most MAX_OPENING_LINKS other pages: it says what the page teaches and
  what it needs, not a reading list.

    python -m tooling.sittings    # every page's figures, the longest first
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from tooling.languages import Course
from tooling.markdown_source import EXTERNAL, read_markdown
from tooling.style import prose_of

MAX_PROSE_WORDS = 2000
MAX_TOTAL_WORDS = 2600
MAX_OPENING_LINKS = 3

# A word is what wc counts, if it has a letter or a digit: «0,97», «tf.data» and «x_train» are one word
# each, «>>>», «|» and «=» none.
WORD = re.compile(r"[^\s]*[^\W_][^\s]*")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Lines of Material's containers and attribute lists are markup, not words.
MARKUP = re.compile(r"^\s*(?:!!!|\?\?\?\+?|===\+?)\s+\S*|\{[^}\n]*#[\w-]+[^}\n]*\}|^\s*(?:```|~~~)\S*", re.MULTILINE)


@dataclass(frozen=True)
class Length:
    path: Path
    prose: int
    total: int


def length_of(path: Path) -> Length:
    source = read_markdown(path)
    lines = source.text.split("\n")
    body = "\n".join(line for number, line in enumerate(lines, start=1) if number not in source.front_matter_lines)
    body = MARKUP.sub(" ", HTML_COMMENT.sub(" ", body))
    prose = sum(len(WORD.findall(run.text.replace("\x00", " "))) for run in prose_of(path))
    return Length(path, prose, len(WORD.findall(body)))


def pages(course: Course, language: str) -> list[Path]:
    """The pages a reader reads: every page of the language but the glossary, which is a table."""
    return [path for path in sorted(course.docs(language).rglob("*.md")) if path.name != "glossary.md"]


def too_long(path: Path, course: Course) -> list[str]:
    length = length_of(path)
    problems = []
    if length.prose > MAX_PROSE_WORDS:
        problems.append(
            f"{course.relative(path)}:1: {length.prose} words of prose, over the {MAX_PROSE_WORDS} that fit a sitting: "
            "split the page in two (each with its opening, summary and exercises) or cut it"
        )
    if length.total > MAX_TOTAL_WORDS:
        problems.append(
            f"{course.relative(path)}:1: {length.total} words counting the code, over {MAX_TOTAL_WORDS}: "
            "split the page in two or cut it"
        )
    return problems


def opening_links(path: Path, course: Course) -> list[str]:
    """The opening (title to first section) links at most MAX_OPENING_LINKS other pages."""
    source = read_markdown(path)
    titles = [heading.line for heading in source.headings if heading.level == 1]
    sections = [heading.line for heading in source.headings if heading.level == 2]
    if not titles:
        return []
    start, end = titles[0], sections[0] if sections else len(source.text.split("\n")) + 1
    linked = []
    for link in source.links:
        page = link.target.split("#")[0]
        if start < link.line < end and not link.is_image and not EXTERNAL.match(link.target) and page.endswith(".md"):
            if page != path.name and page not in linked:
                linked.append(page)
    if len(linked) > MAX_OPENING_LINKS:
        return [
            f"{course.relative(path)}:{start}: the opening links {len(linked)} pages ({', '.join(linked)}); "
            f"at most {MAX_OPENING_LINKS}: name what the page needs most, and link the rest where it is used"
        ]
    return []


if __name__ == "__main__":
    from tooling.languages import COURSE

    lengths = [length_of(path) for language in COURSE.languages for path in pages(COURSE, language)]
    for length in sorted(lengths, key=lambda length: -length.total):
        flag = " <" if length.prose > MAX_PROSE_WORDS or length.total > MAX_TOTAL_WORDS else ""
        print(f"{length.total:6} {length.prose:6}  {COURSE.relative(length.path)}{flag}")
    sys.exit(0)
