"""Code that several pages and a lesson share is the same code: the text
corpus the course writes for itself (text-vectorization.md, text-classification.md,
recurrent.md, attention.md and the text-classification lesson) and its train/test split. A reader who
runs the lesson gets the sentences and the split the pages talk about.

Compared without comments (they are translated), on the source language:
parity proves the translations carry the same code.
"""

import re

import pytest

from tooling.code_signature import python_without_comments
from tooling.languages import COURSE
from tooling.teaching import lesson_blocks, page_blocks

SOURCE = COURSE.source
WHERE = [
    COURSE.docs(SOURCE) / "text-vectorization.md",
    COURSE.docs(SOURCE) / "text-classification.md",
    COURSE.docs(SOURCE) / "recurrent.md",
    COURSE.docs(SOURCE) / "attention.md",
    COURSE.examples(SOURCE) / "text-classification.py",
]
# (what, first line of the shared code, its last line)
SHARED = [
    ("the corpus", re.compile(r"^SPANISH = \{"), re.compile(r"^texts, labels = make_corpus\(\)")),
    ("the split", re.compile(r"^x_train, x_test, y_train, y_test = train_test_split\("), re.compile(r"^\)")),
]


def shared_code(path, first, last) -> tuple[int, str] | None:
    """(line, code) of the first run of lines from `first` to `last` in the file's Python code."""
    blocks = lesson_blocks(path) if path.suffix == ".py" else page_blocks(path)
    for start, code in blocks:
        lines = code.split("\n")
        for index, line in enumerate(lines):
            if first.match(line):
                end = next((j for j in range(index + 1, len(lines)) if last.match(lines[j])), None)
                if end is not None:
                    return start + index, python_without_comments("\n".join(lines[index : end + 1]))
    return None


@pytest.mark.parametrize("what, first, last", SHARED, ids=[what for what, _, _ in SHARED])
def test_pages_and_lesson_share_the_same_code(what, first, last):
    found = {path: shared_code(path, first, last) for path in WHERE}
    missing = [COURSE.relative(path) for path, code in found.items() if code is None]
    assert not missing, f"{missing[0]}:1: {what} is not there (it starts with {first.pattern!r})"
    reference_path, (reference_line, reference) = WHERE[0], found[WHERE[0]]
    for path, (line, code) in found.items():
        assert code == reference, (
            f"{COURSE.relative(path)}:{line}: {what} differs from {COURSE.relative(reference_path)}:{reference_line}; "
            "the pages and the lesson must run the same code"
        )
