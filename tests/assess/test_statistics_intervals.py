"""Intervals and verdicts against published reference values."""

from __future__ import annotations

import math

import pytest

from compliance.assess.statistics import (
    THIN_SAMPLE_MINIMUM,
    difference,
    from_stderr,
    judge,
    proportion,
    thin_sample,
)

# Newcombe RG (1998a), "Two-sided confidence intervals for the single proportion: comparison
# of seven methods", Stat Med 17:857-872, Table I, method 3 (Wilson score, no continuity
# correction), printed to four decimals.
NEWCOMBE_1998A_WILSON = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
]


@pytest.mark.parametrize(("successes", "n", "low", "high"), NEWCOMBE_1998A_WILSON)
def test_wilson_interval_matches_newcombe_1998a_table_i(
    successes: int, n: int, low: float, high: float
) -> None:
    estimate = proportion(successes, n)
    assert estimate.method == "wilson"
    assert (round(estimate.low, 4), round(estimate.high, 4)) == (low, high)
    assert estimate.value == successes / n
    assert estimate.n == n
    assert estimate.confidence == 0.95


def test_clopper_pearson_interval_for_81_of_263_matches_newcombe_1998a() -> None:
    # Newcombe (1998a) Table I, method 5 ("exact", Clopper-Pearson) for 81/263: 0.2527-0.3676
    estimate = proportion(81, 263, method="beta")
    assert estimate.method == "clopper-pearson"
    assert (round(estimate.low, 4), round(estimate.high, 4)) == (0.2527, 0.3676)
    assert proportion(81, 263, method="clopper-pearson") == estimate


def test_newcombe_difference_for_56_of_70_vs_48_of_80_matches_newcombe_1998b() -> None:
    # Newcombe RG (1998b), "Interval estimation for the difference between independent
    # proportions: comparison of eleven methods", Stat Med 17:873-890, Table II example (a),
    # method 10 (hybrid score, no continuity correction): 0.0524 to 0.3339.
    result = difference(56, 70, 48, 80)
    assert result.value == pytest.approx(0.2)
    assert (round(result.low, 4), round(result.high, 4)) == (0.0524, 0.3339)
    assert result.method == "newcombe"
    assert result.clear


def test_newcombe_difference_for_7_of_34_vs_1_of_34_matches_fagerland_2015() -> None:
    # Fagerland, Lydersen & Laake (2015), "Recommended confidence intervals for two
    # independent binomial proportions", Stat Methods Med Res 24(2); Newcombe hybrid score
    # 0.019 to 0.34 (as quoted in statsmodels' own test_proportion.py).
    result = difference(7, 34, 1, 34)
    assert (round(result.low, 3), round(result.high, 2)) == (0.019, 0.34)


def test_difference_is_not_clear_when_its_interval_contains_zero() -> None:
    result = difference(50, 100, 48, 100)
    assert result.low < 0 < result.high
    assert not result.clear


def test_difference_of_a_worse_proportion_is_clear_below_zero() -> None:
    result = difference(10, 100, 60, 100)
    assert result.high < 0
    assert result.clear


def test_from_stderr_gives_a_symmetric_normal_interval() -> None:
    estimate = from_stderr(0.9, 0.01, 400)
    assert estimate.low == pytest.approx(0.9 - 1.959964 * 0.01, abs=1e-6)
    assert estimate.high == pytest.approx(0.9 + 1.959964 * 0.01, abs=1e-6)
    assert estimate.n == 400
    assert "stderr" in estimate.method


def test_a_rule_that_passes_on_the_point_fails_on_the_wilson_lower_bound() -> None:
    estimate = proportion(858, 900)  # 0.9533
    assert round(estimate.value, 3) == 0.953
    on_point = judge(estimate, 0.95, ">=", judge="point")
    on_bound = judge(estimate, 0.95, ">=", judge="lower-bound")
    assert on_point.passes and on_point.borderline
    assert not on_bound.passes and on_bound.borderline
    assert on_bound.judged_value == estimate.low
    assert on_bound.explanation.startswith("Fails: the lower bound 0.9375 is below the threshold")
    assert "n=900" in on_bound.explanation


def test_a_comfortable_pass_is_not_borderline() -> None:
    verdict = judge(proportion(990, 1000), 0.95, ">=", judge="lower-bound")
    assert verdict.passes and not verdict.borderline
    assert verdict.explanation.count(".") >= 1 and "borderline" not in verdict.explanation


def test_an_upper_limit_rule_judges_the_upper_bound() -> None:
    attack_success = proportion(8, 400)  # 0.02, Wilson upper about 0.039
    assert judge(attack_success, 0.05, "<=", judge="upper-bound").passes
    tight = judge(attack_success, 0.03, "<=", judge="upper-bound")
    assert not tight.passes and tight.borderline
    assert "above the threshold" in tight.explanation


def test_a_thin_sample_is_one_below_the_documented_minimum() -> None:
    assert THIN_SAMPLE_MINIMUM == 30
    assert thin_sample(29) and not thin_sample(30)
    assert proportion(10, 12).thin_sample


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: proportion(0, 0), "n must be > 0"),
        (lambda: proportion(5, 4), "cannot exceed"),
        (lambda: proportion(-1, 4), "successes must be >= 0"),
        (lambda: proportion(1.5, 4), "whole number"),
        (lambda: proportion(True, 4), "whole number"),
        (lambda: proportion(1, 4, method="wald"), "unknown interval method"),
        (lambda: proportion(1, 4, confidence=1.0), "confidence"),
        (lambda: from_stderr(math.nan, 0.1, 10), "value must be finite"),
        (lambda: from_stderr(0.5, math.inf, 10), "stderr must be finite"),
        (lambda: from_stderr(0.5, -0.1, 10), "stderr must be >= 0"),
        (lambda: from_stderr(0.5, 0.1, 0), "n must be > 0"),
        (lambda: difference(1, 0, 1, 2), "n must be > 0"),
        (lambda: judge(proportion(1, 2), math.nan), "threshold must be finite"),
        (lambda: judge(proportion(1, 2), 0.5, "=="), "direction"),  # type: ignore[arg-type]
        (lambda: judge(proportion(1, 2), 0.5, judge="mean"), "judge"),  # type: ignore[arg-type]
    ],
)
def test_bad_inputs_are_refused_with_a_clear_value_error(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]
