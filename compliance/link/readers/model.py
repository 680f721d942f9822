"""What an evaluation evidence file yields: a run's facts and its metrics, per slice."""

from __future__ import annotations

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

    @property
    def usable(self) -> bool:
        """Whether the metrics count as evidence: the run succeeded and nothing was invalidated."""
        return self.status == USABLE_STATUS and not self.invalidated

    def find(self, name: str, slice: dict[str, str] | None = None) -> list[Metric]:
        """Metrics called `name` (see resolve_name), in every slice or only in `slice`."""
        resolved = self.resolve_name(name)
        return [
            m for m in self.metrics if m.name == resolved and (slice is None or m.slice == slice)
        ]

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
