"""tooling/translation_status.py: which prose changes make a translation stale."""

from tooling.translation_status import prose_fingerprint, recorded_fingerprint

PAGE = "# Título { #title }\n\nUna frase.\n\n```python\nx = 1  # uno\n```\n"


def test_prose_changes_the_fingerprint():
    assert prose_fingerprint(PAGE) != prose_fingerprint(PAGE.replace("Una frase", "Otra frase"))


def test_code_front_matter_and_spacing_do_not():
    fingerprint = prose_fingerprint(PAGE)
    assert prose_fingerprint(PAGE.replace("x = 1  # uno", "x = 2  # dos")) == fingerprint
    assert prose_fingerprint("---\ntranslation_of: abc\n---\n" + PAGE) == fingerprint
    assert prose_fingerprint(PAGE.replace("Una frase.", "Una   frase.  ")) == fingerprint


def test_code_in_an_admonition_does_not_either():
    page = "!!! note\n\n    ```python\n    y = 1\n    ```\n"
    assert prose_fingerprint(page) == prose_fingerprint(page.replace("y = 1", "y = 2"))


def test_the_recorded_fingerprint_is_read_from_front_matter_only():
    assert recorded_fingerprint("---\ntitle: x\ntranslation_of: 0123abcd4567\n---\n\ntext") == "0123abcd4567"
    assert recorded_fingerprint("translation_of: 0123abcd4567\n") is None
