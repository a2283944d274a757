"""A private copy of the course (tooling/course_copy.py): cold, but complete."""

from tooling import course_copy


def test_the_copy_leaves_the_environment_and_generated_files_behind_but_keeps_every_source(tmp_path, monkeypatch):
    course = tmp_path / "course"
    for path in (
        ".venv/bin/python",
        ".git/HEAD",
        "site/index.html",
        ".cache/course/x.json",
        "docs/es/index.md",
        "tests/site/test_browser.py",
        "tests/__pycache__/x.pyc",
        "docs/es/site/page.md",
    ):
        (course / path).parent.mkdir(parents=True, exist_ok=True)
        (course / path).write_text("x", encoding="utf-8")
    monkeypatch.setattr(course_copy, "ROOT", course)

    copy = course_copy.copy_course(tmp_path / "copy")

    copied = sorted(path.relative_to(copy).as_posix() for path in copy.rglob("*") if path.is_file())
    assert copied == ["docs/es/index.md", "docs/es/site/page.md", "tests/site/test_browser.py"]
