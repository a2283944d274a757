"""Shared fixtures: the site built once per test session and served on
127.0.0.1, and throwaway copies of the course."""

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from commands import mkdocs_build
from tooling.course_copy import copy_course
from tooling.parity import ROOT


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole site, both languages, built with --strict (warnings are errors)."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return site


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # one line per request would drown pytest's output
        pass


@pytest.fixture(scope="session")
def served_site(built_site):
    """The built site over HTTP, as a reader's browser gets it: the base URL, ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def course_copy(tmp_path) -> Path:
    """A private copy of the course to break on purpose."""
    return copy_course(tmp_path / "course")
