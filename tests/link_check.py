"""Dead links and anchors in a served site, found by LinkChecker.

MkDocs' own validation (the strict build) checks the links of Markdown pages,
but not anchors into notebook pages nor links written inside notebooks.
LinkChecker crawls the site as a reader's browser would follow it, with its
AnchorCheck plugin on. External links are not followed: the tests never use
the network.
"""

import csv
import io
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from site_pages import language_of, source_of

# Assets are checked by the browser tests (every request of every page); the
# crawl follows pages, where links and anchors are written. Parsing pages is
# what costs (about 0.2 s of CPU each): two threads for two cores, and no
# politeness delay (the server allows it, tests/serving.py). All of the site is
# internal, wherever the crawl starts.
CONFIGURATION = """\
[checking]
threads=2
maxrequestspersecond=1000
[filtering]
checkextern=0
internlinks=^{base}
ignore=
  \\.(js|css|png|svg|ipynb|json|xml|gz|map|woff2?)(\\?.*)?$
[AnchorCheck]
"""


def check_links(base: str, workdir: Path, start: str = "", depth: int | None = None) -> tuple[list[str], set[str]]:
    """Crawl from base+start (to `depth` levels, or all the site); return the
    problems, each naming the source file to fix, and the URLs checked."""
    configuration = workdir / "linkcheckerrc"
    configuration.write_text(CONFIGURATION.replace("{base}", re.escape(base)), encoding="utf-8")
    command = [
        str(Path(sys.executable).with_name("linkchecker")), "--config", str(configuration),
        "--no-status", "--no-robots", "--verbose", "--output", "csv",
    ]
    if depth is not None:
        command += ["--recursion-level", str(depth)]
    result = subprocess.run(command + [base + start], capture_output=True, text=True, timeout=900)
    rows = list(csv.DictReader(io.StringIO("\n".join(
        line for line in result.stdout.splitlines() if line and not line.startswith("#")
    )), delimiter=";"))
    if not rows:
        raise AssertionError(f"LinkChecker checked nothing (exit status {result.returncode}):\n{result.stderr}")
    problems = sorted({
        _describe(row)
        for row in rows
        if row["valid"] != "True" or "not found" in row["warningstring"]
    })
    return problems, {row["url"].split("#")[0] for row in rows}


def _describe(row: dict) -> str:
    page = urlsplit(row["parentname"]).path.lstrip("/") if row["parentname"] else ""
    language, url = language_of(page)
    why = row["warningstring"].split(" Available anchors")[0] if "not found" in row["warningstring"] else row["result"]
    return (
        f"{source_of(language, url)}: link {row['name']!r} to {row['urlname']} is dead ({why}); "
        f"on /{page}, HTML line {row['line']}"
    )
