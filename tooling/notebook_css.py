"""The lesson pages' stylesheet, cut to what they use.

nbconvert's JupyterLab stylesheet is about 600 KB (89 KB compressed) and the
lesson pages use a few percent of it: styles of widgets, menus and dialogs a
static page never shows, and hundreds of custom properties no rule reads.
`used_css` keeps a rule when one of its selectors names only classes that the
pages use (rules without classes are kept), keeps every at-rule but @media,
whose rules are cut the same way, and then keeps only the custom properties
(--jp-...) that a kept declaration reads, directly or through another
property. The pages look the same: the browser tests check their colors and
contrast in both schemes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import tinycss2
from tinycss2.ast import AtRule, Declaration, QualifiedRule

CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
CLASS_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
NEGATION = re.compile(r":not\([^()]*\)")  # .jp-Cell:not(.jp-mod-active) needs no jp-mod-active
CUSTOM_PROPERTY = re.compile(r"(--[\w-]+)\s*:([^;}]*)")
VARIABLE = re.compile(r"var\(\s*(--[\w-]+)")


def classes_of(pages: Iterable[str]) -> set[str]:
    """Every class named in the class attributes of the pages' HTML."""
    return {name for page in pages for match in CLASS_ATTRIBUTE.finditer(page) for name in match.group(1).split()}


def used_css(css: str, classes: set[str], always: frozenset[str] = frozenset()) -> str:
    """The stylesheet without the rules no page can match and the custom properties nothing reads;
    a rule whose selector names one of the classes `always` stays whatever the pages use."""
    matching = _rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), classes, None, always)
    read = _read_properties("".join(matching))
    return "".join(
        _rules(
            tinycss2.parse_stylesheet("".join(matching), skip_comments=True, skip_whitespace=True),
            classes,
            read,
            always,
        )
    )


def _matches(prelude, classes: set[str], always: frozenset[str]) -> bool:
    return any(
        bool(always.intersection(CLASS_SELECTOR.findall(selector)))
        or all(name in classes for name in CLASS_SELECTOR.findall(NEGATION.sub("", selector)))
        for selector in tinycss2.serialize(prelude).split(",")
    )


def _rules(rules, classes: set[str], read: set[str] | None, always: frozenset[str] = frozenset()) -> list[str]:
    kept = []
    for rule in rules:
        if isinstance(rule, QualifiedRule):
            if not _matches(rule.prelude, classes, always):
                continue
            if read is None:
                kept.append(tinycss2.serialize([rule]))
                continue
            declarations = [
                item
                for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
                if isinstance(item, Declaration) and (not item.name.startswith("--") or item.name in read)
            ]
            if declarations:
                body = ";".join(
                    f"{item.name}:{tinycss2.serialize(item.value).strip()}{' !important' if item.important else ''}"
                    for item in declarations
                )
                kept.append(f"{tinycss2.serialize(rule.prelude).strip()}{{{body}}}")
        elif isinstance(rule, AtRule):
            if rule.lower_at_keyword == "media" and rule.content is not None:
                inner = _rules(
                    tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True),
                    classes,
                    read,
                    always,
                )
                if inner:
                    kept.append(f"@media{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
            else:
                kept.append(tinycss2.serialize([rule]))
    return kept


def _read_properties(css: str) -> set[str]:
    """The custom properties that a declaration other than a custom property's reads, and those they read."""
    definitions: dict[str, list[str]] = {}
    for name, value in CUSTOM_PROPERTY.findall(css):
        definitions.setdefault(name, []).append(value)
    read = set(VARIABLE.findall(CUSTOM_PROPERTY.sub("", css)))
    pending = list(read)
    while pending:
        for value in definitions.get(pending.pop(), []):
            for name in VARIABLE.findall(value):
                if name not in read:
                    read.add(name)
                    pending.append(name)
    return read
