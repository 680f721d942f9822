"""Systemic risk rules in real repositories: acceptance, pre-registration, Framework timing."""

from __future__ import annotations

from datetime import date, timedelta

from gate_helpers import decision_of, project_yaml, rule, run_gate
from hypothesis import given
from hypothesis import strategies as st

from compliance.decide.decision import Verdict
from compliance.decide.rules.safety_framework import add_business_days, add_months
from compliance.load.figures import figure
from tests.systemic_risk_helpers import (
    CSV_PATH,
    FRAMEWORK_PATH,
    JSON_PATH,
    framework,
    register,
    results_csv,
    results_json,
)

FEB = "2026-02-10T09:00:00+00:00"
MAR = "2026-03-02T09:00:00+00:00"

SYSTEMIC_POLICY = """
rules:
  - id: systemic
    kind: systemic-risk
  - id: prereg
    kind: pre-registration
"""

PLANNED_CONTROL = """\
  - id: CTL-MON-01
    title: Misuse monitoring
    owner: Safety Lead
    implementation: planned
    satisfies:
      - eu-ai-act-annex-xi:XI.1.1(a)
    evidence:
      - path: evidence/model-card.md
"""


def _systemic(repo, *, mitigations: str = "[CTL-DOC-01]", value: str = "0.2167") -> None:
    repo.write("compliance.yaml", project_yaml(SYSTEMIC_POLICY))
    controls = repo.root / "controls/documentation.yaml"
    repo.write("controls/documentation.yaml", controls.read_text() + PLANNED_CONTROL)
    repo.write("risks/register.yaml", register(mitigations=mitigations))
    repo.write(CSV_PATH, "metric,value,samples\nsolve_rate,0,1\n")
    repo.commit("criteria", FEB)
    repo.write(CSV_PATH, results_csv(value, "120"))
    repo.commit("results", MAR)


def test_a_reached_tier_whose_mitigation_is_not_in_place_gives_no_go(gate_ws):
    _systemic(gate_ws, mitigations="[CTL-DOC-01, CTL-MON-01]")
    d = decision_of(gate_ws.root)
    r = rule(d, "systemic")
    assert d.verdict == Verdict.NO_GO and not r.passed
    assert "RISK-001 tier T1 is reached but its mitigation CTL-MON-01 is not covered" in r.message
    assert "planned, not implemented" in r.message
    assert rule(d, "prereg").passed


def test_the_same_reached_tier_with_its_mitigations_covered_passes(gate_ws):
    _systemic(gate_ws)
    d = decision_of(gate_ws.root)
    r = rule(d, "systemic")
    assert r.passed and d.verdict == Verdict.GO
    assert "reached: RISK-001 T1" in r.observed
    assert any("T1 reached by its 95% interval" in n for n in r.notes)


def test_a_tier_not_reached_needs_no_mitigation(gate_ws):
    _systemic(gate_ws, mitigations="[CTL-MON-01]", value="0.04")
    assert rule(decision_of(gate_ws.root), "systemic").passed


def test_the_gate_json_carries_the_determination_with_n_interval_trigger_and_margin(gate_ws):
    _systemic(gate_ws)
    out = run_gate(gate_ws.root, "--format", "json")
    assert out.exit_code == 0, out.stderr
    rules = {r["rule"]: r for r in out.json()["rules"]}
    (det,) = rules["systemic"]["data"]["determinations"]
    t1 = det["tiers"][0]
    assert det["risk"] == "RISK-001" and det["highest_reached"] == "T1"
    assert t1["trigger"] == 0.3 and t1["safety_margin"] == 0.05 and t1["reached"] is True
    assert t1["indicators"][0]["estimate"]["n"] == 120
    assert rules["prereg"]["data"]["preregistration"][0]["registered"] is True


def test_a_criterion_committed_after_its_evaluation_ran_fails_pre_registration_and_blocks(gate_ws):
    gate_ws.write(JSON_PATH, results_json("2026-03-01T10:00:00Z"))
    gate_ws.commit("results", MAR)
    gate_ws.write("compliance.yaml", project_yaml(SYSTEMIC_POLICY))
    gate_ws.write("risks/register.yaml", register(evidence=JSON_PATH))
    gate_ws.commit("criteria, after the run", "2026-03-05T09:00:00+00:00")
    d = decision_of(gate_ws.root)
    r = rule(d, "prereg")
    assert not r.passed and d.verdict == Verdict.NO_GO
    assert r.message.startswith("2 of 2 tier criteria not registered in advance: tier T1:")
    assert f"{JSON_PATH} ran on 2026-03-01T10:00:00+00:00" in r.message


def test_a_rule_naming_a_risk_that_is_not_systemic_is_an_error_at_its_line(gate_ws):
    _systemic(gate_ws)
    policy = SYSTEMIC_POLICY + "    risks: [RISK-002]\n"
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("bad risk id", "2026-03-03T09:00:00+00:00")
    out = run_gate(gate_ws.root)
    assert out.exit_code == 2
    assert "compliance.yaml:" in out.stderr and "'RISK-002' is not a systemic risk" in out.stderr


# --- Safety and Security Framework ------------------------------------------------------

FRAMEWORK_POLICY = f"""
rules:
  - id: framework
    kind: safety-framework
    evidence: {FRAMEWORK_PATH}
"""


def _framework(repo, text: str, placed: str = "2025-02-01", release: str = "2026-03-01") -> None:
    project = project_yaml(FRAMEWORK_POLICY, release_date=release).replace(
        "  placed_on_eu_market: true\n",
        f"  placed_on_eu_market: true\n  placed_on_market: {placed}\n",
    )
    repo.write("compliance.yaml", project)
    repo.write(FRAMEWORK_PATH, text)
    repo.commit("framework", "2026-02-20T09:00:00+00:00")


def test_a_framework_older_than_twelve_months_without_reassessment_fails_its_rule(gate_ws):
    _framework(gate_ws, framework(confirmed="2025-01-10"))
    d = decision_of(gate_ws.root)
    r = rule(d, "framework")
    assert not r.passed and d.verdict == Verdict.NO_GO
    assert "no Framework assessment within 12 months" in r.message
    assert "one was due by 2026-02-01" in r.message  # 12 months from placing on the market
    assert "(CoP M1.1, M1.3, M1.4)" in r.threshold
    cited = {f["id"]: f for f in r.data["figures"]}
    assert cited["framework-assessment-interval-months"]["verified"] is True
    assert cited["framework-assessment-interval-months"]["source"].startswith(
        "Safety and Security Chapter, Measure 1.3"
    )


def test_a_reassessment_within_twelve_months_passes(gate_ws):
    _framework(gate_ws, framework(confirmed="2025-01-10", assessments="[2026-01-20]"))
    r = rule(decision_of(gate_ws.root), "framework")
    assert r.passed, r.message
    assert "next assessment by 2027-01-20" in r.observed


def test_a_framework_confirmed_less_than_two_weeks_before_placing_on_the_market_fails(gate_ws):
    _framework(gate_ws, framework(confirmed="2025-01-25"))
    r = rule(decision_of(gate_ws.root), "framework")
    assert "later than 2 weeks before placing on the market (2025-02-01)" in r.message
    assert "due by 2025-01-18" in r.message
    assert figure("framework-confirmation-before-placing-on-market-weeks").value == 2


def test_a_version_without_its_changelog_entry_fails(gate_ws):
    text = framework(confirmed="2025-01-10", assessments="[2026-01-20]", version='"1.1"')
    _framework(gate_ws, text)
    r = rule(decision_of(gate_ws.root), "framework")
    assert not r.passed and "version 1.1 has no changelog entry" in r.message


def test_a_malformed_confirmation_date_is_an_error_at_its_line_and_column(gate_ws):
    _framework(gate_ws, framework(confirmed="2025-13-40"))
    out = run_gate(gate_ws.root)
    assert out.exit_code == 2
    assert f"{FRAMEWORK_PATH}:4:12:" in out.stderr and "Traceback" not in out.stderr


def test_a_framework_without_front_matter_is_an_error(gate_ws):
    _framework(gate_ws, "# Framework\n\nNo dates.\n")
    out = run_gate(gate_ws.root)
    assert out.exit_code == 2 and f"{FRAMEWORK_PATH}:1:1:" in out.stderr


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2200, 12, 31)), st.integers(0, 60))
def test_adding_months_keeps_the_day_or_clamps_it_to_the_month_end(day, months):
    later = add_months(day, months)
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day == day.day or (later.day < day.day and (later.replace(day=1) > day))
    if months == 12 and not (day.month == 2 and day.day == 29):
        assert later == day.replace(year=day.year + 1)


LOG = "evidence/evals/refusals.eval"
INSPECT_REGISTER = register(
    evidence=LOG,
    metric="planted_refusal/accuracy",
    direction="<=",
    trigger="0.50",
    second_trigger="0.10",
    slice_="{language: en}",
)


def test_an_inspect_log_header_run_time_decides_pre_registration(gate_ws, inspect_log):
    # criterion lines committed on 1 December (before the log exists), the log ran on 2 December
    gate_ws.write("compliance.yaml", project_yaml(SYSTEMIC_POLICY))
    gate_ws.write("risks/register.yaml", INSPECT_REGISTER)
    gate_ws.commit("criteria", "2026-12-01T09:00:00+00:00")
    gate_ws.write(LOG, inspect_log("sliced_refusals.eval"))  # run 2026-12-02T05:54:23Z
    gate_ws.commit("inspect log", "2026-12-03T09:00:00+00:00")
    d = decision_of(gate_ws.root)
    r = rule(d, "prereg")
    assert r.passed, r.message
    (det,) = rule(d, "systemic").data["determinations"]
    ind = det["tiers"][0]["indicators"][0]
    assert ind["run_basis"] == "run time" and ind["run_at"].startswith("2026-12-02T05:54:23")
    assert ind["slice"] == {"language": "en"} and ind["estimate"]["n"] == 80


def test_an_inspect_log_that_ran_before_the_criterion_was_committed_fails(gate_ws, inspect_log):
    gate_ws.write(LOG, inspect_log("sliced_refusals.eval"))  # run 2026-12-02T05:54:23Z
    gate_ws.commit("inspect log", "2026-12-02T12:00:00+00:00")
    gate_ws.write("compliance.yaml", project_yaml(SYSTEMIC_POLICY))
    gate_ws.write("risks/register.yaml", INSPECT_REGISTER)
    gate_ws.commit("criteria, after the run", "2026-12-04T09:00:00+00:00")
    d = decision_of(gate_ws.root)
    r = rule(d, "prereg")
    assert not r.passed and d.verdict == Verdict.NO_GO
    assert f"{LOG} ran on 2026-12-02T05:54:23" in r.message


def test_a_first_confirmation_over_four_weeks_after_the_notification_fails(gate_ws):
    notified = "  threshold_met_on: 2024-11-01\n  notified_on: 2024-11-10\n"
    _framework(gate_ws, framework(confirmed="2024-12-20", assessments="[2026-01-20]"))
    project = (gate_ws.root / "compliance.yaml").read_text()
    gate_ws.write(
        "compliance.yaml",
        project.replace(
            "  placed_on_eu_market: true\n", "  placed_on_eu_market: true\n" + notified
        ),
    )
    gate_ws.commit("notified", "2026-02-21T09:00:00+00:00")
    r = rule(decision_of(gate_ws.root), "framework")
    assert "more than 4 weeks after the Art. 52(1) notification of 2024-11-10" in r.message
    assert "due by 2024-12-08" in r.message


def test_ai_office_access_given_within_five_business_days_passes(gate_ws):
    # confirmed on Friday 2025-01-10: five business days end on Friday 2025-01-17
    text = framework(
        confirmed="2025-01-10", assessments="[2026-01-20]", ai_office_access="2025-01-17"
    )
    _framework(gate_ws, text)
    r = rule(decision_of(gate_ws.root), "framework")
    assert r.passed, r.message
    assert r.data["ai_office_access"] == [
        {"version": "1.0", "confirmed": "2025-01-10", "due": "2025-01-17", "given": "2025-01-17"}
    ]
    cited = {f["id"]: f for f in r.data["figures"]}
    assert cited["framework-notification-business-days"]["source"].startswith(
        "Safety and Security Chapter, Measure 1.4"
    )


def test_ai_office_access_after_five_business_days_fails(gate_ws):
    text = framework(
        confirmed="2025-01-10", assessments="[2026-01-20]", ai_office_access="2025-01-20"
    )
    _framework(gate_ws, text)
    d = decision_of(gate_ws.root)
    r = rule(d, "framework")
    assert not r.passed and d.verdict == Verdict.NO_GO
    assert "access to version 1.0 on 2025-01-20, after the 5 business days" in r.message
    assert "due by 2025-01-17" in r.message


def test_unrecorded_ai_office_access_fails_once_it_is_due(gate_ws):
    text = framework(confirmed="2025-01-10", assessments="[2026-01-20]", ai_office_access=None)
    _framework(gate_ws, text)
    r = rule(decision_of(gate_ws.root), "framework")
    assert not r.passed
    assert "no record of AI Office access to version 1.0" in r.message
    assert "set ai_office_access in its changelog entry" in r.message


def test_unrecorded_ai_office_access_not_yet_due_is_a_note(gate_ws):
    # confirmed Thursday 2026-02-26, assessed 2026-03-01 (a Sunday): due Thursday 2026-03-05
    text = framework(confirmed="2026-02-26", ai_office_access=None)
    _framework(gate_ws, text, placed="2026-03-20", release="2026-03-01")
    r = rule(decision_of(gate_ws.root), "framework")
    assert r.passed, r.message
    assert "AI Office access to version 1.0 due by 2026-03-05 (Measure 1.4)" in r.notes


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2200, 12, 31)), st.integers(1, 30))
def test_business_days_skip_weekends(day, days):
    later = add_business_days(day, days)
    assert later.weekday() < 5 and later > day
    span = [day + timedelta(n) for n in range(1, (later - day).days + 1)]
    assert sum(d.weekday() < 5 for d in span) == days
