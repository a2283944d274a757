/* Keyboard and screen-reader details that depend on the page as the browser
   lays it out (checked by tests/test_accessibility.py). */
(function () {
  "use strict";
  // Names in the page's language: mkdocs.yml's extra.scrollable, written into
  // the page by overrides/main.html.
  var strings = JSON.parse(document.getElementById("course-strings").textContent);

  /* Whatever scrolls can be reached and scrolled with the keyboard (WCAG
     2.1.1; axe: scrollable-region-focusable): code blocks, notebook cells and
     outputs, wide tables, search results. Whether a block scrolls depends on
     the window's width, so it is decided here, and again whenever the block
     changes size (a tab or a collapsed section opening, the window resizing).
     A block that scrolls gets tabindex="0", and role="group" with a name, so
     that a screen reader says what was reached. */
  function kind(element) {
    if (element.closest(".md-search")) return "results";
    if (element.closest(".jp-OutputArea-output")) return "output";
    if (element.matches("pre, code, .highlight-ipynb") || element.closest("pre")) return "code";
    if (element.matches("table") || element.querySelector("table")) return "table";
    return "content";
  }

  function update(element) {
    var shown = element.clientWidth > 0 && element.clientHeight > 0;  // a closed search has height 0
    var scrolls = shown && (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1);
    if (scrolls && !element.hasAttribute("data-course-scrollable")) {
      element.setAttribute("data-course-scrollable", "");
      element.setAttribute("tabindex", "0");
      element.setAttribute("role", "group");
      element.setAttribute("aria-label", strings[kind(element)]);
    } else if (!scrolls && element.hasAttribute("data-course-scrollable")) {
      element.removeAttribute("data-course-scrollable");
      element.removeAttribute("tabindex");
      element.removeAttribute("role");
      element.removeAttribute("aria-label");
    }
  }

  function scrollablesReachable() {
    if (!window.ResizeObserver) return;
    var observer = new ResizeObserver(function (entries) {
      entries.forEach(function (entry) { update(entry.target); });
    });
    document.querySelectorAll(".md-content, .md-search__output").forEach(function (region) {
      region.querySelectorAll("*").forEach(function (element) {
        var style = getComputedStyle(element);
        if (/auto|scroll/.test(style.overflowX + " " + style.overflowY) && !element.matches("a[href], button, input, select, textarea")) {
          update(element);
          observer.observe(element);
        }
      });
    });
  }

  /* Icon links and buttons (copy, edit, download, Colab) are named by their
     title alone, and Material's tooltips remove the title while they show,
     that is, exactly when the button has the focus: the name then comes
     from aria-label, which stays. */
  function iconButtonsNamed() {
    document.querySelectorAll("a[title], button[title]").forEach(function (element) {
      if (!element.hasAttribute("aria-label") && !element.hasAttribute("aria-labelledby") && !element.textContent.trim()) {
        element.setAttribute("aria-label", element.getAttribute("title"));
      }
    });
  }

  function run() {
    iconButtonsNamed();
    scrollablesReachable();
  }

  // After Material has set up the page (copy buttons are added by its script).
  if (window.document$) {
    window.document$.subscribe(run);
  } else {
    document.addEventListener("DOMContentLoaded", run);
  }
})();
