"""Lighter pages that look the same: code blocks without the spans that change nothing on screen."""

import re

from tooling.highlighting import PLAIN_TOKEN_CLASSES


def _stylesheets(site) -> str:
    return "\n".join(
        path.read_text(encoding="utf-8")
        for path in (site / "assets" / "stylesheets").glob("*.css")
        if not path.name.startswith("notebook-")
    )


def test_plain_token_classes_have_no_color_of_their_own_in_the_theme(broken_site):
    # tooling/highlighting.py removes the spans of these classes: that is only
    # invisible while the theme draws them in the code's own color.
    css = _stylesheets(broken_site.site)
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", css)
    for name in PLAIN_TOKEN_CLASSES:
        styled = [
            (selector, body)
            for selector, body in rules
            if re.search(rf"\.{name}(?![\w-])", selector) and ".highlight" in selector
        ]
        for selector, body in styled:
            assert body.strip() == "color:var(--md-code-hl-name-color)", (
                f"the theme now styles .highlight .{name} ({selector.strip()}{{{body}}}): "
                f"tooling/highlighting.py must keep its spans"
            )
    definitions = set(re.findall(r"--md-code-hl-name-color:\s*([^;}]+)", css))
    assert definitions == {"var(--md-code-fg-color)"}, (
        f"--md-code-hl-name-color is now {definitions}: names have a color of their own"
    )
    code = [body for selector, body in rules if re.search(r"\.md-typeset code(?![\w-])", selector) and "color:" in body]
    assert any("color:var(--md-code-fg-color)" in body for body in code), (
        "code blocks are no longer drawn in --md-code-fg-color"
    )


def test_code_blocks_keep_their_highlighting_without_plain_spans(broken_site):
    page = (broken_site.site / "chapter" / "index.html").read_text(encoding="utf-8")
    block = page[page.index('<div class="language-pycon highlight"') :]
    block = block[: block.index("</div>")]
    assert '<span class="gp">&gt;&gt;&gt; </span>total' in block, block  # the name `total`, without its span
    assert '<span class="nb">sum</span>' in block and '<span class="mi">1</span>' in block, "highlighting lost"
    assert not re.search(r'<span class="[nw]">|<span></span>', block), block


def test_plain_token_classes_draw_in_the_cells_own_color_in_lesson_pages(broken_site):
    # The lessons' cells (nbconvert, class highlight-ipynb) lose the same spans.
    [notebook_css] = (broken_site.site / "assets" / "stylesheets").glob("notebook-*.css")
    # Compared without spaces: the stylesheet is served cut and compact (hooks/lesson_stylesheet.py).
    rules = [
        (selector, re.sub(r"\s", "", body))
        for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", notebook_css.read_text(encoding="utf-8"))
    ]
    block = {body for selector, body in rules if selector.strip() == ".highlight-ipynb"}
    assert block and all("color:var(--jp-mirror-editor-variable-color)" in body for body in block), block
    for name in PLAIN_TOKEN_CLASSES:
        for selector, body in rules:
            if re.search(rf"\.highlight-ipynb \.{name}(?![\w-])", selector):
                assert body == "color:var(--jp-mirror-editor-variable-color)", (
                    f"the notebook stylesheet now styles {selector.strip()}{{{body}}}: "
                    "tooling/highlighting.py must keep its spans"
                )


# ---------------------------------------------------------------- budgets, in compressed bytes (tooling/page_weight.py)
# Measured when they were set (December 2026): the heaviest chapter loads 255 KB
# (tensorboard, with its screenshot), a usual chapter 207 KB, a lesson 216-222 KB,
# of which 120 KB is the search index; the largest lesson figure is 99 KB of WebP.
# A change that breaks one names the page and what it loads.
# Chapter html was 16 KB until the chapters of sequences, attention and tables,
# written to the sitting limit (2600 words, tooling/sittings.py) with dense code,
# weighed 16.4-17.5 KB: a page the sitting limit allows must fit the weight budget.
BUDGETS = {
    "search index": 130_000,
    "chapter html": 18_000,
    "lesson html": 26_000,
    "chapter total": 265_000,
    "lesson total": 235_000,
    "figure": 120_000,
}


def _pages(site):
    from site_pages import ALL_URLS, LANGUAGE_PREFIX, LANGUAGES

    return [(language, LANGUAGE_PREFIX[language], url) for language in LANGUAGES for url in ALL_URLS]


def test_every_page_loads_within_its_budget(built_site):
    from tooling.page_weight import weight_of

    over = []
    for _language, prefix, url in _pages(built_site):
        weight = weight_of(built_site, prefix + url, prefix)
        kind = "lesson" if url.startswith("examples/") else "chapter"
        heaviest = ", ".join(
            f"{name} {size / 1000:.0f} KB" for name, size in sorted(weight.files.items(), key=lambda f: -f[1])[:3]
        )
        if weight.html > BUDGETS[f"{kind} html"]:
            over.append(
                f"/{prefix}{url}: its HTML is {weight.html / 1000:.1f} KB compressed, "
                f"over {BUDGETS[f'{kind} html'] / 1000:.0f} KB"
            )
        if weight.total > BUDGETS[f"{kind} total"]:
            over.append(
                f"/{prefix}{url}: loads {weight.total / 1000:.0f} KB compressed, "
                f"over {BUDGETS[f'{kind} total'] / 1000:.0f} KB ({heaviest})"
            )
        if weight.largest_figure > BUDGETS["figure"]:
            over.append(
                f"/{prefix}{url}: a figure of {weight.largest_figure / 1000:.0f} KB, "
                f"over {BUDGETS['figure'] / 1000:.0f} KB"
            )
    assert not over, "\n".join(over)


def test_each_languages_search_index_is_within_its_budget(built_site):
    from site_pages import LANGUAGE_PREFIX, LANGUAGES

    from tooling.page_weight import gzipped

    for language in LANGUAGES:
        index = built_site / LANGUAGE_PREFIX[language] / "search" / "search_index.json"
        assert gzipped(index) <= BUDGETS["search index"], (
            f"{LANGUAGE_PREFIX[language]}search/search_index.json: {gzipped(index) / 1000:.0f} KB compressed, "
            f"over {BUDGETS['search index'] / 1000:.0f} KB: "
            "code blocks and lesson cells stay out of it (data-search-exclude)"
        )
