"""Checks that every translation is the source course translated: same pages,
same code, same markers, same anchors, same links.

Because of these checks, a translation's code is never executed: only the
source language's pages and lessons run, and parity proves the others carry
the very same code and expected outputs. Each check returns problems as
``file:line: message`` strings, so a failing test tells a contributor exactly
what to fix.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from tooling.code_signature import code_signature
from tooling.examples import Example
from tooling.languages import COURSE, Course
from tooling.markdown_source import HEADING, MARKER, read_markdown

SKIP_ACTION = re.compile(r"^(?P<action>\w+)(?P<reason>\s+.+)?$", re.DOTALL)


@dataclass(frozen=True)
class Block:
    """What must be the same in every language, in page order."""

    line: int
    kind: str  # "python", "text"...: a fence; "cell"; or "<!-- script -->"...: a marker
    code: str  # compared after code_signature (comments are translated)


def missing_translations(course: Course = COURSE) -> list[str]:
    """Pages, assets and lessons that exist in some languages only."""
    problems = []
    for tree in ("docs", "examples"):
        files = {
            language: {
                path.relative_to(course.root / tree / language).as_posix()
                for path in (course.root / tree / language).rglob("*")
                if path.is_file() and "__pycache__" not in path.parts
            }
            for language in course.languages
        }
        everywhere = set.union(*files.values())
        for language in course.languages:
            for name in sorted(everywhere - files[language]):
                having = next(other for other in course.languages if name in files[other])
                problems.append(
                    f"{tree}/{having}/{name}:1: has no counterpart {tree}/{language}/{name} "
                    f"(every page, asset and lesson exists in every language: {', '.join(course.languages)})"
                )
    return problems


def translated_pairs(tree: str, pattern: str, course: Course = COURSE) -> list[tuple[Path, Path]]:
    """(source, translation) files present in both languages, for every translation."""
    source_dir = course.root / tree / course.source
    return [
        (source, course.root / tree / language / source.relative_to(source_dir))
        for language in course.translations
        for source in sorted(source_dir.rglob(pattern))
        if (course.root / tree / language / source.relative_to(source_dir)).exists()
    ]


def _diff(source: str, translation: str) -> str:
    lines = difflib.unified_diff(
        source.splitlines(), translation.splitlines(), "source", "translation", lineterm="", n=1
    )
    return "\n".join("    " + line for line in list(lines)[2:])


def _compare_blocks(
    source_name: str, source_blocks: list[Block], translation_name: str, translation_blocks: list[Block], kind: str
) -> list[str]:
    """Blocks compared one to one, in order; comments and translated prose ignored."""
    problems = []
    if len(source_blocks) != len(translation_blocks):
        problems.append(
            f"{translation_name}:1: has {len(translation_blocks)} {kind}s, "
            f"{source_name} has {len(source_blocks)}: add or remove {kind}s so they match one to one"
        )
    # Counts that differ are reported above; the blocks both have are still compared.
    for source, translation in zip(source_blocks, translation_blocks, strict=False):
        if source.kind != translation.kind:
            problems.append(
                f"{translation_name}:{translation.line}: {kind} is '{translation.kind}', "
                f"{source_name}:{source.line} is '{source.kind}'"
            )
            break  # everything after a missing or extra block would differ too
        s_code, t_code = code_signature(source.kind, source.code), code_signature(translation.kind, translation.code)
        if s_code != t_code:
            problems.append(
                f"{translation_name}:{translation.line}: code differs from {source_name}:{source.line} "
                f"(only comments and prose may be translated):\n{_diff(s_code, t_code)}"
            )
    return problems


def _compare_anchors(
    source_name: str,
    source_anchors: list[tuple[int, str | None]],
    translation_name: str,
    translation_anchors: list[tuple[int, str | None]],
) -> list[str]:
    if [anchor for _, anchor in source_anchors] == [anchor for _, anchor in translation_anchors]:
        return []
    # The first anchor that differs; when one list is a prefix of the other, the counts (below).
    for (s_line, s_anchor), (t_line, t_anchor) in zip(source_anchors, translation_anchors, strict=False):
        if s_anchor != t_anchor:
            return [
                f"{translation_name}:{t_line}: heading anchor '#{t_anchor}' differs from "
                f"'#{s_anchor}' at {source_name}:{s_line} (anchors are identical in every language)"
            ]
    return [f"{translation_name}:1: has {len(translation_anchors)} headings, {source_name} has {len(source_anchors)}"]


def _compare_links(source_name: str, source_links, translation_name: str, translation_links) -> list[str]:
    """Internal links and images point at the same targets, so every language stays navigable alike."""
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


def page_blocks(path: Path, text: str | None = None) -> list[Block]:
    """A page's fences and markers, in order: what a translation may not change."""
    page = read_markdown(path, text)
    blocks = [Block(fence.line, fence.language, fence.body) for fence in page.fences]
    for marker in page.markers:
        blocks.append(Block(marker.line, f"<!-- {marker.kind} -->", _marker_code(marker.kind, marker.argument)))
    return sorted(blocks, key=lambda block: block.line)


def _marker_code(kind: str, argument: str) -> str:
    """The reason of a skip or a tensorflow-only marker is prose (translated);
    its action, and every other marker, is code."""
    if kind in ("skip", "tensorflow-only"):
        match = SKIP_ACTION.match(argument)
        if match:
            return match["action"] + (" (with a reason)" if match["reason"] else " (without a reason)")
    return argument


def page_differences(source: Path, translation: Path, course: Course = COURSE) -> list[str]:
    s_page, t_page = read_markdown(source), read_markdown(translation)
    s_name, t_name = course.relative(source), course.relative(translation)
    return (
        _compare_blocks(s_name, page_blocks(source), t_name, page_blocks(translation), "code block")
        + _compare_anchors(
            s_name,
            [(h.line, h.anchor) for h in s_page.headings],
            t_name,
            [(h.line, h.anchor) for h in t_page.headings],
        )
        + _compare_links(s_name, s_page.internal_links, t_name, t_page.internal_links)
    )


def _example_blocks(example: Example) -> tuple[list[Block], list[tuple[int, str | None]]]:
    notebook, lines = example.notebook(), example.cell_lines()
    blocks, anchors = [], []
    for index, cell in enumerate(notebook.cells):
        line = lines[index] if index < len(lines) else 1
        if cell.cell_type == "code":
            blocks.append(Block(line, "python", cell.source))
        else:
            blocks.append(Block(line, cell.cell_type, ""))  # prose is translated; only its place must match
            for offset, text in enumerate(cell.source.splitlines()):
                heading = HEADING.match(text)
                if heading:
                    anchors.append((line + 1 + offset, heading["anchor"]))
                for marker in MARKER.finditer(text):  # <!-- tensorflow-only: ... --> in a Markdown cell
                    kind, argument = marker["kind"], marker["argument"]
                    blocks.append(Block(line + 1 + offset, f"<!-- {kind} -->", _marker_code(kind, argument)))
    return blocks, anchors


def example_differences(source: Path, translation: Path, course: Course = COURSE) -> list[str]:
    s_blocks, s_anchors = _example_blocks(Example(source))
    t_blocks, t_anchors = _example_blocks(Example(translation))
    s_name, t_name = course.relative(source), course.relative(translation)
    return _compare_blocks(s_name, s_blocks, t_name, t_blocks, "cell") + _compare_anchors(
        s_name, s_anchors, t_name, t_anchors
    )


def headings_without_anchor(path: Path, course: Course = COURSE) -> list[str]:
    """Headings need an explicit `{ #anchor }` so links survive translation."""
    if path.suffix == ".md":
        lines = [h.line for h in read_markdown(path).headings if h.anchor is None]
    else:
        lines = [line for line, anchor in _example_blocks(Example(path))[1] if anchor is None]
    return [
        f"{course.relative(path)}:{line}: heading has no explicit anchor; end it with "
        f"'{{ #english-slug }}', the same in every language"
        for line in lines
    ]


def untranslated_navigation(course: Course = COURSE) -> list[str]:
    """Section titles of mkdocs.yml's nav that a translation's strings file does not translate."""
    titles = list(_section_titles(course.config.get("nav") or []))
    problems = []
    for language in course.translations:
        translated = course.strings(language).get("navigation") or {}
        for title in titles:
            if title not in translated:
                problems.append(
                    f"languages/{language}.yml:1: navigation has no translation for the section '{title}' of mkdocs.yml"
                )
    return problems


def _section_titles(nav):
    for item in nav:
        if isinstance(item, dict):
            for title, children in item.items():
                if isinstance(children, list):
                    yield title
                    yield from _section_titles(children)


def all_problems(course: Course = COURSE) -> list[str]:
    problems = missing_translations(course) + untranslated_navigation(course)
    for source, translation in translated_pairs("docs", "*.md", course):
        problems += page_differences(source, translation, course)
    for source, translation in translated_pairs("examples", "*.py", course):
        problems += example_differences(source, translation, course)
    return problems
