"""The run-integrity rule on real Inspect logs: a mock model, an incomplete run, a failed run."""

from __future__ import annotations

from gate_helpers import decision_of, project_yaml, rule, run_gate

LATER = "2026-12-05T10:00:00+00:00"


def with_models(text: str, *ids: str) -> str:
    listed = ", ".join(ids)
    return text.replace("system:\n", f"system:\n  model_ids: [{listed}]\n", 1)


def policy(*paths: str, extra: tuple[str, ...] = ()) -> str:
    lines = ["rules:", "  - id: integrity", "    kind: run-integrity", "    evidence:"]
    lines += [f"      - {p}" for p in paths]
    lines += [f"    {e}" for e in extra]
    return "\n".join(lines) + "\n"


def test_a_log_of_the_mock_model_fails_and_names_the_model(gate_ws, inspect_log):
    gate_ws.write("evidence/evals/qa.eval", inspect_log("safety_qa.eval"))
    gate_ws.write(
        "compliance.yaml",
        with_models(project_yaml(policy("evidence/evals/qa.eval")), "northwind/halcyon-2"),
    )
    gate_ws.commit("log", LATER)
    r = rule(decision_of(gate_ws.root), "integrity")
    assert not r.passed
    assert (
        "evidence/evals/qa.eval: evaluated model 'mockllm/model' is a mock model, not the "
        "release's model (northwind/halcyon-2)" in r.message
    )


def test_the_same_log_passes_when_its_model_is_the_releases(gate_ws, inspect_log):
    gate_ws.write("evidence/evals/qa.eval", inspect_log("safety_qa.eval"))
    gate_ws.write(
        "compliance.yaml",
        with_models(project_yaml(policy("evidence/evals/qa.eval")), "mockllm/model"),
    )
    gate_ws.commit("log", LATER)
    r = rule(decision_of(gate_ws.root), "integrity")
    assert r.passed, r.message
    assert "success, 6/6 completed, 0 errored, model mockllm/model" in r.observed


def test_an_incomplete_log_with_errored_samples_is_named(gate_ws, inspect_log):
    gate_ws.write("evidence/evals/partial.eval", inspect_log("partial_errors.eval"))
    gate_ws.write(
        "compliance.yaml",
        with_models(project_yaml(policy("evidence/evals/partial.eval")), "mockllm/model"),
    )
    gate_ws.commit("log", LATER)
    r = rule(decision_of(gate_ws.root), "integrity")
    assert not r.passed
    assert "evidence/evals/partial.eval: only 16 of 20 samples completed" in r.message
    assert "4 samples ended in an error, over the limit of 0" in r.message


def test_errored_samples_within_the_limit_pass_when_completeness_is_not_required(
    gate_ws, inspect_log
):
    extra = ("max_errored_samples: 4", "require_complete: false")
    gate_ws.write("evidence/evals/partial.eval", inspect_log("partial_errors.eval"))
    gate_ws.write(
        "compliance.yaml",
        with_models(
            project_yaml(policy("evidence/evals/partial.eval", extra=extra)), "mockllm/model"
        ),
    )
    gate_ws.commit("log", LATER)
    assert rule(decision_of(gate_ws.root), "integrity").passed


def test_a_run_that_ended_in_error_is_named(gate_ws, inspect_log):
    gate_ws.write("evidence/evals/crash.eval", inspect_log("crashing.eval"))
    gate_ws.write(
        "compliance.yaml",
        with_models(project_yaml(policy("evidence/evals/crash.eval")), "mockllm/model"),
    )
    gate_ws.commit("log", LATER)
    r = rule(decision_of(gate_ws.root), "integrity")
    assert not r.passed
    assert "evidence/evals/crash.eval: run status is 'error', not 'success'" in r.message


def test_an_invalidated_log_is_named(gate_ws, inspect_log):
    gate_ws.write("evidence/evals/inv.eval", inspect_log("invalidated.eval"))
    gate_ws.write(
        "compliance.yaml",
        with_models(project_yaml(policy("evidence/evals/inv.eval")), "mockllm/model"),
    )
    gate_ws.commit("log", LATER)
    r = rule(decision_of(gate_ws.root), "integrity")
    assert "1 sample was invalidated after the run" in r.message


def test_without_declared_model_ids_the_rule_is_an_input_error_at_its_line(gate_ws, inspect_log):
    gate_ws.write("evidence/evals/qa.eval", inspect_log("safety_qa.eval"))
    gate_ws.write("compliance.yaml", project_yaml(policy("evidence/evals/qa.eval")))
    gate_ws.commit("log", LATER)
    result = run_gate(gate_ws.root)
    assert result.exit_code == 2
    assert "system.model_ids is not declared" in result.stderr
    assert "compliance.yaml:" in result.stderr


def test_by_default_the_rule_checks_every_log_an_evaluation_rule_reads(gate_ws, inspect_log):
    text = """
    rules:
      - id: qa
        kind: metric
        evidence: evidence/evals/qa.eval
        metric: includes/accuracy
        threshold: 0.1
      - id: integrity
        kind: run-integrity
    """
    gate_ws.write("evidence/evals/qa.eval", inspect_log("safety_qa.eval"))
    gate_ws.write("compliance.yaml", with_models(project_yaml(text), "northwind/halcyon-2"))
    gate_ws.commit("log", LATER)
    r = rule(decision_of(gate_ws.root), "integrity")
    assert [e.path for e in r.evidence] == ["evidence/evals/qa.eval"]
    assert "'mockllm/model' is a mock model" in r.message
