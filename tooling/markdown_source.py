"""Reads the parts of a Markdown page that the tests compare: fences, headings, links.

This is deliberately independent of sybil's parser, so that a fence sybil does
not collect is still seen here and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# An opening or closing fence, possibly indented (admonitions, tabs, lists).
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>`{3,}|~{3,})(?P<info>.*)$")
# "## Título { #anchor }": FastAPI-style explicit anchor, the same in every language.
HEADING = re.compile(r"^(?P<level>#{1,6})[ \t]+(?P<title>.*?)[ \t]*(?:\{[ \t]*#(?P<anchor>[\w-]+)[ \t]*\})?[ \t]*$")
# Inline links and images whose target is inside the site (no scheme, no mailto).
INTERNAL_LINK = re.compile(r"!?\[[^\]]*\]\((?P<target>(?![a-z][a-z0-9+.-]*:)[^)\s]+)(?:[ \t]+\"[^\"]*\")?\)")
PYTHON_LIKE_INFO = re.compile(r"^\s*(py|python|pycon|python3)\b", re.IGNORECASE)


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


@dataclass(frozen=True)
class Heading:
    path: Path
    line: int
    level: int
    title: str
    anchor: str | None


@dataclass(frozen=True)
class MarkdownSource:
    path: Path
    fences: list[Fence]
    headings: list[Heading]
    internal_links: list[tuple[int, str]]  # (line, target)


def read_markdown(path: Path, text: str | None = None) -> MarkdownSource:
    """Split a page into fences, and headings and links outside fences."""
    lines = (path.read_text(encoding="utf-8") if text is None else text).splitlines()
    fences: list[Fence] = []
    headings: list[Heading] = []
    links: list[tuple[int, str]] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        opening = FENCE.match(line)
        if opening:
            indent, marker = opening["indent"], opening["marker"]
            opening_line = index + 1
            body: list[str] = []
            index += 1
            while index < len(lines):
                closing = FENCE.match(lines[index])
                if (
                    closing
                    and closing["marker"][0] == marker[0]
                    and len(closing["marker"]) >= len(marker)
                    and not closing["info"].strip()
                    and len(closing["indent"]) <= len(indent)
                ):
                    break
                body.append(lines[index][len(indent):] if lines[index].startswith(indent) else lines[index].lstrip())
                index += 1
            fences.append(
                Fence(
                    path,
                    opening_line,
                    opening["info"].strip(),
                    "\n".join(body) + "\n" if body else "",
                    end_line=min(index + 1, len(lines)),
                )
            )
            index += 1
            continue
        heading = HEADING.match(line)
        if heading:
            headings.append(
                Heading(path, index + 1, len(heading["level"]), heading["title"], heading["anchor"])
            )
        for link in INTERNAL_LINK.finditer(line):
            links.append((index + 1, link["target"]))
        index += 1
    return MarkdownSource(path, fences, headings, links)

