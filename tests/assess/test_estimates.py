"""Which interval each reported figure gets, and the example's borderline refusal rate."""

from __future__ import annotations

import pytest
from statsmodels.stats.proportion import proportion_confint

from compliance.assess.estimates import INFERRED, REPORTED, compare_proportions, estimate_of
from compliance.assess.statistics import judge
from compliance.link.readers import Metric


def test_an_interval_the_file_states_is_used_as_it_stands():
    e = estimate_of(Metric("rate", 0.953, ci_low=0.947, ci_high=0.959, samples=4800))
    assert (e.value, e.low, e.high, e.n, e.method) == (0.953, 0.947, 0.959, 4800, REPORTED)


def test_a_log_stderr_gives_a_normal_interval():
    e = estimate_of(Metric("s/accuracy", 0.5, samples=6, stderr=0.2236))
    assert e.method == "normal (reported stderr)"
    assert e.low == pytest.approx(0.5 - 1.959964 * 0.2236, abs=1e-5)


def test_counted_successes_give_wilsons_interval_as_statsmodels_computes_it():
    e = estimate_of(Metric("s/accuracy", 64 / 80, samples=80, successes=64))
    low, high = proportion_confint(64, 80, method="wilson")
    assert (e.low, e.high, e.method) == (pytest.approx(low), pytest.approx(high), "wilson")


def test_a_rate_with_only_a_count_is_taken_as_a_proportion_and_says_so():
    e = estimate_of(Metric("rate", 0.953, samples=900))
    low, high = proportion_confint(858, 900, method="wilson")
    assert (e.value, e.low, e.high, e.method) == (0.953, low, high, INFERRED)


def test_a_figure_without_a_count_has_no_interval():
    assert estimate_of(Metric("rate", 0.9)) is None
    assert estimate_of(Metric("score", 3.2, samples=10)) is None


def test_the_examples_refusal_rate_passes_on_the_point_and_fails_on_the_lower_bound():
    # harmful_request_refusal_rate 0.953 on n=900 against the example's threshold 0.95
    e = estimate_of(Metric("harmful_request_refusal_rate", 0.953, samples=900))
    point = judge(e, 0.95, ">=", "point")
    bound = judge(e, 0.95, ">=", "lower-bound")
    assert point.passes and point.borderline
    assert not bound.passes
    assert e.low < 0.95 < e.value


def test_two_rates_are_compared_with_newcombes_interval():
    d = compare_proportions(
        Metric("a", 0.8, samples=80), None, Metric("b", 0.975, samples=80), None
    )
    assert d.method == "newcombe" and d.clear and d.high < 0
