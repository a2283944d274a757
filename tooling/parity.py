"""Checks that the English course is the Spanish course translated: same pages,
same code, same anchors. Each check returns problems as ``file:line: message``
strings, so a failing test tells a contributor exactly what to fix.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from tooling import ROOT, SOURCE, TRANSLATION
from tooling.code_signature import code_signature
from tooling.examples import Example
from tooling.markdown_source import HEADING, read_markdown



def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def missing_translations(root: Path = ROOT) -> list[str]:
    """Pages, assets and examples that exist in one language only."""
    problems = []
    for tree in ("docs", "examples"):
        files = {
            language: {
                path.relative_to(root / tree / language).as_posix()
                for path in (root / tree / language).rglob("*")
                if path.is_file() and "__pycache__" not in path.parts
            }
            for language in (SOURCE, TRANSLATION)
        }
        for language, other in ((SOURCE, TRANSLATION), (TRANSLATION, SOURCE)):
            for name in sorted(files[language] - files[other]):
                problems.append(
                    f"{tree}/{language}/{name}:1: has no counterpart {tree}/{other}/{name} "
                    f"(every page and example exists in both languages)"
                )
    return problems


def translated_pairs(tree: str, pattern: str, root: Path = ROOT) -> list[tuple[Path, Path]]:
    """(Spanish, English) files present in both languages."""
    source_dir = root / tree / SOURCE
    return [
        (source, root / tree / TRANSLATION / source.relative_to(source_dir))
        for source in sorted(source_dir.rglob(pattern))
        if (root / tree / TRANSLATION / source.relative_to(source_dir)).exists()
    ]


def _diff(source: str, translation: str) -> str:
    lines = difflib.unified_diff(source.splitlines(), translation.splitlines(), SOURCE, TRANSLATION, lineterm="", n=1)
    return "\n".join("    " + line for line in list(lines)[2:])


def _compare_blocks(
    source_name: str, source_blocks: list[tuple[int, str, str]],
    translation_name: str, translation_blocks: list[tuple[int, str, str]], kind: str,
) -> list[str]:
    """Blocks are (line, language, code); compared in order, comments ignored."""
    problems = []
    if len(source_blocks) != len(translation_blocks):
        problems.append(
            f"{translation_name}:1: has {len(translation_blocks)} {kind}s, "
            f"{source_name} has {len(source_blocks)}: add or remove {kind}s so they match one to one"
        )
    for (s_line, s_lang, s_code), (t_line, t_lang, t_code) in zip(source_blocks, translation_blocks):
        if s_lang != t_lang:
            problems.append(f"{translation_name}:{t_line}: {kind} is '{t_lang}', {source_name}:{s_line} is '{s_lang}'")
            continue
        s_sig, t_sig = code_signature(s_lang, s_code), code_signature(t_lang, t_code)
        if s_sig != t_sig:
            problems.append(
                f"{translation_name}:{t_line}: code differs from {source_name}:{s_line} "
                f"(only comments and prose may be translated):\n{_diff(s_sig, t_sig)}"
            )
    return problems


def _compare_anchors(
    source_name: str, source_anchors: list[tuple[int, str | None]],
    translation_name: str, translation_anchors: list[tuple[int, str | None]],
) -> list[str]:
    s_ids = [anchor for _, anchor in source_anchors]
    t_ids = [anchor for _, anchor in translation_anchors]
    if s_ids == t_ids:
        return []
    for (s_line, s_anchor), (t_line, t_anchor) in zip(source_anchors, translation_anchors):
        if s_anchor != t_anchor:
            return [
                f"{translation_name}:{t_line}: heading anchor '#{t_anchor}' differs from "
                f"'#{s_anchor}' at {source_name}:{s_line} (anchors are identical in both languages)"
            ]
    return [f"{translation_name}:1: has {len(t_ids)} headings, {source_name} has {len(s_ids)}"]


def page_differences(source: Path, translation: Path, root: Path = ROOT) -> list[str]:
    s_page, t_page = read_markdown(source), read_markdown(translation)
    s_name, t_name = _relative(source, root), _relative(translation, root)
    return _compare_blocks(
        s_name, [(f.line, f.language, f.body) for f in s_page.fences],
        t_name, [(f.line, f.language, f.body) for f in t_page.fences], "code block",
    ) + _compare_anchors(
        s_name, [(h.line, h.anchor) for h in s_page.headings],
        t_name, [(h.line, h.anchor) for h in t_page.headings],
    ) + _compare_links(s_name, s_page.internal_links, t_name, t_page.internal_links)


def _compare_links(source_name: str, source_links, translation_name: str, translation_links) -> list[str]:
    """Internal links point at the same targets, so both languages stay navigable alike."""
    s_targets = sorted(target for _, target in source_links)
    t_targets = sorted(target for _, target in translation_links)
    problems = []
    for line, target in translation_links:
        if target not in s_targets:
            problems.append(f"{translation_name}:{line}: links to '{target}', which {source_name} never links to")
    for line, target in source_links:
        if target not in t_targets:
            problems.append(f"{source_name}:{line}: links to '{target}', which {translation_name} never links to")
    return problems


def _example_blocks(example: Example) -> tuple[list[tuple[int, str, str]], list[tuple[int, str | None]]]:
    notebook, lines = example.notebook(), example.cell_lines()
    blocks, anchors = [], []
    for index, cell in enumerate(notebook.cells):
        line = lines[index] if index < len(lines) else 1
        if cell.cell_type == "code":
            blocks.append((line, "python", cell.source))
        else:
            blocks.append((line, cell.cell_type, ""))  # prose is translated; only its place must match
            for offset, text in enumerate(cell.source.splitlines()):
                heading = HEADING.match(text)
                if heading:
                    anchors.append((line + 1 + offset, heading["anchor"]))
    return blocks, anchors


def example_differences(source: Path, translation: Path, root: Path = ROOT) -> list[str]:
    s_blocks, s_anchors = _example_blocks(Example(source))
    t_blocks, t_anchors = _example_blocks(Example(translation))
    s_name, t_name = _relative(source, root), _relative(translation, root)
    return _compare_blocks(s_name, s_blocks, t_name, t_blocks, "cell") + _compare_anchors(
        s_name, s_anchors, t_name, t_anchors
    )


def headings_without_anchor(path: Path, root: Path = ROOT) -> list[str]:
    """Headings need an explicit `{ #anchor }` so links survive translation."""
    if path.suffix == ".md":
        headings = [(h.line, h.title, h.anchor) for h in read_markdown(path).headings]
    else:
        _, anchors = _example_blocks(Example(path))
        headings = [(line, "", anchor) for line, anchor in anchors]
    return [
        f"{_relative(path, root)}:{line}: heading has no explicit anchor; end it with "
        f"'{{ #english-slug }}', the same in both languages"
        for line, _, anchor in headings
        if anchor is None
    ]


def all_problems(root: Path = ROOT) -> list[str]:
    problems = missing_translations(root)
    for source, translation in translated_pairs("docs", "*.md", root):
        problems += page_differences(source, translation, root)
    for source, translation in translated_pairs("examples", "*.py", root):
        problems += example_differences(source, translation, root)
    return problems
