"""Reads the parts of a Markdown page that the checks compare: fences, markers,
headings and links, each with its line.

The page is parsed with markdown-it-py (CommonMark), so fences, headings and
links are found the way a Markdown parser finds them, links whatever their form
(inline, reference-style, images). Python-Markdown's indented containers
(admonitions ``!!!``, collapsible blocks ``???``, Material's tabs ``===``), which
CommonMark does not know, are opened first: their marker line becomes a blank
line and their body is dedented, so line numbers stay those of the page.

This is deliberately independent of sybil's parser, so that a fence sybil does
not collect is still seen here and reported.
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from tooling.languages import SAFE_YAML_LOADER

# "## Título { #anchor }": FastAPI-style explicit anchor, the same in every language.
HEADING = re.compile(r"^(?P<level>#{1,6})[ \t]+(?P<title>.*?)[ \t]*(?:\{[ \t]*#(?P<anchor>[\w-]+)[ \t]*\})?[ \t]*$")
HEADING_ANCHOR = re.compile(r"[ \t]*\{[ \t]*#(?P<anchor>[\w-]+)[ \t]*\}[ \t]*$")
PYTHON_LIKE_INFO = re.compile(r"^\s*(py|python|pycon|python3)\b", re.IGNORECASE)
# <!-- skip: next "why" -->, <!-- script: x.py -->, <!-- model-diagram: model -->,
# <!-- tensorflow-only: next "why" -->, <!-- backend: jax --> (tooling/backends.py)
MARKER = re.compile(
    r"<!--\s*(?P<kind>skip|script|model-diagram|tensorflow-only|backend):\s*(?P<argument>.*?)\s*-->", re.DOTALL
)
# The opening line of a fence, possibly indented: ```python, ~~~text...
FENCE_OPENING = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>`{3,}|~{3,})(?P<info>.*)$")
# The opening line of an indented container: !!! note, ??? success "Solución", ???+ tip, === "Tab".
CONTAINER = re.compile(r"^(?P<indent> *)(!!!|\?\?\?\+?|===\+?)[ \t]")
EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)  # http:, mailto:, //host


@dataclass(frozen=True)
class Marker:
    """A directive in an HTML comment, for the checks rather than the reader."""

    line: int
    kind: str  # "skip", "script", "model-diagram", "tensorflow-only" or "backend"
    argument: str  # what follows the colon


@dataclass(frozen=True)
class Fence:
    path: Path
    line: int  # 1-based line of the opening fence
    info: str  # the info string, e.g. "python" or 'python title="x.py"'
    body: str  # the content, dedented by the fence's indentation
    end_line: int  # 1-based line of the closing fence (the last line when it is never closed)

    @property
    def language(self) -> str:
        return self.info.split()[0] if self.info.split() else ""

    @property
    def is_python_like(self) -> bool:
        return bool(PYTHON_LIKE_INFO.match(self.info))

    @property
    def is_doctest(self) -> bool:
        return self.info == "python" and self.body.lstrip().startswith(">>>")


@dataclass(frozen=True)
class Heading:
    path: Path
    line: int
    level: int
    title: str
    anchor: str | None


@dataclass(frozen=True)
class Link:
    line: int
    target: str  # as written (after reference resolution): "layers.md#weights", "assets/x.svg"
    text: str  # the link text, or an image's alt text
    is_image: bool


# read_markdown hands the same cached object to every caller: its sequences are tuples,
# and its front matter is copied on each read, so that no caller can change another's.
@dataclass(frozen=True)
class MarkdownSource:
    path: Path
    fences: tuple[Fence, ...]
    headings: tuple[Heading, ...]
    markers: tuple[Marker, ...] = ()
    code_lines: frozenset[int] = frozenset()  # lines inside fences, the fences' own lines included
    front_matter_lines: frozenset[int] = frozenset()
    text: str = field(default="", repr=False)
    front_matter: dict = field(default_factory=dict, repr=False)  # as YAML reads it; read it through `meta`

    @property
    def meta(self) -> dict:
        """The front matter, as YAML reads it (a copy: the parsed page is shared)."""
        return copy.deepcopy(self.front_matter)

    @functools.cached_property
    def links(self) -> tuple[Link, ...]:
        """Every link and image, in order. Read on first use: finding them means
        parsing every paragraph's inline Markdown, four fifths of a page's parsing
        time, and a site build asks only for fences, headings and markers."""
        lines = self.text.splitlines()
        tokens = _PARSER.parse(open_containers(self.text))
        return tuple(
            link
            for token in tokens
            if token.type == "inline" and token.map
            for link in _links_of(token, token.map[0] + 1, lines)
        )

    @property
    def internal_links(self) -> list[tuple[int, str]]:
        """(line, target) of links and images to the site itself (no scheme, no other host)."""
        return [(link.line, link.target) for link in self.links if not EXTERNAL.match(link.target)]


_PARSER = MarkdownIt("commonmark").use(front_matter_plugin)
# Blocks only: fences, headings, HTML blocks and front matter need no inline parsing.
_BLOCK_PARSER = MarkdownIt("commonmark").use(front_matter_plugin).disable(["inline", "text_join"])


def open_containers(text: str) -> str:
    """The page with its indented containers opened, line for line.

    As Python-Markdown reads them, a container's body is every following line
    that is blank or indented 4 spaces deeper than its marker.
    """
    lines = []
    bodies: list[int] = []  # indentation of the body of each open container, innermost last
    for line in text.expandtabs(4).split("\n"):
        if line.strip():
            indent = len(line) - len(line.lstrip(" "))
            while bodies and indent < bodies[-1]:
                bodies.pop()
        if bodies:
            line = line[bodies[-1] :] if line.strip() else ""
        opening = CONTAINER.match(line)
        if opening:
            bodies.append((bodies[-1] if bodies else 0) + len(opening["indent"]) + 4)
            line = ""
        lines.append(line)
    return "\n".join(lines)


def read_markdown(path: Path, text: str | None = None) -> MarkdownSource:
    """Split a page into fences, markers, headings and links (read-only: the result is shared)."""
    text = path.read_text(encoding="utf-8") if text is None else text
    return _parsed(path, text)


@functools.lru_cache(maxsize=512)
def _parsed(path: Path, text: str) -> MarkdownSource:
    # A site build asks for each page up to four times (hooks: doctests, badge, marks,
    # fingerprint), and so do the tests: each page is parsed once.
    tokens = _BLOCK_PARSER.parse(open_containers(text))
    fences: list[Fence] = []
    headings: list[Heading] = []
    markers: list[Marker] = []
    code_lines: set[int] = set()
    front_matter: set[int] = set()
    meta: dict = {}
    for index, token in enumerate(tokens):
        if token.map is None:
            continue
        first, last = token.map[0] + 1, token.map[1]  # 1-based, inclusive
        if token.type == "front_matter":
            front_matter.update(range(first, last + 1))
            meta = yaml.load(token.content, Loader=SAFE_YAML_LOADER) or {}
        elif token.type == "fence":
            fences.append(Fence(path, first, token.info.strip(), token.content, end_line=last))
            code_lines.update(range(first, last + 1))
        elif token.type == "heading_open":
            inline = tokens[index + 1].content
            anchor = HEADING_ANCHOR.search(inline)
            title = inline[: anchor.start()] if anchor else inline
            headings.append(
                Heading(path, first, int(token.tag[1]), title.strip(), anchor["anchor"] if anchor else None)
            )
        elif token.type == "html_block":
            for match in MARKER.finditer(token.content):
                line = first + token.content.count("\n", 0, match.start())
                markers.append(Marker(line, match["kind"], match["argument"]))
    return MarkdownSource(
        path, tuple(fences), tuple(headings), tuple(markers), frozenset(code_lines), frozenset(front_matter), text, meta
    )


def _links_of(inline, first_line: int, lines: list[str]) -> list[Link]:
    """Links and images of one inline run, each on the line where its text appears."""
    found = []
    children = inline.children or []
    for position, child in enumerate(children):
        if child.type == "link_open":
            target = child.attrs.get("href", "")
            text = _text_until_close(children, position)
            found.append(Link(_line_of(text or target, first_line, inline.map, lines), target, text, False))
        elif child.type == "image":
            target = child.attrs.get("src", "")
            found.append(Link(_line_of(target, first_line, inline.map, lines), target, child.content, True))
    return found


def _text_until_close(children, opening: int) -> str:
    text, depth = [], 0
    for child in children[opening + 1 :]:
        if child.type == "link_open":
            depth += 1
        elif child.type == "link_close":
            if depth == 0:
                break
            depth -= 1
        elif child.type in ("text", "code_inline"):
            text.append(child.content)
    return "".join(text)


def _line_of(needle: str, first_line: int, block_map, lines: list[str]) -> int:
    """The line of a block where `needle` first appears (the block's first line otherwise)."""
    if block_map:
        for number in range(block_map[0], block_map[1]):
            if needle and needle in lines[number]:
                return number + 1
    return first_line
