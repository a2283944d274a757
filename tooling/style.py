"""The style guide's checkable rules, run on the prose of pages and lessons.

- Variants to avoid: docs/glossary.yml lists, per language, words the prose
  of that language must not use (``avoid: {es: [arreglo, arreglos]}``); each
  one is flagged with its file and line, and the term to write instead.
- Decimal commas: in the prose of a language that writes them
  (``number_format.decimal_separator`` in languages/<locale>.yml), a number
  like 0.95 is flagged; version numbers (2.21, 3.15.1) are not decimals.

What is prose follows the style guide (contributing/guia-de-estilo.md): the
text of paragraphs, headings, lists, tables, admonition titles, link texts
and images' alternative texts. Not prose: code (fences, indented blocks,
`inline code`), URLs, explicit anchors and attribute lists (``{ #layers }``),
HTML (comments and tags), front matter, and a lesson's code cells, whose
``#`` comments are code. Pages are read with markdown-it-py, like the rest of
the tooling (tooling/markdown_source.py).

    python -m tooling.style    # every finding of the course, as file:line: message
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from tooling.glossary import Term, load_glossary
from tooling.languages import COURSE, Course
from tooling.markdown_source import open_containers

# Stands for what is not prose (code, HTML) inside a run of prose: not a word
# character and not a space, so that no match goes across it.
NOT_PROSE = "\x00"
# { #anchor }, { .class }, { width="300" }, {: #anchor } — attribute lists of Python-Markdown's attr_list.
ATTRIBUTE_LIST = re.compile(
    r"\{:?[ \t]*(?:[#.][\w-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]+))"
    r"(?:[ \t]+(?:[#.][\w-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}]+)))*[ \t]*\}"
)
URL = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>()\x00]*", re.IGNORECASE)
# !!! note "Título", ??? success "Solución", ???+ tip "…", === "Pestaña": their titles are prose.
CONTAINER_TITLE = re.compile(
    r'^[ \t]*(?:!!!|\?\?\?\+?|===\+?)[ \t]+(?:[\w-]+(?:[ \t]+[\w-]+)*[ \t]*)?"(?P<title>[^"]*)"'
)
LESSON_MARKDOWN_CELL = re.compile(r"^# %% \[markdown\]")
CELL_MARKER = re.compile(r"^# %%")  # as tooling/examples.py reads cells

_PARSER = MarkdownIt("commonmark").use(front_matter_plugin).enable("table")


@dataclass(frozen=True)
class Prose:
    """A run of prose: the line of the file where it starts, and its text ("\\n" between lines)."""

    line: int
    text: str

    def line_of(self, offset: int) -> int:
        return self.line + self.text.count("\n", 0, offset)


@dataclass(frozen=True)
class Finding:
    path: str  # relative to the course
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


# ---------------------------------------------------------------- prose


def markdown_prose(text: str, first_line: int = 1) -> list[Prose]:
    """The prose of a Markdown page (or of a lesson's Markdown cell starting at first_line)."""
    prose = []
    lines = text.split("\n")
    code_lines: set[int] = set()
    for token in _PARSER.parse(open_containers(text)):
        if token.type in ("fence", "code_block", "front_matter", "html_block") and token.map:
            code_lines.update(range(token.map[0], token.map[1]))
        if token.type == "inline" and token.map:
            prose.append(Prose(first_line + token.map[0], _inline_text(token)))
    for index, line in enumerate(lines):
        title = CONTAINER_TITLE.match(line)
        if title and index not in code_lines:
            prose.append(Prose(first_line + index, _without_attributes_and_urls(title["title"])))
    return sorted(prose, key=lambda run: run.line)


def _inline_text(inline) -> str:
    """The prose of one inline run: text, link texts and alt texts; code and HTML become NOT_PROSE."""
    parts = []
    in_autolink = False
    raw, cursor = inline.content, 0  # the source of the run: where code spans' line breaks are still seen
    for child in inline.children or []:
        if child.type == "link_open" and child.markup == "autolink":
            in_autolink = True
            parts.append(NOT_PROSE)
        elif child.type == "link_close" and in_autolink:
            in_autolink = False
        elif in_autolink:
            continue
        elif child.type == "text":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(NOT_PROSE + child.content + NOT_PROSE)
        elif child.type == "html_inline":
            parts.append(NOT_PROSE + "\n" * child.content.count("\n") + NOT_PROSE)
        elif child.type == "code_inline":
            # The parser turns a code span's line breaks into spaces; keep them, so that what follows keeps its line.
            start, end = _code_span(raw, child.markup, cursor)
            parts.append(NOT_PROSE + "\n" * raw.count("\n", start, end) + NOT_PROSE)
            cursor = end
    return _without_attributes_and_urls("".join(parts))


def _code_span(raw: str, backticks: str, cursor: int) -> tuple[int, int]:
    """Where the next code span delimited by `backticks` lies in the raw text, from cursor on."""
    run = re.compile(rf"(?<!`){re.escape(backticks)}(?!`)")
    opening = run.search(raw, cursor)
    if opening is None:
        return cursor, cursor
    closing = run.search(raw, opening.end())
    return opening.start(), closing.end() if closing else opening.end()


def _without_attributes_and_urls(text: str) -> str:
    text = ATTRIBUTE_LIST.sub(NOT_PROSE, text)
    return URL.sub(NOT_PROSE, text)


def lesson_prose(text: str) -> list[Prose]:
    """The prose of a lesson (jupytext percent format): its Markdown cells, without the leading "# "."""
    lines = text.split("\n")
    prose = []
    index = 0
    while index < len(lines):
        if not LESSON_MARKDOWN_CELL.match(lines[index]):
            index += 1
            continue
        start = index + 1
        end = start
        while end < len(lines) and not CELL_MARKER.match(lines[end]):
            end += 1
        cell = [re.sub(r"^# ?", "", line) if line.startswith("#") else line for line in lines[start:end]]
        prose += markdown_prose("\n".join(cell), first_line=start + 1)
        index = end
    return prose


def prose_of(path: Path) -> list[Prose]:
    text = path.read_text(encoding="utf-8")
    return lesson_prose(text) if path.suffix == ".py" else markdown_prose(text)


# ---------------------------------------------------------------- checks


@dataclass(frozen=True)
class Variant:
    words: str  # as the glossary writes it
    term: Term
    pattern: re.Pattern


def variants_to_avoid(terms: list[Term], language: str) -> list[Variant]:
    """Every variant the glossary lists for `language`, as a whole-word, case-insensitive pattern."""
    variants = []
    for term in terms:
        for words in term.avoid.get(language, []):
            phrase = r"\s+".join(re.escape(word) for word in words.split())
            variants.append(Variant(words, term, re.compile(rf"(?<!\w){phrase}(?!\w)", re.IGNORECASE)))
    # The longest first: "programador de la tasa de aprendizaje" is reported once, not also as a shorter variant.
    return sorted(variants, key=lambda variant: -len(variant.words))


# A word between quotation marks is mentioned, not used: «Soporte» in a note on
# the original text's heading, "data set" in a sentence about the word.
QUOTED = re.compile(r"«[^»\x00]*»|“[^”\x00]*”|\"[^\"\x00\n]*\"")


def _quoted_spans(text: str) -> list[range]:
    return [range(match.start(), match.end()) for match in QUOTED.finditer(text)]


def avoided_variants(prose: list[Prose], variants: list[Variant], language: str) -> list[tuple[int, str]]:
    """(line, message) for each variant found in the prose, in the order of the text; a quoted one is a mention."""
    found = []
    for run in prose:
        taken: list[range] = _quoted_spans(run.text)
        for variant in variants:
            for match in variant.pattern.finditer(run.text):
                if any(match.start() in span for span in taken):
                    continue
                taken.append(range(match.start(), match.end()))
                message = (
                    f"«{' '.join(match.group(0).split())}» is a variant to avoid in '{language}' prose: write "
                    f"«{variant.term.names[language]}» (docs/glossary.yml:{variant.term.line})"
                )
                found.append((run.line_of(match.start()), run.line, match.start(), message))
    return [(line, message) for line, _, _, message in sorted(found)]


# A number with a decimal point: digits, a point, digits; not part of a longer
# dotted run (3.15.1, 127.0.0.1) nor of a word or a path (v2.1, file1.2).
DECIMAL_POINT = re.compile(r"(?<![\w.,])\d+\.\d+(?![\w.]|\.\d)|(?<![\w.,])\d+\.\d+(?=\.(?:\s|$))")
# What makes "2.21" a version: just before it, the name of a library, the word
# "version", or the article of "la (versión) 2.21"; or a list of versions after one
# ("TensorFlow 2.15 y 2.16").
VERSIONED = re.compile(
    r"(?:\b(?:tensorflow|keras|python|numpy|scikit-learn|matplotlib|tensorboard|jax|pytorch|torch|mkdocs|"
    r"material|sybil|pytest|jupytext|cuda|cudnn|xla|ipykernel|versi[oó]n(?:es)?|versions?|la|las)|\bv)"
    r"\s*(?:\d+(?:\.\d+)*\s*(?:,|y|e|o|and|or)\s*)*$",
    re.IGNORECASE,
)


def decimal_points(prose: list[Prose]) -> list[tuple[int, str]]:
    """(line, message) for each number written with a decimal point where a decimal comma is expected."""
    found = []
    for run in prose:
        for match in DECIMAL_POINT.finditer(run.text):
            before = run.text[max(0, match.start() - 60) : match.start()]
            if VERSIONED.search(before):
                continue
            number = match.group(0)
            found.append(
                (
                    run.line_of(match.start()),
                    f"«{number}»: this language's prose writes decimals with a comma («{number.replace('.', ',')}»); "
                    "a version keeps its point after the library's name or «versión», and Python's output goes in code",
                )
            )
    return found


def phrases(words: list[str]) -> list[tuple[str, re.Pattern]]:
    """Whole-word, case-insensitive patterns for phrases written in plain words, the longest first."""
    found = []
    for phrase in sorted(words, key=len, reverse=True):
        pattern = r"\s+".join(re.escape(word) for word in phrase.split())
        found.append((phrase, re.compile(rf"(?<!\w){pattern}(?!\w)", re.IGNORECASE)))
    return found


def vocabulary_variants(runs: list[Prose], vocabulary: dict[str, str], language: str) -> list[tuple[int, str]]:
    """(line, message) for each word the language's prose does not use (``vocabulary:`` in languages/<locale>.yml)."""
    found = []
    patterns = phrases(list(vocabulary))
    for run in runs:
        taken: list[range] = _quoted_spans(run.text)
        for phrase, pattern in patterns:
            for match in pattern.finditer(run.text):
                if any(match.start() in span for span in taken):
                    continue
                taken.append(range(match.start(), match.end()))
                found.append(
                    (
                        run.line_of(match.start()),
                        f"«{' '.join(match.group(0).split())}» is not the style guide's '{language}': write "
                        f"{vocabulary[phrase]} (languages/{language}.yml, vocabulary)",
                    )
                )
    return found


def code_comments(path: Path) -> list[Prose]:
    """The ``#`` comments of a page's Python fences or of a lesson's code cells: readers read them too."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if path.suffix == ".py":
        in_code, wanted = False, set()
        for number, line in enumerate(lines, start=1):
            if CELL_MARKER.match(line):
                in_code = not LESSON_MARKDOWN_CELL.match(line)
            elif in_code:
                wanted.add(number)
    else:
        from tooling.markdown_source import read_markdown

        wanted = {
            number
            for fence in read_markdown(path, "\n".join(lines)).fences
            if fence.info == "python"
            for number in range(fence.line + 1, fence.end_line)
        }
    comments = []
    for number in sorted(wanted):
        comment = COMMENT.search(lines[number - 1])
        if comment:
            comments.append(Prose(number, comment["text"]))
    return comments


# A comment: a # outside a string, roughly (a # inside quotes on the same line is not one).
COMMENT = re.compile(r"""^(?:[^#"']|"[^"]*"|'[^']*')*#\s?(?P<text>.*)$""")


def machinery_mentions(runs: list[Prose], words: list[str]) -> list[tuple[int, str]]:
    """(line, message) for each mention of how the course is built or checked
    (``machinery:`` in languages/<locale>.yml)."""
    found = []
    for run in runs:
        for _phrase, pattern in phrases(words):
            for match in pattern.finditer(run.text):
                found.append(
                    (
                        run.line_of(match.start()),
                        f"«{' '.join(match.group(0).split())}» speaks of the course's machinery (its tests, build, "
                        "fingerprints or history): a page teaches Keras; what contributors need goes to contributing/",
                    )
                )
                break
    return found


def check_files(paths: list[Path], language: str, terms: list[Term], course: Course = COURSE) -> list[Finding]:
    """Findings in the given pages and lessons of one language."""
    variants = variants_to_avoid(terms, language)
    strings = course.strings(language)
    decimal_comma = strings.get("number_format", {}).get("decimal_separator") == ","
    findings = []
    for path in paths:
        prose = prose_of(path)
        found = avoided_variants(prose, variants, language)
        found += vocabulary_variants(prose, strings.get("vocabulary") or {}, language)
        found += machinery_mentions(prose + code_comments(path), strings.get("machinery") or [])
        if decimal_comma:
            found += decimal_points(prose)
        findings += [
            Finding(course.relative(path), line, message) for line, message in sorted(found, key=lambda f: f[0])
        ]
    return findings


def course_files(course: Course, language: str) -> list[Path]:
    """The pages and lessons of one language."""
    return sorted(course.docs(language).rglob("*.md")) + sorted(course.examples(language).glob("*.py"))


def check_course(course: Course = COURSE) -> list[Finding]:
    terms = load_glossary(course)
    findings = []
    for language in course.languages:
        findings += check_files(course_files(course, language), language, terms, course)
    return findings


if __name__ == "__main__":
    problems = check_course()
    for problem in problems:
        print(problem)
    sys.exit(1 if problems else 0)
