"""Where the Chromium is that the browser tests and the course's PDFs (tooling/pdf.py) use.

Debian's Chromium, driven by Playwright for Python: nothing is downloaded
(`playwright install` fetches a browser build of its own, which this course
never needs).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

INSTALL_HINT = "install Debian's Chromium (sudo apt-get install chromium) or set COURSE_CHROMIUM to a Chromium binary"
LAUNCH_ARGUMENTS = ["--no-sandbox"]


def chromium_executable() -> str | None:
    if os.environ.get("COURSE_CHROMIUM"):
        return os.environ["COURSE_CHROMIUM"]
    # Debian's /usr/bin/chromium is a shell wrapper that prints a warning on
    # some machines; the binary it starts works the same without it.
    for candidate in ("/usr/lib/chromium/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None
