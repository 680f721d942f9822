"""The Art. 52(1) notification rule: notified within two weeks of the systemic-risk condition
being met or foreseen passes; late, overdue or undated fails."""

from __future__ import annotations

from typing import Any

from gate_helpers import decision_of, project_yaml, rule, run_gate

from compliance.assess.applicability import classify
from compliance.decide.decision import Verdict
from compliance.models.project import System

POLICY = """
rules:
  - id: art-52
    kind: notification
"""


def with_system(repo: Any, dates: str, systemic: bool = True, policy: str = POLICY) -> Any:
    text = project_yaml(policy, release_date="2026-06-30")
    text = text.replace(
        "  systemic_risk_declared: false\n",
        f"  systemic_risk_declared: {str(systemic).lower()}\n{dates}",
    )
    repo.write("compliance.yaml", text)
    repo.commit("notification dates", date="2026-06-01T09:00:00+00:00")
    return repo


def test_a_notification_sent_within_two_weeks_passes(gate_ws) -> None:
    repo = with_system(gate_ws, "  threshold_met_on: 2026-03-02\n  notified_on: 2026-03-16\n")
    r = rule(decision_of(repo.root), "art-52")
    assert r.passed
    assert r.observed == "on-time, sent 2026-03-16, due 2026-03-16"
    assert "Article 52(1)" in r.threshold


def test_a_notification_sent_one_day_late_fails_and_blocks_the_release(gate_ws) -> None:
    repo = with_system(gate_ws, "  threshold_met_on: 2026-03-02\n  notified_on: 2026-03-17\n")
    decision = decision_of(repo.root)
    r = rule(decision, "art-52")
    assert not r.passed
    assert r.message.startswith("Art. 52(1) notification late: sent 2026-03-17, 1 days after")
    assert decision.verdict == Verdict.NO_GO
    result = run_gate(repo.root, "--format", "json")
    assert result.exit_code == 1


def test_an_overdue_notification_never_sent_fails(gate_ws) -> None:
    repo = with_system(gate_ws, "  threshold_met_on: 2026-03-02\n")
    r = rule(decision_of(repo.root), "art-52")
    assert not r.passed
    assert "notification missing: due 2026-03-16" in r.message
    assert "106 days overdue on 2026-06-30" in r.message


def test_a_notification_not_yet_due_passes_with_its_due_date(gate_ws) -> None:
    repo = with_system(gate_ws, "  threshold_met_on: 2026-06-25\n")
    r = rule(decision_of(repo.root), "art-52")
    assert r.passed and r.message.startswith("Art. 52(1) notification due by 2026-07-09")


def test_a_missing_date_is_reported_and_fails_the_rule(gate_ws) -> None:
    repo = with_system(gate_ws, "")
    r = rule(decision_of(repo.root), "art-52")
    assert not r.passed
    assert r.observed == "no dates"
    assert "system.threshold_met_on is not recorded" in r.message


def test_a_model_without_systemic_risk_owes_no_notification(gate_ws) -> None:
    repo = with_system(gate_ws, "", systemic=False)
    r = rule(decision_of(repo.root), "art-52")
    assert r.passed and r.message.startswith("no Art. 52(1) notification due")


def test_the_notification_record_named_by_the_rule_is_cited_and_must_exist(gate_ws) -> None:
    policy = POLICY + "    evidence: evidence/notification.md\n"
    repo = with_system(
        gate_ws, "  threshold_met_on: 2026-03-02\n  notified_on: 2026-03-10\n", policy=policy
    )
    r = rule(decision_of(repo.root), "art-52")
    assert not r.passed and "evidence/notification.md" in r.message
    repo.write("evidence/notification.md", "# Notified the AI Office on 10 March 2026\n")
    repo.commit("notification record", date="2026-06-02T09:00:00+00:00")
    r = rule(decision_of(repo.root), "art-52")
    assert r.passed and r.evidence[0].path == "evidence/notification.md"


def test_a_declared_model_with_a_recorded_date_is_checked_as_art_51_1_a() -> None:
    system = System.model_validate(
        {
            "name": "m",
            "version": "1",
            "general_purpose": True,
            "systemic_risk_declared": True,
            "training_compute_flop": 6e24,
            "threshold_met_on": "2026-09-04",
            "notified_on": "2026-09-11",
        }
    )
    n = classify(system).notification
    assert n is not None and n.status == "on-time" and n.due.isoformat() == "2026-09-18"
    assert "condition of Art. 51(1)(a) met (or foreseen) on 2026-09-04" in n.message
    undated = system.model_copy(update={"threshold_met_on": None, "notified_on": None})
    assert classify(undated).notification is None  # may be a designation, Art. 51(1)(b)
