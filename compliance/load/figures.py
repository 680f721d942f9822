"""Figures stated in the regulations, as data: frameworks/data/*-figures.yaml.

Each figure (a deadline in days, a retention in years, a number of samples) is quoted
with its source and a `verified` flag, so every output that uses a figure can cite it and
say whether its wording was confirmed. Code never writes these numbers itself: it looks
them up here by id.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from compliance.core.errors import InputError
from compliance.core.package import shipped_dir

FIGURE_FILES = ("gpai-cop-figures.yaml", "eu-ai-act-figures.yaml")


@dataclass(frozen=True)
class Figure:
    id: str
    value: int | float
    unit: str
    applies_to: str
    quote: str
    source: str
    verified: bool
    note: str = ""

    @property
    def whole(self) -> int:
        """The figure as a whole number (days, weeks, months), for date arithmetic."""
        return int(self.value)

    @property
    def citation(self) -> str:
        """The source as a reader cites it, with the flag when the wording is unconfirmed."""
        return self.source if self.verified else f"{self.source} (wording not verified)"

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "value": self.value,
            "unit": self.unit,
            "source": self.source,
            "verified": self.verified,
        }


def _read(path: Path) -> list[Figure]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return [
            Figure(
                f["id"],
                f["value"],
                f["unit"],
                f["applies_to"],
                " ".join(str(f["quote"]).split()),
                f["source"],
                bool(f["verified"]),
                str(f.get("note", "")),
            )
            for f in data["figures"]
        ]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise InputError.single(
            str(path), f"unreadable figures file: {exc}", "reinstall compliance-docs"
        ) from None


@cache
def figures() -> dict[str, Figure]:
    """Every shipped figure by id."""
    folder = shipped_dir("frameworks") / "data"
    out: dict[str, Figure] = {}
    for name in FIGURE_FILES:
        path = folder / name
        if path.is_file():
            out.update((f.id, f) for f in _read(path))
    return out


def figure(figure_id: str) -> Figure:
    """One shipped figure; a missing id is a packaging error, said plainly."""
    found = figures().get(figure_id)
    if found is None:
        raise InputError.single(
            "frameworks/data", f"figure {figure_id!r} is not shipped", "reinstall compliance-docs"
        )
    return found
