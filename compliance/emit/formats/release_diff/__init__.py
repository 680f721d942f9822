"""Changes between two releases (`diff`): one module per format."""

from __future__ import annotations


def cell(value: object) -> str:
    return "-" if value is None else str(value).replace("|", "\\|").replace("\n", " ")


def pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}%"
