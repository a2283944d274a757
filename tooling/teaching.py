"""Nothing is used before the page that teaches it.

The course is read in the order of its navigation (``nav`` in mkdocs.yml).
Each page of the source language says in its front matter what it teaches::

    ---
    teaches: [keras.layers.Dropout, keras.regularizers.L2, sobreajuste]
    ---

An entry is either a Python name of a library the course teaches (``keras``
or ``tensorflow``; ``tf.`` stands for ``tensorflow.``), which covers that name
and everything under it, or a concept of the glossary (its term in the source
language), which covers the Python names listed under its ``code:`` in
docs/glossary.yml. Where two entries cover a name, the longer one decides:
``tensorflow.data.Dataset`` taught on one page and
``tensorflow.data.Dataset.prefetch`` on a later one make ``prefetch`` a thing
of the later page.

A lesson (``examples/<source>/*.py``) comes right after the pages it names as
prerequisites, in its jupytext header, and may teach too::

    # ---
    # jupyter:
    #   course:
    #     after: [training.md, callbacks.md]
    # ---

The check reads every Python fence of every page and every code cell of every
lesson with ``ast``, resolves each name through the imports above it (the
blocks of a page share one namespace, like the cells of a lesson), and reports,
with file and line, a name used before the page that teaches it, a name that
no page teaches, and a name taught twice.

    python -m tooling.teaching    # every problem, as file:line: message
"""

from __future__ import annotations

import ast
import doctest
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from tooling.languages import SAFE_YAML_LOADER, Course
from tooling.markdown_source import read_markdown

# The libraries the course teaches: a name under one of them must be taught before
# it is used. Everything else (NumPy, scikit-learn, the standard library) is
# a prerequisite or a tool, and is not checked.
TAUGHT_LIBRARIES = ("keras", "tensorflow")
ALIASES = {"tf": "tensorflow"}  # how the course writes `import tensorflow as tf`, in `teaches:` too


@dataclass(frozen=True)
class Use:
    """A name of a taught library, where a page or lesson first uses it."""

    name: str  # canonical: tensorflow.data.Dataset
    written: str  # as in the code: tf.data.Dataset
    line: int


@dataclass(frozen=True)
class Stop:
    """A page or a lesson, at its place in the path."""

    path: Path
    position: float  # pages 0, 1, 2...; a lesson just after the last page it follows
    teaches: tuple[str, ...]
    teaches_line: int  # where `teaches:` is written (1 when it is not)
    title: str  # how messages name it: "regularization.md", "lesson digits-classifier"


# ------------------------------------------------------------------ names used


def names_used(blocks: Iterable[tuple[int, str]]) -> list[Use]:
    """The first use of each name of a taught library in a run of code blocks
    that share a namespace; each block is (line of its first code line, code)."""
    aliases: dict[str, str] = {}
    first: dict[str, Use] = {}
    for line, code in blocks:
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue  # not Python (an error the snippets' run reports with its line)
        for use in _uses_in(tree, aliases, line - 1):
            if use.name not in first:
                first[use.name] = use
    return sorted(first.values(), key=lambda use: use.line)


def _uses_in(tree: ast.AST, aliases: dict[str, str], line_offset: int) -> Iterator[Use]:
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    # Statements in order, so that an import applies to the code below it.
    for node in sorted(ast.walk(tree), key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                root = alias.name.split(".")[0]
                if root in TAUGHT_LIBRARIES:
                    if alias.asname:
                        aliases[alias.asname] = alias.name
                    else:
                        aliases[root] = root
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from keras import layers` uses nothing yet: `layers.Dense(...)` below it does.
            if node.module.split(".")[0] in TAUGHT_LIBRARIES:
                for alias in node.names:
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Name) and node.id in aliases and not isinstance(parents.get(node), ast.Attribute):
            if isinstance(node.ctx, ast.Load):
                yield Use(aliases[node.id], node.id, line_offset + node.lineno)
        elif isinstance(node, ast.Attribute) and not isinstance(parents.get(node), ast.Attribute):
            chain = _dotted(node)
            if chain and chain[0] in aliases:
                name = ".".join([aliases[chain[0]], *chain[1:]])
                yield Use(name, ".".join(chain), line_offset + node.lineno)


def _dotted(node: ast.AST) -> list[str] | None:
    """["tf", "data", "Dataset"] for tf.data.Dataset; None when the chain does not start at a name."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return [node.id, *reversed(parts)]


def canonical(name: str) -> str:
    head, _, rest = name.partition(".")
    head = ALIASES.get(head, head)
    return f"{head}.{rest}" if rest else head


# ------------------------------------------------------------------ code of a page or lesson


def page_blocks(path: Path) -> list[tuple[int, str]]:
    """(first code line, code) of every Python fence of a page; a doctest gives its statements."""
    blocks = []
    for fence in read_markdown(path).fences:
        if fence.info != "python":
            continue
        if fence.is_doctest:
            for example in doctest.DocTestParser().get_examples(fence.body):
                blocks.append((fence.line + 1 + example.lineno, example.source))
        else:
            blocks.append((fence.line + 1, fence.body))
    return blocks


def lesson_blocks(path: Path) -> list[tuple[int, str]]:
    """(first code line, code) of every code cell of a lesson (jupytext percent format)."""
    blocks, current, start, in_code = [], [], 0, False
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if line.startswith("# %%"):
            if in_code:
                blocks.append((start, "\n".join(current)))
            in_code = not line.startswith("# %% [markdown]")
            current, start = [], number + 1
        elif in_code:
            current.append(line)
    if in_code:
        blocks.append((start, "\n".join(current)))
    return blocks


def lesson_header(path: Path) -> tuple[dict, int]:
    """The `course:` mapping of a lesson's jupytext header, and the line of the header's start."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if not lines or lines[0].strip() != "# ---":
        return {}, 1
    body = []
    for line in lines[1:]:
        if line.strip() == "# ---":
            break
        body.append(line[2:] if line.startswith("# ") else line.lstrip("#"))
    header = yaml.load("\n".join(body), Loader=SAFE_YAML_LOADER) or {}
    return ((header.get("jupyter") or {}).get("course") or {}), 1


# ------------------------------------------------------------------ the path


def nav_pages(nav) -> list[str]:
    """Every file of the navigation, in order (pages and lessons)."""
    found = []
    for item in nav or []:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            found += nav_pages(value)
        else:
            found.append(value)
    return found


class PathError(ValueError):
    """A declaration of the path is malformed; the message names the file and line."""


def the_path(course: Course) -> list[Stop]:
    """Every page and lesson of the source language, in reading order."""
    docs, examples = course.docs(course.source), course.examples(course.source)
    pages = [page for page in nav_pages(course.config.get("nav")) if page.endswith(".md")]
    stops = []
    for position, page in enumerate(pages):
        path = docs / page
        source = read_markdown(path)
        teaches = source.meta.get("teaches") or []
        line = next(
            (n for n in sorted(source.front_matter_lines) if source.text.split("\n")[n - 1].startswith("teaches")), 1
        )
        stops.append(Stop(path, position, _entries(teaches, course.relative(path), line), line, page))
    order = {page: position for position, page in enumerate(pages)}
    for lesson in sorted(examples.glob("*.py")):
        header, line = lesson_header(lesson)
        after = header.get("after") or []
        where = f"{course.relative(lesson)}:{line}"
        if not isinstance(after, list) or not after:
            raise PathError(
                f"{where}: a lesson names the pages it follows in its jupytext header "
                "(# jupyter: / course: / after: [first-model.md]), so that it has a place in the path"
            )
        unknown = [page for page in after if page not in order]
        if unknown:
            raise PathError(f"{where}: after: names {unknown}, which are not pages of the navigation (mkdocs.yml)")
        position = max(order[page] for page in after) + 0.5
        teaches = _entries(header.get("teaches") or [], course.relative(lesson), line)
        stops.append(Stop(lesson, position, teaches, line, f"lesson {lesson.stem}"))
    return sorted(stops, key=lambda stop: stop.position)


def _entries(teaches, where: str, line: int) -> tuple[str, ...]:
    if not isinstance(teaches, list) or not all(isinstance(entry, str) and entry.strip() for entry in teaches):
        raise PathError(
            f"{where}:{line}: teaches: is a list of Python names and glossary terms, e.g. [keras.layers.Dense, capa]"
        )
    return tuple(entry.strip() for entry in teaches)


# ------------------------------------------------------------------ the check


def concepts(course: Course) -> dict[str, tuple[str, ...]]:
    """Glossary term (in the source language) -> the Python names that use it (its `code:`)."""
    from tooling.glossary import load_glossary

    return {term.names[course.source]: term.code for term in load_glossary(course)}


def check_path(course: Course) -> list[str]:
    """Every use before teaching, use never taught and thing taught twice, as file:line: message."""
    try:
        stops = the_path(course)
    except PathError as error:
        return [str(error)]
    glossary = concepts(course)
    problems: list[str] = []
    covering: dict[str, tuple[Stop, str]] = {}  # Python name -> (where it is taught, the entry that teaches it)
    for stop in stops:
        where = f"{course.relative(stop.path)}:{stop.teaches_line}"
        for entry in stop.teaches:
            if entry in glossary:
                names = glossary[entry]
                if not names:
                    problems.append(
                        f"{where}: teaches '{entry}', a glossary term with no code: add the Python names that use it "
                        "under its code: in docs/glossary.yml, or leave it out of teaches:"
                    )
            elif entry.split(".")[0] in (*TAUGHT_LIBRARIES, *ALIASES) and "." in entry:
                names = (canonical(entry),)
            else:
                problems.append(
                    f"{where}: teaches '{entry}', which is neither a glossary term (docs/glossary.yml) nor a name "
                    f"under {' or '.join(TAUGHT_LIBRARIES)} (such as keras.layers.Dense)"
                )
                continue
            for name in names:
                if name in covering and covering[name][0] is not stop:
                    other, other_entry = covering[name]
                    problems.append(
                        f"{where}: teaches {name}, which {other.title} already teaches ({other_entry}): "
                        "each thing is taught once, in one place; link to it instead"
                    )
                    continue
                covering[name] = (stop, entry)
    for stop in stops:
        blocks = lesson_blocks(stop.path) if stop.path.suffix == ".py" else page_blocks(stop.path)
        for use in names_used(blocks):
            teacher = _teacher(use.name, covering)
            shown = use.written if canonical(use.written) == use.name else f"{use.written} ({use.name})"
            at = f"{course.relative(stop.path)}:{use.line}"
            if teacher is None:
                problems.append(
                    f"{at}: uses {shown}, which no page teaches: add it to the teaches: of the page that explains it"
                )
            elif teacher[0].position > stop.position:
                teacher_stop, entry = teacher
                problems.append(
                    f"{at}: uses {shown} before the page that teaches it, {teacher_stop.title} ({entry}), "
                    "which comes later in the navigation: teach it here or before, or use it after that page"
                )
    return problems


def _teacher(name: str, covering: dict[str, tuple[Stop, str]]) -> tuple[Stop, str] | None:
    """The most specific taught entry that covers `name`; for a module used on its own
    (`hasattr(keras.layers, ...)`), the first page that teaches something in it."""
    parts = name.split(".")
    for length in range(len(parts), 0, -1):
        found = covering.get(".".join(parts[:length]))
        if found:
            return found
    inside = [taught for entry, taught in covering.items() if entry.startswith(name + ".")]
    return min(inside, key=lambda taught: taught[0].position) if inside else None


if __name__ == "__main__":
    from tooling.languages import COURSE

    found = check_path(COURSE)
    print("\n".join(found) or "Nothing is used before the page that teaches it.")
    sys.exit(1 if found else 0)
