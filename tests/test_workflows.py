"""The CI workflows are safe to run on pull requests: zizmor (the static
analyser for GitHub Actions, pinned in requirements.txt) finds nothing in them,
run offline with its strictest persona, and every action they use is pinned to
a full commit hash, which, unlike a tag, cannot be moved to other code.

tests/fixtures/workflows/unsafe.yml proves that both checks catch the usual
mistakes and name the file and line."""

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from tooling import ROOT

ZIZMOR = Path(sys.executable).with_name("zizmor")
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
UNSAFE = Path(__file__).parent / "fixtures" / "workflows" / "unsafe.yml"
PINNED = re.compile(r"[^@\s]+@[0-9a-f]{40}")


def _shown(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def zizmor_findings(workflows: list[Path]) -> list[str]:
    """'file:line: audit: what' for each of zizmor's findings, offline, with
    its strictest persona (auditor: a workflow-wide write permission is only
    reported from the pedantic persona on)."""
    result = subprocess.run(
        [
            # --strict-collection: a workflow that breaks GitHub's schema fails
            # instead of being skipped with a warning.
            str(ZIZMOR),
            "--offline",
            "--persona=auditor",
            "--strict-collection",
            "--format=json",
            "--no-exit-codes",
            *map(str, workflows),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise AssertionError(f"zizmor failed (exit status {result.returncode}):\n{result.stderr}")
    findings = []
    for finding in json.loads(result.stdout):
        for location in finding["locations"]:
            if location["symbolic"]["kind"] == "Primary":
                line = location["concrete"]["location"]["start_point"]["row"] + 1
                path = Path(location["symbolic"]["key"]["Local"]["verbatim_path"])
                findings.append(
                    f"{_shown(path.resolve())}:{line}: {finding['ident']}: {finding['desc']}: "
                    f"{location['symbolic']['annotation']} (see {finding['url']})"
                )
    return sorted(findings)


def unpinned_actions(workflow: Path) -> list[str]:
    """'file:line: ...' for each `uses:` of a job or step that is not a local
    action nor pinned to a full commit hash."""
    problems = []
    nodes = [yaml.compose(workflow.read_text(encoding="utf-8"))]
    while nodes:
        node = nodes.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == "uses" and isinstance(value, yaml.ScalarNode):
                    if not value.value.startswith("./") and not PINNED.fullmatch(value.value):
                        problems.append(
                            f"{_shown(workflow)}:{value.start_mark.line + 1}: {value.value} is not pinned to a full "
                            f"commit hash: write `owner/action@<40-hex commit>  # vX.Y.Z`"
                        )
                nodes.append(value)
        elif isinstance(node, yaml.SequenceNode):
            nodes.extend(node.value)
    return sorted(problems)


def test_zizmor_finds_nothing_in_the_workflows():
    assert WORKFLOWS, "no workflow in .github/workflows"
    findings = zizmor_findings(WORKFLOWS)
    assert not findings, "\n" + "\n".join(findings)


def test_every_action_is_pinned_to_a_commit_hash():
    problems = [problem for workflow in WORKFLOWS for problem in unpinned_actions(workflow)]
    assert not problems, "\n" + "\n".join(problems)


def test_the_checks_catch_an_unpinned_action_and_a_workflow_wide_write_permission():
    findings = zizmor_findings([UNSAFE])
    shown = _shown(UNSAFE)
    assert any(finding.startswith(f"{shown}:10: excessive-permissions:") for finding in findings), findings
    assert any(finding.startswith(f"{shown}:17: unpinned-uses:") for finding in findings), findings
    assert unpinned_actions(UNSAFE) == [
        f"{shown}:17: actions/checkout@v4 is not pinned to a full commit hash: "
        "write `owner/action@<40-hex commit>  # vX.Y.Z`"
    ]
