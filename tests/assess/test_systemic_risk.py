"""The systemic risk acceptance determination and pre-registration, from real git histories."""

from __future__ import annotations

import json

from click.testing import CliRunner
from statsmodels.stats.proportion import proportion_confint

from compliance.assess.systemic_risk import RiskDetermination
from compliance.cli.main import main
from compliance.pipeline import run
from tests.systemic_risk_helpers import CSV_PATH, JSON_PATH, register, results_csv, results_json

FEB = "2026-02-10T09:00:00+00:00"
MAR = "2026-03-02T09:00:00+00:00"


def _determination(root, revision: str | None = "HEAD") -> RiskDetermination:
    (d,) = run(root, revision).assessment.systemic_risks
    return d


def _criteria_then_results(repo, register_text: str, csv_text: str) -> None:
    repo.write("risks/register.yaml", register_text)
    repo.write(CSV_PATH, "metric,value,samples\nsolve_rate,0,1\n")  # placeholder run
    repo.commit("criteria", FEB)
    repo.write(CSV_PATH, csv_text)
    repo.commit("results", MAR)


def test_a_tier_is_reached_when_its_interval_comes_within_the_margin_though_the_point_does_not(
    starter,
):
    _criteria_then_results(starter, register(), results_csv("0.2167", "120"))
    d = _determination(starter.root)
    t1, t2 = d.tiers
    assert t1.reached is True and t1.interval_decides
    assert t1.reach_at == 0.30 - 0.05
    (ind,) = t1.indicators
    low, high = proportion_confint(26, 120, method="wilson")
    assert ind.estimate is not None and ind.estimate.n == 120
    assert abs(ind.estimate.low - low) < 1e-9 and abs(ind.estimate.high - high) < 1e-9
    assert ind.judged_on == "upper bound" and ind.point_reached is False
    assert t2.reached is False
    assert d.highest_reached is t1 and d.has_unreached_tier
    assert d.acceptable  # CTL-DOC-01, the reached tier's mitigation, is covered


def test_a_result_far_below_the_trigger_reaches_no_tier_and_the_shape_is_plain_json(starter):
    _criteria_then_results(starter, register(), results_csv("0.04", "150"))
    d = _determination(starter.root)
    assert [t.reached for t in d.tiers] == [False, False]
    shape = d.as_dict()
    assert shape["highest_reached"] is None and shape["acceptable"] is True
    tier = shape["tiers"][0]
    assert tier["indicators"][0]["estimate"]["n"] == 150
    assert tier["preregistration"][0]["registered"] is True
    assert set(tier) >= {"id", "trigger", "direction", "safety_margin", "reach_at", "reached"}


def test_direction_at_most_judges_the_lower_bound_of_the_interval(starter):
    text = register(trigger="0.80", direction="<=", margin="0.03", second_trigger="0.10")
    _criteria_then_results(starter, text, results_csv("0.86", "400"))
    t1, t2 = _determination(starter.root).tiers
    low, _ = proportion_confint(344, 400, method="wilson")
    assert t1.indicators[0].judged_on == "lower bound"
    assert abs(t1.indicators[0].judged_value - low) < 1e-9
    assert low <= 0.83 and t1.reached is True and t1.interval_decides
    assert t2.reached is False


def test_a_figure_without_a_sample_count_is_judged_on_its_point(starter):
    _criteria_then_results(starter, register(), "metric,value\nsolve_rate,0.2167\n")
    t1 = _determination(starter.root).tiers[0]
    assert t1.indicators[0].estimate is None
    assert t1.indicators[0].judged_on == "point (no interval)"
    assert t1.reached is False


def test_every_tier_reached_is_a_check_finding_that_cites_measure_4_1(starter):
    _criteria_then_results(starter, register(second_trigger="0.25"), results_csv("0.2167", "120"))
    result = run(starter.root, "HEAD").assessment
    assert any(
        "every tier is reached" in f and "Measure 4.1" in f and "RISK-001" in f
        for f in result.obligation_findings
    )
    out = CliRunner().invoke(
        main, ["check", "--project", str(starter.root), "--format", "json", "--no-cache"]
    )
    assert out.exit_code == 1
    findings = json.loads(out.stdout)["obligation_findings"]
    assert any("RISK-001" in f and "every tier is reached" in f for f in findings)


def test_a_criterion_committed_after_its_evaluation_ran_is_not_pre_registered(starter):
    # the results (run on 1 March, by their own header) are committed before the criterion
    starter.write(JSON_PATH, results_json("2026-03-01T10:00:00Z"))
    starter.commit("results", "2026-03-02T09:00:00+00:00")
    starter.write("risks/register.yaml", register(evidence=JSON_PATH))
    starter.commit("criteria, afterwards", "2026-03-05T09:00:00+00:00")
    d = _determination(starter.root)
    p = d.tiers[0].preregistration[0]
    assert not p.registered and p.run_basis == "run time"
    assert "not before the evaluation" in p.message and "2026-03-01T10:00:00+00:00" in p.message
    assert p.criterion_at.startswith("risks/register.yaml:")


def test_a_criterion_committed_before_the_run_time_the_log_states_is_pre_registered(starter):
    starter.write("risks/register.yaml", register(evidence=JSON_PATH))
    starter.write(JSON_PATH, results_json("2026-01-01T00:00:00Z", value=0.0, samples=1))
    starter.commit("criteria", "2026-02-20T09:00:00+00:00")
    starter.write(JSON_PATH, results_json("2026-03-01T10:00:00Z"))
    starter.commit("results", "2026-03-02T09:00:00+00:00")
    assert all(p.registered for p in _determination(starter.root).tiers[0].preregistration)


def test_moving_a_trigger_after_the_results_breaks_pre_registration_at_the_trigger_line(starter):
    _criteria_then_results(starter, register(), results_csv("0.2167", "120"))
    starter.write("risks/register.yaml", register(trigger="0.35"))
    starter.commit("raise the trigger after seeing the results", "2026-03-05T09:00:00+00:00")
    p = _determination(starter.root).tiers[0].preregistration[0]
    assert not p.registered
    line = next(
        n
        for n, text in enumerate((starter.root / "risks/register.yaml").read_text().splitlines(), 1)
        if "trigger: 0.35" in text
    )
    assert p.criterion_at == f"risks/register.yaml:{line}"


def test_criteria_committed_together_with_results_that_state_no_run_time_are_not_registered(
    starter,
):
    starter.write("risks/register.yaml", register())
    starter.write(CSV_PATH, results_csv())
    starter.commit("criteria and results at once", MAR)
    p = _determination(starter.root).tiers[0].preregistration[0]
    assert not p.registered and p.run_basis == "results commit"


def test_an_uncommitted_criterion_is_not_registered_in_a_working_tree_run(starter):
    _criteria_then_results(starter, register(), results_csv())
    starter.write("risks/register.yaml", register(margin="0.02"))
    p = _determination(starter.root, revision=None).tiers[0].preregistration[0]
    assert not p.registered and "is not committed" in p.message
