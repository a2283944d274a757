"""Lighter pages that look the same: code blocks without the spans that change nothing on screen."""

import re

from tooling.highlighting import PLAIN_TOKEN_CLASSES


def _stylesheets(site) -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in (site / "assets" / "stylesheets").glob("*.css") if not path.name.startswith("notebook-"))


def test_plain_token_classes_have_no_color_of_their_own_in_the_theme(broken_site):
    # tooling/highlighting.py removes the spans of these classes: that is only
    # invisible while the theme draws them in the code's own color.
    css = _stylesheets(broken_site.site)
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", css)
    for name in PLAIN_TOKEN_CLASSES:
        styled = [(selector, body) for selector, body in rules if re.search(rf"\.{name}(?![\w-])", selector) and ".highlight" in selector]
        for selector, body in styled:
            assert body.strip() == "color:var(--md-code-hl-name-color)", (
                f"the theme now styles .highlight .{name} ({selector.strip()}{{{body}}}): "
                f"tooling/highlighting.py must keep its spans"
            )
    definitions = set(re.findall(r"--md-code-hl-name-color:\s*([^;}]+)", css))
    assert definitions == {"var(--md-code-fg-color)"}, f"--md-code-hl-name-color is now {definitions}: names have a color of their own"
    code = [body for selector, body in rules if re.search(r"\.md-typeset code(?![\w-])", selector) and "color:" in body]
    assert any("color:var(--md-code-fg-color)" in body for body in code), "code blocks are no longer drawn in --md-code-fg-color"


def test_code_blocks_keep_their_highlighting_without_plain_spans(broken_site):
    page = (broken_site.site / "chapter" / "index.html").read_text(encoding="utf-8")
    block = page[page.index('<div class="language-pycon highlight"'):]
    block = block[: block.index("</div>")]
    assert '<span class="gp">&gt;&gt;&gt; </span>total' in block, block  # the name `total`, without its span
    assert '<span class="nb">sum</span>' in block and '<span class="mi">1</span>' in block, "highlighting lost"
    assert not re.search(r'<span class="[nw]">|<span></span>', block), block


def test_plain_token_classes_draw_in_the_cells_own_color_in_lesson_pages(broken_site):
    # The lessons' cells (nbconvert, class highlight-ipynb) lose the same spans.
    [notebook_css] = (broken_site.site / "assets" / "stylesheets").glob("notebook-*.css")
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", notebook_css.read_text(encoding="utf-8"))
    block = {body.strip() for selector, body in rules if selector.strip() == ".highlight-ipynb"}
    assert block and all("color: var(--jp-mirror-editor-variable-color)" in body for body in block), block
    for name in PLAIN_TOKEN_CLASSES:
        for selector, body in rules:
            if re.search(rf"\.highlight-ipynb \.{name}(?![\w-])", selector):
                assert body.strip() == "color: var(--jp-mirror-editor-variable-color)", (
                    f"the notebook stylesheet now styles {selector.strip()}{{{body}}}: tooling/highlighting.py must keep its spans"
                )
