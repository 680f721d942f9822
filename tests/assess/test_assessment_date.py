"""Before the first commit: 'no commits yet', and a date said as such (issue 11, item 13)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from compliance.cli.main import main
from compliance.emit.scaffold import FILES
from tests.conftest import GitRepo


def fresh(tmp_path: Path, project: str = FILES["compliance.yaml"]) -> Path:
    repo = GitRepo(tmp_path / "fresh")
    for rel, text in FILES.items():
        repo.write(rel, text)
    repo.write("compliance.yaml", project)
    return repo.root


def check(root: Path, *args: str) -> str:
    return CliRunner().invoke(main, ["check", "--project", str(root), "--no-cache", *args]).stdout


def test_check_before_the_first_commit_says_no_commits_yet_and_uses_today(
    tmp_path: Path,
) -> None:
    out = check(fresh(tmp_path))
    today = date.today().isoformat()
    assert "no commits yet; assessed as of " + today in out
    assert "today's date" in out and "from the clock" in out
    assert "1970-01-01" not in out
    data = json.loads(check(fresh(tmp_path / "j"), "--format", "json"))
    assert data["assessment_date"] == today
    assert data["assessment_date_basis"].startswith("no commits yet: today's date")


def test_check_before_the_first_commit_uses_the_release_date_when_set(tmp_path: Path) -> None:
    project = FILES["compliance.yaml"].replace(
        "  git_ref: HEAD\n", "  git_ref: HEAD\n  date: 2026-05-01\n"
    )
    assert "  date: 2026-05-01\n" in project
    out = check(fresh(tmp_path, project))
    assert "no commits yet; assessed as of 2026-05-01 (release date set in compliance.yaml)" in out
    assert "1970-01-01" not in out
