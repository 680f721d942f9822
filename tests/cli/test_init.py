"""The first hour: `init` explains itself and gates at once; `--example`; `docs`; the wheel."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from compliance.cli.main import main
from compliance.core.exit_codes import ExitCode
from compliance.emit.scaffold import FILES, STARTER
from compliance.load.yaml_files import load_model
from compliance.models.gate import ApprovalRecord

REPO_ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def test_init_then_gate_in_a_fresh_git_repository_gives_the_starter_policy_verdict(git_repo):
    repo = git_repo()
    assert cli("init", str(repo.root)).exit_code == 0
    # before the first commit the gate judges, by the starter policy, not exit 2
    early = cli("gate", "--project", str(repo.root))
    assert early.exit_code in (ExitCode.OK, ExitCode.FINDINGS, ExitCode.CONDITIONAL)
    assert "docs/gate.md" not in early.output
    repo.commit("compliance workspace", "2026-02-01T09:00:00+00:00")
    gate = cli("gate", "--project", str(repo.root), "--format", "json")
    assert gate.exit_code == ExitCode.CONDITIONAL, gate.output
    rules = {r["rule"]: r["passed"] for r in json.loads(gate.stdout)["rules"]}
    assert rules == {
        "documentation-coverage": False,  # the starter covers 1 of 11 requirements
        "evidence-fresh": True,
        "refusal-rate": True,  # evidence/evaluations/refusal-rates.csv: 0.93 on 600
        "residual-risk-appetite": True,
        "release-sign-off": False,  # only an example approval, which is not read
    }
    check = cli("check", "--project", str(repo.root))
    assert check.exit_code == ExitCode.FINDINGS
    assert "gate: CONDITIONAL GO" in check.stdout


def test_the_starter_files_are_commented_and_hold_the_same_data_as_the_bare_starter():
    for rel in ("compliance.yaml", "controls/documentation.yaml", "risks/register.yaml"):
        text = STARTER[rel]
        keys = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
        explained = [ln for ln in text.splitlines() if "#" in ln]
        assert len(explained) >= len(keys) // 2, rel
        data = yaml.safe_load(text)
        if rel == "compliance.yaml":
            assert data.pop("gate")["rules"]
        assert data == yaml.safe_load(FILES[rel]), rel


def test_the_approval_example_is_a_valid_record_that_the_gate_does_not_read():
    text = STARTER["approvals/safety-lead.yaml.example"]
    record = load_model(ApprovalRecord, "approvals/safety-lead.yaml", text.encode())[0]
    assert record.role == "Safety Lead"
    assert record.release == yaml.safe_load(STARTER["compliance.yaml"])["release"]["id"]


def _verdict(root: Path) -> tuple[str, dict[str, bool]]:
    out = cli("gate", "--project", str(root), "--format", "json")
    data = json.loads(out.stdout)
    return data["verdict"], {r["rule"]: r["passed"] for r in data["rules"]}


def test_init_example_copies_the_built_in_example_and_gates_like_the_repository(git_repo):
    repo = git_repo()
    result = cli("init", "--example", str(repo.root))
    assert result.exit_code == 0, result.output
    for rel in ("compliance.yaml", "model.yaml", "risks/register.yaml", "approvals"):
        assert (repo.root / rel).exists(), rel
    assert (
        repo.root / "evidence/evaluations/inspect/multilingual-safety-qa.eval"
    ).read_bytes() == (
        REPO_ROOT / "evidence/evaluations/inspect/multilingual-safety-qa.eval"
    ).read_bytes()
    repo.commit("Halcyon-2 example", "2026-11-20T10:00:00+00:00")
    assert _verdict(repo.root) == _verdict(REPO_ROOT)
    again = cli("init", "--example", str(repo.root))
    assert again.exit_code == 2 and "--force" in again.stderr


def test_docs_lists_the_topics_and_prints_the_gate_guide():
    listing = cli("docs")
    assert listing.exit_code == 0
    assert "gate" in listing.stdout and "risk-scale" in listing.stdout
    gate = cli("docs", "gate")
    assert gate.exit_code == 0
    assert gate.stdout == (REPO_ROOT / "docs/gate.md").read_text(encoding="utf-8")
    wrong = cli("docs", "gaet")
    assert wrong.exit_code == 2 and "did you mean 'gate'?" in wrong.stderr


def test_a_missing_gate_policy_points_at_the_shipped_docs(starter):
    out = cli("gate", "--project", str(starter.root))
    assert "compliance docs gate" in out.stderr and "docs/gate.md" not in out.stderr


@pytest.mark.slow
def test_the_wheel_ships_the_docs_and_the_example(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(
        REPO_ROOT,
        src,
        ignore=shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "_data", "tests"),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", ".", "-w", str(tmp_path / "w"), "--no-deps", "-q"],
        cwd=src,
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "w").glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    data = "compliance/_data/"
    for rel in (REPO_ROOT / "docs").glob("*.md"):
        assert f"{data}docs/{rel.name}" in names
    example = {n[len(data + "example/") :] for n in names if n.startswith(data + "example/")}
    tracked = subprocess.run(
        ["git", "ls-files", "compliance.yaml", "model.yaml", "training-data.yaml", "controls",
         "risks", "evidence", "approvals"],
        cwd=REPO_ROOT, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert set(tracked) <= example
    assert f"{data}frameworks/eu-ai-act-annex-xi.yaml" in names
