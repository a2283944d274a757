"""Glossary tooltips: a term's definition on its first occurrence in a page.

Writing ``capa`` in a page is enough: the rendered page gets
``<abbr title="definition">capa</abbr>`` (styled by Material's
``content.tooltips``) on the first occurrence of each glossary term in its
prose, and on no other. A tooltip on every occurrence, in titles and
headings too, read as noise: the first paragraph of a chapter carried nine
dotted underlines, and the tooltips weighed 16 KB of the heaviest page.

Why the first in the page and not in each section: pages are short (about
2,000 words at most), a reader who wants the definition again finds it in
the glossary page, and one per section brought back most of the noise.

Where a tooltip never goes: headings, links, code, existing ``<abbr>``,
admonition and collapsible titles, table headers, tab labels, and the
glossary page's own table (its definitions are right there). The first
occurrence that counts is the first one in prose: a term first met in a
heading gets its tooltip in the text below it.

Matching: whole words; a term's forms (``capas``) and the capitalised
spelling at the start of a sentence count as the term; the longest term wins,
so "capa densa" is the term *capa densa* and not an occurrence of *capa*.

The rendered HTML is read with the standard library's html.parser and only
text nodes are rewritten in place: every other byte of the page stays as
MkDocs rendered it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tooling.glossary import Term
from tooling.html_edits import SourcePositions, spliced

# Elements whose text never gets a tooltip.
EXCLUDED_ELEMENTS = frozenset(
    {
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "a",
        "abbr",
        "code",
        "pre",
        "kbd",
        "samp",
        "script",
        "style",
        "svg",
        "button",
        "label",
        "summary",
        "th",
        "textarea",
        "title",
    }
)
EXCLUDED_CLASSES = frozenset({"admonition-title", "headerlink"})  # the title line of !!! note "..." and ??? blocks
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)


def with_tooltips(html: str, terms: list[Term], language: str, excluded: frozenset[str] = EXCLUDED_ELEMENTS) -> str:
    """The page's HTML with the first occurrence of each term wrapped in <abbr title="definition">."""
    spellings = {spelling: term for term in terms for spelling in term.spellings(language)}
    if not spellings:
        return html
    # The longest spelling first, so that the alternation prefers "capa densa" to "capa" at the same place.
    alternatives = "|".join(re.escape(spelling) for spelling in sorted(spellings, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")

    texts = _ProseText(excluded)
    texts.feed(_without_code(html) if "pre" in excluded else html)
    texts.close()
    positions = SourcePositions(html)
    seen: set[int] = set()
    insertions = []  # (start, end, replacement), in document order
    for position, text in texts.chunks:
        offset = positions.offset(position)
        for match in pattern.finditer(text):
            term = spellings[match.group(0)]
            if id(term) in seen:
                continue
            seen.add(id(term))
            title = _attribute(term.definitions[language])
            insertions.append(
                (offset + match.start(), offset + match.end(), f'<abbr title="{title}">{match.group(0)}</abbr>')
            )
    return spliced(html, insertions)


PRE_CONTENT = re.compile(r"(?<=<pre)(\b[^>]*>)(.*?)(?=</pre>)", re.DOTALL)


def _without_code(html: str) -> str:
    """The HTML with the content of every <pre> blanked out, newlines kept: the
    same length and lines, so the parser's positions stay those of the page,
    without the thousands of token spans of the code, which get no tooltip."""

    def blank(match: re.Match) -> str:
        return match[1] + "\n".join(" " * len(line) for line in match[2].split("\n"))

    return PRE_CONTENT.sub(blank, html)


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


class _ProseText(HTMLParser):
    """Collects the text nodes outside excluded elements, each with its (line, column) in the HTML."""

    def __init__(self, excluded: frozenset[str]):
        super().__init__(convert_charrefs=False)  # text comes as written, so positions map onto the source
        self.excluded = excluded
        self.open: list[tuple[str, bool]] = []  # (tag, excludes its content)
        self.excluding = 0
        self.chunks: list[tuple[tuple[int, int], str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID_ELEMENTS:
            return
        classes = set((dict(attrs).get("class") or "").split())
        excludes = tag in self.excluded or bool(classes & EXCLUDED_CLASSES)
        self.open.append((tag, excludes))
        self.excluding += excludes

    def handle_startendtag(self, tag, attrs):
        pass  # <br/>, <img .../>: no content

    def handle_endtag(self, tag):
        if not any(name == tag for name, _ in self.open):
            return  # a stray end tag
        while self.open:
            name, excludes = self.open.pop()
            self.excluding -= excludes
            if name == tag:
                break

    def handle_data(self, data):
        if not self.excluding and data.strip():
            self.chunks.append((self.getpos(), data))
