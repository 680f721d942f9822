"""What is assessed is exactly what the outputs name (issue 11, item 1).

The issue's scenario, step by step, in a real git repository: a committed workspace whose
gate says NO-GO, then an uncommitted edit of compliance.yaml that would make it GO.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from compliance.cli.main import main
from compliance.emit.scaffold import FILES
from compliance.pipeline import run
from tests.conftest import GitRepo

POLICY = """\
gate:
  rules:
    - id: documentation
      kind: coverage
      framework: eu-ai-act-annex-xi
      min_percent: 90
"""


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """Committed: NO-GO. Uncommitted: compliance.yaml lowers the bar to 0%."""
    repo = GitRepo(tmp_path_factory.mktemp("drafts") / "ws")
    for rel, text in FILES.items():
        repo.write(rel, text)
    repo.write(".gitignore", "build/\n")
    repo.write("compliance.yaml", FILES["compliance.yaml"] + POLICY)
    repo.commit("release candidate", date="2026-02-01T09:00:00+00:00")
    repo.write("compliance.yaml", FILES["compliance.yaml"] + POLICY.replace("90", "0"))
    return repo


def test_gate_assesses_the_committed_tree_and_says_what_it_left_out(scenario: GitRepo) -> None:
    code, out, err = cli("gate", "--project", str(scenario.root))
    assert code == 1
    assert "DECISION: NO-GO" in out and "DRAFT" not in out
    assert "1 input with uncommitted changes was not assessed (compliance.yaml)" in err
    code, out, _err = cli("gate", "--project", str(scenario.root), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["verdict"] == "NO-GO"
    assert "draft" not in data and data["commit"] == scenario.git("rev-parse", "HEAD")


def test_gate_worktree_is_a_draft_that_lists_the_modified_policy(scenario: GitRepo) -> None:
    code, out, err = cli("gate", "--project", str(scenario.root), "--worktree")
    assert code == 0
    assert out.startswith("DRAFT: the working tree was assessed with 1 uncommitted input")
    assert "(compliance.yaml)" in out.splitlines()[0] + out.splitlines()[1]
    assert "DECISION: GO (DRAFT)" in out
    assert "+ uncommitted changes" in out
    assert "DRAFT" in err
    code, out, _err = cli("gate", "--project", str(scenario.root), "--worktree", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["verdict"] == "GO"
    assert data["draft"] is True and data["modified_inputs"] == ["compliance.yaml"]
    sarif = cli("gate", "--project", str(scenario.root), "--worktree", "--format", "sarif")[1]
    assert "NO-GO" not in sarif  # nothing fails in the draft; nothing claims a release


def test_check_reads_the_working_tree_and_says_which_inputs_differ(scenario: GitRepo) -> None:
    _code, out, _err = cli("check", "--project", str(scenario.root), "--no-cache")
    head = scenario.git("rev-parse", "--short=12", "HEAD")
    assert f"1 input differs from commit {head}" in out and "compliance.yaml" in out
    assert "gate: GO" in out
    data = json.loads(
        cli("check", "--project", str(scenario.root), "--no-cache", "--format", "json")[1]
    )
    assert data["worktree_differs_from_commit"] == ["compliance.yaml"]


def test_a_run_of_head_is_not_a_draft_and_names_what_it_did_not_see(scenario: GitRepo) -> None:
    committed = run(scenario.root, "HEAD")
    assert not committed.draft and not committed.worktree
    assert committed.modified_inputs == ("compliance.yaml",)
    assert committed.decision.verdict.value == "NO-GO"
    draft = run(scenario.root)
    assert draft.draft and draft.modified_inputs == ("compliance.yaml",)
    assert draft.decision.verdict.value == "GO"


@pytest.fixture(scope="module")
def draft_build(scenario: GitRepo) -> Path:
    out = scenario.root / "build"
    code, _out, err = cli("build", "--project", str(scenario.root), "--worktree")
    assert code == 0, err
    assert "DRAFT" in err
    return out


def test_the_draft_go_no_go_pdf_says_draft_on_its_cover_and_every_page(draft_build: Path) -> None:
    reader = PdfReader(draft_build / "go-no-go.pdf")
    pages = [p.extract_text() for p in reader.pages]
    assert "DRAFT: not a release document" in pages[0]
    assert "compliance.yaml" in pages[0]
    assert "uncommitted changes (DRAFT)" in pages[0]
    for text in pages:  # the running header and footer
        assert "DRAFT: uncommitted inputs" in text
        assert "-DRAFT" in text
    manifest = json.loads(reader.attachments["manifest.json"][0])
    assert manifest["workspace"]["draft"] is True
    assert manifest["workspace"]["modified_inputs"] == ["compliance.yaml"]


def test_the_draft_risk_assessment_says_draft_on_its_cover(draft_build: Path) -> None:
    pages = [p.extract_text() for p in PdfReader(draft_build / "risk-assessment.pdf").pages]
    assert "DRAFT: not a release document" in pages[0]
    assert all("DRAFT: uncommitted inputs" in t for t in pages)


def test_the_draft_packet_says_draft_and_verify_reports_it(
    scenario: GitRepo, draft_build: Path
) -> None:
    name = "example-model-0.1.0-packet"
    manifest = json.loads((draft_build / name / "manifest.json").read_text())
    assert manifest["workspace"]["draft"] is True
    assert manifest["workspace"]["modified_inputs"] == ["compliance.yaml"]
    assert "(DRAFT)" in (draft_build / name / "index.html").read_text()
    code, _out, err = cli("verify", str(draft_build / f"{name}.zip"))
    assert "DRAFT packet" in err and "compliance.yaml" in err
    assert code == 0  # intact, and a draft: both are said
    # Against the repository, the draft's policy is not the commit's: said, file by file.
    code, out, err = cli("verify", str(draft_build / f"{name}.zip"), "--repo", str(scenario.root))
    assert "DRAFT packet" in err
    assert code == 1 and "differs-from-git: repo/compliance.yaml" in out


def test_a_committed_build_is_exactly_the_commit(scenario: GitRepo, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _out, err = cli(
        "build", "go-no-go", "packet", "--project", str(scenario.root), "--out", str(out)
    )
    assert code == 0, err
    text = "\n".join(p.extract_text() for p in PdfReader(out / "go-no-go.pdf").pages)
    assert "NO-GO" in text and "DRAFT" not in text
    manifest = json.loads((out / "example-model-0.1.0-packet" / "manifest.json").read_text())
    assert manifest["workspace"]["draft"] is False
    assert manifest["gate"]["verdict"] == "NO-GO"
    code, _out, err = cli("verify", str(out / "example-model-0.1.0-packet.zip"))
    assert code == 0 and "DRAFT" not in err


def test_oscal_of_a_draft_says_so_in_its_metadata(scenario: GitRepo, tmp_path: Path) -> None:
    out = tmp_path / "oscal"
    code, _out, err = cli(
        "export", "oscal", "--project", str(scenario.root), "--out", str(out), "--worktree"
    )
    assert code == 0, err
    doc = json.loads((out / "assessment-results.json").read_text())
    meta = doc["assessment-results"]["metadata"]
    assert meta["remarks"].startswith("DRAFT: ") and "compliance.yaml" in meta["remarks"]
    committed = tmp_path / "committed"
    assert cli("export", "oscal", "--project", str(scenario.root), "--out", str(committed))[0] == 0
    assert (
        "remarks"
        not in json.loads((committed / "assessment-results.json").read_text())[
            "assessment-results"
        ]["metadata"]
    )


def test_worktree_with_nothing_modified_is_not_a_draft(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "clean")
    for rel, text in FILES.items():
        repo.write(rel, text)
    repo.write("compliance.yaml", FILES["compliance.yaml"] + POLICY)
    repo.commit("clean")
    result = run(repo.root)
    assert not result.draft and result.modified_inputs == ()


def test_release_commands_before_the_first_commit_give_a_draft(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "fresh")
    for rel, text in FILES.items():
        repo.write(rel, text)
    repo.write("compliance.yaml", FILES["compliance.yaml"] + POLICY)
    for args in ((), ("--worktree",)):
        code, out, err = cli("gate", "--project", str(repo.root), *args)
        assert code == 1
        assert out.startswith("DRAFT: nothing is committed yet; the working tree was assessed")
        assert "compliance.yaml" in out.split("\n\n")[0]
        assert "DRAFT" in err


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))
