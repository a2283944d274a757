"""What must be identical between the two languages: code without its comments.

Comments are prose and get translated; everything else in a code block (names,
strings, numbers, expected doctest output) is code and must not drift.
"""

from __future__ import annotations

import doctest
import functools
import io
import tokenize


@functools.lru_cache(maxsize=4096)  # a build keys every lesson's execution on it twice, and parity asks again
def python_without_comments(source: str) -> str:
    """The code as written, minus comments, trailing spaces and blank lines.

    Comments are found with the tokenizer, so a ``#`` inside a string stays.
    Falls back to the raw text when the code does not tokenize, so that a
    broken block is still compared (and reported by sybil) instead of hidden.
    """
    lines = source.splitlines()
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return source.strip()
    for token in reversed(tokens):
        if token.type == tokenize.COMMENT:
            row, column = token.start
            lines[row - 1] = lines[row - 1][:column]
    return "\n".join(line.rstrip() for line in lines if line.strip())


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
