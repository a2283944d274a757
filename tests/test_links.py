"""No dead link or anchor anywhere in the built site, notebook pages included.

MkDocs' own validation (the strict build) checks the links of Markdown pages,
but not anchors into notebook pages nor links written inside notebooks.
LinkChecker crawls the site served on 127.0.0.1, as a reader's browser would
follow it, with its AnchorCheck plugin on. External links are not followed:
the tests never use the network.
"""

import csv
import io
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from site_pages import LANGUAGE_PREFIX, source_of
from tooling.parity import SOURCE, TRANSLATION

# Assets are checked by the browser tests (every request of every page); the
# crawl follows pages, where links and anchors are written.
CONFIGURATION = """\
[checking]
threads=8
[filtering]
checkextern=0
ignore=
  \\.(js|css|png|svg|ipynb|json|xml|gz|map|woff2?)(\\?.*)?$
[AnchorCheck]
"""


def test_no_dead_link_or_anchor_in_the_built_site(served_site, tmp_path):
    configuration = tmp_path / "linkcheckerrc"
    configuration.write_text(CONFIGURATION, encoding="utf-8")
    linkchecker = Path(sys.executable).with_name("linkchecker")
    result = subprocess.run(
        [str(linkchecker), "--config", str(configuration), "--no-status", "--no-robots", "--output", "csv", served_site],
        capture_output=True,
        text=True,
        timeout=900,
    )
    rows = list(csv.DictReader(io.StringIO("\n".join(
        line for line in result.stdout.splitlines() if line and not line.startswith("#")
    )), delimiter=";"))
    assert rows, f"LinkChecker reported nothing (exit status {result.returncode}):\n{result.stdout}\n{result.stderr}"
    problems = [
        _describe(row, served_site)
        for row in rows
        if row["valid"] != "True" or "not found" in row["warningstring"]
    ]
    assert not problems, "\n" + "\n".join(sorted(set(problems)))


def _describe(row: dict, base: str) -> str:
    page = urlsplit(row["parentname"]).path.lstrip("/") if row["parentname"] else ""
    language = TRANSLATION if page.startswith(LANGUAGE_PREFIX[TRANSLATION]) else SOURCE
    url = page.removeprefix(LANGUAGE_PREFIX[language])
    why = row["warningstring"].split(" Available anchors")[0] if "not found" in row["warningstring"] else row["result"]
    return (
        f"{source_of(language, url)}: link {row['name']!r} to {row['urlname']} is dead ({why}); "
        f"on /{page}, HTML line {row['line']}"
    )
