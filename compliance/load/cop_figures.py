"""The Code of Practice's own figures (frameworks/data/gpai-cop-figures.yaml), by id.

Rules that apply a figure of the Code (a deadline, an interval) take it from here, so the
number, its quote, its pinpoint source and whether its wording was verified travel together.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from compliance.core.package import shipped_dir

FIGURES_FILE = "data/gpai-cop-figures.yaml"


@dataclass(frozen=True)
class CodeFigure:
    id: str
    value: float
    unit: str
    applies_to: str
    quote: str
    source: str
    verified: bool

    @property
    def whole(self) -> int:
        return int(self.value)

    def cite(self) -> str:
        """E.g. 'Safety and Security Chapter, Measure 1.3, second paragraph (wording verified)'."""
        state = "wording verified" if self.verified else "wording not verified in two copies"
        return f"{self.source} ({state})"


@lru_cache(maxsize=1)
def code_figures() -> dict[str, CodeFigure]:
    """Every figure of the shipped file, by id."""
    path = shipped_dir("frameworks") / FIGURES_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        f["id"]: CodeFigure(
            f["id"],
            float(f["value"]),
            str(f["unit"]),
            str(f["applies_to"]),
            str(f["quote"]),
            str(f["source"]),
            bool(f["verified"]),
        )
        for f in data["figures"]
    }


def code_figure(figure_id: str) -> CodeFigure:
    return code_figures()[figure_id]
