"""How the pages' Python fences are collected and run (sybil).

A fence whose first line starts with ``>>>`` is a doctest whose output is
compared; any other ``python`` fence is run as code. The fences of one page
share one namespace, reset the same way before each page. Two markers add
checks: ``<!-- script: x.py -->`` runs the next fence as its own program
(tooling/scripts.py), ``<!-- model-diagram: model -->`` compares the picture
below it with a drawing of ``model`` (tooling/model_diagrams.py).
"""

from doctest import ELLIPSIS

from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser

from tooling import ROOT
from tooling.model_diagrams import parse_model_diagrams
from tooling.quiet_tensorflow import quiet_tensorflow
from tooling.scripts import parse_scripts

quiet_tensorflow()  # before anything imports TensorFlow


def fresh_keras_session(namespace: dict) -> None:
    """Same starting point for every page: no layer names left over from another
    page (``dense_1``...), and fixed seeds for Python, NumPy and the backend."""
    import keras

    keras.backend.clear_session()
    keras.utils.set_random_seed(0)


_python_fences = PythonCodeBlockParser(doctest_optionflags=ELLIPSIS)


def python_fences_and_scripts(document):
    """A fence marked as a script runs in its own process, not also in the page's namespace."""
    scripts = list(parse_scripts(document))
    yield from scripts
    for region in _python_fences(document):
        if not any(script.start <= region.start < script.end for script in scripts):
            yield region


SNIPPETS = Sybil(
    parsers=[python_fences_and_scripts, parse_model_diagrams, SkipParser()],
    path=str(ROOT / "docs"),  # absolute: sybil resolves a relative path against this module's folder
    patterns=["*.md"],
    setup=fresh_keras_session,
)
