"""The one risk scale: named bands of a likelihood x severity score (each 1-5, so 1-25).

Written under `risk_scale:` in compliance.yaml, or the documented default below. The risk
register, the heat maps, the gate's `max_residual_level` and every report read it from
here; docs/risk-scale.md documents it.
"""

from __future__ import annotations

import itertools

from pydantic import Field, field_validator

from compliance.models.base import StrictModel

MIN_SCORE = 1
MAX_SCORE = 25
"""Likelihood and severity are each rated 1-5; a score is their product."""

BAND_NAME = r"^[a-z][a-z0-9\-]*$"
COLOUR = r"^#[0-9a-fA-F]{6}$"

PALETTE = ("#d5ecd4", "#fff1b8", "#ffd29e", "#f6b0ab")
"""Default band colours, lowest band first: green, yellow, orange, red."""


class RiskBand(StrictModel):
    """One named band: every score from `min` to `max` inclusive."""

    name: str = Field(pattern=BAND_NAME, description="Lower-case name, e.g. low or medium.")
    min: int = Field(ge=MIN_SCORE, le=MAX_SCORE, description="Lowest score in the band (1-25).")
    max: int = Field(ge=MIN_SCORE, le=MAX_SCORE, description="Highest score in the band (1-25).")
    colour: str | None = Field(
        default=None,
        pattern=COLOUR,
        description="Colour in heat maps and reports, '#rrggbb'; default from a green-to-red "
        "palette by the band's position.",
    )

    @property
    def label(self) -> str:
        """'low (1-4)'."""
        return f"{self.name} ({self.min}-{self.max})"


class RiskScale(StrictModel):
    """Bands from lowest to highest; together they cover 1-25 without gap or overlap."""

    bands: list[RiskBand] = Field(
        min_length=1,
        description="Lowest band first; contiguous, non-overlapping, covering scores 1 to 25.",
    )

    @field_validator("bands")
    @classmethod
    def _contiguous(cls, bands: list[RiskBand]) -> list[RiskBand]:
        names: set[str] = set()
        for b in bands:
            if b.name in names:
                raise ValueError(f"band name {b.name!r} is used twice; give each band its own")
            names.add(b.name)
            if b.min > b.max:
                raise ValueError(f"band {b.name!r} has min {b.min} above max {b.max}")
        if bands[0].min != MIN_SCORE:
            raise ValueError(
                f"the first band {bands[0].name!r} starts at {bands[0].min}; the lowest band "
                f"must start at {MIN_SCORE} (list the bands lowest first)"
            )
        for prev, b in itertools.pairwise(bands):
            if b.min != prev.max + 1:
                what = "overlaps" if b.min <= prev.max else "leaves a gap after"
                raise ValueError(
                    f"band {b.name!r} starts at {b.min}, so it {what} band {prev.name!r} "
                    f"(ends at {prev.max}); each band must start at the previous max + 1, "
                    f"here {prev.max + 1}"
                )
        if bands[-1].max != MAX_SCORE:
            raise ValueError(
                f"the last band {bands[-1].name!r} ends at {bands[-1].max}; the highest band "
                f"must end at {MAX_SCORE} (5 x 5)"
            )
        return bands

    @property
    def names(self) -> list[str]:
        return [b.name for b in self.bands]

    def band(self, score: int) -> RiskBand:
        """The band holding a score (1-25)."""
        for b in self.bands:
            if b.min <= score <= b.max:
                return b
        raise ValueError(f"risk score {score} is outside {MIN_SCORE}-{MAX_SCORE}")

    def rank(self, name: str) -> int:
        """Position of a band, lowest 0; KeyError for a name not on this scale."""
        for i, b in enumerate(self.bands):
            if b.name == name:
                return i
        raise KeyError(name)

    def colour(self, band: RiskBand) -> str:
        """The band's own colour, or the palette colour for its position."""
        if band.colour:
            return band.colour.lower()
        n = len(self.bands)
        i = self.rank(band.name)
        pos = 0 if n == 1 else round(i * (len(PALETTE) - 1) / (n - 1))
        return PALETTE[pos]

    def describe(self) -> str:
        """'low 1-4, medium 5-9, high 10-16, critical 17-25'."""
        return ", ".join(f"{b.name} {b.min}-{b.max}" for b in self.bands)


def default_risk_scale() -> RiskScale:
    """The default scale (docs/risk-scale.md): low 1-4, medium 5-9, high 10-16, critical 17-25."""
    return RiskScale(
        bands=[
            RiskBand(name="low", min=1, max=4),
            RiskBand(name="medium", min=5, max=9),
            RiskBand(name="high", min=10, max=16),
            RiskBand(name="critical", min=17, max=25),
        ]
    )
