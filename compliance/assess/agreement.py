"""Inter-annotator agreement per harm category, from the records of a label file.

For each harm category (and once over all items):
- Cohen's kappa when exactly two annotators labelled in it, over the items both labelled;
- Fleiss' kappa when the table is complete: every annotator labelled every item;
- Krippendorff's alpha always, since it copes with missing labels and any number of
  annotators.
A coefficient that cannot be computed (one annotator, no shared item, a single category
used throughout) is None, with a note that says why.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from compliance.assess.statistics import (
    BOOTSTRAP_SEED,
    Agreement,
    Level,
    cohens_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    thin_sample,
)
from compliance.link.readers.labels import LabelRecord

if TYPE_CHECKING:
    import numpy as np

CATEGORY_COLUMN = "harm_category"


@dataclass(frozen=True, slots=True)
class CategoryAgreement:
    """Agreement among annotators on the items of one harm category (None: all items)."""

    harm_category: str | None
    n_items: int
    """Items with at least one label."""
    annotators: tuple[str, ...]
    cohen: Agreement | None
    fleiss: Agreement | None
    krippendorff: Agreement | None
    notes: tuple[str, ...]

    @property
    def thin_sample(self) -> bool:
        """Whether too few items carry these coefficients to lean on them."""
        return thin_sample(self.n_items)


def agreement_by_category(
    records: Iterable[LabelRecord],
    category_column: str = CATEGORY_COLUMN,
    level: Level = "nominal",
) -> tuple[CategoryAgreement, ...]:
    """Overall agreement first, then one entry per category value, sorted by name.

    Items without a category value count only in the overall entry.
    """
    labelled = [r for r in records if r.label is not None]
    groups: dict[str, list[LabelRecord]] = {}
    for record in labelled:
        category = record.extra.get(category_column)
        if category is not None:
            groups.setdefault(category, []).append(record)
    results = [_agreement(None, labelled, level)]
    results.extend(_agreement(name, groups[name], level) for name in sorted(groups))
    return tuple(results)


def _agreement(category: str | None, records: list[LabelRecord], level: Level) -> CategoryAgreement:
    annotators = tuple(sorted({r.annotator for r in records}))
    items = tuple(sorted({r.item for r in records}))
    label_of = {(r.item, r.annotator): r.label for r in records}
    notes: list[str] = []

    cohen: Agreement | None = None
    if len(annotators) == 2:
        first, second = annotators
        pairs = [
            (label_of[(item, first)], label_of[(item, second)])
            for item in items
            if (item, first) in label_of and (item, second) in label_of
        ]
        cohen = _attempt("Cohen's kappa", lambda: cohens_kappa(pairs), notes)
    else:
        notes.append(f"Cohen's kappa needs exactly two annotators; {len(annotators)} labelled here")

    fleiss: Agreement | None = None
    complete = len(label_of) == len(items) * len(annotators)
    if complete and len(annotators) >= 2:
        categories = sorted({label for label in label_of.values() if label is not None})
        table = [
            [
                sum(1 for annotator in annotators if label_of[(item, annotator)] == value)
                for value in categories
            ]
            for item in items
        ]
        fleiss = _attempt("Fleiss' kappa", lambda: fleiss_kappa(table), notes)
    elif len(annotators) >= 2:
        notes.append("Fleiss' kappa needs every annotator to label every item; some did not")

    reliability = [[label_of.get((item, annotator)) for item in items] for annotator in annotators]
    alpha = _attempt(
        "Krippendorff's alpha", lambda: krippendorff_alpha(reliability, level=level), notes
    )
    return CategoryAgreement(
        harm_category=category,
        n_items=len(items),
        annotators=annotators,
        cohen=cohen,
        fleiss=fleiss,
        krippendorff=alpha,
        notes=tuple(notes),
    )


def _attempt(name: str, compute: Callable[[], Agreement], notes: list[str]) -> Agreement | None:
    """The coefficient, or None with a note when the statistic refuses these labels."""
    try:
        return compute()
    except ValueError as exc:
        notes.append(f"{name} not computed: {exc}")
        return None


AGREEMENT_BOOTSTRAP_RESAMPLES = 1000
"""Resamples of items for an agreement coefficient's percentile bootstrap interval."""

AgreementMethod = Literal["krippendorff_alpha", "fleiss_kappa", "cohen_kappa"]


@dataclass(frozen=True, slots=True)
class AgreementInterval:
    """A percentile bootstrap interval over items for one agreement coefficient."""

    low: float
    high: float
    resamples: int
    """Resamples on which the coefficient was defined (the others are left out)."""
    method: str


def agreement_interval(
    records: Iterable[LabelRecord],
    metric: AgreementMethod,
    level: Level = "nominal",
    confidence: float = 0.95,
    resamples: int = AGREEMENT_BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> AgreementInterval | None:
    """Resample the items with replacement (seeded), recompute the coefficient with the same
    library function each time, and take the percentiles. None when too few resamples give a
    defined coefficient (fewer than half)."""
    import krippendorff  # imported when used, as numpy (see assess/statistics.py)
    import numpy as np

    labelled = [r for r in records if r.label is not None]
    annotators = sorted({r.annotator for r in labelled})
    items = sorted({r.item for r in labelled})
    label_of = {(r.item, r.annotator): r.label for r in labelled}
    columns = [[label_of.get((item, a)) for a in annotators] for item in items]
    if len(items) < 2:
        return None

    present = sorted({r.label for r in labelled}, key=repr)
    numeric = level != "nominal"
    domain = sorted(present, key=float) if numeric else present
    index_of = {label: k for k, label in enumerate(domain)}
    counts = np.zeros((len(items), len(domain)))
    for unit, column in enumerate(columns):
        for label in column:
            if label is not None:
                counts[unit, index_of[label]] += 1
    value_domain = np.asarray(domain, dtype=float) if numeric else np.arange(len(domain))

    def compute(picks: np.ndarray) -> float:
        chosen = [columns[i] for i in picks]
        if metric == "krippendorff_alpha":
            # the library on the resampled value counts: the same computation as
            # krippendorff_alpha(), without re-validating every resample
            sample = counts[picks]
            if np.sum(sample.sum(axis=1) >= 2) == 0 or np.count_nonzero(sample.sum(axis=0)) < 2:
                raise ValueError("undefined on this resample")
            value = float(
                krippendorff.alpha(
                    value_counts=sample, value_domain=value_domain, level_of_measurement=level
                )
            )
            if not math.isfinite(value):
                raise ValueError("undefined on this resample")
            return value
        if metric == "cohen_kappa":
            if len(annotators) != 2:
                raise ValueError("Cohen's kappa needs exactly two annotators")
            pairs = [(c[0], c[1]) for c in chosen if c[0] is not None and c[1] is not None]
            return cohens_kappa(pairs).value
        if any(label is None for c in chosen for label in c):
            raise ValueError("Fleiss' kappa needs every annotator to label every item")
        categories = sorted({label for c in chosen for label in c if label is not None})
        return fleiss_kappa([[c.count(v) for v in categories] for c in chosen]).value

    rng = np.random.default_rng(seed)
    values: list[float] = []
    for _ in range(resamples):
        picks = rng.integers(0, len(columns), len(columns))
        try:
            values.append(compute(picks))
        except ValueError:
            continue
    if len(values) < resamples / 2:
        return None
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return AgreementInterval(
        float(low),
        float(high),
        len(values),
        f"percentile bootstrap over items ({resamples} resamples, seed {seed})",
    )
