"""Slices computed from the samples of logs written by inspect_ai itself agree with what
inspect_ai's own reader gives for the same samples (tests/data/inspect/make_sliced_logs.py)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from compliance.core.errors import InputError
from compliance.link.readers import read_evaluation

DATA = Path(__file__).resolve().parents[2] / "data" / "inspect"
SCORER = "planted_refusal"
NAME = f"{SCORER}/accuracy"

inspect_log = pytest.importorskip("inspect_ai.log")
inspect_scorer = pytest.importorskip("inspect_ai.scorer")


def ours(name: str):
    return read_evaluation(f"evidence/{name}", (DATA / name).read_bytes())


def inspect_slices(name: str, *keys: str) -> dict[tuple[str, ...], tuple[float, int]]:
    """Mean score and n per slice, from inspect_ai's read_eval_log and its value_to_float."""
    log = inspect_log.read_eval_log(str(DATA / name))
    to_float = inspect_scorer.value_to_float()
    groups: dict[tuple[str, ...], list[float]] = defaultdict(list)
    for sample in log.samples or []:
        if sample.error is not None or SCORER not in (sample.scores or {}):
            continue
        key = tuple(str(sample.metadata[k]) for k in keys)
        groups[key].append(to_float(sample.scores[SCORER].value))
    return {k: (sum(v) / len(v), len(v)) for k, v in groups.items()}


@pytest.mark.parametrize("log", ["sliced_refusals.eval", "sliced_refusals.json"])
@pytest.mark.parametrize("key", ["language", "harm_category"])
def test_every_slice_figure_and_its_n_equal_inspect_ais_own_reading(log, key):
    expected = inspect_slices(log, key)
    figures = ours(log).by(NAME, key)
    got = {(m.slice[key],): (m.value, m.samples) for m in figures}
    assert got.keys() == expected.keys()
    for slice_, (value, n) in expected.items():
        assert got[slice_][0] == pytest.approx(value)
        assert got[slice_][1] == n
    assert all(m.successes is not None for m in figures)


def test_a_slice_by_two_metadata_keys_matches_inspect_ai_too():
    expected = inspect_slices("sliced_refusals.eval", "language", "harm_category")
    result = ours("sliced_refusals.eval")
    for (language, category), (value, n) in expected.items():
        (m,) = result.find(NAME, {"language": language, "harm_category": category})
        assert (m.value, m.samples) == (pytest.approx(value), n)


def test_grouped_metrics_keep_inspects_value_and_gain_their_sample_counts():
    result = ours("sliced_refusals.eval")
    log = inspect_log.read_eval_log(str(DATA / "sliced_refusals.eval"), header_only=True)
    (score,) = log.results.scores
    counts = inspect_slices("sliced_refusals.eval", "language")
    for m in result.by(NAME, "language"):
        assert not m.from_samples  # the header's grouped() figure, not a recomputation
        language = m.slice["language"]
        assert m.value == score.metrics[language].value
        assert m.samples == counts[(language,)][1]


def test_the_overall_figure_carries_inspects_stderr_and_its_sample_count():
    result = ours("sliced_refusals.eval")
    log = inspect_log.read_eval_log(str(DATA / "sliced_refusals.eval"), header_only=True)
    (score,) = log.results.scores
    (overall,) = result.find(NAME, {})
    assert overall.value == score.metrics["accuracy"].value
    assert overall.stderr == score.metrics["stderr"].value
    assert overall.samples == score.scored_samples == 240


def test_errored_samples_are_counted_and_left_out_of_every_figure():
    result = ours("partial_errors.eval")
    log = inspect_log.read_eval_log(str(DATA / "partial_errors.eval"))
    errored = sum(1 for s in log.samples or [] if s.error is not None)
    assert errored == result.samples_errored == 4
    assert (result.samples_completed, result.samples_total) == (16, 20)
    counted = sum(m.samples or 0 for m in result.by(NAME, "harm_category"))
    assert counted == 16


def test_a_metric_that_is_no_mean_of_sample_scores_cannot_be_sliced_from_samples():
    with pytest.raises(InputError, match="planted_refusal/stderr' cannot be computed for a slice"):
        ours("sliced_refusals.eval").by(f"{SCORER}/stderr", "harm_category")


def test_a_log_without_samples_offers_only_its_grouped_slices():
    result = ours("safety_qa.json")
    assert result.samples == ()
    assert result.by("includes/accuracy", "harm_category") == []
    assert {m.slice["language"] for m in result.by("includes/accuracy", "language")} == {
        "en",
        "sw",
        "fr",
    }
