"""The incident-reports rule: an overdue serious-incident report fails the gate; reports
that are coming due are shown on `check`, each deadline with its Measure or Article."""

from __future__ import annotations

import json

from click.testing import CliRunner
from gate_helpers import decision_of, project_yaml, rule, run_gate

from compliance.cli.main import main
from compliance.decide.decision import Verdict

FEB = "2026-02-02T10:00:00+00:00"
POLICY = """
rules:
  - id: reports
    kind: incident-reports
    evidence: evidence/incidents.csv
"""
LOG = (
    "id,severity,status,opened,description,closed,category,aware,resolved,reports\n"
    "INC-1,serious,closed,2026-01-02,Outage at a grid operator,2026-01-05,"
    "critical-infrastructure,2026-01-03,,initial:2026-01-04\n"
    "INC-2,serious,mitigated,2026-01-20,Weights copied out,,cybersecurity-breach,2026-01-28,,\n"
)


def setup(ws, log: str, release_date: str) -> None:  # type: ignore[no-untyped-def]
    ws.write("evidence/incidents.csv", log)
    ws.write("compliance.yaml", project_yaml(POLICY, release_date))
    ws.commit("incident log", FEB)


def test_a_report_still_within_its_period_passes_and_is_listed_as_upcoming(gate_ws) -> None:
    setup(gate_ws, LOG, "2026-01-31")
    r = rule(decision_of(gate_ws.root), "reports")
    assert r.passed
    assert "2 upcoming" in r.observed  # INC-2 initial, INC-1 final
    assert any(
        "INC-2 initial report" in n and "due 2026-02-02, in 2 days" in n and "Measure 9.3" in n
        for n in r.notes
    )


def test_an_overdue_report_fails_the_gate_with_its_deadline_and_source(gate_ws) -> None:
    setup(gate_ws, LOG, "2026-02-10")
    decision = decision_of(gate_ws.root)
    r = rule(decision, "reports")
    assert not r.passed and decision.verdict == Verdict.NO_GO
    assert "INC-2 initial (Code of Practice, Measure 9.3, due 2026-02-02)" in r.message
    assert any("OVERDUE by 8 days" in n and "point (2)" in n for n in r.notes)
    gate = run_gate(gate_ws.root, "--format", "json")
    assert gate.exit_code == 1
    data = next(x for x in gate.json()["rules"] if x["rule"] == "reports")
    assert data["data"]["reports"][2]["status"] == "overdue"
    assert "Measure 9.3" in data["data"]["reports"][2]["source"]


def test_a_serious_incident_without_a_category_fails_the_rule_with_its_line(gate_ws) -> None:
    log = "id,severity,status,opened,description\nINC-3,serious,closed,2026-01-02,Harm\n"
    setup(gate_ws, log, "2026-01-31")
    r = rule(decision_of(gate_ws.root), "reports")
    assert not r.passed and "evidence/incidents.csv:2" in r.notes[-1]


def test_check_shows_upcoming_and_overdue_reports_in_text_and_json(gate_ws) -> None:
    setup(gate_ws, LOG, "2026-01-31")
    runner = CliRunner()
    text = runner.invoke(main, ["check", "--project", str(gate_ws.root), "--no-cache"]).stdout
    assert "Serious-incident reports  evidence/incidents.csv" in text
    assert "upcoming INC-2 initial report" in " ".join(text.split())
    out = runner.invoke(
        main, ["check", "--project", str(gate_ws.root), "--no-cache", "--format", "json"]
    ).stdout
    (log,) = json.loads(out)["incident_reports"]
    assert (log["overdue"], log["upcoming"]) == (0, 2)
    assert {r["status"] for r in log["reports"]} == {"on time", "due", "after resolution"}
