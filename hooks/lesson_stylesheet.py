"""MkDocs hook: the lesson pages' stylesheet, cut to what they use.

hooks/example_notebooks.py moves nbconvert's stylesheet (about 600 KB) out of
every lesson page into one shared file. Once every language is built, this
hook keeps only the rules and custom properties the lesson pages can use
(tooling/notebook_css.py), writes them under a name of their own content, and
points every lesson page of every language to it. Under `make serve`
(--dirty) only some pages are rebuilt, so the whole stylesheet stays.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for `tooling`, wherever mkdocs runs from

from tooling.notebook_css import classes_of, used_css  # noqa: E402

STYLESHEET = re.compile(r'assets/stylesheets/(notebook-[0-9a-f]+\.css)"')
# The whole palette of the code cells' highlighting stays, whatever tokens the lessons use today:
# a lesson edited tomorrow may bring a token class in, and the palette is checked for contrast as a whole.
KEPT = frozenset({"highlight-ipynb"})
DIRTY = "--dirty" in sys.argv  # how MkDocs says so to plugins (as hooks/course_pages.py reads it)


@event_priority(-300)  # after mkdocs-static-i18n has built the last language
def on_post_build(config) -> None:
    if config.plugins["i18n"].building or DIRTY:
        return
    stylesheets = Path(config.site_dir) / "assets" / "stylesheets"
    pages = {}
    for page in Path(config.site_dir).rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        if "assets/stylesheets/notebook-" in html:
            pages[page] = html
    sheets = {name for html in pages.values() for name in STYLESHEET.findall(html)}
    if len(sheets) != 1:
        return  # no lesson page, or pages of several builds: nothing safe to cut
    [whole] = sheets
    css = used_css((stylesheets / whole).read_text(encoding="utf-8"), classes_of(pages.values()), KEPT)
    cut = f"notebook-{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
    (stylesheets / cut).write_text(css, encoding="utf-8")
    for page, html in pages.items():
        page.write_text(html.replace(f"stylesheets/{whole}", f"stylesheets/{cut}"), encoding="utf-8")
    if cut != whole:
        (stylesheets / whole).unlink()
