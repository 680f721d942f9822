"""What an evaluation evidence file yields: a run's facts and its metrics, per slice."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from compliance.core.errors import InputError

EvaluationFormat = Literal["inspect-json", "inspect-eval", "metrics-json", "metrics-csv"]

USABLE_STATUS = "success"
"""The only run status whose metrics count as evidence (Inspect: started, cancelled, error)."""


@dataclass(frozen=True)
class Metric:
    """One number a gate can test, for the whole dataset or for one slice of it."""

    name: str
    value: float
    slice: dict[str, str] = field(default_factory=dict)
    """E.g. {"language": "sw"}; empty means the overall figure."""
    ci_low: float | None = None
    ci_high: float | None = None
    samples: int | None = None
    scorer: str | None = None
    successes: int | None = None
    """For a proportion counted from 0/1 sample scores: how many scored 1 (n is `samples`)."""
    stderr: float | None = None
    """The standard error the log itself reports for this figure (Inspect's stderr metric),
    or, for a mean of non-binary sample scores, the standard error of that mean."""
    from_samples: bool = False
    """True when the figure was computed from the log's samples, not read from its header."""


SAMPLE_SLICEABLE = ("accuracy", "mean")
"""Metrics that are the mean of a scorer's sample values, so any subset of samples has one."""


@dataclass(frozen=True)
class SampleRecord:
    """One scored sample (one epoch) of an evaluation log: what slicing and pairing need."""

    id: str
    epoch: int
    metadata: Mapping[str, str]
    """Scalar metadata as text (True -> "true"); lists and objects are left out."""
    scores: Mapping[str, float | None]
    """Scorer name -> the score as a number (Inspect's C/I/P/N as 1/0/0.5/0), None if the
    value is not numeric."""
    errored: bool
    invalidated: bool

    @property
    def counts(self) -> bool:
        """Whether the sample's scores count: it neither errored nor was invalidated."""
        return not self.errored and not self.invalidated


@dataclass(frozen=True)
class EvaluationResult:
    """One evaluation run as read from one evidence file."""

    path: str
    format: EvaluationFormat
    task: str | None
    task_version: str | None
    model: str | None
    status: str
    created: datetime | None
    """When the run happened (timezone-aware); the date freshness is measured from."""
    dataset: str | None
    samples_total: int | None
    samples_completed: int | None
    invalidated: bool
    metrics: list[Metric]
    warnings: list[str]
    samples: tuple[SampleRecord, ...] = ()
    """The log's samples when it carries them (Inspect logs); empty for metrics files."""

    @property
    def samples_errored(self) -> int:
        """Samples that ended with an error (counted from the samples the log carries)."""
        return sum(1 for s in self.samples if s.errored)

    @property
    def samples_invalidated(self) -> int:
        """Samples invalidated after the run (counted from the samples the log carries)."""
        return sum(1 for s in self.samples if s.invalidated)

    @property
    def usable(self) -> bool:
        """Whether the metrics count as evidence: the run succeeded and nothing was invalidated."""
        return self.status == USABLE_STATUS and not self.invalidated

    def find(self, name: str, slice: dict[str, str] | None = None) -> list[Metric]:
        """Metrics called `name` (see resolve_name), in every slice or only in `slice`."""
        resolved = self.resolve_name(name)
        found = [
            m for m in self.metrics if m.name == resolved and (slice is None or m.slice == slice)
        ]
        if slice and not found and self.samples:
            figure = self._sample_figure(resolved, dict(slice))
            return [figure] if figure is not None else []
        return found

    def by(self, name: str, key: str) -> list[Metric]:
        """Every `key` slice of metric `name`: the log's own (grouped) figures when it reports
        them, otherwise computed from its samples' metadata; [] when there are neither."""
        resolved = self.resolve_name(name)
        reported = [m for m in self.metrics if m.name == resolved and set(m.slice) == {key}]
        if reported or not self.samples:
            return reported
        values = sorted({s.metadata[key] for s in self.samples if s.counts and key in s.metadata})
        figures = [self._sample_figure(resolved, {key: v}) for v in values]
        return [f for f in figures if f is not None]

    def slice_keys(self) -> list[str]:
        """Every metadata key the samples could be sliced by."""
        return sorted({k for s in self.samples for k in s.metadata})

    def scores_of(self, scorer: str) -> dict[str, float]:
        """Per sample id, the scorer's value (the mean over epochs) for samples that count."""
        return self._per_sample(scorer, {})

    def _per_sample(self, scorer: str, slice_: dict[str, str]) -> dict[str, float]:
        return per_sample_values(self.samples, scorer, slice_)

    def _sample_figure(self, name: str, slice_: dict[str, str]) -> Metric | None:
        """A mean-of-scores metric over the samples in `slice_`; None when none are in it."""
        scorer, _, metric = name.rpartition("/")
        if metric not in SAMPLE_SLICEABLE or not scorer:
            raise InputError.single(
                self.path,
                f"metric {name!r} cannot be computed for a slice from the log's samples: "
                "only a mean of sample scores can",
                hint="slice "
                + " or ".join(f"SCORER/{m}" for m in SAMPLE_SLICEABLE)
                + ", or add grouped(metric, KEY) to the task's metrics",
            )
        values = list(self._per_sample(scorer, slice_).values())
        if not values:
            return None
        return sample_metric(name, scorer, slice_, values)

    def resolve_name(self, name: str) -> str:
        """The full metric name `name` refers to, applying the plain-name rule.

        An exact name always wins. Otherwise a name without "/" (e.g. "accuracy") stands for
        "scorer/accuracy" when exactly one scorer reports that metric; when several do, the
        plain name is ambiguous and an InputError lists the full names to choose from.
        """
        if "/" in name or any(m.name == name for m in self.metrics):
            return name
        candidates = sorted({m.name for m in self.metrics if m.name.rsplit("/", 1)[-1] == name})
        if len(candidates) > 1:
            raise InputError.single(
                self.path,
                f"metric name {name!r} is ambiguous: {len(candidates)} scorers report it",
                hint="use one of " + ", ".join(candidates),
            )
        return candidates[0] if candidates else name


def per_sample_values(
    samples: tuple[SampleRecord, ...], scorer: str, slice_: Mapping[str, str]
) -> dict[str, float]:
    """Per sample id in `slice_`, the scorer's value, for samples that count; several epochs
    of one sample are averaged, as Inspect's default reducer does."""
    values: dict[str, list[float]] = {}
    for s in samples:
        value = s.scores.get(scorer)
        if (
            s.counts
            and value is not None
            and all(s.metadata.get(k) == want for k, want in slice_.items())
        ):
            values.setdefault(s.id, []).append(value)
    return {k: sum(v) / len(v) for k, v in values.items()}


def sample_metric(name: str, scorer: str, slice_: dict[str, str], values: list[float]) -> Metric:
    """The mean of sample values as a Metric with its n; 0/1 values also give successes."""
    n = len(values)
    binary = all(v in (0.0, 1.0) for v in values)
    stderr = None
    if not binary and n > 1:
        from scipy.stats import sem  # the standard error of the mean, from scipy

        stderr = float(sem(values))
    return Metric(
        name=name,
        value=sum(values) / n,
        slice=slice_,
        samples=n,
        scorer=scorer,
        successes=int(sum(values)) if binary else None,
        stderr=stderr,
        from_samples=True,
    )
