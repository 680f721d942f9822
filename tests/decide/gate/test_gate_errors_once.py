"""Each evidence file's errors are reported once, however many rules read it."""

from __future__ import annotations

from click.testing import CliRunner
from gate_helpers import project_yaml, run_gate

from compliance.cli.main import main
from compliance.pipeline import run

DEC = "2026-12-01T10:00:00+00:00"

BROKEN_METRICS = "metric,value,samples,language\nrefusal_rate,high,2400,\nrefusal_rate,0.9,x,sw\n"
BROKEN_INCIDENTS = "id,severity,status,opened,description\nINC-1,catastrophic,open,2026-01-10,x\n"

POLICY = """
rules:
  - {id: refusal-a, kind: metric, evidence: evidence/m.csv, metric: refusal_rate, threshold: 0.9}
  - {id: refusal-b, kind: metric, evidence: evidence/m.csv, metric: refusal_rate, threshold: 0.8}
  - id: parity
    kind: slice-parity
    evidence: evidence/m.csv
    metric: refusal_rate
    slice_by: language
    max_gap: 0.05
  - {id: incidents-a, kind: incidents, evidence: evidence/i.csv}
  - {id: incidents-b, kind: incidents, evidence: evidence/i.csv, at_or_above: serious}
"""


def _workspace(gate_ws):
    gate_ws.write("evidence/m.csv", BROKEN_METRICS)
    gate_ws.write("evidence/i.csv", BROKEN_INCIDENTS)
    gate_ws.write("compliance.yaml", project_yaml(POLICY))
    gate_ws.commit("broken evidence read by five rules", DEC)


def test_gate_prints_each_files_errors_once(gate_ws) -> None:
    _workspace(gate_ws)
    result = run_gate(gate_ws.root)
    assert result.exit_code == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(lines) == len(set(lines)) == 3, result.stderr
    assert sum("evidence/i.csv:2" in line for line in lines) == 1
    assert sum("evidence/m.csv:2" in line for line in lines) == 1
    assert sum("evidence/m.csv:3" in line for line in lines) == 1


def test_check_prints_each_files_errors_once(gate_ws) -> None:
    _workspace(gate_ws)
    result = CliRunner().invoke(main, ["check", "--project", str(gate_ws.root), "--no-cache"])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(lines) == len(set(lines)) == 3, result.stderr


def test_each_file_is_parsed_once_per_run(gate_ws) -> None:
    _workspace(gate_ws)
    at = run(gate_ws.root, keep_gate_error=True)
    assert at.evidence.parses["evidence/m.csv"] == 1
    assert at.evidence.parses["evidence/i.csv"] == 1
