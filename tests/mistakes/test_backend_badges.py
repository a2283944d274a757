"""The badge under a page's title says on which backends its code was checked,
from the record (docs/backends.json): a backend whose check is not for the
page's code as it is now is not listed, and a record that names a page the
course does not have stops the build."""

import json

from commands import mkdocs_build
from fixture_course import append

from tooling.backend_record import page_fingerprint

ENTRY = {
    "about": "",
    "keras": "",
    "backends": {"jax": {"jax": "0.10.2", "jaxlib": "0.10.2"}},
    "pages": {},
    "lessons": {},
    "comparisons": {},
}


def test_a_badge_lists_a_backend_only_for_the_code_it_checked(fixture_course, tmp_path):
    from importlib import metadata

    append(
        fixture_course.root / "docs/es/chapter.md",
        '\n<!-- tensorflow-only: next "lee un archivo de eventos" -->\n```python\n>>> 2 + 2\n4\n```\n',
    )
    append(
        fixture_course.root / "docs/en/chapter.md",
        '\n<!-- tensorflow-only: next "reads an event file" -->\n```python\n>>> 2 + 2\n4\n```\n',
    )
    index = fixture_course.root / "docs/es/index.md"
    record = dict(
        ENTRY,
        keras=metadata.version("keras"),
        pages={
            "index.md": {"code": page_fingerprint(index), "checked": ["jax"]},  # what the page's code is
            "chapter.md": {"code": "0123456789abcdef", "checked": ["jax"]},  # code changed since it was checked
        },
    )
    (fixture_course.root / "docs/backends.json").write_text(json.dumps(record), encoding="utf-8")
    result = mkdocs_build(fixture_course.root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert "sobre TensorFlow " in home and " y JAX 0.10.2." in home, home
    chapter = (tmp_path / "site/en/chapter/index.html").read_text(encoding="utf-8")
    assert "Keras " in chapter and "JAX" not in chapter, chapter
    assert "One block on TensorFlow only, marked on the page." in chapter
    assert "TensorFlow only: reads an event file." in chapter  # the marker's reason, where the block is


def test_a_record_naming_an_unknown_page_stops_the_build(fixture_course, tmp_path):
    record = dict(ENTRY, pages={"gone.md": {"code": "0123456789abcdef", "checked": ["jax"]}})
    (fixture_course.root / "docs/backends.json").write_text(json.dumps(record), encoding="utf-8")
    result = mkdocs_build(fixture_course.root, tmp_path / "site")
    assert result.returncode != 0
    assert (
        "docs/backends.json:1: pages: 'gone.md' names no page with code of the course (docs/es/gone.md)"
        in result.stderr
    ), result.stderr
