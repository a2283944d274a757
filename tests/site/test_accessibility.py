"""WCAG 2.2 AA on every page, in light and dark mode, code and notebooks included.

- axe-core audits every page of every language in both colour schemes
  (tests/site/test_every_page.py, with the helpers of tests/browsing.py).
- Every token class of the syntax highlighting, in Markdown code, doctests
  and notebook cells, with line numbers and copy buttons, reaches 4.5:1 on
  its block's background in both schemes.
- The search dialog, the language switcher, the palette toggle and the other
  names a screen reader reads are in the page's language.
- Keyboard only: from the top of a chapter, Tab reaches the language
  switcher, the search, the navigation and the first code block's copy
  button, with a visible focus ring at every stop; scrollable blocks scroll
  with the arrow keys.
- The text of every SVG in docs/ (model diagrams and hand-drawn figures)
  reaches 4.5:1 on what is behind it, on both page backgrounds.

The page is loaded once and the scheme switched on it, as Material's toggle
does (data-md-color-scheme on <body>), with transitions off so that colours
are read at rest rather than halfway through Material's 125-250 ms fades.
"""

import math
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from browsing import CONTRAST_FUNCTION, DISABLED_RULES, NO_TRANSITIONS, SCHEMES, set_scheme
from site_pages import A_CHAPTER as CHAPTER
from site_pages import A_LESSON as LESSON
from site_pages import LANGUAGE_PREFIX, LANGUAGES, source_of

from tooling.languages import COURSE

ROOT = COURSE.root


@pytest.fixture(scope="module")
def page(browser, served_site):
    """One tab for the whole module: pages are opened in it one after the other."""
    context = browser.new_context(locale="es-ES", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def _open(page, base: str, path: str, scheme: str = "default"):
    page.goto(base + path, wait_until="load")
    page.add_style_tag(content=NO_TRANSITIONS)
    set_scheme(page, scheme)


def test_axe_rules_that_may_not_be_disabled_are_on():
    never = {"color-contrast", "link-in-text-block", "scrollable-region-focusable", "aria-dialog-name"}
    assert not never & DISABLED_RULES.keys(), f"issue 11 forbids disabling {sorted(never & DISABLED_RULES.keys())}"
    assert all(reason.strip() for reason in DISABLED_RULES.values()), "every disabled rule needs its reason"


# --- The syntax-highlighting palette -----------------------------------------------------------

# In the first block matching `block`: one span of every token class that the
# stylesheets colour under `prefix` (Material's .highlight, the notebooks'
# .highlight-ipynb), the copy button and, in Material's blocks, line numbers
# in both of its styles (no page shows them yet); the contrast of each.
TOKEN_CONTRASTS = (
    r"""([block, prefix, button, lineNumbers]) => {
  const contrast = """
    + CONTRAST_FUNCTION
    + r""";
  const classes = new Set();
  const pattern = new RegExp('\\.' + prefix + '\\s+\\.([\\w-]+)\\s*$');
  for (const sheet of document.styleSheets) {
    for (const rule of sheet.cssRules) {
      for (const selector of (rule.selectorText || '').split(',')) {
        const match = selector.trim().match(pattern);
        if (match && rule.style.color) classes.add(match[1]);
      }
    }
  }
  const container = document.querySelector(block);
  const code = container.querySelector('pre > code') || container.querySelector('pre');
  const measured = {};
  for (const name of [...classes].sort()) {
    const span = document.createElement('span');
    span.className = name;
    span.textContent = 'sample';
    code.append(span);
    measured['.' + name] = contrast(span, null);
  }
  measured['copy button'] = contrast(container.querySelector(button), null);
  if (!lineNumbers) return measured;
  const inline = document.createElement('span');
  inline.setAttribute('data-linenos', '1 ');
  code.prepend(inline);
  measured['line numbers (inline)'] = contrast(inline, '::before');
  container.insertAdjacentHTML('beforeend', '<table class="highlighttable"><tr><td class="linenos">'
    + '<div class="linenodiv"><pre><span class="normal">1</span></pre></div></td></tr></table>');
  measured['line numbers (table)'] = contrast(container.querySelector('.linenodiv .normal'), null);
  return measured;
}"""
)

# page: {kind of block: (the block, the stylesheets' class prefix, its copy button, line numbers?)}
TOKEN_BLOCKS = {
    CHAPTER: {
        "Markdown code": (".language-python.highlight", "highlight", ".md-code__button", True),
        "doctest": (".language-pycon.highlight", "highlight", ".md-code__button", True),
    },
    LESSON: {
        "notebook cell": (".jp-CodeCell .jp-InputArea-editor", "highlight-ipynb", "clipboard-copy svg", False),
    },
}


def token_contrasts(page, base: str, scheme: str) -> dict[str, dict[str, dict]]:
    """Per kind of block: {token class, line numbers or copy button: {ratio, colour, background}}."""
    measured = {}
    for path, blocks in TOKEN_BLOCKS.items():
        _open(page, base, path, scheme)
        for what, arguments in blocks.items():
            measured[what] = page.evaluate(TOKEN_CONTRASTS, list(arguments))
    return measured


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_token_class_reaches_aa_on_its_block(page, served_site, scheme):
    measured = token_contrasts(page, served_site, scheme)
    problems = [
        f"{what}: {name} is {row['colour']} on {row['background']}, {row['ratio']:.2f}:1"
        for what, rows in measured.items()
        for name, row in rows.items()
        if row["ratio"] < 4.5
    ]
    assert not problems, f"scheme {scheme}: below 4.5:1\n  " + "\n  ".join(problems)
    for what, rows in measured.items():
        assert len(rows) > 30, f"{what}: only {len(rows)} token classes found in the stylesheets"


# --- Names in the page's language ------------------------------------------------------------


# What a screen reader says for each control, per language: Material's own
# translations, mkdocs.yml's palette toggle names and its extra: strings.
def _material_strings(language: str) -> dict[str, str]:
    """Material's own translation of its interface (partials/languages/<language>.html)."""
    import material

    source = (Path(material.__file__).parent / "templates" / "partials" / "languages" / f"{language}.html").read_text(
        encoding="utf-8"
    )
    return dict(re.findall(r'^\s*"([\w.]+)": "([^"]*)"', source, re.MULTILINE))


def _names(language: str) -> dict[str, str]:
    """What a screen reader says for each control: Material's translations and
    the course's strings (languages/<locale>.yml)."""
    material, strings = _material_strings(language), COURSE.strings(language)
    return {
        "search dialog": material["search"],
        "language switcher": material["select.language"],
        "palette toggle to dark": strings["palette_toggle"]["to_dark"],
        "palette toggle to light": strings["palette_toggle"]["to_light"],
        "heading permalink": strings["extra"]["permalink"],
        "copy button": strings["extra"]["copy_to_clipboard"],
        "scrollable notebook cell": strings["extra"]["scrollable"]["code"],
        "scrollable table": strings["extra"]["scrollable"]["table"],
    }


NAMES = {language: _names(language) for language in LANGUAGES}

NAMED_CONTROLS = {
    # what: (page, selector of the element whose aria-label is the name)
    "search dialog": (CHAPTER, ".md-search[role=dialog]"),
    "language switcher": (CHAPTER, ".md-header .md-select > button"),
    # each scheme's radio button is named after the scheme it switches to
    "palette toggle to dark": (CHAPTER, ".md-header input.md-option[data-md-color-scheme=default]"),
    "palette toggle to light": (CHAPTER, ".md-header input.md-option[data-md-color-scheme=slate]"),
    "heading permalink": (CHAPTER, "article .headerlink"),
    "copy button": (LESSON, "article clipboard-copy"),
    "scrollable notebook cell": (LESSON, "article .highlight-ipynb[tabindex='0']"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_controls_are_named_in_the_language_of_the_page(page, served_site, language):
    problems = []
    for path in dict.fromkeys(path for path, _ in NAMED_CONTROLS.values()):
        _open(page, served_site, LANGUAGE_PREFIX[language] + path)
        for what, (where, selector) in NAMED_CONTROLS.items():
            if where != path:
                continue
            names = page.eval_on_selector_all(selector, "elements => elements.map(e => e.getAttribute('aria-label'))")
            expected = NAMES[language][what]
            if not names:
                problems.append(f"{what}: no element matches {selector} on /{LANGUAGE_PREFIX[language]}{path}")
            elif set(names) != {expected}:
                problems.append(f"{what}: named {sorted(set(map(str, names)))}, expected {expected!r}")
    assert not problems, f"{language}:\n  " + "\n  ".join(problems)


# --- Keyboard only ---------------------------------------------------------------------------

# The focused element, what shows its focus (a hidden radio button shows it on
# the label that follows it, as Material's palette toggle does), that ring's
# width and its contrast on the background around the element, and whether
# the element can be seen: in the viewport and not under anything else.
FOCUS = (
    """() => {
  const contrast = """
    + CONTRAST_FUNCTION
    + """;
  const element = document.activeElement;
  let shown = element;
  const box = e => e.getBoundingClientRect();
  if (box(element).width * box(element).height === 0 || getComputedStyle(element).opacity === '0') {
    const next = element.nextElementSibling;
    if (element.matches('input') && next && next.matches('label')) shown = next;
  }
  const style = getComputedStyle(shown);
  const rect = box(shown);
  const ring = document.createElement('span');  // the ring's colour, measured like text on the parent's background
  ring.style.color = style.outlineColor;
  shown.parentElement.append(ring);
  const ringContrast = contrast(ring, null).ratio;
  ring.remove();
  const x = Math.min(Math.max(rect.left + rect.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(rect.top + rect.height / 2, 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  return {
    element: element.outerHTML.replace(/<svg.*?<\\/svg>/gs, '').slice(0, 120),
    name: element.getAttribute('aria-label') || element.getAttribute('title')
      || element.textContent.trim().slice(0, 40),
    ring: style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth),
    ringContrast,
    visible: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.top < innerHeight
      && getComputedStyle(shown).visibility !== 'hidden' && !!top && (shown.contains(top) || top.contains(shown)),
    isLanguageSwitcher: element.matches('.md-header .md-select > button'),
    isSearch: element.matches('.md-search__input'),
    isNavigation: element.matches('.md-nav--primary .md-nav__link'),
    isFirstCopyButton: element === document.querySelector('article .highlight .md-code__button'),
  };
}"""
)

TARGETS = {
    "isLanguageSwitcher": "the language switcher",
    "isSearch": "the search box",
    "isNavigation": "a link of the navigation",
    "isFirstCopyButton": "the copy button of the first code block",
}


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_tab_reaches_switcher_search_navigation_and_copy_button_with_visible_focus(page, served_site, language, scheme):
    _open(page, served_site, LANGUAGE_PREFIX[language] + CHAPTER, scheme)
    reached, problems, stops = [], [], 0
    while len(reached) < len(TARGETS) and stops < 120:
        page.keyboard.press("Tab")
        stops += 1
        focus = page.evaluate(FOCUS)
        reached += [target for target in TARGETS if focus[target] and target not in reached]
        where = f"Tab {stops}, {focus['name']!r} {focus['element']}"
        if focus["ring"] < 2 or focus["ringContrast"] < 3:
            problems.append(f"{where}: focus ring {focus['ring']}px at {focus['ringContrast']:.2f}:1 (needs 2px, 3:1)")
        if not focus["visible"]:
            problems.append(f"{where}: the focused element cannot be seen")
    missing = [TARGETS[target] for target in TARGETS if target not in reached]
    order = [TARGETS[target] for target in reached]
    assert not missing, (
        f"/{LANGUAGE_PREFIX[language]}{CHAPTER} [{scheme}]: {stops} Tabs never reached {missing} (reached {order})"
    )
    assert not problems, f"/{LANGUAGE_PREFIX[language]}{CHAPTER} [{scheme}]:\n  " + "\n  ".join(problems)


def test_scrollable_code_cells_scroll_with_the_arrow_keys(page, served_site):
    _open(page, served_site, LESSON)
    cell = page.locator("article .highlight-ipynb[tabindex='0']").first
    cell.focus()
    assert cell.evaluate("element => element.scrollLeft") == 0
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    try:  # Chromium scrolls smoothly: give it time
        page.wait_for_function("element => element.scrollLeft > 0", arg=cell.element_handle(), timeout=3000)
    except Exception:
        pytest.fail(
            f"{source_of(COURSE.source, LESSON)}: a focused code cell that scrolls sideways "
            "did not scroll with ArrowRight",
            pytrace=False,
        )


def test_wide_tables_can_be_reached_on_a_narrow_screen(page, served_site):
    page.set_viewport_size({"width": 360, "height": 740})
    try:
        _open(page, served_site, "glossary/")
        tables = page.evaluate("""() => [...document.querySelectorAll('article .md-typeset__scrollwrap')].map(wrap => ({
          scrolls: wrap.scrollWidth > wrap.clientWidth, tabindex: wrap.getAttribute('tabindex'),
          name: wrap.getAttribute('aria-label')}))""")
    finally:
        page.set_viewport_size({"width": 1280, "height": 800})
    scrolling = [table for table in tables if table["scrolls"]]
    assert scrolling, "the glossary's table does not scroll on a 360 px screen: pick a wider table for this test"
    expected = {"tabindex": "0", "name": NAMES[COURSE.source]["scrollable table"]}
    assert all(
        table["tabindex"] == expected["tabindex"] and table["name"] == expected["name"] for table in scrolling
    ), f"/glossary/ (from docs/es/glossary.md) on a 360 px screen: tables that scroll {scrolling}, expected {expected}"


# --- Text in the SVGs of docs/ ---------------------------------------------------------------

# An SVG shown with <img> is drawn on the page's background, and cannot follow
# Material's toggle (its own CSS would follow the system's preference, not the
# reader's choice on the site). So where nothing of its own is behind a text,
# the text must read on both page backgrounds.
PAGE_BACKGROUNDS = {"light": (255, 255, 255), "dark": (30, 32, 41)}  # Material: #fff, hsl(232, 15%, 14%)
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
SVGS = sorted((ROOT / "docs").rglob("*.svg"))
CHARACTER_WIDTH = {"mono": 0.6, "sans": 0.5}  # of the font size, an estimate of the average glyph


def _colour(value: str, where: str) -> tuple[int, int, int]:
    value = {"white": "#ffffff", "black": "#000000"}.get(value.strip().lower(), value.strip().lower())
    if not re.fullmatch(r"#[0-9a-f]{3}|#[0-9a-f]{6}", value):
        raise AssertionError(f"{where}: colour {value!r} is not #rgb or #rrggbb, which this check reads")
    digits = value[1:] if len(value) == 7 else "".join(c * 2 for c in value[1:])
    return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))


def _luminance(rgb) -> float:
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a, b) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _length(value: str, whole: float) -> float:
    return float(value[:-1]) * whole / 100 if value.endswith("%") else float(value)


def _rotation(transform: str | None, where: str):
    """The text's own rotate(angle cx cy), the only transform this check reads."""
    if not transform:
        return lambda x, y: (x, y)
    match = re.fullmatch(r"\s*rotate\(\s*([-\d.]+)(?:[\s,]+([-\d.]+)[\s,]+([-\d.]+))?\s*\)\s*", transform)
    if not match:
        raise AssertionError(f"{where}: transform {transform!r}: this check reads only rotate() on a <text>")
    angle = math.radians(float(match[1]))
    cx, cy = float(match[2] or 0), float(match[3] or 0)
    return lambda x, y: (
        cx + (x - cx) * math.cos(angle) - (y - cy) * math.sin(angle),
        cy + (x - cx) * math.sin(angle) + (y - cy) * math.cos(angle),
    )


def svg_text_contrasts(path: Path) -> list[tuple[str, str, float]]:
    """(text, where it sits, contrast) for every <text>, on every background behind it."""
    root = ElementTree.parse(path).getroot()
    name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
    view_box = [float(v) for v in root.get("viewBox", f"0 0 {root.get('width')} {root.get('height')}").split()]
    width, height = view_box[2], view_box[3]
    shapes = []  # (contains(x, y), fill, opacity), in drawing order
    results = []

    def walk(element, inherited):
        attributes = dict(inherited)
        tag = element.tag.removeprefix(SVG_NAMESPACE)
        where = f"{name}: <{tag}>"
        if tag == "style" or element.get("style"):
            raise AssertionError(f"{where}: CSS in an SVG is not read by this check; use presentation attributes")
        if element.get("transform") and tag != "text":
            raise AssertionError(f"{where}: transform on a <{tag}>: this check reads only rotate() on a <text>")
        for key in ("fill", "fill-opacity", "opacity", "font-size", "font-family", "text-anchor"):
            if element.get(key) is not None:
                attributes[key] = element.get(key)
        if tag in ("defs", "marker", "title", "desc", "clipPath", "mask", "pattern", "symbol"):
            return  # not drawn where it stands
        fill = attributes.get("fill", "#000000")
        opacity = float(attributes.get("fill-opacity", 1)) * float(attributes.get("opacity", 1))
        if tag == "rect" and fill != "none":
            x, y = _length(element.get("x", "0"), width), _length(element.get("y", "0"), height)
            w, h = _length(element.get("width"), width), _length(element.get("height"), height)
            shapes.append(
                (
                    lambda px, py, x=x, y=y, w=w, h=h: x <= px <= x + w and y <= py <= y + h,
                    _colour(fill, where),
                    opacity,
                )
            )
        elif tag in ("circle", "ellipse") and fill != "none":
            cx, cy = float(element.get("cx", 0)), float(element.get("cy", 0))
            rx = float(element.get("rx", element.get("r", 0)))
            ry = float(element.get("ry", element.get("r", 0)))
            shapes.append(
                (
                    lambda px, py, cx=cx, cy=cy, rx=rx, ry=ry: ((px - cx) / rx) ** 2 + ((py - cy) / ry) ** 2 <= 1,
                    _colour(fill, where),
                    opacity,
                )
            )
        elif tag == "text":
            text = "".join(element.itertext()).strip()
            size = float(attributes.get("font-size", 16))
            mono = "mono" in attributes.get("font-family", "")
            text_width = len(text) * size * CHARACTER_WIDTH["mono" if mono else "sans"]
            x, baseline = float(element.get("x", 0)), float(element.get("y", 0))
            start = {"start": x, "middle": x - text_width / 2, "end": x - text_width}[
                attributes.get("text-anchor", "start")
            ]
            middle = baseline - 0.35 * size  # the middle of lowercase letters
            rotate = _rotation(element.get("transform"), f"{name}: <text> {text!r}")
            points = [
                rotate(px, middle)
                for px in (start + size * 0.2, start + text_width / 2, start + text_width - size * 0.2)
            ]
            colour = _colour(fill, f"{name}: <text> {text!r}")
            for page, page_colour in PAGE_BACKGROUNDS.items():
                for px, py in points:
                    behind = page_colour
                    for contains, shape_colour, shape_opacity in shapes:
                        if contains(px, py):
                            behind = tuple(
                                shape_opacity * s + (1 - shape_opacity) * b
                                for s, b in zip(shape_colour, behind, strict=True)
                            )
                    results.append((text, f"at ({px:.0f}, {py:.0f}) on a {page} page", contrast(colour, behind)))
        for child in element:
            walk(child, attributes)

    walk(root, {})
    return results


def test_svg_text_check_sees_what_is_behind_the_text(tmp_path):
    drawing = tmp_path / "drawing.svg"
    drawing.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">'
        '<rect x="0" y="0" width="100" height="100" fill="#1565C0"/>'
        '<text x="50" y="50" font-size="12" text-anchor="middle" fill="#FFFFFF">on blue</text>'
        '<text x="150" y="50" font-size="12" text-anchor="middle" fill="#888">on the page</text>'
        "</svg>"
    )
    results = svg_text_contrasts(drawing)
    on_blue = {round(ratio, 2) for text, _, ratio in results if text == "on blue"}
    on_page = {round(ratio, 2) for text, _, ratio in results if text == "on the page"}
    assert on_blue == {5.75}, on_blue  # white on #1565C0, whatever the page
    assert on_page == {3.54, 4.58}, on_page  # #888 on white, and on Material's dark background


@pytest.mark.parametrize("svg", SVGS, ids=[svg.relative_to(ROOT / "docs").as_posix() for svg in SVGS])
def test_svg_text_reaches_aa_on_both_page_backgrounds(svg):
    low = [f"{text!r} {where}: {ratio:.2f}:1" for text, where, ratio in svg_text_contrasts(svg) if ratio < 4.5]
    assert not low, f"{svg.relative_to(ROOT)}: text below 4.5:1\n  " + "\n  ".join(dict.fromkeys(low))
