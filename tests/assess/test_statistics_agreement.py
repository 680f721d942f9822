"""Agreement coefficients, McNemar and classifier metrics against references."""

from __future__ import annotations

import math
import random

import pytest
from sklearn.metrics import (
    cohen_kappa_score,
    confusion_matrix,
    f1_score,
    precision_score,
    recall_score,
)

from compliance.assess.statistics import (
    classifier_metrics,
    cohens_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    mcnemar_paired,
    predictions_from_scores,
)

# Fleiss JL (1971), "Measuring nominal scale agreement among many raters", Psychol Bull
# 76(5):378-382: 30 patients, 6 psychiatrists each, 5 diagnoses (1 depression,
# 2 personality disorder, 3 schizophrenia, 4 neurosis, 5 other); the paper's kappa is .430.
# The raw ratings below are the `diagnoses` data set of R's irr package, whose
# kappam.fleiss() gives 0.4302445.
FLEISS_1971_DIAGNOSES = [
    [4, 4, 4, 4, 4, 4],
    [2, 2, 2, 5, 5, 5],
    [2, 3, 3, 3, 3, 5],
    [5, 5, 5, 5, 5, 5],
    [2, 2, 2, 4, 4, 4],
    [1, 1, 3, 3, 3, 3],
    [3, 3, 3, 3, 5, 5],
    [1, 1, 3, 3, 3, 4],
    [1, 1, 4, 4, 4, 4],
    [5, 5, 5, 5, 5, 5],
    [1, 4, 4, 4, 4, 4],
    [1, 2, 4, 4, 4, 4],
    [2, 2, 2, 3, 3, 3],
    [1, 4, 4, 4, 4, 4],
    [2, 2, 4, 4, 4, 5],
    [3, 3, 3, 3, 3, 5],
    [1, 1, 1, 4, 5, 5],
    [1, 1, 1, 1, 1, 2],
    [2, 2, 4, 4, 4, 4],
    [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5],
    [2, 4, 4, 4, 4, 4],
    [2, 2, 4, 5, 5, 5],
    [1, 1, 4, 4, 4, 4],
    [1, 4, 4, 4, 4, 5],
    [2, 2, 2, 2, 2, 4],
    [1, 1, 1, 1, 5, 5],
    [2, 2, 4, 4, 4, 4],
    [1, 3, 3, 3, 3, 3],
    [5, 5, 5, 5, 5, 5],
]

# Krippendorff K (2011), "Computing Krippendorff's alpha-reliability", the example with
# four observers, twelve units and missing values (also in the krippendorff package's
# documentation): nominal alpha 0.743.
KRIPPENDORFF_4_CODERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def test_fleiss_kappa_matches_fleiss_1971() -> None:
    table = [[row.count(category) for category in range(1, 6)] for row in FLEISS_1971_DIAGNOSES]
    result = fleiss_kappa(table)
    assert round(result.value, 3) == 0.430
    assert result.value == pytest.approx(0.4302445, abs=1e-7)
    assert (result.n_items, result.n_annotators) == (30, 6)
    assert not result.thin_sample


def test_krippendorff_nominal_alpha_matches_his_four_coder_example() -> None:
    result = krippendorff_alpha(KRIPPENDORFF_4_CODERS, level="nominal")
    assert round(result.value, 3) == 0.743
    # unit 12 has one value only, so 11 units are pairable
    assert (result.n_items, result.n_annotators) == (11, 4)
    assert result.thin_sample


def test_krippendorff_alpha_reads_text_labels_as_nominal_categories() -> None:
    names = {1: "very low", 2: "low", 3: "mid", 4: "high", 5: "very high"}
    as_text = [[names.get(v) if v else None for v in row] for row in KRIPPENDORFF_4_CODERS]
    assert round(krippendorff_alpha(as_text).value, 3) == 0.743


def test_krippendorff_interval_alpha_matches_the_package_documentation() -> None:
    # the krippendorff package's docstring example: 3 coders, 15 units, interval 0.810845
    data = [
        [None, None, None, None, None, 3, 4, 1, 2, 1, 1, 3, 3, None, 3],
        [1, None, 2, 1, 3, 3, 4, 3, None, None, None, None, None, None, None],
        [None, None, 2, 1, 3, 4, 4, None, 2, 1, 1, 3, 3, None, 4],
    ]
    assert round(krippendorff_alpha(data, level="interval").value, 6) == 0.810845
    assert round(krippendorff_alpha(data, level="nominal").value, 6) == 0.691358


def test_cohens_kappa_equals_scikit_learn_on_the_same_labels() -> None:
    rng = random.Random(7)
    first = [rng.choice(["safe", "unsafe", "unclear"]) for _ in range(200)]
    second = [a if rng.random() < 0.7 else rng.choice(["safe", "unsafe"]) for a in first]
    result = cohens_kappa(list(zip(first, second, strict=True)))
    assert result.value == pytest.approx(cohen_kappa_score(first, second), abs=1e-12)
    assert (result.n_items, result.n_annotators) == (200, 2)


def test_agreement_is_refused_when_every_label_is_one_category() -> None:
    with pytest.raises(ValueError, match="undefined"):
        cohens_kappa([("safe", "safe"), ("safe", "safe")])
    with pytest.raises(ValueError, match="undefined"):
        fleiss_kappa([[3, 0], [3, 0]])
    with pytest.raises(ValueError, match="undefined"):
        krippendorff_alpha([["a", "a"], ["a", None]])


def test_fleiss_kappa_refuses_a_table_with_unequal_ratings_per_item() -> None:
    with pytest.raises(ValueError, match="same number of ratings"):
        fleiss_kappa([[2, 1], [1, 1]])
    with pytest.raises(ValueError, match="whole-number"):
        fleiss_kappa([[1.5, 1.5], [1, 2]])
    with pytest.raises(ValueError, match="non-empty"):
        fleiss_kappa([])


def test_non_finite_labels_and_empty_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="not finite"):
        cohens_kappa([(math.nan, 1.0), (1.0, 1.0)])
    with pytest.raises(ValueError, match="at least one item"):
        cohens_kappa([])
    with pytest.raises(ValueError, match="no item was labelled by two"):
        krippendorff_alpha([["a", None], [None, "b"]])


def test_mcnemar_matches_a_hand_checked_table() -> None:
    # 100 shared items: 40 pass both, 30 pass only before (b), 12 pass only after (c),
    # 18 fail both. With continuity correction: (|30 - 12| - 1)^2 / (30 + 12) = 289/42.
    ids = iter(range(1000))
    before: dict[int, bool] = {}
    after: dict[int, bool] = {}
    for count, was, now in ((40, True, True), (30, True, False), (12, False, True)):
        for _ in range(count):
            key = next(ids)
            before[key], after[key] = was, now
    for _ in range(18):
        key = next(ids)
        before[key], after[key] = False, False
    before[999] = True  # only in one run: not paired
    result = mcnemar_paired(before, after)
    assert (result.n_shared, result.n_unpaired) == (100, 1)
    assert (result.both_pass, result.b, result.c, result.both_fail) == (40, 30, 12, 18)
    assert not result.exact
    assert result.statistic == pytest.approx(289 / 42)
    assert result.p_value == pytest.approx(0.00871, abs=1e-5)


def test_mcnemar_is_exact_for_few_discordant_pairs() -> None:
    # b = 5, c = 0: exact two-sided binomial p = 2 * 0.5**5 = 0.0625
    before = {i: True for i in range(10)}
    after = {i: i >= 5 for i in range(10)}
    result = mcnemar_paired(before, after)
    assert result.exact and (result.b, result.c) == (5, 0)
    assert result.p_value == pytest.approx(0.0625)


def test_mcnemar_refuses_runs_without_shared_items() -> None:
    with pytest.raises(ValueError, match="share no item"):
        mcnemar_paired({"a": True}, {"b": False})


def test_classifier_metrics_equal_scikit_learn_with_counts_and_wilson_intervals() -> None:
    rng = random.Random(11)
    gold = [rng.random() < 0.3 for _ in range(500)]
    predicted = [g if rng.random() < 0.85 else not g for g in gold]
    result = classifier_metrics(gold, predicted)
    tn, fp, fn, tp = confusion_matrix(gold, predicted).ravel()
    assert (result.true_positives, result.false_positives) == (tp, fp)
    assert (result.false_negatives, result.true_negatives) == (fn, tn)
    assert result.precision is not None and result.recall is not None
    assert result.false_positive_rate is not None and result.f1 is not None
    assert result.precision.value == pytest.approx(precision_score(gold, predicted))
    assert result.recall.value == pytest.approx(recall_score(gold, predicted))
    assert result.f1.value == pytest.approx(f1_score(gold, predicted))
    assert result.false_positive_rate.value == pytest.approx(fp / (fp + tn))
    assert result.recall.method == "wilson" and result.recall.n == tp + fn
    assert result.f1.low < result.f1.value < result.f1.high
    assert "bootstrap" in result.f1.method
    # the bootstrap is seeded: the same predictions give the same interval
    assert classifier_metrics(gold, predicted).f1 == result.f1


def test_classifier_metrics_leave_undefined_rates_empty() -> None:
    result = classifier_metrics([False, False], [False, False])
    assert result.precision is None and result.recall is None and result.f1 is None
    assert result.false_positive_rate is not None
    assert result.false_positive_rate.value == 0


def test_scores_at_or_above_the_threshold_are_positive() -> None:
    assert predictions_from_scores([0.2, 0.5, 0.9], 0.5) == [False, True, True]
    with pytest.raises(ValueError, match="finite"):
        predictions_from_scores([0.2, math.nan], 0.5)


def test_classifier_metrics_refuse_mismatched_or_empty_inputs() -> None:
    with pytest.raises(ValueError, match="paired"):
        classifier_metrics([True], [True, False])
    with pytest.raises(ValueError, match="no items"):
        classifier_metrics([], [])
    with pytest.raises(ValueError, match="true or false"):
        classifier_metrics([1], [True])  # type: ignore[list-item]
