"""tooling/code_signature.py: what must be identical between languages."""

from tooling.code_signature import code_signature


def test_comments_are_prose_but_a_hash_inside_a_string_is_code():
    spanish = 'x = "#no es comentario"  # un comentario\n# otro\ny = 2\n'
    english = 'x = "#no es comentario"  # a comment\n# another\ny = 2\n'
    assert code_signature("python", spanish) == code_signature("python", english) == 'x = "#no es comentario"\ny = 2'
    assert code_signature("python", 'x = "#not a comment"\n') != code_signature("python", 'x = "#no es comentario"\n')


def test_doctest_outputs_are_code_and_their_comments_are_prose():
    spanish = ">>> total = 1 + 1  # suma\n>>> total\n2\n"
    english = ">>> total = 1 + 1  # sum\n>>> total\n2\n"
    assert code_signature("python", spanish) == code_signature("python", english)
    assert code_signature("python", spanish) != code_signature("python", spanish.replace("\n2\n", "\n3\n"))


def test_continuation_lines_of_a_doctest_are_compared():
    block = ">>> def f():\n...     return 1  # uno\n>>> f()\n1\n"
    assert code_signature("python", block) == ">>> def f():\n...     return 1\n>>> f()\n1"


def test_code_that_does_not_tokenize_is_still_compared_raw():
    assert code_signature("python", "def broken(:\n    # x\n") == "def broken(:\n    # x"


def test_other_languages_are_compared_as_written():
    assert code_signature("text", "line  \n# kept\n") == "line  \n# kept"
