"""Diagrams of Keras models drawn from the models themselves, so they cannot drift.

A page marks a picture as the drawing of a model built by the fences above it:

    <!-- model-diagram: model -->
    ![Alt text in the page's language](assets/models/name.svg)

When the source page's snippets run, the model named ``model`` in the page's
namespace is drawn again, once, and compared with the committed SVG of every
language (the translations carry the same marker, which parity checks; their
SVGs differ only in the title and description, in the language's words from
languages/<locale>.yml). ``make diagrams`` redraws them. The graph is read
from ``model.get_config()``, the same public description the ``.keras`` format
stores, not from private attributes.

Why not ``keras.utils.plot_model``: it needs the Graphviz ``dot`` program, which
pip cannot install, and draws black on white, unreadable in dark mode. The
drawing here uses the colours of the course's hand-drawn diagrams: opaque
mid-tone boxes with white text and grey arrows, readable on both themes.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from sybil import Region

if TYPE_CHECKING:
    from tooling.languages import Course

# The marker and the image right below it; the image's path is relative to the page.
MARKER = re.compile(
    r"^(?P<indent>[ \t]*)<!--\s*model-diagram:\s*(?P<variable>\w+)\s*-->[ \t]*\n"
    r"(?P=indent)!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+\.svg)\)",
    re.MULTILINE,  # indented the same way inside admonitions and collapsible solutions
)
UPDATE = os.environ.get("COURSE_UPDATE_DIAGRAMS") == "1"  # set by `make diagrams`

# Colours of docs/*/assets/keras-3-stack.svg: white text on mid tones, grey arrows.
FILL = {"input": "#1565C0", "layer": "#455A64", "output": "#C62828", "model": "#6A1B9A"}
ARROW = "#888"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
MONO = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace"
BOX_HEIGHT, ROW_GAP, COLUMN_GAP, MARGIN, CHAR_WIDTH = 46, 34, 24, 12, 7.4


@dataclass
class Box:
    name: str
    kind: str  # a key of FILL
    detail: str  # class name and output shape
    parents: list[str] = field(default_factory=list)
    rank: int = 0
    x: float = 0.0
    width: float = 0.0

    @property
    def y(self) -> float:
        return MARGIN + self.rank * (BOX_HEIGHT + ROW_GAP)


def model_graph(model, shared_label: str = "shared: {calls} calls") -> list[Box]:
    """One box per layer (or keras.ops operation), in the model's order, with the layers feeding it."""
    import keras

    if isinstance(model, keras.Sequential):
        return _sequential_graph(model)
    config = model.get_config()
    if "input_layers" not in config:
        raise TypeError(f"{model.name} is a subclassed model: it has no graph to draw until it is called")
    output_names = {entry[0] for entry in _history_entries(config["output_layers"])}
    operations = {operation.name: operation for operation in model.operations}  # keras.ops calls too
    boxes = []
    for layer_config in config["layers"]:
        name = layer_config["name"]
        layer = operations[name]
        parents = []
        for entry in _history_entries(layer_config.get("inbound_nodes", [])):
            if entry[0] not in parents:
                parents.append(entry[0])
        kind = "input" if not parents else "output" if name in output_names else "layer"
        if hasattr(layer, "layers") and parents:
            kind = "model"
        calls = len(layer_config.get("inbound_nodes", []))
        if calls > 1:  # a shared layer: several calls, several output shapes; say so instead
            detail = f"{layer_config['class_name']} · {shared_label.format(calls=calls)}"
        else:
            detail = _detail(layer, layer_config["class_name"])
        boxes.append(Box(name, kind, detail, parents))
    return boxes


def _sequential_graph(model) -> list[Box]:
    boxes = [Box(model.inputs[0].name, "input", f"Input · {_shape(model.inputs[0].shape)}")]
    for layer in model.layers:
        boxes.append(Box(layer.name, "layer", _detail(layer, type(layer).__name__), [boxes[-1].name]))
    boxes[-1].kind = "output"
    return boxes


def _history_entries(structure):
    """The [layer name, node index, tensor index] triples of a serialized call."""
    if isinstance(structure, dict):
        if structure.get("class_name") == "__keras_tensor__":
            yield structure["config"]["keras_history"]
        else:
            for value in structure.values():
                yield from _history_entries(value)
    elif isinstance(structure, (list, tuple)):
        if len(structure) == 3 and isinstance(structure[0], str) and all(isinstance(i, int) for i in structure[1:]):
            yield structure  # output_layers entries are bare triples
        else:
            for value in structure:
                yield from _history_entries(value)


def _detail(layer, class_name: str) -> str:
    try:
        output = layer.output
    except (AttributeError, ValueError):
        return class_name
    shapes = [_shape(tensor.shape) for tensor in (output if isinstance(output, (list, tuple)) else [output])]
    return f"{class_name} · {', '.join(shapes)}"


def _shape(shape) -> str:
    return (
        "("
        + ", ".join("None" if size is None else str(size) for size in shape)
        + ("," if len(shape) == 1 else "")
        + ")"
    )


def _layout(boxes: list[Box]) -> tuple[float, float]:
    """Rows by depth (longest path from an input), each row centred; returns the width and height."""
    by_name = {box.name: box for box in boxes}
    for box in boxes:  # config order is topological: parents come first
        box.rank = 1 + max((by_name[parent].rank for parent in box.parents), default=-1)
        box.width = max(len(box.name) * (CHAR_WIDTH + 0.6), len(box.detail) * CHAR_WIDTH) + 24
    rows: dict[int, list[Box]] = {}
    for box in boxes:
        rows.setdefault(box.rank, []).append(box)
    centre: dict[str, float] = {}
    for rank in sorted(rows):
        row = rows[rank]
        if rank:  # under the parents: fewer crossings
            row.sort(key=lambda b: sum(centre[p] for p in b.parents) / len(b.parents))
        x = 0.0
        for box in row:
            box.x = x
            centre[box.name] = x + box.width / 2
            x += box.width + COLUMN_GAP
    width = max(sum(b.width for b in row) + COLUMN_GAP * (len(row) - 1) for row in rows.values())
    for row in rows.values():  # centre each row
        shift = (width - (sum(b.width for b in row) + COLUMN_GAP * (len(row) - 1))) / 2 + MARGIN
        for box in row:
            box.x += shift
    lanes = [_skip_lane(by_name[p], box, boxes) for box in boxes for p in box.parents if by_name[p].rank < box.rank - 1]
    total_width = max([width + 2 * MARGIN] + [lane + MARGIN for lane in lanes])
    height = MARGIN * 2 + (max(rows) + 1) * BOX_HEIGHT + max(rows) * ROW_GAP
    return total_width, height


def model_svg(model, text: dict) -> str:
    """The model's graph as a standalone SVG, with a title and description from
    `text` (the ``diagram`` strings of a language)."""
    boxes = model_graph(model, text["shared"])
    width, height = _layout(boxes)
    by_name = {box.name: box for box in boxes}
    inputs = [b.name for b in boxes if b.kind == "input"]
    outputs = [b.name for b in boxes if b.kind == "output"]

    def count(names, word):
        return f"{len(names)} {word[0] if len(names) == 1 else word[1]}"

    title = text["title"].format(name=model.name)
    desc = text["description"].format(
        inputs=count(inputs, text["input"]),
        input_names=", ".join(inputs),
        outputs=count(outputs, text["output"]),
        output_names=", ".join(outputs),
        layers=len(boxes),
    )
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-labelledby="title desc">',
        f'  <title id="title">{escape(title)}</title>',
        f'  <desc id="desc">{escape(desc)}</desc>',
        "  <defs>",
        '    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse">',
        f'      <path d="M 0 0 L 10 5 L 0 10 z" fill="{ARROW}"/>',
        "    </marker>",
        "  </defs>",
        f'  <g fill="none" stroke="{ARROW}" stroke-width="2" marker-end="url(#arrow)">',
    ]
    for box in boxes:
        # Entry points ordered by where the parents are, not by argument order: no crossing arrows.
        parents = sorted((by_name[name] for name in box.parents), key=lambda parent: _entry_x(parent, box, boxes))
        for index, parent in enumerate(parents):
            lines.append(f'    <path d="{_edge(parent, box, index, len(parents), boxes)}"/>')
    lines += ["  </g>", f'  <g font-family="{FONT}" text-anchor="middle" fill="#FFFFFF">']
    for box in boxes:
        centre = box.x + box.width / 2
        lines += [
            f'    <rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}" height="{BOX_HEIGHT}" rx="8" '
            f'fill="{FILL[box.kind]}"/>',
            f'    <text x="{centre:.1f}" y="{box.y + 19:.1f}" font-size="14" font-weight="bold">'
            f"{escape(box.name)}</text>",
            f'    <text x="{centre:.1f}" y="{box.y + 37:.1f}" font-size="12" font-family="{MONO}">'
            f"{escape(box.detail)}</text>",
        ]
    lines += ["  </g>", "</svg>", ""]
    return "\n".join(lines)


def _entry_x(parent: Box, child: Box, boxes: list[Box]) -> float:
    """Where an arrow arrives from: the parent's centre, or the right-hand lane for a jump over rows."""
    return _skip_lane(parent, child, boxes) if child.rank - parent.rank > 1 else parent.x + parent.width / 2


def _skip_lane(parent: Box, child: Box, boxes: list[Box]) -> float:
    """x of the vertical run of an edge that jumps rows: clear of the boxes it passes."""
    passed = [b for b in boxes if parent.rank < b.rank < child.rank]
    return max(b.x + b.width for b in passed) + COLUMN_GAP


def _edge(parent: Box, child: Box, index: int, siblings: int, boxes: list[Box]) -> str:
    """From the bottom of `parent` to the top of `child`; jumps over rows go round the right side."""
    start_x, start_y = parent.x + parent.width / 2, parent.y + BOX_HEIGHT
    end_x = child.x + child.width * (index + 1) / (siblings + 1)
    end_y = child.y - 2
    if child.rank - parent.rank == 1:
        middle = (start_y + end_y) / 2
        return (
            f"M {start_x:.1f} {start_y:.1f} "
            f"C {start_x:.1f} {middle:.1f} {end_x:.1f} {middle:.1f} {end_x:.1f} {end_y:.1f}"
        )
    skip_lane = _skip_lane(parent, child, boxes)
    return (
        f"M {start_x:.1f} {start_y:.1f} C {start_x:.1f} {start_y + ROW_GAP:.1f} {skip_lane:.1f} {start_y:.1f} "
        f"{skip_lane:.1f} {start_y + ROW_GAP:.1f} L {skip_lane:.1f} {end_y - ROW_GAP:.1f} "
        f"C {skip_lane:.1f} {end_y:.1f} {end_x:.1f} {end_y - ROW_GAP:.1f} {end_x:.1f} {end_y:.1f}"
    )


# --- sybil: the marker is a check run in the source page's namespace ----------------------------


@dataclass
class DiagramMark:
    variable: str
    src: str  # relative to the page
    page: Path  # the page's path relative to its language's folder
    course: Course


def model_diagram_parser(course: Course):
    """A sybil parser of the markers of `course`'s source pages."""

    def parse_model_diagrams(document):
        language_and_page = Path(document.path).resolve().relative_to((course.root / "docs").resolve())
        page = Path(*language_and_page.parts[1:])
        for match in MARKER.finditer(document.text):
            mark = DiagramMark(match["variable"], match["src"], page, course)
            yield Region(match.start(), match.end(), mark, evaluate_model_diagram)

    return parse_model_diagrams


def evaluate_model_diagram(example) -> str | None:
    """Draw the model once; compare (or, under `make diagrams`, write) the SVG of every language."""
    mark: DiagramMark = example.parsed
    if mark.variable not in example.namespace:
        return f"model-diagram: no variable {mark.variable!r} defined by the fences above this marker"
    model = example.namespace[mark.variable]
    problems = []
    for language in mark.course.languages:
        drawing = model_svg(model, mark.course.strings(language)["diagram"])
        target = mark.course.docs(language) / mark.page.parent / mark.src
        shown = mark.course.relative(target)
        if UPDATE:
            if not target.exists() or target.read_text(encoding="utf-8") != drawing:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(drawing, encoding="utf-8")
        elif not target.exists():
            problems.append(f"{shown} does not exist: run `make diagrams` to draw it from `{mark.variable}`")
        elif target.read_text(encoding="utf-8") != drawing:
            problems.append(
                f"{shown} no longer matches the model `{mark.variable}` built above it: "
                f"run `make diagrams` to redraw it, and check the picture"
            )
    return "\n".join(problems) or None
