"""A built site served on 127.0.0.1, as a reader's browser or LinkChecker gets it."""

import contextlib
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _QuietHandler(SimpleHTTPRequestHandler):
    # With the charset declared, clients do not guess the encoding of every
    # page (LinkChecker spent a tenth of a second a page doing so).
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".html": "text/html; charset=utf-8"}

    def log_message(self, format, *args):  # one line per request would drown pytest's output
        pass

    def end_headers(self):
        # LinkChecker waits 0.1-0.6 s between requests to a host unless the
        # server answers with this header: our own server, it may go full speed.
        self.send_header("LinkChecker", "unthrottled")
        super().end_headers()


@contextlib.contextmanager
def served(site: Path):
    """Serve `site` on a free port; yields the base URL, ending in '/'."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
