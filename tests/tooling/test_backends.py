"""tooling/backends.py and tooling/backend_record.py on small pages: which block
runs on which backend, the markers' mistakes, and what a page may claim."""

import json
from pathlib import Path

import pytest
from commands import pytest_in
from fixture_course import append

from tooling.backend_record import Record, RecordError, load_record, page_fingerprint
from tooling.backends import page_marks
from tooling.parity import page_blocks

PAGE = Path("page.md")
FENCE = "```python\n>>> 1 + 1\n2\n```\n"


def marks(text):
    return page_marks(PAGE, "docs/es/page.md", text)


def test_tensorflow_only_marks_the_next_fence_and_needs_a_reason():
    good = marks(f'<!-- tensorflow-only: next "needs tf.data" -->\n{FENCE}')
    assert good.problems == [] and good.blocks[2].backends == ("tensorflow",)
    assert (
        good.blocks[2].skip_reason("jax") == "TensorFlow only: needs tf.data"
        and good.blocks[2].skip_reason("tensorflow") is None
    )
    bad = marks(f"text\n\n<!-- tensorflow-only: next -->\n{FENCE}")
    assert len(bad.problems) == 1 and bad.problems[0].startswith(
        "docs/es/page.md:3: a tensorflow-only marker needs its reason"
    )


def test_a_page_marker_covers_every_block():
    page = marks(f'# T\n\n<!-- tensorflow-only: page "about TensorFlow itself" -->\n\n{FENCE}')
    assert not page.runs_on("torch") and page.rule_for(5).reason == "about TensorFlow itself"


def block(backend, indent="", outputs=None):
    output = (outputs or {}).get(backend, f"'{backend}'")
    return (
        f"{indent}<!-- backend: {backend} -->\n{indent}```python\n{indent}>>> keras.backend.backend()\n"
        f"{indent}{output}\n{indent}```\n"
    )


def grouped(tensorflow, *others, outputs=None):
    """TensorFlow's block in the page, the other backends' in one collapsed box after it."""
    inside = "\n".join(block(backend, "    ", outputs) for backend in others)
    return (
        block(tensorflow, outputs=outputs) + f'\n??? note "Con JAX y PyTorch"\n\n    Otros pesos iniciales.\n\n{inside}'
    )


def test_a_group_of_outputs_names_every_backend_once_with_the_same_code():
    assert marks(grouped("tensorflow", "jax", "torch")).problems == []
    assert marks(grouped("tensorflow torch", "jax")).problems == []
    [missing] = marks(grouped("tensorflow", "jax")).problems
    assert missing.startswith(
        "docs/es/page.md:1: the blocks marked <!-- backend: ... --> from here name no block for torch"
    )
    different = grouped("tensorflow", "jax", "torch").replace(
        ">>> keras.backend.backend()\n    'jax'", ">>> keras.backend.backend() + ''\n    'jax'"
    )
    assert any("here the code differs" in problem for problem in marks(different).problems)


def test_two_groups_in_a_row_separated_by_prose_are_two_groups():
    other = grouped("tensorflow", "jax", "torch").replace("keras.backend.backend()", "keras.backend.backend().upper()")
    two = marks(grouped("tensorflow", "jax", "torch") + "\nSome prose.\n\n" + other)
    assert two.problems == [] and len({rule.group for rule in two.blocks.values()}) == 2
    [missing] = marks(grouped("tensorflow", "jax") + "\nSome prose.\n\n" + other).problems
    assert "name no block for torch" in missing


def test_readers_meet_one_backend_the_others_wait_in_a_collapsed_box():
    tabs = "\n".join(f'=== "{name}"\n\n{block(name, "    ")}' for name in ("tensorflow", "jax", "torch"))
    problems = marks(tabs).problems
    assert len(problems) == 3 and all("backend outputs are not shown in tabs" in problem for problem in problems)
    in_the_open = block("tensorflow") + "\n" + block("jax") + "\n" + block("torch")
    assert [problem.split(": ")[0] for problem in marks(in_the_open).problems] == [
        "docs/es/page.md:7",
        "docs/es/page.md:13",
    ]
    opened = grouped("tensorflow", "jax", "torch").replace("??? note", "???+ note")
    assert len(marks(opened).problems) == 2
    boxed = '??? note "Todo"\n\n    ' + grouped("tensorflow", "jax", "torch").replace("\n", "\n    ")
    assert any("TensorFlow's block stays in the flow of the page" in problem for problem in marks(boxed).problems)


def test_a_reason_has_no_colon_of_its_own():
    [problem] = marks(f'<!-- tensorflow-only: next "escribe el bucle: con TensorFlow" -->\n{FENCE}').problems
    assert problem.startswith("docs/es/page.md:1: a tensorflow-only reason is shown after «Solo TensorFlow:»")


def test_the_reason_is_prose_and_the_scope_is_code_for_parity():
    spanish = page_blocks(PAGE, f'<!-- tensorflow-only: next "necesita tf.data" -->\n{FENCE}')
    english = page_blocks(PAGE, f'<!-- tensorflow-only: next "needs tf.data" -->\n{FENCE}')
    assert [(b.kind, b.code) for b in spanish] == [(b.kind, b.code) for b in english]
    page_scope = page_blocks(PAGE, f'<!-- tensorflow-only: page "needs tf.data" -->\n{FENCE}')
    assert [(b.kind, b.code) for b in page_scope] != [(b.kind, b.code) for b in english]


def test_a_fingerprint_ignores_prose_and_comments_but_not_code_or_outputs(tmp_path):
    page = tmp_path / "page.md"
    fingerprint = page_fingerprint(page, f"# Título\n\nTexto.\n\n{FENCE}")
    assert page_fingerprint(page, f"# Title\n\nText.\n\n{FENCE}") == fingerprint
    assert page_fingerprint(page, f"# Title\n\n{FENCE.replace('2', '3')}") != fingerprint


def test_a_backend_is_claimed_only_for_the_code_that_was_checked():
    record = Record({"keras": "3.15.1", "pages": {"layers.md": {"code": "abc", "checked": ["jax", "torch"]}}})
    assert record.checked("pages", "layers.md", "abc", "3.15.1") == ["jax", "torch"]
    assert record.checked("pages", "layers.md", "changed", "3.15.1") == []  # the code changed since
    assert record.checked("pages", "layers.md", "abc", "3.16.0") == []  # another Keras
    assert record.checked("pages", "new.md", "abc", "3.15.1") == []


def test_a_record_naming_an_unknown_page_or_malformed_fails_naming_the_record(fixture_course):
    record = fixture_course.root / "docs" / "backends.json"
    assert load_record(fixture_course).data["pages"] == {}  # none yet: TensorFlow only
    entry = {"code": "abc", "checked": ["jax"]}
    data = {
        "about": "",
        "keras": "3.15.1",
        "backends": {"jax": {"jax": "0.10.2", "jaxlib": "0.10.2"}},
        "pages": {"index.md": entry, "gone.md": entry},
        "lessons": {},
        "comparisons": {},
    }
    record.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(RecordError) as error:
        load_record(fixture_course)
    assert (
        str(error.value)
        == "docs/backends.json:1: pages: 'gone.md' names no page with code of the course (docs/es/gone.md)"
    )
    record.write_text("{", encoding="utf-8")
    with pytest.raises(RecordError, match=r"^docs/backends.json:1: not valid JSON"):
        load_record(fixture_course)


def test_a_skip_directive_is_not_counted_as_a_block_checked(fixture_course, tmp_path):
    # `<!-- skip: next "..." -->` is a sybil region of its own that "passes" on every backend:
    # on a TensorFlow-only page it would make the record say the page was checked on JAX.
    line = append(
        fixture_course.root / "docs/es/chapter.md", '\n<!-- skip: next "needs a TPU" -->\n```python\n>>> 1 / 0\n```\n'
    )
    results = tmp_path / "results.json"
    run = pytest_in(
        fixture_course.root, "-p", "tooling.backend_checks", f"--backend-results={results}", "docs/es/chapter.md"
    )
    assert run.returncode == 0, run.stdout + run.stderr
    items = {item["line"]: item["outcome"] for item in json.loads(results.read_text(encoding="utf-8"))["items"]}
    assert line + 1 not in items and "skipped" in items.values(), (line, items)
