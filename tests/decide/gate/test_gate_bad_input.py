"""Bad evaluation evidence and bad policies: clear errors naming the file, exit 2."""

from __future__ import annotations

import io
import zipfile

from click.testing import CliRunner
from gate_helpers import SLICES_CSV, project_yaml, run_gate

from compliance.cli.main import main

DEC = "2026-12-01T10:00:00+00:00"


def _policy(evidence: str, metric: str = "includes/accuracy") -> str:
    return f"""
    rules:
      - id: eval
        kind: metric
        evidence: {evidence}
        metric: {metric}
        threshold: 0.5
    """


def _link_from_control(repo, evidence: str) -> None:
    """Also link the file from the starter control, so `check` reads it too."""
    text = (repo.root / "controls/documentation.yaml").read_text()
    repo.write(
        "controls/documentation.yaml",
        text + f"      - path: {evidence}\n        kind: evaluation\n",
    )


def test_a_truncated_eval_archive_is_an_input_error_naming_the_file(gate_ws, inspect_log):
    data = inspect_log("safety_qa.eval")
    gate_ws.write("evidence/evals/cut.eval", data[: len(data) // 2])
    gate_ws.write("compliance.yaml", project_yaml(_policy("evidence/evals/cut.eval")))
    _link_from_control(gate_ws, "evidence/evals/cut.eval")
    gate_ws.commit("truncated log", DEC)
    run = run_gate(gate_ws.root)
    assert run.exit_code == 2
    assert "error: evidence/evals/cut.eval: not a readable .eval archive" in run.stderr
    assert "Traceback" not in run.stderr
    # nothing else breaks: `check` still prints coverage, and names the broken log
    check = CliRunner().invoke(main, ["check", "--project", str(gate_ws.root)])
    assert check.exit_code == 2
    assert "eu-ai-act-annex-xi" in check.stdout
    assert "error: evidence/evals/cut.eval: not a readable .eval archive" in check.stderr


def test_a_corrupted_eval_archive_is_an_input_error(gate_ws, inspect_log):
    data = bytearray(inspect_log("safety_qa.eval"))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        header = archive.getinfo("header.json")
    # overwrite the compressed bytes of the log header, leaving the zip directory intact
    start = header.header_offset + 30 + len(header.filename) + 20
    data[start : start + 40] = b"\xff" * 40
    gate_ws.write("evidence/evals/bad.eval", bytes(data))
    gate_ws.write("compliance.yaml", project_yaml(_policy("evidence/evals/bad.eval")))
    gate_ws.commit("corrupted log", DEC)
    run = run_gate(gate_ws.root)
    assert run.exit_code == 2
    assert "evidence/evals/bad.eval" in run.stderr


def test_a_log_with_status_error_is_an_input_error(gate_ws, inspect_log):
    gate_ws.write("evidence/evals/crash.eval", inspect_log("crashing.eval"))
    gate_ws.write("compliance.yaml", project_yaml(_policy("evidence/evals/crash.eval")))
    gate_ws.commit("crashed run", DEC)
    run = run_gate(gate_ws.root)
    assert run.exit_code == 2
    assert "evidence/evals/crash.eval: run status is 'error'" in run.stderr
    assert "compliance.yaml:" in run.stderr  # points back at the rule


def test_an_invalidated_run_does_not_count(gate_ws, inspect_log):
    gate_ws.write("evidence/evals/inv.eval", inspect_log("invalidated.eval"))
    gate_ws.write("compliance.yaml", project_yaml(_policy("evidence/evals/inv.eval")))
    gate_ws.commit("invalidated run", DEC)
    run = run_gate(gate_ws.root)
    assert run.exit_code == 2
    assert "evidence/evals/inv.eval: the run's samples were invalidated" in run.stderr


def test_a_metric_name_that_does_not_exist_lists_the_ones_that_do(gate_ws, inspect_log):
    gate_ws.write("evidence/evals/qa.json", inspect_log("safety_qa.json"))
    gate_ws.write("compliance.yaml", project_yaml(_policy("evidence/evals/qa.json", "f1")))
    gate_ws.commit("log", DEC)
    run = run_gate(gate_ws.root)
    assert run.exit_code == 2
    assert "evidence/evals/qa.json: no metric 'f1' in this evaluation" in run.stderr
    assert "includes/accuracy" in run.stderr


def test_a_slice_that_does_not_exist_is_an_input_error(gate_ws):
    policy = """
    rules:
      - id: eval
        kind: metric
        evidence: evidence/evals/r.csv
        metric: refusal_rate
        slice: {language: xx}
        threshold: 0.5
    """
    gate_ws.write("evidence/evals/r.csv", SLICES_CSV)
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("log", DEC)
    run = run_gate(gate_ws.root)
    assert run.exit_code == 2
    assert "has no language=xx figure" in run.stderr
    assert "language=sw" in run.stderr


def test_a_csv_with_a_non_numeric_value_is_an_input_error_at_its_line(gate_ws):
    gate_ws.write(
        "evidence/evals/r.csv", "metric,value,language\nrefusal_rate,0.9,\nrefusal_rate,high,sw\n"
    )
    gate_ws.write("compliance.yaml", project_yaml(_policy("evidence/evals/r.csv", "refusal_rate")))
    gate_ws.commit("log", DEC)
    run = run_gate(gate_ws.root)
    assert run.exit_code == 2
    assert "error: evidence/evals/r.csv:3: row 3: value 'high' is not a number" in run.stderr


def test_every_bad_file_is_reported_at_once(gate_ws, inspect_log):
    policy = """
    rules:
      - id: a
        kind: metric
        evidence: evidence/evals/crash.eval
        metric: x
        threshold: 0.5
      - id: b
        kind: metric
        evidence: evidence/evals/r.csv
        metric: nope
        threshold: 0.5
    """
    gate_ws.write("evidence/evals/crash.eval", inspect_log("crashing.eval"))
    gate_ws.write("evidence/evals/r.csv", SLICES_CSV)
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("logs", DEC)
    run = run_gate(gate_ws.root)
    assert run.exit_code == 2
    assert "2 problems found" in run.stderr


def test_a_missing_evaluation_file_fails_its_rule_rather_than_the_run(gate_ws):
    gate_ws.write("compliance.yaml", project_yaml(_policy("evidence/evals/none.json")))
    gate_ws.commit("policy only", DEC)
    run = run_gate(gate_ws.root, "--format", "json")
    assert run.exit_code == 1
    assert run.json()["rules"][0]["message"] == "evidence missing: evidence/evals/none.json"


def test_policy_mistakes_are_located_in_compliance_yaml(gate_ws):
    policy = """
    rules:
      - id: cov
        kind: coverage
        framework: eu-ai-act-annex-xii
        min_percent: 50
      - id: cov
        kind: must-have
        requirements: [eu-ai-act-annex-xi:XI.9.9]
      - id: ev
        kind: metric
        evidence: ../outside.csv
        metric: m
        threshold: 1
    waivers:
      - rule: covv
        approver_role: Head of Safety
        rationale: we know about it and accept it
        expires: 2027-01-01
    """
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("bad policy", DEC)
    run = run_gate(gate_ws.root)
    assert run.exit_code == 2
    err = run.stderr
    assert "compliance.yaml:24:18: framework 'eu-ai-act-annex-xii' is not in scope" in err
    assert "compliance.yaml:26:11: rule id 'cov' is used twice" in err
    assert "XI.9.9" in err
    assert "'..' is not allowed" in err
    assert "waiver names unknown rule 'covv'; did you mean 'cov'?" in err


def test_an_unknown_rule_field_is_a_located_schema_error(gate_ws):
    policy = """
    rules:
      - id: cov
        kind: coverage
        framework: eu-ai-act-annex-xi
        min_percentage: 50
    """
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("typo", DEC)
    run = run_gate(gate_ws.root)
    assert run.exit_code == 2
    assert (
        "compliance.yaml:25:23: invalid value for 'gate.rules.0.min_percentage' (50); unknown "
        "field for a coverage rule; did you mean 'min_percent'?" in run.stderr
    )


def test_a_residual_level_that_is_not_a_band_of_the_scale_in_use_gets_a_did_you_mean(gate_ws):
    policy = """
    rules:
      - id: appetite
        kind: risk
        max_residual_level: tolerble
        acceptance_role: Chief Risk Officer
    """
    scale = (
        "risk_scale:\n  bands:\n"
        "    - {name: acceptable, min: 1, max: 6}\n"
        "    - {name: tolerable, min: 7, max: 12}\n"
        "    - {name: intolerable, min: 13, max: 25}\n"
    )
    gate_ws.write("compliance.yaml", project_yaml(policy) + scale)
    gate_ws.commit("policy", DEC)
    out = run_gate(gate_ws.root)
    assert out.exit_code == 2
    assert "compliance.yaml:" in out.stderr
    assert "'tolerble' is not a band of the risk scale in use" in out.stderr
    assert "did you mean 'tolerable'?" in out.stderr
    # the default scale's names are not accepted under a custom scale
    gate_ws.write("compliance.yaml", project_yaml(policy.replace("tolerble", "medium")) + scale)
    gate_ws.commit("policy", DEC)
    out = run_gate(gate_ws.root)
    assert out.exit_code == 2
    assert "name one of: acceptable, tolerable, intolerable" in out.stderr
    assert "Traceback" not in out.stderr
