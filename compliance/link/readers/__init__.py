"""Evaluation evidence: one reader per file format behind one interface.

Adding a format is adding a file with an EvaluationReader subclass and listing it in
READERS. The first reader whose can_read accepts a file reads it, so the more specific
readers come first (an Inspect JSON log before the generic metrics JSON).
"""

from __future__ import annotations

from compliance.core.errors import InputError
from compliance.link.readers.base import EvaluationReader
from compliance.link.readers.inspect_log import InspectEvalReader, InspectJsonReader
from compliance.link.readers.model import EvaluationResult, Metric
from compliance.link.readers.plain_metrics import MetricsCsvReader, MetricsJsonReader

HEAD_BYTES = 8192
"""How much of a file can_read sees: enough for an Inspect log's opening keys."""

READERS: tuple[EvaluationReader, ...] = (
    InspectEvalReader(),
    InspectJsonReader(),
    MetricsJsonReader(),
    MetricsCsvReader(),
)


def read_evaluation(path_in_repo: str, data: bytes) -> EvaluationResult:
    """Read one evaluation evidence file with the first reader that recognises it."""
    head = data[:HEAD_BYTES]
    for reader in READERS:
        if reader.can_read(path_in_repo, head):
            return reader.read(path_in_repo, data)
    raise InputError.single(
        path_in_repo,
        "not a recognised evaluation format",
        hint="expected one of: " + "; ".join(r.description for r in READERS),
    )


__all__ = [
    "READERS",
    "EvaluationReader",
    "EvaluationResult",
    "Metric",
    "read_evaluation",
]
