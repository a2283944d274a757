"""tooling/model_diagrams.py: the layout of a drawn graph, without Keras."""

from tooling.model_diagrams import BOX_HEIGHT, COLUMN_GAP, Box, _history_entries, _layout, _shape


def boxes(*specs):
    return [
        Box(name, kind, f"Dense · (None, {index})", list(parents)) for index, (name, kind, parents) in enumerate(specs)
    ]


def test_rows_follow_the_longest_path_from_an_input():
    graph = boxes(("x", "input", []), ("a", "layer", ["x"]), ("b", "layer", ["a"]), ("add", "output", ["x", "b"]))
    _layout(graph)
    assert [box.rank for box in graph] == [0, 1, 2, 3]


def test_siblings_share_a_row_without_overlapping_and_rows_are_centred():
    graph = boxes(
        ("x", "input", []), ("left", "layer", ["x"]), ("right", "layer", ["x"]), ("out", "output", ["left", "right"])
    )
    width, height = _layout(graph)
    left, right = graph[1], graph[2]
    assert left.rank == right.rank == 1
    assert left.x + left.width + COLUMN_GAP <= right.x + 1e-9
    centre = (left.x + right.x + right.width) / 2
    assert abs((graph[0].x + graph[0].width / 2) - centre) < 1e-6
    assert height == 2 * 12 + 3 * BOX_HEIGHT + 2 * 34


def test_an_edge_that_jumps_rows_gets_a_lane_clear_of_the_boxes_it_passes():
    graph = boxes(("x", "input", []), ("a", "layer", ["x"]), ("b", "layer", ["a"]), ("add", "output", ["x", "b"]))
    width, _ = _layout(graph)
    passed = max(box.x + box.width for box in graph[1:3])
    assert width >= passed + COLUMN_GAP  # the lane of x -> add lies right of a and b, inside the picture


def test_serialized_calls_are_read_from_nested_configs():
    inbound = [
        {"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["dense", 0, 0]}}], "kwargs": {}}
    ]
    assert list(_history_entries(inbound)) == [["dense", 0, 0]]
    assert list(_history_entries([["out_a", 0, 0], ["out_b", 0, 0]])) == [["out_a", 0, 0], ["out_b", 0, 0]]


def test_shapes_read_as_python_tuples():
    assert _shape((None, 3)) == "(None, 3)"
    assert _shape((5,)) == "(5,)"
