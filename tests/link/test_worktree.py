"""Which inputs differ between the working tree and HEAD (compliance/link/worktree.py)."""

from __future__ import annotations

from pathlib import Path

from compliance.emit.scaffold import FILES
from compliance.pipeline import run
from tests.conftest import GitRepo


def committed(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "ws")
    for rel, text in FILES.items():
        repo.write(rel, text)
    repo.write(".gitignore", "build/\ncontrols/local.yaml\n")
    repo.commit("workspace")
    return repo


def test_modified_added_deleted_and_ignored_inputs_are_all_listed(tmp_path: Path) -> None:
    repo = committed(tmp_path)
    repo.write("compliance.yaml", FILES["compliance.yaml"] + "\n")
    local = FILES["controls/documentation.yaml"].replace("CTL-DOC-01", "CTL-DOC-02")
    repo.write("controls/local.yaml", local)  # ignored by .gitignore, read all the same
    extra = FILES["risks/register.yaml"].replace("RISK-001", "RISK-002")
    repo.write("risks/extra.yaml", extra)  # untracked
    (repo.root / "evidence/model-card.md").unlink()  # linked evidence, deleted
    repo.write("src/app.py", "x = 1\n")  # not an input
    result = run(repo.root)
    assert result.draft
    assert result.modified_inputs == (
        "compliance.yaml",
        "controls/local.yaml",
        "evidence/model-card.md",
        "risks/extra.yaml",
    )


def test_a_staged_but_uncommitted_change_still_differs(tmp_path: Path) -> None:
    repo = committed(tmp_path)
    repo.write("controls/documentation.yaml", FILES["controls/documentation.yaml"] + "\n")
    repo.git("add", "-A")
    assert run(repo.root).modified_inputs == ("controls/documentation.yaml",)
    assert run(repo.root, "HEAD").modified_inputs == ("controls/documentation.yaml",)
