"""Awkward git states: each gives an honest answer, never a traceback or an invented date."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from hostile_helpers import assert_input_error, cli, controls_with_evidence

from compliance.emit.scaffold import FILES

CONTROLS = "controls/documentation.yaml"


def check_json(root: Path) -> dict:
    result = cli(root, "check", "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def evidence(report: dict) -> dict[str, dict]:
    return {e["path"]: e for e in report["evidence"]}


def test_a_shallow_clone_says_what_history_it_cannot_see(git_repo, tmp_path: Path) -> None:
    origin = git_repo("origin")
    for rel, text in FILES.items():
        origin.write(rel, text)
    origin.write("evidence/policy.txt", "acceptable use policy\n")
    origin.write(CONTROLS, controls_with_evidence("evidence/model-card.md", "evidence/policy.txt"))
    origin.commit("workspace", date="2025-06-01T09:00:00+00:00")
    origin.write("README.md", "later work\n")
    origin.commit("unrelated later commit", date="2026-02-01T09:00:00+00:00")
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{origin.root}", str(clone)],
        check=True,
        capture_output=True,
    )
    report = check_json(clone)
    assert report["commit"]["shallow"] is True
    assert any("shallow clone" in n for n in report["notices"])
    policy = evidence(report)["evidence/policy.txt"]
    # Its real last change (2025-06-01) is hidden: the clone's date must not stand in for it.
    assert policy["history_truncated"] is True and policy["evidence_date"] is None
    # A date the file declares itself is still known.
    assert evidence(report)["evidence/model-card.md"]["evidence_date"] == "2026-01-01"


def test_a_detached_head_is_assessed_at_that_commit(starter) -> None:
    first = starter.git("rev-parse", "HEAD")
    starter.write("README.md", "later\n")
    starter.commit("later", date="2026-03-01T09:00:00+00:00")
    starter.git("checkout", "-q", "--detach", first)
    report = check_json(starter.root)
    assert report["commit"]["sha"] == first and report["commit"]["branch"] is None
    assert report["assessment_date"] == "2026-02-01"


def test_a_repository_with_no_commits_yet_counts_all_evidence_as_uncommitted(git_repo) -> None:
    repo = git_repo()
    for rel, text in FILES.items():
        repo.write(rel, text)
    report = check_json(repo.root)
    assert report["commit"]["sha"] is None
    assert any("no commits yet" in n for n in report["notices"])
    assert all(e["state"] == "untracked" for e in report["evidence"])
    assert not any(r["status"] == "covered" for r in report["frameworks"][0]["requirements"])


def test_a_directory_outside_any_git_repository_is_refused_plainly(tmp_path: Path) -> None:
    for rel, text in FILES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    result = cli(tmp_path, "check")
    stderr = assert_input_error(result.exit_code, result.stdout, result.stderr, str(tmp_path))
    assert "not inside a git repository" in stderr


def test_a_dirty_tree_marks_changed_and_new_evidence_as_uncommitted(starter) -> None:
    starter.write("evidence/model-card.md", FILES["evidence/model-card.md"] + "edited\n")
    starter.write("evidence/new.md", "not yet committed\n")
    starter.write(CONTROLS, controls_with_evidence("evidence/model-card.md", "evidence/new.md"))
    report = check_json(starter.root)
    states = {p: e["state"] for p, e in evidence(report).items()}
    assert states == {"evidence/model-card.md": "modified", "evidence/new.md": "untracked"}
    requirement = next(r for r in report["frameworks"][0]["requirements"] if r["id"] == "XI.1.1(a)")
    assert requirement["status"] == "partial"


def _with_submodule(starter, git_repo) -> None:
    sub = git_repo("evidence-locker")
    sub.write("red-team.md", "# Red team report\n")
    sub.commit("report", date="2026-01-20T09:00:00+00:00")
    starter.git(
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        str(sub.root),
        "evidence/locker",
    )
    starter.write(CONTROLS, controls_with_evidence("evidence/locker/red-team.md"))
    starter.commit("locker as a submodule", date="2026-02-02T09:00:00+00:00")


def test_evidence_inside_a_submodule_is_never_counted_as_committed_here(starter, git_repo) -> None:
    _with_submodule(starter, git_repo)
    record = evidence(check_json(starter.root))["evidence/locker/red-team.md"]
    assert record["state"] != "committed"


def test_evidence_inside_a_submodule_is_said_to_be_in_a_submodule(starter, git_repo) -> None:
    _with_submodule(starter, git_repo)
    record = evidence(check_json(starter.root))["evidence/locker/red-team.md"]
    assert "submodule" in record["detail"]
