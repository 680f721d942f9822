"""The `compliance gate` command: exit codes, stable JSON, SARIF, and SARIF for check/gaps."""

from __future__ import annotations

import json
import os

from click.testing import CliRunner
from gate_helpers import SLICES_CSV, project_yaml, run_gate

from compliance.assess.coverage import assess
from compliance.cli.main import main
from compliance.link.evidence import build_index
from compliance.load.workspace import load_workspace

DEC = "2026-12-01T10:00:00+00:00"

POLICY = """
rules:
  - id: refusals
    kind: metric
    evidence: evidence/evals/refusals.csv
    metric: refusal_rate
    threshold: {threshold}
  - id: parity
    kind: slice-parity
    severity: condition
    evidence: evidence/evals/refusals.csv
    metric: refusal_rate
    slice_by: language
    max_gap: {gap}
"""


def _workspace(repo, threshold: float = 0.9, gap: float = 0.05) -> None:
    repo.write("evidence/evals/refusals.csv", SLICES_CSV)
    repo.write("compliance.yaml", project_yaml(POLICY.format(threshold=threshold, gap=gap)))
    repo.commit("policy and evaluation", DEC)


def test_exit_codes_follow_the_verdict(gate_ws):
    _workspace(gate_ws, gap=0.5)
    assert run_gate(gate_ws.root).exit_code == 0
    _workspace(gate_ws, gap=0.05)
    conditional = run_gate(gate_ws.root)
    assert conditional.exit_code == 3
    assert "DECISION: CONDITIONAL GO" in conditional.stdout
    assert "- parity: refusal_rate: language=sw is 0.77, 0.18 below overall" in conditional.stdout
    _workspace(gate_ws, threshold=0.99)
    assert run_gate(gate_ws.root).exit_code == 1


def test_without_a_policy_nothing_is_decided_and_the_exit_code_says_so(starter):
    run = run_gate(starter.root, "--format", "json")
    assert run.exit_code == 2
    assert run.json()["verdict"] == "NOT DECIDED"
    assert "no gate policy" in run.stderr


def test_the_same_commit_gives_the_same_json_bytes(gate_ws, tmp_path):
    _workspace(gate_ws)
    first = run_gate(gate_ws.root, "--format", "json")
    clone = tmp_path / "clone"
    gate_ws.git("clone", "-q", str(gate_ws.root), str(clone))
    os.utime(clone / "compliance.yaml", (0, 0))  # file times must not matter either
    second = run_gate(clone, "--format", "json")
    assert first.exit_code == second.exit_code == 3
    assert first.stdout == second.stdout
    data = first.json()
    assert data["schema"] == "compliance-docs/gate/1"
    assert data["verdict"] == "CONDITIONAL GO"
    assert data["summary"]["conditions"] == ["parity"]
    parity = data["rules"][1]
    assert parity["evidence"][0]["commit"] == gate_ws.git("rev-parse", "HEAD")
    assert parity["location"] == "compliance.yaml:33"
    assert parity["outcome"] == "failed"


def test_gate_sarif_locates_each_failure_at_its_policy_line(gate_ws):
    _workspace(gate_ws, threshold=0.99)
    run = run_gate(gate_ws.root, "--format", "sarif")
    assert run.exit_code == 1
    sarif = json.loads(run.stdout)
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["gate/refusals", "gate/parity"]
    assert [r["level"] for r in results] == ["error", "warning"]
    where = results[0]["locations"][0]["physicalLocation"]
    assert where == {
        "artifactLocation": {"uri": "compliance.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 26},
    }
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)


def test_a_waived_failure_is_a_suppressed_sarif_result(gate_ws):
    policy = """
    rules:
      - id: must
        kind: must-have
        requirements: [eu-ai-act-annex-xi:XI.1.1(b)]
    waivers:
      - rule: must
        approver_role: Head of AI Governance
        rationale: Integration guide lands next sprint.
        expires: 2027-01-01
    """
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("waiver", DEC)
    run = run_gate(gate_ws.root, "--format", "sarif")
    assert run.exit_code == 0
    (result,) = json.loads(run.stdout)["runs"][0]["results"]
    assert result["suppressions"][0]["status"] == "accepted"
    assert "Head of AI Governance" in result["suppressions"][0]["justification"]


def test_check_and_gaps_emit_sarif_at_the_control_or_framework_line(starter):
    text = (starter.root / "controls/documentation.yaml").read_text()
    starter.write("controls/documentation.yaml", text.replace("model-card.md", "missing.md"))
    starter.commit("break the evidence link", "2026-02-02T10:00:00+00:00")
    runner = CliRunner()
    check = runner.invoke(main, ["check", "--project", str(starter.root), "--format", "sarif"])
    assert check.exit_code == 1
    results = json.loads(check.stdout)["runs"][0]["results"]
    partial = next(r for r in results if r["ruleId"] == "coverage/partial")
    assert partial["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "controls/documentation.yaml"
    )
    assert partial["locations"][0]["physicalLocation"]["region"]["startLine"] == 9
    gap = next(r for r in results if r["ruleId"] == "coverage/gap")
    assert gap["locations"][0]["physicalLocation"]["region"]["startLine"] == 16
    assert gap["partialFingerprints"]["requirementRef/v1"].startswith("eu-ai-act-annex-xi:")
    gaps = runner.invoke(
        main,
        [
            "gaps",
            "--project",
            str(starter.root),
            "--format",
            "sarif",
            "--framework",
            "eu-ai-act-annex-xi",
        ],
    )
    assert gaps.exit_code == 1
    assert json.loads(gaps.stdout)["runs"][0]["results"] == results


def test_sarif_paths_are_relative_to_the_repository_root(git_repo):
    from compliance.emit.scaffold import FILES

    repo = git_repo()
    for rel, text in FILES.items():
        repo.write(f"compliance/{rel}", text)
    repo.commit("workspace in a subfolder", "2026-02-02T10:00:00+00:00")
    run = CliRunner().invoke(
        main, ["check", "--project", str(repo.root / "compliance"), "--format", "sarif"]
    )
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads(run.stdout)["runs"][0]["results"]
    }
    assert uris == {"compliance/compliance.yaml"}


def test_an_evaluation_log_dates_its_evidence_by_its_run_time(starter, inspect_log):
    starter.write("evidence/evals/qa.eval", inspect_log("safety_qa.eval"))
    starter.write("evidence/evals/qa.json", inspect_log("safety_qa.json"))
    starter.write("evidence/evals/r.csv", SLICES_CSV)
    starter.commit("logs", "2026-12-20T10:00:00+00:00")
    ws = load_workspace(starter.root)
    logs = ["evidence/evals/qa.eval", "evidence/evals/qa.json", "evidence/evals/r.csv"]
    index = build_index(ws.root, [*logs, "evidence/model-card.md"])
    dates = {p: r.evidence_date.isoformat() for p, r in index.records.items() if "evals" in p}
    assert dates == {
        "evidence/evals/qa.eval": "2026-11-27",
        "evidence/evals/qa.json": "2026-11-27",
        "evidence/evals/r.csv": "2026-12-20",  # a CSV states no run time: its commit
    }
    assert assess(ws, index).assessment_date.isoformat() == "2026-12-20"
