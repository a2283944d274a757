"""No Python fence escapes sybil: every one is collected, none is silently skipped.

sybil's Markdown parser only collects fences whose info string is exactly
``python``; ```` ```py ```` or ```` ```python title="x.py" ```` would render on
the site and never run.
"""

import re
from pathlib import Path

import pytest

from tooling.snippets import SNIPPETS
from tooling.markdown_source import read_markdown
from tooling.parity import ROOT

PAGES = sorted((ROOT / "docs").rglob("*.md"))
IDS = [page.relative_to(ROOT).as_posix() for page in PAGES]


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_python_fences_are_written_exactly_python(page: Path):
    problems = [
        f"{page.relative_to(ROOT)}:{fence.line}: fence '```{fence.info}' is not collected by sybil; "
        f"write '```python' (a title or another alias would make it a block that never runs)"
        for fence in read_markdown(page).fences
        if fence.is_python_like and fence.info != "python"
    ]
    assert not problems, "\n" + "\n".join(problems)


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_every_python_fence_produced_a_collected_example(page: Path):
    collected_lines = {example.line for example in SNIPPETS.parse(page)}
    problems = [
        f"{page.relative_to(ROOT)}:{fence.line}: this python fence produced no test"
        for fence in read_markdown(page).fences
        if fence.info == "python" and not _has_example_within(fence, collected_lines)
    ]
    assert not problems, "\n" + "\n".join(problems)


def _has_example_within(fence, collected_lines: set[int]) -> bool:
    return any(fence.line <= line <= fence.end_line for line in collected_lines)


# sybil reports `<!-- skip: next -->` as PASSED; with a reason it shows as SKIPPED.
SKIP_WITHOUT_REASON = re.compile(r"<!--\s*skip:\s*(next|start)\s*-->")


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_every_skip_gives_a_reason(page: Path):
    lines = page.read_text(encoding="utf-8").splitlines()
    problems = [
        f"{page.relative_to(ROOT)}:{number}: a skip without a reason passes silently; "
        f'write <!-- skip: next "why it cannot run" -->'
        for number, line in enumerate(lines, start=1)
        if SKIP_WITHOUT_REASON.search(line)
    ]
    assert not problems, "\n" + "\n".join(problems)
