"""From reader records to per-category agreement and per-slice classifier metrics."""

from __future__ import annotations

import pytest
from sklearn.metrics import cohen_kappa_score

from compliance.assess.agreement import agreement_by_category
from compliance.assess.classifier import classifier_report
from compliance.assess.statistics import difference
from compliance.link.readers.labels import read_labels
from compliance.link.readers.predictions import read_predictions


def labels_csv(rows: list[tuple[str, str, str, str]]) -> bytes:
    lines = ["item,annotator,label,harm_category"] + [",".join(row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def test_two_annotators_get_cohen_fleiss_and_krippendorff_per_category() -> None:
    first = ["u", "u", "s", "s", "u", "s", "u", "s"]
    second = ["u", "s", "s", "s", "u", "s", "u", "u"]
    rows = [
        (f"q{i}", annotator, label, "cyber" if i < 4 else "bio")
        for i, pair in enumerate(zip(first, second, strict=True))
        for annotator, label in zip(("a", "b"), pair, strict=True)
    ]
    overall, bio, cyber = agreement_by_category(read_labels("l.csv", labels_csv(rows)).records)
    assert (overall.harm_category, bio.harm_category, cyber.harm_category) == (
        None,
        "bio",
        "cyber",
    )
    assert overall.cohen is not None and overall.fleiss is not None
    assert overall.krippendorff is not None
    assert overall.cohen.value == pytest.approx(cohen_kappa_score(first, second))
    assert cyber.cohen is not None
    assert cyber.cohen.value == pytest.approx(cohen_kappa_score(first[:4], second[:4]))
    assert overall.n_items == 8 and overall.annotators == ("a", "b")
    assert overall.thin_sample


def test_missing_labels_leave_only_krippendorff_alpha_with_three_annotators() -> None:
    rows = [
        ("q1", "a", "u", "cyber"),
        ("q1", "b", "u", "cyber"),
        ("q1", "c", "u", "cyber"),
        ("q2", "a", "s", "cyber"),
        ("q2", "b", "s", "cyber"),
        ("q3", "a", "u", "cyber"),
        ("q3", "c", "s", "cyber"),
        ("q4", "b", "", "cyber"),
        ("q4", "c", "s", "cyber"),
    ]
    _overall, cyber = agreement_by_category(read_labels("l.csv", labels_csv(rows)).records)
    assert cyber.cohen is None and cyber.fleiss is None
    assert cyber.krippendorff is not None and cyber.krippendorff.n_items == 3
    assert any("exactly two annotators" in note for note in cyber.notes)
    assert any("every annotator to label every item" in note for note in cyber.notes)


def test_an_undefined_coefficient_becomes_a_note_not_a_crash() -> None:
    rows = [("q1", "a", "u", "bio"), ("q1", "b", "u", "bio"), ("q2", "a", "u", "bio")]
    [_overall, bio] = agreement_by_category(read_labels("l.csv", labels_csv(rows)).records)
    assert bio.cohen is None and bio.krippendorff is None
    assert any("undefined" in note for note in bio.notes)


PREDICTIONS = (
    "item,gold,score,reference_style\n"
    + "".join(f"d{i},unsafe,{0.9 if i < 45 else 0.1},direct\n" for i in range(50))
    + "".join(f"i{i},unsafe,{0.9 if i < 20 else 0.1},indirect\n" for i in range(50))
    + "".join(f"n{i},safe,{0.7 if i < 5 else 0.2},direct\n" for i in range(50))
)


def test_recall_parity_between_direct_and_indirect_references_uses_newcombe() -> None:
    predictions = read_predictions("p.csv", PREDICTIONS.encode())
    report = classifier_report(predictions, positive="unsafe", threshold=0.5)
    assert report.overall.true_positives == 65 and report.overall.false_positives == 5
    direct, indirect = report.slices
    assert (direct.value, indirect.value) == ("direct", "indirect")
    assert direct.metrics.recall is not None and indirect.metrics.recall is not None
    assert direct.metrics.recall.value == 0.9 and indirect.metrics.recall.value == 0.4
    [parity] = report.parity
    assert (parity.column, parity.a, parity.b) == ("reference_style", "direct", "indirect")
    assert parity.difference == difference(45, 50, 20, 50)
    assert parity.difference.clear


def test_a_score_file_needs_a_threshold_and_a_known_positive_label() -> None:
    predictions = read_predictions("p.csv", PREDICTIONS.encode())
    with pytest.raises(ValueError, match="give the threshold"):
        classifier_report(predictions, positive="unsafe")
    with pytest.raises(ValueError, match="appears in no label"):
        classifier_report(predictions, positive="harmful", threshold=0.5)
    with pytest.raises(ValueError, match="no slice column"):
        classifier_report(predictions, "unsafe", 0.5, slice_columns=["language"])


def test_a_label_file_refuses_a_threshold() -> None:
    predictions = read_predictions("p.csv", b"item,gold,predicted\nq,unsafe,unsafe\n")
    with pytest.raises(ValueError, match="a threshold has no use"):
        classifier_report(predictions, positive="unsafe", threshold=0.5)
    report = classifier_report(predictions, positive="unsafe")
    assert report.overall.true_positives == 1 and report.slices == ()
