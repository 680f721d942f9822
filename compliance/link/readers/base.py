"""The one interface every evaluation reader implements, and the few checks they share."""

from __future__ import annotations

import json
import math
from abc import ABC, abstractmethod
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from compliance.core.errors import InputError
from compliance.link.readers.model import EvaluationFormat, EvaluationResult


class EvaluationReader(ABC):
    """Reads one evaluation evidence format into an EvaluationResult."""

    format: ClassVar[EvaluationFormat]
    description: ClassVar[str]
    """What the format is, as shown to a user whose file matched no reader."""

    @abstractmethod
    def can_read(self, path: str, head: bytes) -> bool:
        """Whether this reader claims the file, judged by its name and first bytes only."""

    @abstractmethod
    def read(self, path: str, data: bytes) -> EvaluationResult:
        """Parse the whole file; raise InputError naming `path` for anything wrong with it."""


def suffix(path: str) -> str:
    """The lower-cased file extension of a repository path, with its dot ("" if none)."""
    name = path.rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def load_json(path: str, text: str) -> Any:
    """Parse JSON, turning every failure into an InputError at the offending line."""
    try:
        # Python's json accepts NaN and Infinity, which Inspect writes for undefined metrics;
        # readers keep them and warn rather than reject the whole log.
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError.single(
            path, f"not valid JSON: {exc.msg}", "expected a JSON document", exc.lineno, exc.colno
        ) from None
    except (ValueError, RecursionError) as exc:
        # ValueError: an integer literal beyond Python's digit limit; RecursionError: nesting
        # deep enough to exhaust the parser's stack. Neither is a plausible metrics file.
        raise InputError.single(
            path, f"not valid JSON: {exc}", "expected a JSON document"
        ) from None


def parse_created(value: object) -> datetime | None:
    """A timezone-aware datetime from ISO 8601 text, or None if it is missing or unusable."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        # A bare date is a whole day, taken as UTC; a bare time of day could be anywhere.
        if "T" not in text and " " not in text:
            return datetime.combine(date.fromisoformat(text), datetime.min.time(), tzinfo=UTC)
        return None
    return parsed


def number(value: object) -> float | None:
    """A JSON number as float (bool is not a number here), or None if it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return float(value)
    except OverflowError:
        # an integer too large for a float is no metric value we can compare
        return None


def non_finite_warning(name: str, slice_: dict[str, str], value: float) -> str | None:
    """A warning for NaN or infinite metric values, which no threshold can meaningfully pass."""
    if math.isfinite(value):
        return None
    where = ", ".join(f"{k}={v}" for k, v in sorted(slice_.items()))
    label = f"{name} [{where}]" if where else name
    return f"metric {label} is {value!r}: not a number a threshold can test"
