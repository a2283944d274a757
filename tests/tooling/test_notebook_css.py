"""tooling/notebook_css.py on a small stylesheet: what the lesson pages can use stays, the rest goes."""

from tooling.notebook_css import classes_of, used_css

CSS = """
:root { --used: red; --chained: var(--used); --unused: blue; }
.jp-Cell { color: var(--chained); }
.jp-Dialog { color: var(--unused); }
.jp-Cell:not(.jp-mod-active) .jp-InputPrompt { opacity: 0.5 }
.jp-Cell.jp-mod-active { opacity: 1 }
pre { margin: 0 }
@media (max-width: 760px) { .jp-Cell { padding: 0 } .jp-Menu { padding: 1px } }
@media print { .jp-Menu { display: none } }
@keyframes spin { from { opacity: 0 } }
"""
PAGE = '<div class="jp-Cell jp-CodeCell"><div class="jp-InputPrompt">In [1]:</div><pre>x</pre></div>'


def test_rules_no_page_can_match_go_and_the_others_stay():
    css = used_css(CSS, classes_of([PAGE]))
    assert ".jp-Cell{color:var(--chained)}" in css
    assert ".jp-Cell:not(.jp-mod-active) .jp-InputPrompt{opacity:0.5}" in css  # a negated class is not needed
    assert "pre{margin:0}" in css and "@keyframes spin" in css
    assert (
        "jp-Dialog" not in css
        and "jp-Menu" not in css
        and "jp-mod-active {" not in css.replace("not(.jp-mod-active)", "")
    )
    assert "@media (max-width: 760px) {.jp-Cell{padding:0}}" in css
    assert "@media print" not in css  # nothing left in it


def test_custom_properties_stay_only_when_something_reads_them():
    css = used_css(CSS, classes_of([PAGE]))
    assert "--used:red" in css and "--chained:var(--used)" in css  # read through another property
    assert "--unused" not in css


def test_a_rule_naming_a_class_kept_always_stays():
    css = used_css(
        ".jupyter-wrapper .highlight-ipynb .kc { color: green } .jp-Dialog { color: red }",
        set(),
        frozenset({"highlight-ipynb"}),
    )
    assert ".highlight-ipynb .kc{color:green}" in css and "jp-Dialog" not in css
