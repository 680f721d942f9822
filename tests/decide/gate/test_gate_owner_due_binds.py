"""Owner, due date and binds: who answers for a failing rule, by when, before or after
release; never defaulted, and a blocking sign-off never lets a CONDITIONAL GO through."""

from __future__ import annotations

from gate_helpers import decision_of, project_yaml, rule, run_gate

from compliance.decide.decision import Verdict


def _policy(signoff_severity: str, extra: str = "") -> str:
    return f"""
rules:
  - id: fresh
    kind: freshness
    severity: condition
    owner: Head of Safety
    due: 2026-03-01
    binds: after-release
  - id: nist
    kind: coverage
    severity: condition
    framework: eu-ai-act-annex-xi
    min_percent: 100
  - id: signed
    kind: sign-off
    severity: {signoff_severity}
    roles: [Head of Safety, General Counsel]
{extra}"""


def test_owner_due_and_binds_travel_with_the_result_and_are_null_when_unset(gate_ws):
    gate_ws.write("compliance.yaml", project_yaml(_policy("condition")))
    gate_ws.commit("policy", "2026-02-02T10:00:00+00:00")
    d = decision_of(gate_ws.root)
    fresh = rule(d, "fresh")
    assert (fresh.owner, fresh.due.isoformat(), fresh.binds) == (
        "Head of Safety",
        "2026-03-01",
        "after-release",
    )
    nist = rule(d, "nist")
    assert (nist.owner, nist.due, nist.binds) == (None, None, None)
    data = {r["rule"]: r for r in run_gate(gate_ws.root, "--format", "json").json()["rules"]}
    assert data["fresh"]["owner"] == "Head of Safety"
    assert data["fresh"]["due"] == "2026-03-01"
    assert data["fresh"]["binds"] == "after-release"
    assert [data["nist"][k] for k in ("owner", "due", "binds")] == [None, None, None]


def test_a_condition_sign_off_gives_conditional_go_but_a_blocking_one_gives_no_go(gate_ws):
    gate_ws.write("compliance.yaml", project_yaml(_policy("condition")))
    gate_ws.commit("policy", "2026-02-02T10:00:00+00:00")
    assert decision_of(gate_ws.root).verdict == Verdict.CONDITIONAL_GO
    gate_ws.write("compliance.yaml", project_yaml(_policy("blocking")))
    gate_ws.commit("sign-off blocks", "2026-02-02T11:00:00+00:00")
    d = decision_of(gate_ws.root)
    assert d.verdict == Verdict.NO_GO
    assert [r.rule for r in d.blocking_failures] == ["signed"]
    assert rule(d, "signed").observed == "0 of 2 roles approved"
    assert run_gate(gate_ws.root).exit_code == 1


def test_a_blocking_rule_that_binds_after_release_is_refused_at_its_line(gate_ws):
    policy = _policy("blocking").replace(
        "    roles: [Head of Safety, General Counsel]\n",
        "    roles: [Head of Safety, General Counsel]\n    binds: after-release\n",
    )
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("policy", "2026-02-02T10:00:00+00:00")
    result = run_gate(gate_ws.root)
    assert result.exit_code == 2
    assert "compliance.yaml:" in result.stderr
    assert "a blocking rule cannot bind after release" in result.stderr
    assert "Traceback" not in result.stderr


def test_binds_and_due_refuse_values_outside_their_types(gate_ws):
    policy = _policy("condition").replace("binds: after-release", "binds: later")
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("policy", "2026-02-02T10:00:00+00:00")
    result = run_gate(gate_ws.root)
    assert result.exit_code == 2
    assert "before-release" in result.stderr and "after-release" in result.stderr
    policy = _policy("condition").replace("due: 2026-03-01", "due: soon")
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("policy 2", "2026-02-02T11:00:00+00:00")
    result = run_gate(gate_ws.root)
    assert result.exit_code == 2
    assert "due" in result.stderr
