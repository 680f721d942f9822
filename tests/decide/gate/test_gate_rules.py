"""Coverage, freshness, risk, incident and waiver rules, passing and failing, in real repos."""

from __future__ import annotations

from gate_helpers import decision_of, project_yaml, rule

from compliance.decide.decision import Verdict

FEB = "2026-02-02T10:00:00+00:00"


def test_minimum_coverage_of_a_framework_passes_or_fails_on_its_percentage(gate_ws):
    policy = """
    rules:
      - id: low-bar
        kind: coverage
        framework: eu-ai-act-annex-xi
        min_percent: 1
      - id: high-bar
        kind: coverage
        severity: condition
        framework: eu-ai-act-annex-xi
        min_percent: 90
    """
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("policy", FEB)
    d = decision_of(gate_ws.root)
    assert rule(d, "low-bar").passed
    high = rule(d, "high-bar")
    assert not high.passed
    assert high.observed == "9.1% (1 of 11 applicable covered)"
    assert high.message == (
        "coverage of eu-ai-act-annex-xi is 9.1%, which is below the minimum 90.0%"
    )
    assert "eu-ai-act-annex-xi:XI.1.1(b): gap" in high.notes
    assert high.threshold == ">= 90.0%"
    assert d.verdict == Verdict.CONDITIONAL_GO


def test_coverage_over_a_requirement_set_counts_only_those_requirements(gate_ws):
    policy = """
    rules:
      - id: documentation
        kind: coverage
        requirements: [eu-ai-act-annex-xi:XI.1.1(a)]
        min_percent: 100
    """
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("policy", FEB)
    r = rule(decision_of(gate_ws.root), "documentation")
    assert r.passed
    assert r.observed == "100.0% (1 of 1 applicable covered)"


def test_a_must_have_requirement_with_a_gap_fails_and_names_it(gate_ws):
    policy = """
    rules:
      - id: must
        kind: must-have
        requirements: [eu-ai-act-annex-xi:XI.1.1(a), eu-ai-act-annex-xi:XI.1.1(b)]
    """
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("policy", FEB)
    d = decision_of(gate_ws.root)
    r = rule(d, "must")
    assert not r.passed
    assert r.message.endswith("not covered: eu-ai-act-annex-xi:XI.1.1(b)")
    assert [e.path for e in r.evidence] == ["evidence/model-card.md"]
    assert d.verdict == Verdict.NO_GO


def test_stale_evidence_fails_the_freshness_rule_at_the_assessment_date(gate_ws):
    policy = """
    rules:
      - id: fresh
        kind: freshness
    """
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("policy", FEB)
    assert rule(decision_of(gate_ws.root), "fresh").passed
    # a year later the model card (as_of 2026-01-01, max age 365 days) is stale
    gate_ws.write("compliance.yaml", project_yaml(policy, release_date="2027-03-01"))
    gate_ws.commit("release date", "2027-03-01T10:00:00+00:00")
    r = rule(decision_of(gate_ws.root), "fresh")
    assert not r.passed
    assert r.notes == (
        "evidence/model-card.md is 424 days old (maximum 365), linked at "
        "controls/documentation.yaml:9",
    )


RISKS = """\
schema_version: 1
risks:
  - id: RISK-LOW
    title: Minor
    harm_category: quality
    likelihood: 1
    severity: 2
    owner: Safety Lead
  - id: RISK-HIGH
    title: Serious residual risk
    harm_category: dangerous-content
    likelihood: 4
    severity: 4
    residual: {likelihood: 3, severity: 4}
    owner: Safety Lead
    status: open
"""

ACCEPTED = """\
    status: accepted
    acceptance:
      approver_role: Chief Risk Officer
      date: 2026-01-20
      rationale: Residual risk is tolerable given monitoring.
"""


def test_a_risk_above_appetite_without_acceptance_fails(gate_ws):
    policy = """
    rules:
      - id: appetite
        kind: risk
        max_residual_level: medium
        acceptance_role: Chief Risk Officer
    """
    gate_ws.write("risks/register.yaml", RISKS)
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("risks", FEB)
    r = rule(decision_of(gate_ws.root), "appetite")
    assert not r.passed
    assert "RISK-HIGH" in r.message and "RISK-LOW" not in r.message
    assert r.evidence[0].path == "risks/register.yaml"
    assert r.evidence[0].sha256 is not None


def test_a_risk_above_appetite_accepted_by_the_required_role_passes(gate_ws):
    policy = """
    rules:
      - id: appetite
        kind: risk
        max_residual_score: 9
        acceptance_role: Chief Risk Officer
    """
    gate_ws.write("risks/register.yaml", RISKS.replace("    status: open\n", ACCEPTED))
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("risks", FEB)
    assert rule(decision_of(gate_ws.root), "appetite").passed
    # accepted by someone else does not count
    other = ACCEPTED.replace("Chief Risk Officer", "Intern")
    gate_ws.write("risks/register.yaml", RISKS.replace("    status: open\n", other))
    gate_ws.commit("wrong approver", FEB)
    r = rule(decision_of(gate_ws.root), "appetite")
    assert not r.passed
    assert "accepted by Intern, not Chief Risk Officer" in r.notes[0]


INCIDENTS_CSV = """\
id,severity,status,opened,description,closed
INC-1,medium,open,2026-01-10,Over-refusal on medical questions,
INC-2,serious,closed,2025-12-01,Harmful advice reached a user,2025-12-20
"""


def test_an_open_incident_below_the_bar_passes_and_an_open_serious_one_fails(gate_ws):
    policy = """
    rules:
      - id: incidents
        kind: incidents
        evidence: evidence/incidents.csv
        at_or_above: high
    """
    gate_ws.write("evidence/incidents.csv", INCIDENTS_CSV)
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("incidents", FEB)
    assert rule(decision_of(gate_ws.root), "incidents").passed
    gate_ws.write("evidence/incidents.csv", INCIDENTS_CSV.replace("serious,closed", "serious,open"))
    gate_ws.commit("reopened", FEB)
    r = rule(decision_of(gate_ws.root), "incidents")
    assert not r.passed
    assert "INC-2" in r.message and "serious incident, Art. 3(49)" in r.message
    assert "evidence/incidents.csv:3" in r.notes[0]
    assert "Art. 55(1)(c)" in r.notes[0]


def test_an_incident_log_in_json_lines_is_read_too(gate_ws):
    policy = """
    rules:
      - id: incidents
        kind: incidents
        evidence: evidence/incidents.jsonl
        at_or_above: medium
    """
    gate_ws.write(
        "evidence/incidents.jsonl",
        '{"id": "INC-9", "severity": 2, "status": "investigating", "opened": "2026-01-30",'
        ' "title": "Jailbreak prompt shared publicly"}\n',
    )
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("incidents", FEB)
    r = rule(decision_of(gate_ws.root), "incidents")
    assert not r.passed
    assert "INC-9 (medium, investigating since 2026-01-30" in r.notes[0]


def test_a_malformed_incident_log_is_an_input_error_at_its_line(gate_ws):
    from gate_helpers import run_gate

    policy = """
    rules:
      - id: incidents
        kind: incidents
        evidence: evidence/incidents.csv
    """
    gate_ws.write(
        "evidence/incidents.csv",
        INCIDENTS_CSV + "INC-3,catastrophic,open,yesterday,Something\n",
    )
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("incidents", FEB)
    run = run_gate(gate_ws.root)
    assert run.exit_code == 2
    assert "evidence/incidents.csv:4: severity 'catastrophic' is not one of" in run.stderr
    assert "opened 'yesterday' is not a date" in run.stderr


WAIVED = """
rules:
  - id: must
    kind: must-have
    requirements: [eu-ai-act-annex-xi:XI.1.1(b)]
waivers:
  - rule: must
    approver_role: Head of AI Governance
    rationale: Covered by the integration guide being written this sprint.
    expires: {expires}
"""


def test_an_active_waiver_lets_a_blocking_failure_pass_and_shows_in_the_result(gate_ws):
    gate_ws.write("compliance.yaml", project_yaml(WAIVED.format(expires="2026-03-01")))
    gate_ws.commit("waiver", FEB)
    d = decision_of(gate_ws.root)
    r = rule(d, "must")
    assert not r.passed and r.waived
    assert d.verdict == Verdict.GO
    assert [w.rule for w in d.waivers] == ["must"]
    assert d.waivers[0].active


def test_an_expired_waiver_no_longer_counts_but_still_shows(gate_ws):
    gate_ws.write("compliance.yaml", project_yaml(WAIVED.format(expires="2026-02-01")))
    gate_ws.commit("waiver", FEB)  # assessed on 2026-02-02, the day after it expired
    d = decision_of(gate_ws.root)
    r = rule(d, "must")
    assert not r.waived
    assert d.verdict == Verdict.NO_GO
    assert not d.waivers[0].active
    assert r.notes[0].startswith("waiver expired on 2026-02-01")


def test_a_waiver_on_the_day_it_expires_still_counts(gate_ws):
    gate_ws.write("compliance.yaml", project_yaml(WAIVED.format(expires="2026-02-02")))
    gate_ws.commit("waiver", FEB)
    assert decision_of(gate_ws.root).verdict == Verdict.GO


def test_must_have_requirements_that_do_not_apply_are_named_and_never_counted_as_covered(
    gate_ws,
):
    # The starter model has no systemic risk, so Annex XI Section 2 does not apply to it.
    policy = """
    rules:
      - id: must
        kind: must-have
        requirements: [eu-ai-act-annex-xi:XI.2.1, eu-ai-act-annex-xi:XI.2.2]
    """
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("policy", FEB)
    r = rule(decision_of(gate_ws.root), "must")
    assert r.passed
    assert "covered" not in r.message
    assert r.message == (
        "none of the 2 must-have requirements applies (not applicable: "
        "eu-ai-act-annex-xi:XI.2.1, eu-ai-act-annex-xi:XI.2.2)"
    )
    assert r.observed == "0 covered, 2 not applicable of 2"
    assert [n.split(" is ")[0] for n in r.notes] == [
        "eu-ai-act-annex-xi:XI.2.1",
        "eu-ai-act-annex-xi:XI.2.2",
    ]


def test_must_have_counts_covered_and_not_applicable_requirements_apart(gate_ws):
    policy = """
    rules:
      - id: must
        kind: must-have
        requirements: [eu-ai-act-annex-xi:XI.1.1(a), eu-ai-act-annex-xi:XI.2.1]
    """
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("policy", FEB)
    r = rule(decision_of(gate_ws.root), "must")
    assert r.passed
    assert r.observed == "1 covered, 1 not applicable of 2"
    assert r.message == (
        "1 covered, 1 not applicable of 2 must-have requirements "
        "(not applicable: eu-ai-act-annex-xi:XI.2.1)"
    )
