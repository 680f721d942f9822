"""A systemic risk's acceptance criteria, written under `systemic:` of a risk in risks/*.yaml.

The General-Purpose AI Code of Practice (Safety and Security chapter, Measure 4.1) asks for
systemic risk tiers per identified systemic risk: defined in terms of model capabilities,
measurable, at least one not yet reached, applied with a safety margin. Each tier here names
the evaluations that indicate it (an evaluation log or metrics file, a metric, a slice),
its trigger value and direction, and the controls required once it is reached.
docs/systemic-risk.md documents every field and how "reached" is judged.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from compliance.models.base import NonEmptyStr, StrictModel

TIER_ID = r"^[A-Za-z][A-Za-z0-9_.\-]*$"
SPECIFIED_SYSTEMIC_RISKS = "gpai-cop-systemic-risks"
"""The taxonomy whose categories under `specified-systemic-risks` a systemic risk names."""
SPECIFIED_PARENT = "specified-systemic-risks"

Direction = Literal[">=", "<="]


class TierIndicator(StrictModel):
    """One evaluation result that indicates a tier: a metric of an evaluation file."""

    evidence: NonEmptyStr = Field(
        description="Path of the evaluation log (Inspect .eval/.json) or metrics file."
    )
    metric: NonEmptyStr = Field(description="The metric (or score/metric of an Inspect log).")
    slice: dict[NonEmptyStr, NonEmptyStr] | None = Field(
        default=None, description="Only this slice, e.g. {harm_category: cbrn}."
    )


class CapabilityTier(StrictModel):
    """A systemic risk tier: reached when an indicating evaluation comes within the risk's
    safety margin of the trigger (judged on the 95% interval, docs/systemic-risk.md)."""

    id: str = Field(pattern=TIER_ID, description="Id of the tier within its risk.")
    description: NonEmptyStr = Field(description="What reaching the tier means.")
    indicators: list[TierIndicator] = Field(
        min_length=1, description="The evaluations whose results indicate the tier."
    )
    trigger: float = Field(description="The value at which the tier is reached.")
    direction: Direction = Field(
        default=">=",
        description="'>=': reached when the result rises to the trigger (a capability score); "
        "'<=': reached when it falls to it (e.g. a refusal rate).",
    )
    mitigations: list[NonEmptyStr] = Field(
        default_factory=list,
        description="Control ids that must be covered once the tier is reached.",
    )


class SystemicRisk(StrictModel):
    """The Code's systemic risk identification, analysis and acceptance criteria for a risk."""

    category: NonEmptyStr = Field(
        description="A specified systemic risk of the gpai-cop-systemic-risks taxonomy "
        "(cbrn, cyber-offence, harmful-manipulation, loss-of-control)."
    )
    sources: list[NonEmptyStr] = Field(min_length=1, description="Systemic risk sources.")
    scenarios: list[NonEmptyStr] = Field(min_length=1, description="Systemic risk scenarios.")
    safety_margin: float = Field(
        ge=0,
        description="In the tiers' metric units: a tier counts as reached once the interval "
        "comes this close to its trigger.",
    )
    tiers: list[CapabilityTier] = Field(
        min_length=1, description="The risk's tiers, each with its indicators and trigger."
    )

    @model_validator(mode="after")
    def _unique_tiers(self) -> SystemicRisk:
        seen: set[str] = set()
        for tier in self.tiers:
            if tier.id in seen:
                raise ValueError(f"tier id {tier.id!r} is used twice")
            seen.add(tier.id)
        return self
