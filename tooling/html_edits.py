"""Edits to HTML at the positions html.parser reports, every other byte kept as written.

html.parser gives (line, column) positions in the text it was fed (with
convert_charrefs=False, text comes as written); tooling/tooltips.py turns
them into offsets and splices its edits into the rendered page.
"""

from __future__ import annotations

import re


class SourcePositions:
    """Offsets in `text` of html.parser's (line, column) positions."""

    def __init__(self, text: str):
        self._line_starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def offset(self, position: tuple[int, int]) -> int:
        line, column = position
        return self._line_starts[line - 1] + column


def spliced(text: str, edits: list[tuple[int, int, str]]) -> str:
    """`text` with text[start:end] replaced for each (start, end, replacement), given in order, not overlapping."""
    pieces, position = [], 0
    for start, end, replacement in edits:
        pieces += [text[position:start], replacement]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
