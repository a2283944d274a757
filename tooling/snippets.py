"""How the pages' Python fences are collected and run (sybil).

A fence whose first line starts with ``>>>`` is a doctest whose output is
compared; any other ``python`` fence is run as code. The fences of one page
share one namespace, reset the same way before each page.
"""

from doctest import ELLIPSIS

from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser

from tooling import ROOT
from tooling.quiet_tensorflow import quiet_tensorflow

quiet_tensorflow()  # before anything imports TensorFlow


def fresh_keras_session(namespace: dict) -> None:
    """Same starting point for every page: no layer names left over from another
    page (``dense_1``...), and fixed seeds for Python, NumPy and the backend."""
    import keras

    keras.backend.clear_session()
    keras.utils.set_random_seed(0)


SNIPPETS = Sybil(
    parsers=[PythonCodeBlockParser(doctest_optionflags=ELLIPSIS), SkipParser()],
    path=str(ROOT / "docs"),  # absolute: sybil resolves a relative path against this module's folder
    patterns=["*.md"],
    setup=fresh_keras_session,
)
