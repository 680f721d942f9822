"""Wide metrics CSV (one column per metric) beside the long format, through one CSV reader."""

from __future__ import annotations

import pytest

from compliance.core.errors import InputError
from compliance.link.readers import read_evaluation
from compliance.link.readers.plain_metrics import MetricsCsvReader

PATH = "evidence/evals/refusal-by-language.csv"
WIDE = b"""language,harmful_request_refusal_rate,samples
,0.953,4800
en,0.97,2400
sw,0.91,900
"""


def test_a_wide_csv_gives_one_metric_per_row_and_column_with_its_samples() -> None:
    result = read_evaluation(PATH, WIDE)
    got = {(m.name, tuple(sorted(m.slice.items())), m.value, m.samples) for m in result.metrics}
    assert got == {
        ("harmful_request_refusal_rate", (), 0.953, 4800),
        ("harmful_request_refusal_rate", (("language", "en"),), 0.97, 2400),
        ("harmful_request_refusal_rate", (("language", "sw"),), 0.91, 900),
    }


def test_a_wide_csv_takes_n_as_the_count_and_several_metric_columns() -> None:
    data = b"harm_category,refusal_rate,over_refusal_rate,n\nweapons,0.99,0.02,300\n"
    metrics = {m.name: m for m in MetricsCsvReader().read(PATH, data).metrics}
    assert set(metrics) == {"refusal_rate", "over_refusal_rate"}
    assert metrics["over_refusal_rate"].samples == 300
    assert metrics["refusal_rate"].slice == {"harm_category": "weapons"}


def test_an_empty_wide_cell_means_that_row_did_not_measure_the_metric() -> None:
    data = b"language,a,b,samples\nen,0.9,,100\n"
    assert [m.name for m in MetricsCsvReader().read(PATH, data).metrics] == ["a"]


def test_a_bad_wide_cell_is_reported_at_its_line_naming_the_column() -> None:
    data = b"language,refusal_rate,samples\nen,0.9,100\nsw,high,many\n"
    with pytest.raises(InputError) as caught:
        MetricsCsvReader().read(PATH, data)
    (problem,) = caught.value.problems
    assert problem.line == 3
    assert "row 3, column 'refusal_rate'" in problem.message
    assert "value 'high' is not a number" in problem.message
    assert "samples 'many' is not a whole number" in problem.message


def test_a_wide_csv_without_a_metric_column_says_what_both_formats_look_like() -> None:
    with pytest.raises(InputError) as caught:
        MetricsCsvReader().read(PATH, b"language,samples\nen,100\n")
    (problem,) = caught.value.problems
    assert problem.message == "no metric column"
    assert "long format" in problem.hint and "wide format" in problem.hint


def test_an_interval_is_refused_in_a_wide_csv_with_several_metrics() -> None:
    with pytest.raises(InputError, match="ci_low/ci_high"):
        MetricsCsvReader().read(PATH, b"a,b,ci_low\n0.9,0.8,0.7\n")


def test_an_interval_in_a_wide_csv_with_one_metric_belongs_to_it() -> None:
    (metric,) = MetricsCsvReader().read(PATH, b"a,ci_low,ci_high,n\n0.9,0.85,0.93,400\n").metrics
    assert (metric.ci_low, metric.ci_high, metric.samples) == (0.85, 0.93, 400)


def test_the_long_format_and_its_messages_are_unchanged() -> None:
    long = b"metric,value,samples,language\nharmful_request_refusal_rate,0.91,900,sw\n"
    (metric,) = MetricsCsvReader().read(PATH, long).metrics
    assert (metric.value, metric.samples, metric.slice) == (0.91, 900, {"language": "sw"})
    with pytest.raises(InputError, match="unknown column 'vlaue'"):
        MetricsCsvReader().read(PATH, b"metric,vlaue\na,1\n")
