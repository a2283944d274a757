/* Whatever scrolls inside a page can be reached and scrolled with the keyboard
   (WCAG 2.1.1; axe: scrollable-region-focusable): code blocks, notebook cells
   and outputs, wide tables. Whether a block scrolls depends on the window's
   width, so it is decided here, and again whenever the block changes size (a
   tab or a collapsed section opening, the window resizing). A block that
   scrolls gets tabindex="0", and role="group" with a name in the page's
   language (from mkdocs.yml's extra.scrollable, written into the page by
   overrides/main.html), so that a screen reader says what it reached. */
(function () {
  "use strict";
  var strings = JSON.parse(document.getElementById("course-strings").textContent);
  var content = document.querySelector(".md-content");
  if (!content || !window.ResizeObserver) return;

  function kind(element) {
    if (element.closest(".jp-OutputArea-output")) return "output";
    if (element.matches("pre, code, .highlight-ipynb") || element.closest("pre")) return "code";
    if (element.matches("table") || element.querySelector("table")) return "table";
    return "content";
  }

  function update(element) {
    var scrolls = element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1;
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

  var observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { update(entry.target); });
  });
  content.querySelectorAll("*").forEach(function (element) {
    var style = getComputedStyle(element);
    if (/auto|scroll/.test(style.overflowX + " " + style.overflowY) && !element.matches("a[href], button, input, select, textarea")) {
      update(element);
      observer.observe(element);
    }
  });
})();
