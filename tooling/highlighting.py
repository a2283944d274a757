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

Pygments writes its spans flat, one per token, with the token's text alone
inside: a plain span is found by a regular expression, only inside the <pre>
of a highlighted block, and every other byte stays as rendered (an html.parser
walk over every tag of the page took four times as long).
"""

from __future__ import annotations

import functools
import re

PLAIN_TOKEN_CLASSES = frozenset({"n", "w"})
# Material's code blocks (class "highlight"); the lessons' cells rendered by
# nbconvert (class "highlight-ipynb"), whose stylesheet also gives `n` no rule
# and `w` the block's own color.
HIGHLIGHTED_BLOCKS = frozenset({"highlight", "highlight-ipynb"})


def without_plain_spans(html: str, plain: frozenset[str] = PLAIN_TOKEN_CLASSES) -> str:
    """The HTML with the tags of plain token spans (and Pygments' empty leading <span></span>) removed
    inside the code of highlighted blocks (an element with a class of HIGHLIGHTED_BLOCKS)."""
    block, span = _patterns(plain)
    return block.sub(lambda match: match["opening"] + span.sub(_text_alone, match["code"]) + match["closing"], html)


@functools.cache
def _patterns(plain: frozenset[str]) -> tuple[re.Pattern, re.Pattern]:
    classes = "|".join(map(re.escape, sorted(HIGHLIGHTED_BLOCKS)))
    block = re.compile(
        # A highlighted block's opening tag, then its <pre>, with nothing but opening tags and
        # spaces between (a block with a title or other text before its code is left as it is)...
        rf'(?P<opening><[a-z]+\b[^>]*\bclass="(?:[^"]*\s)?(?:{classes})(?:\s[^"]*)?"[^>]*>(?:\s|<[^/>][^>]*>)*?<pre\b[^>]*>)'
        # ...and the code, up to the end of the <pre>.
        r"(?P<code>.*?)(?P<closing></pre>)",
        re.DOTALL,
    )
    names = "|".join(map(re.escape, sorted(plain)))
    span = re.compile(rf'<span class="(?:{names})">(?P<text>[^<]*)</span>|<span></span>')
    return block, span


def _text_alone(match: re.Match) -> str:
    return match["text"] or ""
