"""A built site served on 127.0.0.1, as a reader's browser gets it."""

import contextlib
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

_FOLDERS: dict[str, Path] = {}  # base URL -> the folder served there


class _QuietHandler(SimpleHTTPRequestHandler):
    # As on GitHub Pages: pages declare their charset, so clients need not guess it.
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".html": "text/html; charset=utf-8"}

    def log_message(self, format, *args):  # one line per request would drown pytest's output
        pass


@contextlib.contextmanager
def served(site: Path):
    """Serve `site` on a free port; yields the base URL, ending in '/'."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}/"
    _FOLDERS[base] = Path(site)
    try:
        yield base
    finally:
        del _FOLDERS[base]
        server.shutdown()
        server.server_close()


def folder_served_at(base: str) -> Path:
    """The folder that served() serves at `base`: checks that read the built
    files (link_check.py) accept the URL a test already has."""
    if base not in _FOLDERS:
        raise ValueError(f"{base} is not a site served by tests/serving.py")
    return _FOLDERS[base]
