"""Which translated pages translate an older version of their source page.

Each translated page (docs/en/..., any language but the source) records, in
its front matter, the fingerprint of the source prose it translates:

    ---
    translation_of: 3f2a9c1b7d4e
    ---

The fingerprint covers the source page without its code (parity tests already
keep the code identical), so a changed sentence makes the translation stale and
a changed snippet does not. A stale page still builds: the site shows readers a
notice linking to the original (hooks/course_pages.py), and this module lists
the stale pages for translators.

    python -m tooling.translation_status            # the report
    python -m tooling.translation_status --mark docs/en/layers.md   # after translating it
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from tooling.languages import COURSE, Course
from tooling.markdown_source import read_markdown

KEY = "translation_of"
FRONT_MATTER = re.compile(r"\A---\n(?P<body>.*?)\n---\n", re.DOTALL)


def prose_fingerprint(text: str) -> str:
    """A short hash of a page's prose: code fences and front matter left out, spacing normalised."""
    text = FRONT_MATTER.sub("", text)
    in_fences = read_markdown(Path("page.md"), text).code_lines
    prose = [
        " ".join(line.split()) for number, line in enumerate(text.splitlines(), start=1) if number not in in_fences
    ]
    return hashlib.sha256("\n".join(prose).strip().encode()).hexdigest()[:12]


def recorded_fingerprint(translation_text: str) -> str | None:
    match = FRONT_MATTER.match(translation_text)
    if not match:
        return None
    found = re.search(rf"^{KEY}:\s*(\S+)\s*$", match["body"], re.MULTILINE)
    return found.group(1) if found else None


@dataclass(frozen=True)
class Status:
    source: Path
    translation: Path
    recorded: str | None  # None: never marked as translated
    current: str

    @property
    def stale(self) -> bool:
        return self.recorded != self.current


def status_of(translation: Path, course: Course = COURSE) -> Status | None:
    """The status of docs/<language>/<page>.md, or None when it is no translation
    of an existing source page."""
    language, relative = _language_and_page(translation, course)
    if language not in course.translations:
        return None
    source = course.docs(course.source) / relative
    if not source.exists():
        return None
    return Status(
        source,
        translation,
        recorded_fingerprint(translation.read_text(encoding="utf-8")),
        prose_fingerprint(source.read_text(encoding="utf-8")),
    )


def _language_and_page(path: Path, course: Course) -> tuple[str | None, Path]:
    """("en", Path("layers.md")) for docs/en/layers.md."""
    try:
        relative = path.resolve().relative_to((course.root / "docs").resolve())
    except ValueError:
        return None, path
    return relative.parts[0], Path(*relative.parts[1:])


def all_statuses(course: Course = COURSE) -> list[Status]:
    translations = sorted(path for language in course.translations for path in course.docs(language).rglob("*.md"))
    return [status for status in (status_of(path, course) for path in translations) if status]


def mark_translated(translation: Path, course: Course = COURSE) -> None:
    """Record the source page's current fingerprint in the translation's front matter."""
    status = status_of(translation, course)
    if status is None:
        raise SystemExit(f"{translation}: not a translated page with a source page at the same path")
    text = translation.read_text(encoding="utf-8")
    line = f"{KEY}: {status.current}"
    match = FRONT_MATTER.match(text)
    if not match:
        text = f"---\n{line}\n---\n\n{text}"
    elif re.search(rf"^{KEY}:", match["body"], re.MULTILINE):
        body = re.sub(rf"^{KEY}:.*$", line, match["body"], flags=re.MULTILINE)
        text = f"---\n{body}\n---\n" + text[match.end() :]
    else:
        text = f"---\n{match['body']}\n{line}\n---\n" + text[match.end() :]
    translation.write_text(text, encoding="utf-8")


def report(statuses: list[Status], course: Course = COURSE) -> str:
    stale = [status for status in statuses if status.stale]
    if not stale:
        return f"All {len(statuses)} translated pages translate the current text of their source."
    lines = [f"{len(stale)} of {len(statuses)} translated pages may be out of date:"]
    for status in stale:
        why = (
            "never marked as translated"
            if status.recorded is None
            else f"translates {status.recorded}, the source prose is now {status.current}"
        )
        translation = course.relative(status.translation)
        lines.append(
            f"  {translation}: {why} (compare with {course.relative(status.source)}, then run "
            f"`python -m tooling.translation_status --mark {translation}`)"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--mark", nargs="+", type=Path, metavar="PAGE", help="record PAGE as translated from today's source"
    )
    parser.add_argument("--check", action="store_true", help="exit with status 1 when a page is stale")
    arguments = parser.parse_args(argv)
    # The course of the current folder (a fixture course too), else the one this tooling belongs to.
    course = Course(Path.cwd()) if (Path.cwd() / "mkdocs.yml").exists() else COURSE
    for page in arguments.mark or []:
        mark_translated(page.resolve(), course)
    statuses = all_statuses(course)
    print(report(statuses, course))
    return 1 if arguments.check and any(status.stale for status in statuses) else 0


if __name__ == "__main__":
    sys.exit(main())
