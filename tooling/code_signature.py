"""What must be identical between the two languages: code without its comments.

Comments are prose and get translated; everything else in a code block (names,
strings, numbers, expected doctest output) is code and must not drift.
"""

from __future__ import annotations

import doctest
import io
import tokenize

_IGNORED_TOKENS = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}


def python_without_comments(source: str) -> str:
    """The code's tokens, one logical line per line, with comments dropped.

    Falls back to the raw text when the code does not tokenize, so that a
    broken block is still compared (and reported by sybil) instead of hidden.
    """
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return source.strip()
    lines: list[str] = []
    current: list[str] = []
    for token in tokens:
        if token.type in _IGNORED_TOKENS:
            continue
        if token.type == tokenize.NEWLINE:
            lines.append(" ".join(current))
            current = []
        elif token.type == tokenize.INDENT:
            current.append("<indent>")
        elif token.type == tokenize.DEDENT:
            current.append("<dedent>")
        else:
            current.append(token.string)
    if current:
        lines.append(" ".join(current))
    return "\n".join(line for line in lines if line)


def doctest_without_comments(source: str) -> str:
    """Each ``>>>`` example's code (comments dropped) followed by its expected output."""
    parts: list[str] = []
    for example in doctest.DocTestParser().get_examples(source):
        parts.append(">>> " + python_without_comments(example.source).replace("\n", "\n... "))
        parts.append(example.want.rstrip("\n"))
    return "\n".join(part for part in parts if part)


def code_signature(language: str, body: str) -> str:
    """The comparable form of a fenced block or a notebook code cell."""
    if language == "python":
        if body.lstrip().startswith(">>>"):
            return doctest_without_comments(body)
        return python_without_comments(body)
    return body.rstrip()
