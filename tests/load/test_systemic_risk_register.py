"""A systemic risk's tiers are checked when the register loads: every problem at its line."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.core.errors import InputError
from compliance.load.workspace import load_workspace
from tests.systemic_risk_helpers import CSV_PATH, register, results_csv


def _write(repo, text: str, with_results: bool = True) -> None:
    repo.write("risks/register.yaml", text)
    if with_results:
        repo.write(CSV_PATH, results_csv())


def _line_of(repo, needle: str, nth: int = 0) -> int:
    lines = (repo.root / "risks/register.yaml").read_text().splitlines()
    return [n for n, text in enumerate(lines, 1) if needle in text][nth]


def errors_of(root) -> list[str]:
    with pytest.raises(InputError) as info:
        load_workspace(root)
    return [str(p) for p in info.value.problems]


def test_a_register_with_a_systemic_risk_loads_with_its_tiers(starter):
    _write(starter, register())
    (lr,) = load_workspace(starter.root).risks
    assert lr.risk.systemic is not None
    assert [t.id for t in lr.risk.systemic.tiers] == ["T1", "T2"]
    assert lr.risk.systemic.tiers[0].indicators[0].evidence == CSV_PATH


def test_an_unknown_mitigation_control_is_an_error_at_its_line_and_column(starter):
    _write(starter, register(mitigations="[CTL-DOC-01, CTL-DOC-1]"))
    line = _line_of(starter, "mitigations: [CTL-DOC-01, CTL-DOC-1]")
    errors = errors_of(starter.root)
    assert errors[0] == (
        f"risks/register.yaml:{line}:37: tier 'T1' of risk 'RISK-001' names unknown control "
        "'CTL-DOC-1'; did you mean 'CTL-DOC-01'?"
    )


def test_an_evaluation_that_does_not_exist_is_an_error_at_its_line(starter):
    _write(starter, register(evidence="evidence/evals/ctf.csv"), with_results=False)
    line = _line_of(starter, "evidence: evidence/evals/ctf.csv")
    errors = errors_of(starter.root)
    assert errors[0].startswith(f"risks/register.yaml:{line}:25: tier 'T1' names evaluation")
    assert "does not exist" in errors[0]


def test_a_category_that_is_not_a_specified_systemic_risk_is_refused_with_a_suggestion(starter):
    _write(starter, register(category="cyber-ofence"))
    line = _line_of(starter, "category: cyber-ofence")
    (msg,) = errors_of(starter.root)
    assert msg.startswith(f"risks/register.yaml:{line}:17: 'cyber-ofence' is not a specified")
    assert "did you mean 'cyber-offence'?" in msg


def test_a_metric_the_evaluation_does_not_have_is_an_error_at_the_tier_line(starter):
    _write(starter, register(metric="solve_rat"))
    starter.commit("criteria and results")
    from compliance.pipeline import run

    with pytest.raises(InputError) as info:
        run(starter.root, "HEAD")
    line = _line_of(starter, "metric: solve_rat")
    msg = str(info.value.problems[0])
    assert msg.startswith(f"risks/register.yaml:{line}:23: tier 'T1': no metric 'solve_rat'")
    assert "available: solve_rate" in msg


def test_duplicate_tier_ids_in_one_risk_are_refused(starter):
    _write(starter, register().replace("- id: T2", "- id: T1"))
    (msg,) = errors_of(starter.root)
    assert "tier id 'T1' is used twice" in msg


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    trigger=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    margin=st.floats(min_value=0, max_value=1e3, allow_nan=False),
    direction=st.sampled_from([">=", "<="]),
)
def test_any_finite_trigger_and_margin_round_trip_through_the_loader(
    starter, trigger, margin, direction
):
    _write(starter, register(trigger=repr(trigger), margin=repr(margin), direction=direction))
    (lr,) = load_workspace(starter.root).risks
    assert lr.risk.systemic is not None
    tier = lr.risk.systemic.tiers[0]
    assert (tier.trigger, tier.direction, lr.risk.systemic.safety_margin) == (
        trigger,
        direction,
        margin,
    )


def test_a_negative_safety_margin_is_refused_at_its_line(starter):
    _write(starter, register(margin="-0.05"))
    line = _line_of(starter, "safety_margin: -0.05")
    (msg,) = errors_of(starter.root)
    assert msg.startswith(f"risks/register.yaml:{line}:")
