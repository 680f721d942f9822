"""Changes between two releases (`diff`): one module per format."""

from __future__ import annotations


def cell(value: object) -> str:
    return "-" if value is None else str(value).replace("|", "\\|").replace("\n", " ")


def outcome(passed: bool | None) -> str:
    """A rule's outcome as a person reads it: pass or fail ("-" when it did not exist)."""
    return "-" if passed is None else ("pass" if passed else "fail")


def pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"
