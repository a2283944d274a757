"""tooling/scripts.py on small pages: a script fence is found in the page or inside a collapsed box."""

from tooling.scripts import SCRIPT, code_of, output_of

SCRIPT_BLOCK = (
    '<!-- script: same_model.py compare-backends -->\n```python\nimport keras\nprint("ok")\n```\n\n```text\nok\n```\n'
)


def test_a_script_in_the_page_is_read_as_written():
    [match] = SCRIPT.finditer(SCRIPT_BLOCK)
    assert (match["name"], bool(match["compare"])) == ("same_model.py", True)
    assert code_of(match) == 'import keras\nprint("ok")\n' and output_of(match) == "ok\n"


def test_a_script_inside_a_collapsed_box_is_read_without_the_boxs_indentation():
    boxed = '??? note "Con JAX y PyTorch"\n\n' + "".join(
        f"    {line}\n" if line else "\n" for line in SCRIPT_BLOCK.split("\n")[:-1]
    )
    [match] = SCRIPT.finditer(boxed)
    assert code_of(match) == 'import keras\nprint("ok")\n' and output_of(match) == "ok\n"
