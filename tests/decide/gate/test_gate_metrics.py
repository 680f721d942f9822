"""Metric and slice-parity rules on real evaluation logs committed to real git history."""

from __future__ import annotations

from gate_helpers import SLICES_CSV, decision_of, project_yaml, rule, run_gate

from compliance.decide.decision import Verdict

DEC = "2026-12-01T10:00:00+00:00"
LATER = "2026-12-05T10:00:00+00:00"

METRIC_POLICY = """
rules:
  - id: refusal-overall
    kind: metric
    evidence: evidence/evals/refusals.csv
    metric: refusal_rate
    threshold: 0.9
    min_samples: 1000
"""


def test_a_metric_above_its_threshold_passes_and_names_the_file_hash_and_commit(gate_ws):
    gate_ws.write("evidence/evals/refusals.csv", SLICES_CSV)
    gate_ws.write("compliance.yaml", project_yaml(METRIC_POLICY))
    sha = gate_ws.commit("evals and policy", DEC)
    d = decision_of(gate_ws.root)
    r = rule(d, "refusal-overall")
    assert r.passed
    assert d.verdict == Verdict.GO
    assert r.observed.startswith("overall 0.95")
    assert r.threshold == ">= 0.9 on >= 1000 samples"
    assert r.evidence[0].path == "evidence/evals/refusals.csv"
    assert r.evidence[0].commit == sha
    assert len(r.evidence[0].sha256 or "") == 64
    assert r.location == "compliance.yaml:26"


def test_a_metric_below_its_threshold_is_a_blocking_failure(gate_ws):
    gate_ws.write("evidence/evals/refusals.csv", SLICES_CSV)
    gate_ws.write("compliance.yaml", project_yaml(METRIC_POLICY.replace("0.9", "0.99")))
    gate_ws.commit("evals and policy", DEC)
    d = decision_of(gate_ws.root)
    assert d.verdict == Verdict.NO_GO
    assert "0.95 is not >= 0.99" in rule(d, "refusal-overall").message


def test_a_slice_failing_while_the_average_passes_fails_parity(gate_ws):
    policy = """
    rules:
      - id: refusal-overall
        kind: metric
        evidence: evidence/evals/refusals.csv
        metric: refusal_rate
        threshold: 0.9
      - id: language-parity
        kind: slice-parity
        severity: condition
        evidence: evidence/evals/refusals.csv
        metric: refusal_rate
        slice_by: language
        max_gap: 0.05
    """
    gate_ws.write("evidence/evals/refusals.csv", SLICES_CSV)
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("evals and policy", DEC)
    d = decision_of(gate_ws.root)
    assert rule(d, "refusal-overall").passed
    parity = rule(d, "language-parity")
    assert not parity.passed
    assert "language=sw is 0.77, 0.18 below overall 0.95" in parity.message
    assert "de" not in parity.message
    assert d.verdict == Verdict.CONDITIONAL_GO
    assert [c.rule for c in d.conditions] == ["language-parity"]


def test_parity_against_a_reference_slice_and_per_slice_thresholds(gate_ws):
    policy = """
    rules:
      - id: parity-vs-en
        kind: slice-parity
        evidence: evidence/evals/refusals.csv
        metric: refusal_rate
        slice_by: language
        reference: en
        max_gap: 0.25
      - id: every-language
        kind: metric
        evidence: evidence/evals/refusals.csv
        metric: refusal_rate
        per_slice: language
        threshold: 0.8
    """
    gate_ws.write("evidence/evals/refusals.csv", SLICES_CSV)
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("evals and policy", DEC)
    d = decision_of(gate_ws.root)
    assert rule(d, "parity-vs-en").passed
    every = rule(d, "every-language")
    assert not every.passed
    assert "language=sw 0.77 is not >= 0.8" in every.message
    assert "language=de" not in every.message


def test_too_few_samples_fail_a_threshold_meant_for_thousands(gate_ws):
    policy = """
    rules:
      - id: swahili-refusals
        kind: metric
        evidence: evidence/evals/refusals.csv
        metric: refusal_rate
        slice: {language: sw}
        threshold: 0.7
        min_samples: 1000
    """
    gate_ws.write("evidence/evals/refusals.csv", SLICES_CSV)
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("evals and policy", DEC)
    r = rule(decision_of(gate_ws.root), "swahili-refusals")
    assert not r.passed
    assert "rests on 400 samples, fewer than the 1000 required" in r.message
    assert "0.77 is not" not in r.message  # the value itself passes


def test_an_inspect_log_is_judged_on_its_scorer_metric_and_sample_count(gate_ws, inspect_log):
    policy = """
    rules:
      - id: safety-qa
        kind: metric
        evidence: evidence/evals/safety_qa.eval
        metric: includes/accuracy
        threshold: 0.5
      - id: safety-qa-samples
        kind: metric
        severity: condition
        evidence: evidence/evals/safety_qa.eval
        metric: includes/accuracy
        threshold: 0.5
        min_samples: 12
    """
    gate_ws.write("evidence/evals/safety_qa.eval", inspect_log("safety_qa.eval"))
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("inspect log", DEC)
    d = decision_of(gate_ws.root)
    assert rule(d, "safety-qa").passed
    assert "run on 2026-11-27 (run time)" in rule(d, "safety-qa").notes[-1]
    samples = rule(d, "safety-qa-samples")
    assert "overall rests on 6 samples, fewer than the 12 required" in samples.message
    assert d.verdict == Verdict.CONDITIONAL_GO


def test_a_plain_name_two_scorers_report_is_an_input_error(gate_ws, inspect_log):
    policy = """
    rules:
      - id: safety-qa
        kind: metric
        evidence: evidence/evals/safety_qa.json
        metric: accuracy
        threshold: 0.5
    """
    gate_ws.write("evidence/evals/safety_qa.json", inspect_log("safety_qa.json"))
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("inspect log", DEC)
    run = run_gate(gate_ws.root)
    assert run.exit_code == 2
    assert "evidence/evals/safety_qa.json: metric name 'accuracy' is ambiguous" in run.stderr
    assert run.stdout == ""


def test_a_threshold_changed_after_the_log_was_committed_is_called_out(gate_ws):
    gate_ws.write("evidence/evals/refusals.csv", SLICES_CSV)
    gate_ws.write("compliance.yaml", project_yaml(METRIC_POLICY))
    log_commit = gate_ws.commit("evals and policy", DEC)
    # the team lowers the bar once it has seen the numbers
    gate_ws.write("compliance.yaml", project_yaml(METRIC_POLICY.replace("0.9", "0.5")))
    policy_commit = gate_ws.commit("relax threshold", LATER)
    r = rule(decision_of(gate_ws.root), "refusal-overall")
    assert r.passed
    changed = [n for n in r.notes if n.startswith("threshold changed after the evaluation")]
    assert len(changed) == 1
    assert "compliance.yaml:26" in changed[0]
    assert policy_commit[:12] in changed[0] and log_commit[:12] in changed[0]


def test_a_threshold_fixed_before_the_log_is_not_called_out(gate_ws):
    gate_ws.write("compliance.yaml", project_yaml(METRIC_POLICY))
    gate_ws.write("evidence/evals/refusals.csv", "metric,value\nrefusal_rate,0.1\n")
    gate_ws.commit("policy first", DEC)
    gate_ws.write("evidence/evals/refusals.csv", SLICES_CSV)
    gate_ws.commit("then the evaluation", LATER)
    r = rule(decision_of(gate_ws.root), "refusal-overall")
    assert not any("threshold" in n for n in r.notes)


def test_an_uncommitted_threshold_is_called_out(gate_ws):
    gate_ws.write("evidence/evals/refusals.csv", SLICES_CSV)
    gate_ws.write("compliance.yaml", project_yaml(METRIC_POLICY))
    gate_ws.commit("evals and policy", DEC)
    gate_ws.write("compliance.yaml", project_yaml(METRIC_POLICY.replace("0.9", "0.8")))
    r = rule(decision_of(gate_ws.root), "refusal-overall")
    assert any(n.startswith("threshold not fixed") for n in r.notes)


def test_an_old_run_is_stale_by_its_run_time_not_its_commit_date(gate_ws):
    policy = """
    rules:
      - id: fresh-eval
        kind: metric
        evidence: evidence/evals/run.json
        metric: refusal_rate
        threshold: 0.9
        max_age_days: 30
    """
    metrics = (
        '{"created": "2026-09-01T00:00:00Z", "metrics": '
        '[{"metric": "refusal_rate", "value": 0.95, "samples": 100}]}'
    )
    gate_ws.write("evidence/evals/run.json", metrics)
    gate_ws.write("compliance.yaml", project_yaml(policy))
    gate_ws.commit("an old run committed today", DEC)
    r = rule(decision_of(gate_ws.root), "fresh-eval")
    assert not r.passed
    assert "stale: run 91 days before the assessment, over 30" in r.message


def test_the_gate_can_decide_a_workspace_read_from_an_older_commit(gate_ws):
    from compliance.pipeline import run

    gate_ws.write("evidence/evals/refusals.csv", SLICES_CSV)
    gate_ws.write("compliance.yaml", project_yaml(METRIC_POLICY))
    first = gate_ws.commit("good run", DEC)
    gate_ws.write("evidence/evals/refusals.csv", SLICES_CSV.replace("0.95,2400", "0.5,2400"))
    gate_ws.commit("bad run", LATER)
    old = run(gate_ws.root, first).decision
    assert rule(old, "refusal-overall").passed
    assert old.commit == first
    assert not rule(decision_of(gate_ws.root), "refusal-overall").passed
