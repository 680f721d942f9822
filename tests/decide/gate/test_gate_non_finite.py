"""Non-finite numbers (1e400, .inf, .nan, inf, NaN) are invalid input, with file and line."""

from __future__ import annotations

import pytest
from gate_helpers import SLICES_CSV, project_yaml, run_gate

from compliance.core.exit_codes import ExitCode

DEC = "2026-12-01T10:00:00+00:00"

METRIC_POLICY = """
rules:
  - id: refusal-overall
    kind: metric
    evidence: evidence/evals/refusals.csv
    metric: refusal_rate
    threshold: {threshold}
    min_samples: 1000
"""


def _refused(result, where: str) -> str:
    assert result.exit_code == ExitCode.INVALID_INPUT, (result.exit_code, result.stderr)
    assert f"error: {where}" in result.stderr, result.stderr
    assert "finite" in result.stderr and "Traceback" not in result.stderr
    return result.stderr


@pytest.mark.parametrize("value", ["1e400", "1.0e+400", ".inf", "-.inf", ".nan", ".NaN"])
def test_an_infinite_or_nan_training_compute_is_refused_at_its_line(gate_ws, value) -> None:
    text = (gate_ws.root / "compliance.yaml").read_text()
    gate_ws.write(
        "compliance.yaml",
        text.replace("training_compute_flop: 1.0e+23", f"training_compute_flop: {value}"),
    )
    gate_ws.commit("infinite compute", DEC)
    _refused(run_gate(gate_ws.root), "compliance.yaml:10:")


@pytest.mark.parametrize("value", ["1e400", ".inf", ".nan"])
def test_an_infinite_or_nan_gate_threshold_is_refused_at_its_line(gate_ws, value) -> None:
    gate_ws.write("evidence/evals/refusals.csv", SLICES_CSV)
    gate_ws.write("compliance.yaml", project_yaml(METRIC_POLICY.format(threshold=value)))
    gate_ws.commit("infinite threshold", DEC)
    _refused(run_gate(gate_ws.root), "compliance.yaml:26:18:")


@pytest.mark.parametrize("cell", ["inf", "1e400", "nan", "-Infinity"])
def test_an_infinite_csv_metric_is_invalid_input_not_a_no_go(gate_ws, cell) -> None:
    gate_ws.write("evidence/evals/refusals.csv", SLICES_CSV.replace("0.77", cell))
    gate_ws.write("compliance.yaml", project_yaml(METRIC_POLICY.format(threshold=0.9)))
    gate_ws.commit("infinite metric", DEC)
    stderr = _refused(run_gate(gate_ws.root), "evidence/evals/refusals.csv:5")
    assert f"value {cell!r} is not a finite number" in stderr


def test_an_infinite_json_metric_is_invalid_input_naming_its_entry(gate_ws) -> None:
    gate_ws.write(
        "evidence/evals/refusals.json",
        '{"created": "2026-11-30", "metrics": [{"metric": "refusal_rate", "value": Infinity,'
        ' "samples": 2400}]}',
    )
    policy = METRIC_POLICY.format(threshold=0.9).replace("refusals.csv", "refusals.json")
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("infinite metric", DEC)
    stderr = _refused(run_gate(gate_ws.root), "evidence/evals/refusals.json")
    assert "metrics[0]: value" in stderr
