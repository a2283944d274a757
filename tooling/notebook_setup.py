"""The first cell of every downloaded and Colab notebook: the course's versions of what the lesson uses.

A lesson checks results that depend on the library versions (requirements.txt
pins them). Opened in Colab, it would otherwise run on Colab's own TensorFlow
and Keras, and on a reader's machine on whatever is installed. So each
notebook readers get starts with a cell that compares the installed versions
(importlib.metadata, nothing imported) with the course's, installs the
course's versions of what is missing or different with pip, in the kernel's
own environment, and then asks for a restart (a library already imported by
the kernel, as Colab does with NumPy, only changes after one). When every
version matches, it does nothing.

What the cell pins is derived, never written by hand: the lesson's imports
(read with ast), mapped to their distributions, with their versions from
requirements.txt. tests/course/test_course_notebook_setup.py derives the same from
both files on its own, so the cell and requirements.txt cannot drift.

TensorFlow comes in two builds of the same library: requirements.txt installs
``tensorflow-cpu`` where it exists (x86-64 Linux and Windows: half the
download), while Colab has ``tensorflow``, with GPU support. Either at the
course's version will do; when neither is there, the cell installs the build
already present at another version (never both: they share one package
folder), or ``tensorflow``, which runs everywhere, GPU included.

The cell is not part of the lesson's run: it is added to the notebook after
execution (tooling/examples.py localized_notebook), so it changes neither
the outputs nor the execution cache key, and the site's lesson page hides it
(mkdocs.yml, mkdocs-jupyter's remove_tag_config): the page shows the lesson;
the notebook a reader downloads or opens in Colab starts with it.
"""

from __future__ import annotations

import ast
import re
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat

from tooling import ROOT
from tooling.languages import Course

if TYPE_CHECKING:
    from tooling.examples import Example

REQUIREMENTS = ROOT / "requirements.txt"  # the environment the lessons were run in
SETUP_TAG = "course-setup"  # the cell's tag: the site's lesson pages leave it out
SETUP_ID = "course-setup"
# Import names that differ from their distribution's name.
DISTRIBUTIONS = {"sklearn": "scikit-learn"}
# Other builds of the same library, any of which will do at the course's version (see above).
SAME_LIBRARY = {"tensorflow": ("tensorflow-cpu",)}
# What an import needs without importing it: Keras runs on the TensorFlow backend in this course.
NEEDED_WITH_IMPORT = {"keras": ("tensorflow",)}
# APIs that need a distribution the code never imports: the TensorBoard callback needs `tensorboard`,
# which TensorFlow 2.21 no longer installs.
NEEDED_BY_API = {"keras.callbacks.TensorBoard": "tensorboard"}
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*(?P<version>[^\s;#]+)")


class NotebookSetupError(ValueError):
    """A lesson uses something requirements.txt does not pin; the message starts with file:line."""


def canonical(name: str) -> str:
    """A distribution's name as pip compares them: scikit_learn, Scikit.Learn -> scikit-learn."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned_versions(requirements: Path = REQUIREMENTS) -> dict[str, str]:
    """Every ``name==version`` of requirements.txt (whatever its environment marker)."""
    pins = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if match:
            pins[canonical(match["name"])] = match["version"]
    return pins


def imported_modules(source: str) -> dict[str, int]:
    """Top-level modules a cell imports (absolute imports), each with the cell line that first imports it."""
    modules: dict[str, int] = {}
    for node in ast.walk(_parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            modules.setdefault(name.split(".")[0], node.lineno)
    return modules


def used_apis(source: str) -> set[str]:
    """Dotted names a cell uses: ``keras.callbacks.TensorBoard(...)`` and
    ``from keras.callbacks import TensorBoard``."""
    used = set()
    for node in ast.walk(_parse(source)):
        if isinstance(node, ast.Attribute):
            parts = []
            while isinstance(node, ast.Attribute):
                parts.append(node.attr)
                node = node.value
            if isinstance(node, ast.Name):
                used.add(".".join([node.id, *reversed(parts)]))
        elif isinstance(node, ast.ImportFrom) and node.module:
            used |= {f"{node.module}.{alias.name}" for alias in node.names}
    return used


def _parse(source: str) -> ast.Module:
    # IPython's %magics and !commands are not Python: blank them, keeping line numbers.
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.split("\n")]
    return ast.parse("\n".join(lines))


def lesson_requirements(example: Example, requirements: Path = REQUIREMENTS) -> dict[str, str]:
    """{distribution: version} the lesson needs, from its code and requirements.txt.

    Raises NotebookSetupError, naming the lesson's file and line, for an import
    that is neither in the standard library nor pinned in requirements.txt.
    """
    pins = pinned_versions(requirements)
    needed: dict[str, str] = {}
    code_cells = [(index, cell) for index, cell in enumerate(example.notebook().cells) if cell.cell_type == "code"]
    cell_lines = example.cell_lines()
    for index, cell in code_cells:
        for module, line in imported_modules(cell.source).items():
            if module in sys.stdlib_module_names or module == "__future__":
                continue
            distribution = canonical(DISTRIBUTIONS.get(module, module))
            if distribution not in pins:
                where = f"{example.relative_path}:{cell_lines[index] + line if index < len(cell_lines) else 1}"
                raise NotebookSetupError(
                    f"{where}: imports {module}, which {requirements.name} does not pin; add "
                    f"{distribution}==<version> there (the notebook's first cell installs the course's versions)"
                )
            for name in (distribution, *NEEDED_WITH_IMPORT.get(module, ())):
                needed[canonical(name)] = pins[canonical(name)]
        for api in used_apis(cell.source):
            if api in NEEDED_BY_API:
                distribution = canonical(NEEDED_BY_API[api])
                needed[distribution] = pins[distribution]
    for library, builds in SAME_LIBRARY.items():
        for build in builds:
            if library in needed and build in pins and pins[build] != needed[library]:
                raise NotebookSetupError(
                    f"{requirements.name}:1: {library}=={needed[library]} and {build}=={pins[build]} "
                    "must be the same version (two builds of one library)"
                )
    return dict(sorted(needed.items()))


def setup_cell(
    example: Example, requirements: Path = REQUIREMENTS, course: Course | None = None
) -> nbformat.NotebookNode | None:
    """The notebook's first cell, in the lesson's language; None when the lesson uses only the standard library.
    `course`: the lesson's course when the caller has it (a build does), rather than read again."""
    versions = lesson_requirements(example, requirements)
    if not versions:
        return None
    course = course or Course(example.path.resolve().parents[2])  # examples/<language>/<name>.py
    words = course.strings(example.language)["notebook_setup"]
    comment = "\n".join(f"# {line}" for line in textwrap.wrap(words["comment"], width=86))
    pinned = "\n".join(f"    {_string(name)}: {_string(version)}," for name, version in versions.items())
    builds = {library: list(others) for library, others in SAME_LIBRARY.items() if library in versions}
    same_library = ", ".join(
        f"{_string(library)}: [{', '.join(map(_string, others))}]" for library, others in builds.items()
    )
    source = SETUP_SOURCE.format(
        comment=comment, pinned=pinned, same_library=same_library, restart=_string(words["restart"])
    )
    cell = nbformat.v4.new_code_cell(source)
    cell.id = SETUP_ID
    cell.metadata = {"tags": [SETUP_TAG]}
    return cell


def _string(text: str) -> str:
    """A double-quoted Python string literal, non-ASCII letters kept readable."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


SETUP_SOURCE = """\
{comment}
import subprocess
import sys
from importlib import metadata

COURSE_VERSIONS = {{
{pinned}
}}
SAME_LIBRARY = {{{same_library}}}


def installed(name):
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


missing = []
for name, version in COURSE_VERSIONS.items():
    builds = [name, *SAME_LIBRARY.get(name, [])]
    if version not in [installed(build) for build in builds]:
        present = [build for build in builds if installed(build)]
        missing.append(f"{{present[0] if present else name}}=={{version}}")
if missing:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", *missing])
    raise SystemExit({restart})"""
