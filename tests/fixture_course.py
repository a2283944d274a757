"""A small course to break on purpose: the real course's configuration
(mkdocs.yml, hooks, theme overrides, interface strings, conftest.py) around
the short pages and the tiny lesson of tests/fixtures/course/."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tooling import ROOT
from tooling.languages import Course
from tooling.translation_status import all_statuses, mark_translated

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "course"


class _MkDocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as written: `!ENV [NAME]` stays unset."""


_MkDocsLoader.add_constructor("!ENV", lambda loader, node: None)


def make_fixture_course(target: Path) -> Course:
    shutil.copytree(FIXTURE, target, ignore=shutil.ignore_patterns("nav.yml", "README.md"))
    shutil.copytree(ROOT / "languages", target / "languages")
    shutil.copy(ROOT / "conftest.py", target / "conftest.py")
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkDocsLoader)
    config["nav"] = yaml.safe_load((FIXTURE / "nav.yml").read_text(encoding="utf-8"))
    config["hooks"] = [str(ROOT / hook) for hook in config["hooks"]]  # the course's own hooks
    config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    for unused in ("site_url", "watch"):
        config.pop(unused, None)
    write_config(target, config)
    return Course(target)


def write_config(target: Path, config: dict) -> None:
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def mark_all_translated(course: Course) -> None:
    """Record every translated page as up to date, as a translator would."""
    for status in all_statuses(course):
        mark_translated(status.translation, course)


def add_language(course: Course, locale: str, name: str, strings: dict, translate) -> Course:
    """Add a language the way a contributor does: its line in mkdocs.yml, its
    strings file, its pages and lessons (translate(text) -> text) and its glossary terms."""
    config = yaml.load((course.root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkDocsLoader)
    i18n = next(plugin["i18n"] for plugin in config["plugins"] if isinstance(plugin, dict) and "i18n" in plugin)
    i18n["languages"].append({"locale": locale, "name": name})
    write_config(course.root, config)
    (course.root / "languages" / f"{locale}.yml").write_text(
        yaml.safe_dump(strings, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    english = course.translations[0]
    for tree in ("docs", "examples"):
        for path in (course.root / tree / english).rglob("*"):
            if path.is_file():
                copy = course.root / tree / locale / path.relative_to(course.root / tree / english)
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_text(translate(path.read_text(encoding="utf-8")), encoding="utf-8")
    glossary = yaml.safe_load((course.root / "docs" / "glossary.yml").read_text(encoding="utf-8"))
    for entry in glossary:
        for field in ("term", "definition"):
            entry[field][locale] = translate(entry[field][english])
    (course.root / "docs" / "glossary.yml").write_text(
        yaml.safe_dump(glossary, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    course = Course(course.root)
    mark_all_translated(course)
    return course


def run_snippets(course: Course, page: Path, env: dict[str, str] | None = None) -> list[tuple[int, str]]:
    """Run a source page's snippets in this process, as pytest would: (line, failure) of each failing one."""
    from sybil.example import SybilFailure

    from tooling.snippets import snippets_of

    sybil = snippets_of(course)
    document = sybil.parse(page)
    sybil.setup(document.namespace)
    failures = []
    for example in document:
        try:
            example.evaluate()
        except SybilFailure as failure:
            failures.append((example.line, failure.result))
    return failures


def append(path: Path, text: str) -> int:
    """Append text to a file; return the 1-based line where it starts."""
    content = path.read_text(encoding="utf-8")
    if not content.endswith("\n"):
        content += "\n"
    path.write_text(content + text, encoding="utf-8")
    return content.count("\n") + 1
