"""A built site served on 127.0.0.1, as a reader's browser gets it."""

import contextlib
import functools
import re
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

_FOLDERS: dict[str, Path] = {}  # base URL -> the folder served there


def published_path(site: Path) -> str:
    """The path the site was built to be published at: "/" unless SITE_URL was
    set for the build (as in CI), e.g. "/curso/" for a GitHub project page.
    Some links then start with it (the 404 pages', the home pages' language
    switcher), so the site only works served there."""
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', (site / "index.html").read_text(encoding="utf-8"))
    return "/" + urlsplit(canonical.group(1)).path.strip("/") + "/" if canonical else "/"


class _QuietHandler(SimpleHTTPRequestHandler):
    # As on GitHub Pages: pages declare their charset, so clients need not guess it.
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".html": "text/html; charset=utf-8"}

    def __init__(self, *args, prefix: str, **kwargs):
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def send_head(self):
        # The site at its published path: /curso/en/ is the folder en/, /en/ is nothing.
        if not self.path.startswith(self.prefix):
            self.send_error(HTTPStatus.NOT_FOUND, f"outside {self.prefix}, where the site is published")
            return None
        return super().send_head()

    def translate_path(self, path):
        return super().translate_path("/" + path.removeprefix(self.prefix))

    def log_message(self, format, *args):  # one line per request would drown pytest's output
        pass


@contextlib.contextmanager
def served(site: Path):
    """Serve `site` at its published path on a free port; yields the base URL,
    ending in '/'."""
    prefix = published_path(site)
    handler = functools.partial(_QuietHandler, directory=str(site), prefix=prefix)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}{prefix}"
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
