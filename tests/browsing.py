"""What the browser tests share: a page visit that records what the page
asked for and complained about, the checks every page must pass, and axe-core
(shipped by the pinned axe-playwright-python; nothing is fetched)."""

import functools
import itertools
from pathlib import Path
from urllib.parse import urlsplit

from site_pages import LANGUAGE_PREFIX, source_of

from tooling.languages import COURSE


def where(language: str, url: str) -> str:
    return f"/{LANGUAGE_PREFIX[language]}{url} (from {source_of(language, url)})"


class PageVisit:
    """One page opened in the browser, with everything it asked for and complained about.

    `tab`: an open page (a Tab's) to visit in instead of a new one. A new tab
    starts a renderer process and compiles the theme's scripts again: about a
    third of the CPU of a visit of every page. The tab is emptied first
    (about:blank, nothing recorded), so that the previous page's requests,
    aborted by leaving it, are not counted against this one; end() stops the recording.
    """

    def __init__(self, context, base: str, path: str, wait_until: str = "networkidle", tab=None):
        self.base, self.path = base, path
        if tab is not None:
            tab.goto("about:blank")
        self.page = tab if tab is not None else context.new_page()
        self.requests: list[str] = []
        self.problems: list[str] = []
        host = urlsplit(base).netloc
        self._listeners = {
            "request": self._record_request(host),
            "console": lambda message: (
                self.problems.append(f"console {message.type}: {message.text}") if message.type == "error" else None
            ),
            "pageerror": lambda error: self.problems.append(f"script error: {error}"),
            "response": lambda response: (
                self.problems.append(f"HTTP {response.status}: {response.url}") if response.status >= 400 else None
            ),
            "requestfailed": lambda request: self.problems.append(f"request failed: {request.url}"),
        }
        for event, listener in self._listeners.items():
            self.page.on(event, listener)
        self.page.goto(base + path, wait_until=wait_until)

    def end(self) -> None:
        """Stop recording; the page stays open (a Tab's next visit reuses it)."""
        for event, listener in self._listeners.items():
            self.page.remove_listener(event, listener)

    def _record_request(self, host):
        def record(request):
            parts = urlsplit(request.url)
            if parts.scheme in ("data", "blob"):
                return
            self.requests.append(request.url)
            if parts.netloc != host:
                self.problems.append(f"request to a third party: {request.url}")

        return record


class Tab:
    """One browser tab for visit after visit (PageVisit's `tab`), replaced by a
    new one when it crashed or was closed."""

    def __init__(self, context):
        self.context = context
        self._page = None
        self._crashed = False

    @property
    def page(self):
        if self._page is None or self._page.is_closed() or self._crashed:
            if self._page is not None and not self._page.is_closed():
                self._page.close()
            self._page, self._crashed = self.context.new_page(), False
            self._page.on("crash", lambda _: setattr(self, "_crashed", True))
        return self._page


def page_problems(page, language: str) -> list[str]:
    """What every page must be: in its language, every image loading and
    described (lessons' figures in the page's language), headings in order."""
    problems = []
    lang = page.evaluate("document.documentElement.lang")
    if lang != language:
        problems.append(f'<html lang="{lang}">, expected "{language}"')
    # Lazy figures load when the reader gets near them: here every image loads, and a broken one is reported.
    broken = page.evaluate(
        "Promise.all([...document.images].map(i => { i.loading = 'eager'; "
        "return i.decode().then(() => null, () => i.src); }))"
        ".then(sources => sources.filter(Boolean))"
    )
    problems += [f"image does not load: {src}" for src in broken]
    for alt, src in page.evaluate(
        "[...document.querySelectorAll('article img')].map(i => [i.getAttribute('alt'), i.src])"
    ):
        if not (alt or "").strip():
            problems.append(f"image without alt text: {src}")
        elif src.rsplit("/", 1)[-1].startswith("figure-") and alt != COURSE.strings(language)["figure_alt"]:
            problems.append(f"notebook figure with alt text in another language: {alt!r}")
    levels = page.evaluate(
        "[...document.querySelectorAll('article h1, article h2, article h3, article h4, article h5, article h6')]"
        ".map(h => Number(h.tagName[1]))"
    )
    if levels and levels[0] != 1:
        problems.append(f"the first heading is h{levels[0]}, not h1")
    for previous, current in itertools.pairwise(levels):
        if current > previous + 1:
            problems.append(f"heading levels jump from h{previous} to h{current}")
    return problems


# --- axe-core -----------------------------------------------------------------------------------

SCHEMES = ("default", "slate")  # Material's light and dark schemes
FAILING_IMPACTS = ("serious", "critical")

# axe rules switched off, each with the reason. Never color-contrast,
# link-in-text-block, scrollable-region-focusable or aria-dialog-name (issue 11).
DISABLED_RULES: dict[str, str] = {}

NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def set_scheme(page, scheme: str) -> None:
    page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)


# contrast(element, pseudo): the WCAG contrast ratio of an element's colour (or
# its ::before's) on the first opaque background behind it; like axe, a
# translucent colour is blended over that background first.
CONTRAST_FUNCTION = """(element, pseudo) => {
  const rgb = value => value.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => {
    const channel = c => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  let node = element, background = null;
  while (node && !background) {
    const parts = rgb(getComputedStyle(node).backgroundColor);
    if (parts.length === 3 || parts[3] === 1) background = parts.slice(0, 3);
    node = node.parentElement;
  }
  background = background || [255, 255, 255];
  const [r, g, b, alpha = 1] = rgb(getComputedStyle(element, pseudo).color);  // over the background if translucent
  const colour = [r, g, b].map((c, i) => alpha * c + (1 - alpha) * background[i]);
  const [light, dark] = [luminance(colour), luminance(background)].sort((a, b) => b - a);
  const hex = c => '#' + c.map(v => Math.round(v).toString(16).padStart(2, '0')).join('');
  return {ratio: (light + 0.05) / (dark + 0.05), colour: hex(colour), background: hex(background)};
}"""


# --- axe-core on every page ------------------------------------------------------------------


@functools.cache
def _axe_script() -> str:
    import axe_playwright_python  # only for the axe.min.js it ships; the tests call axe.run themselves

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "rules": {rule: {"enabled": False} for rule in DISABLED_RULES},
}
# Nine tenths of an axe run is color-contrast on the thousands of token spans of
# the code blocks. Those spans have the same colors on every page (one
# stylesheet) and, by parity, the same code in every language: the palette test
# (tests/site/test_accessibility.py) measures every token class in both schemes,
# and a chapter and a lesson go through axe in full, in both schemes. On the other pages axe checks
# everything but the code blocks (whose scrolling is checked by UNREACHABLE_SCROLLABLES),
# every rule in the light scheme and, since a scheme changes only colors,
# color-contrast alone in the dark one.
CODE_BLOCKS = [["pre"], [".highlight"], [".highlight-ipynb"]]
COLORS_ONLY = {"resultTypes": ["violations"], "runOnly": ["color-contrast"]}


def _axe_runs(in_full: bool, scheme: str) -> list[tuple[object, dict]]:
    """(context, options) of each axe run of a page in a scheme."""
    if in_full:
        return [("document", AXE_OPTIONS)]
    everything_but_code = {"exclude": CODE_BLOCKS}
    return [(everything_but_code, AXE_OPTIONS if scheme == SCHEMES[0] else COLORS_ONLY)]


# Every element that scrolls but cannot be reached with the keyboard or has
# no name: axe's scrollable-region-focusable, for the code blocks too, and
# what a screen reader needs to say what was reached.
UNREACHABLE_SCROLLABLES = """() => [...document.querySelectorAll('.md-content *')].filter(element => {
  const style = getComputedStyle(element);
  if (!/auto|scroll/.test(style.overflowX + ' ' + style.overflowY)) return false;
  const scrolls = element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1;
  const reachable = element.tabIndex >= 0
    || element.querySelector('a[href], button, input, [tabindex]:not([tabindex="-1"])');
  return element.clientWidth > 0 && element.clientHeight > 0 && scrolls
    && !(reachable && element.getAttribute('aria-label'));
}).map(element => element.outerHTML.slice(0, 100))"""


def axe_problems(page, in_full: bool) -> list[str]:
    """Serious and critical axe violations of the loaded page, in both schemes,
    and scrolling parts that the keyboard cannot reach or that have no name."""
    page.add_style_tag(content=NO_TRANSITIONS)
    page.evaluate(_axe_script())
    problems = []
    for scheme in SCHEMES:
        set_scheme(page, scheme)
        violations = []
        for context, options in _axe_runs(in_full, scheme):
            results = page.evaluate(
                "([context, options]) => axe.run(context === 'document' ? document : context, options)",
                [context, options],
            )
            assert results["testEngine"]["version"].startswith("4."), results["testEngine"]
            violations += results["violations"]
        for violation in violations:
            if violation["impact"] not in FAILING_IMPACTS:
                continue
            for node in violation["nodes"]:
                summary = " ".join(node.get("failureSummary", "").split())
                problems.append(
                    f"[{scheme}] {violation['id']} ({violation['impact']}): {' '.join(map(str, node['target']))}\n"
                    f"      {node['html'][:160]}\n      {summary[:300]}"
                )
    problems += [
        f"scrolls but cannot be reached with Tab or has no name: {html}"
        for html in page.evaluate(UNREACHABLE_SCROLLABLES)
    ]
    return problems
