"""Highlighted code, lighter: the token spans that change nothing on screen go.

Pygments wraps every token of a code block in a span with its class:
``<span class="n">model</span><span class="o">.</span><span class="n">fit</span>``.
On a code-heavy page those spans were about 40 KB of its 95 KB of HTML. Two
classes change nothing a reader sees with Material's theme:

- ``n`` (a name: ``model``, ``fit``, ``x``), a third of all spans, is drawn in
  ``--md-code-hl-name-color``, which Material defines as the code block's
  own color ``--md-code-fg-color`` in both color schemes;
- ``w`` (whitespace) has no style at all.

Removing their tags (the text stays) leaves the page looking the same,
copying the same and searching the same; the other tokens keep their
colors. tests/site/test_page_weight.py checks in the built theme that these
two classes still have no color of their own, so that a theme upgrade that
gave them one fails there rather than silently losing highlighting.

The HTML is read with the standard library's html.parser; only the removed
tags change, every other byte stays as rendered.
"""

from __future__ import annotations

from html.parser import HTMLParser

from tooling.html_edits import SourcePositions, spliced

PLAIN_TOKEN_CLASSES = frozenset({"n", "w"})
# Material's code blocks (class "highlight"); the lessons' cells rendered by
# nbconvert (class "highlight-ipynb"), whose stylesheet also gives `n` no rule
# and `w` the block's own color.
HIGHLIGHTED_BLOCKS = frozenset({"highlight", "highlight-ipynb"})


def without_plain_spans(html: str, plain: frozenset[str] = PLAIN_TOKEN_CLASSES) -> str:
    """The HTML with the tags of plain token spans (and Pygments' empty leading <span></span>) removed
    inside highlighted code blocks (an element with a class of HIGHLIGHTED_BLOCKS)."""
    parser = _PlainSpans(plain)
    parser.feed(html)
    parser.close()
    if not parser.removals:
        return html
    positions = SourcePositions(html)
    edits = []
    for position, length in sorted(parser.removals):
        start = positions.offset(position)
        end = start + length if length else html.index(">", start) + 1
        edits.append((start, end, ""))
    return spliced(html, edits)


class _PlainSpans(HTMLParser):
    """Finds, inside highlighted blocks, the start and end tags of plain spans: (position, length or 0 for an end tag)."""

    def __init__(self, plain: frozenset[str]):
        super().__init__(convert_charrefs=False)
        self.plain = plain
        self.highlight_depth = 0  # how many open elements are highlighted blocks (or inside one)
        self.open: list[tuple[str, bool]] = []  # (tag, in a highlighted block)
        self.spans: list[tuple[tuple[int, int] | None, int]] = []  # open spans: (position of a removed start tag, its length)
        self.removals: list[tuple[tuple[int, int], int]] = []
        self.empty_candidate: tuple[tuple[int, int], int] | None = None

    def handle_starttag(self, tag, attrs):
        self.empty_candidate = None
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        if tag == "span":
            if self.highlight_depth:
                raw = self.get_starttag_text()
                if classes and classes <= self.plain and len(attributes) == 1:
                    self.spans.append((self.getpos(), len(raw)))
                    return
                if not attributes:
                    self.empty_candidate = (self.getpos(), len(raw))
            self.spans.append((None, 0))
            return
        if tag in ("br", "img", "input", "hr", "meta", "link", "wbr"):
            return
        inside = bool(self.highlight_depth) or bool(classes & HIGHLIGHTED_BLOCKS)
        self.open.append((tag, inside))
        self.highlight_depth += inside

    def handle_endtag(self, tag):
        if tag == "span":
            if self.empty_candidate is not None:
                # <span></span>: nothing between the two tags.
                self.removals += [self.empty_candidate, (self.getpos(), 0)]
                self.empty_candidate = None
                if self.spans:
                    self.spans.pop()
                return
            if self.spans:
                position, length = self.spans.pop()
                if position is not None:
                    self.removals += [(position, length), (self.getpos(), 0)]
            return
        self.empty_candidate = None
        if not any(name == tag for name, _ in self.open):
            return
        while self.open:
            name, inside = self.open.pop()
            self.highlight_depth -= inside
            if name == tag:
                break

    def handle_data(self, data):
        self.empty_candidate = None

    def handle_entityref(self, name):
        self.empty_candidate = None

    def handle_charref(self, name):
        self.empty_candidate = None
