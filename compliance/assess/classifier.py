"""A safety classifier's quality from labelled predictions: overall, per slice, and parity.

An item is positive when its gold label equals `positive`; the classifier predicts positive
when its predicted label equals `positive`, or when its score is at or above `threshold`.
Metrics are computed overall and for every value of every slice column; parity compares
recall between each pair of values of a slice column (say direct vs indirect references)
with Newcombe's interval for the difference, `clear` when that interval excludes 0.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from compliance.assess.statistics import (
    ClassifierMetrics,
    Difference,
    classifier_metrics,
    difference,
)
from compliance.link.readers.predictions import PredictionRecord, PredictionSet


@dataclass(frozen=True, slots=True)
class SliceMetrics:
    """Metrics on the items whose slice column `column` has value `value`."""

    column: str
    value: str
    metrics: ClassifierMetrics


@dataclass(frozen=True, slots=True)
class RecallParity:
    """Recall on slice value `a` minus recall on slice value `b` of one column."""

    column: str
    a: str
    b: str
    difference: Difference


@dataclass(frozen=True, slots=True)
class ClassifierReport:
    """Overall metrics, per-slice metrics and recall parity for one predictions file."""

    positive: str
    threshold: float | None
    overall: ClassifierMetrics
    slices: tuple[SliceMetrics, ...]
    parity: tuple[RecallParity, ...]
    notes: tuple[str, ...]


def classifier_report(
    predictions: PredictionSet,
    positive: str,
    threshold: float | None = None,
    slice_columns: Sequence[str] | None = None,
) -> ClassifierReport:
    """Metrics for `predictions` with `positive` as the positive label.

    `threshold` is required for a file of scores and refused for a file of labels;
    `slice_columns` defaults to every slice column of the file.
    """
    if predictions.kind == "score":
        if threshold is None:
            raise ValueError(f"{predictions.path} holds scores: give the threshold to apply")
        if isinstance(threshold, bool) or not math.isfinite(threshold):
            raise ValueError(f"the threshold must be a finite number, got {threshold!r}")
    elif threshold is not None:
        raise ValueError(f"{predictions.path} holds predicted labels: a threshold has no use")
    records = predictions.records
    labels = {r.gold for r in records} | {r.predicted for r in records if r.predicted}
    if positive not in labels:
        # most likely a typo: every item would count as negative
        raise ValueError(
            f"the positive label {positive!r} appears in no label of {predictions.path} "
            f"(labels: {', '.join(sorted(labels))})"
        )
    columns = predictions.slice_columns if slice_columns is None else tuple(slice_columns)
    unknown = [c for c in columns if c not in predictions.slice_columns]
    if unknown:
        raise ValueError(
            f"no slice column {', '.join(map(repr, unknown))} in {predictions.path}; "
            f"it has {', '.join(predictions.slice_columns) or 'none'}"
        )

    def measure(group: Sequence[PredictionRecord]) -> ClassifierMetrics:
        gold = [r.gold == positive for r in group]
        if threshold is not None:
            guessed = [r.score is not None and r.score >= threshold for r in group]
        else:
            guessed = [r.predicted == positive for r in group]
        return classifier_metrics(gold, guessed)

    slices: list[SliceMetrics] = []
    parity: list[RecallParity] = []
    notes: list[str] = []
    for column in columns:
        groups: dict[str, list[PredictionRecord]] = {}
        for record in records:
            if (value := record.slices.get(column)) is not None:
                groups.setdefault(value, []).append(record)
        measured = {value: measure(groups[value]) for value in sorted(groups)}
        slices.extend(SliceMetrics(column, value, m) for value, m in measured.items())
        for a, b in itertools.combinations(measured, 2):
            ma, mb = measured[a], measured[b]
            if ma.recall is None or mb.recall is None:
                missing = a if ma.recall is None else b
                notes.append(
                    f"recall parity {column}={a} vs {b} not computed: "
                    f"{column}={missing} has no positive item"
                )
                continue
            parity.append(
                RecallParity(
                    column,
                    a,
                    b,
                    difference(
                        ma.true_positives,
                        ma.true_positives + ma.false_negatives,
                        mb.true_positives,
                        mb.true_positives + mb.false_negatives,
                    ),
                )
            )
    return ClassifierReport(
        positive=positive,
        threshold=threshold,
        overall=measure(records),
        slices=tuple(slices),
        parity=tuple(parity),
        notes=tuple(notes),
    )
