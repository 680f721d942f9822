"""`model.yaml`: the Model Documentation Form's fields as typed, validated facts.

Field names are the form field ids of `frameworks/forms/model-documentation-form.yaml`, so a
renderer can walk the form and look each id up here. A few form fields live inside a
neighbour's value instead of standing alone (`FOLDED` says where). Every fact may cite
evidence: `{path: evidence/..., heading: "## Training data"}` or `{path: ..., lines: "10-24"}`.
"""

from __future__ import annotations

import datetime as dt
import math
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, field_validator, model_validator

from compliance.core.paths import UnsafePath, _check_text
from compliance.core.wording import scientific
from compliance.models.base import NonEmptyStr, StrictModel, VersionedFile

FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]
"""A number that is neither infinite nor NaN (YAML's .inf and .nan are refused)."""
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]
NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]

FOLDED = {
    "input_modalities_other": "input_modalities",
    "input_max_size": "input_modalities",
    "output_modalities_other": "output_modalities",
    "output_max_size": "output_modalities",
}
"""Form field id -> the fact that holds it (per modality: `specify` and `max_size`)."""


class Citation(StrictModel):
    """Where in the repository a fact is shown: a file, and a heading or a line range in it."""

    path: NonEmptyStr = Field(description="Path inside the repository, e.g. evidence/model-card.md")
    heading: str | None = Field(
        default=None, min_length=1, description='A markdown heading, e.g. "## Training data".'
    )
    lines: str | None = Field(
        default=None, pattern=r"^[1-9][0-9]*(-[1-9][0-9]*)?$", description='e.g. "10-24" or "7".'
    )

    @field_validator("path")
    @classmethod
    def _inside_repository(cls, value: str) -> str:
        try:
            _check_text(value)
        except UnsafePath as exc:
            raise ValueError(str(exc)) from None
        return value

    @model_validator(mode="after")
    def _one_locator(self) -> Citation:
        if self.heading is not None and self.lines is not None:
            raise ValueError("give either 'heading' or 'lines', not both")
        if self.lines is not None and "-" in self.lines:
            start, end = (int(n) for n in self.lines.split("-"))
            if start > end:
                raise ValueError(f"line range {self.lines!r} ends before it starts")
        return self

    SHORTHAND = "A bare path: the whole file."

    @model_validator(mode="before")
    @classmethod
    def _accept_bare_path(cls, value: Any) -> Any:
        return {"path": value} if isinstance(value, str) else value


class Fact(StrictModel):
    """Base of every fact: the evidence that shows it."""

    evidence: list[Citation] = Field(
        default_factory=list,
        description="Where in the repository the fact is shown: [{path, heading or lines}].",
    )


class TextFact(Fact):
    value: NonEmptyStr = Field(description="The answer, as text.")


class DateFact(Fact):
    value: dt.date = Field(description="The date (YYYY-MM-DD).")


class ModelName(Fact):
    value: NonEmptyStr = Field(description="The unique identifier for the model.")
    versions: list[NonEmptyStr] = Field(
        default_factory=list, description="Names of the publicly available versions covered."
    )


class Dependencies(Fact):
    value: list[NonEmptyStr] = Field(
        default_factory=list, description="Models this one modifies or fine-tunes; empty = N/A."
    )


class Modality(StrEnum):
    TEXT = "text"
    IMAGES = "images"
    AUDIO = "audio"
    VIDEO = "video"
    OTHER = "other"


class MaxSize(StrictModel):
    value: Positive = Field(description="Largest input or output size, a positive number.")
    unit: NonEmptyStr = Field(description='e.g. "tokens", "pixels", "seconds".')


class ModalityEntry(StrictModel):
    modality: Modality = Field(description="text, images, audio, video or other.")
    specify: str | None = Field(default=None, min_length=1, description="Required for 'other'.")
    max_size: MaxSize | None = Field(default=None, description="None means 'N/A' (not defined).")

    @model_validator(mode="after")
    def _other_is_specified(self) -> ModalityEntry:
        if self.modality == Modality.OTHER and not self.specify:
            raise ValueError("modality 'other' needs 'specify'")
        if self.modality != Modality.OTHER and self.specify is not None:
            raise ValueError("'specify' is only for modality 'other'")
        return self


class Modalities(Fact):
    value: list[ModalityEntry] = Field(
        min_length=1, description="Each modality, with its maximum size."
    )

    @model_validator(mode="after")
    def _each_once(self) -> Modalities:
        kinds = [e.modality for e in self.value if e.modality != Modality.OTHER]
        if len(kinds) != len(set(kinds)):
            raise ValueError("each modality may be listed once")
        return self


class SizeBand(StrEnum):
    """The form's parameter-count bands (frameworks/forms: total_model_size_range)."""

    UP_TO_500M = "1—500M"
    UP_TO_5B = "500M—5B"
    UP_TO_15B = "5B—15B"
    UP_TO_50B = "15B—50B"
    UP_TO_100B = "50B—100B"
    UP_TO_500B = "100B—500B"
    UP_TO_1T = "500B—1T"
    ABOVE_1T = ">1T"


_BAND_TOPS = [
    (5e8, SizeBand.UP_TO_500M),
    (5e9, SizeBand.UP_TO_5B),
    (1.5e10, SizeBand.UP_TO_15B),
    (5e10, SizeBand.UP_TO_50B),
    (1e11, SizeBand.UP_TO_100B),
    (5e11, SizeBand.UP_TO_500B),
    (1e12, SizeBand.UP_TO_1T),
]


def size_band(parameters: float) -> SizeBand:
    """The band a parameter count falls in (a count on a boundary belongs to the lower band)."""
    for top, band in _BAND_TOPS:
        if parameters <= top:
            return band
    return SizeBand.ABOVE_1T


class ParameterCount(Fact):
    value: Positive = Field(
        description="Total number of parameters, two significant figures or more."
    )


class BandFact(Fact):
    value: SizeBand = Field(
        description=(
            "The form's parameter-count band, e.g. 50B—100B; must agree with total_model_size."
        )
    )


class DistributionChannel(StrEnum):
    ENTERPRISE = "enterprise-software-suites"
    API = "public-subscription-api"
    APPS = "ide-device-apps-firmware"
    OPEN_SOURCE = "open-source-repositories"
    OTHER = "other"


class Channel(StrictModel):
    channel: DistributionChannel = Field(
        description=(
            "enterprise-software-suites, public-subscription-api, ide-device-apps-firmware, open-"
            "source-repositories or other."
        )
    )
    description: str = Field(
        default="", description="How the model is offered through this channel."
    )


class Channels(Fact):
    value: list[Channel] = Field(min_length=1, description="Every distribution channel.")


class Licence(Fact):
    name: NonEmptyStr = Field(
        description="Name of the licence, e.g. Apache-2.0 or a proprietary licence's title."
    )
    link: str | None = Field(
        default=None, min_length=1, description="Where the licence text is published."
    )
    category: str | None = Field(
        default=None,
        min_length=1,
        description="The kind of licence, e.g. open-source or proprietary.",
    )


class Asset(StrictModel):
    name: NonEmptyStr = Field(description="Name of the asset, e.g. the tokenizer or model weights.")
    access: str = Field(default="", description="How the asset can be accessed.")
    licence: str = Field(default="", description="Model Documentation Form 3.2: License.")


class Assets(Fact):
    value: list[Asset] = Field(
        default_factory=list, description="Additional assets made available."
    )


class AcceptableUsePolicy(Fact):
    link: str | None = Field(
        default=None, min_length=1, description="Where the acceptable use policy is published."
    )
    none_exists: bool = Field(
        default=False, description="True when there is no acceptable use policy."
    )

    @model_validator(mode="after")
    def _link_or_none(self) -> AcceptableUsePolicy:
        if (self.link is None) == (not self.none_exists):
            raise ValueError("give a 'link' or set 'none_exists: true' (not both)")
        return self


class ModalityList(Fact):
    value: list[Modality] = Field(
        min_length=1, description="The modalities (text, images, audio, video, other)."
    )


class Provenance(StrEnum):
    """The form's provenance categories (frameworks/forms: data_provenance)."""

    WEB_CRAWLING = "web-crawling"
    PRIVATE_THIRD_PARTY = "private-third-party-datasets"
    USER_DATA = "user-data"
    PUBLIC_DATASETS = "publicly-available-datasets"
    SYNTHETIC = "synthetic-data"
    OTHER = "other"


class ProvenanceFact(Fact):
    value: list[Provenance] = Field(
        min_length=1,
        description=(
            "Provenance categories: web-crawling, private-third-party-datasets, user-data, "
            "publicly-available-datasets, synthetic-data, other."
        ),
    )


class DataPoints(Fact):
    value: Positive = Field(
        description="Number of data points, a positive number (unit in `unit`)."
    )
    unit: NonEmptyStr = Field(description='e.g. "tokens", "images", "hours".')


class TrainingTimeRange(StrEnum):
    UNDER_1_MONTH = "<1 month"
    MONTHS_1_3 = "1–3 months"
    MONTHS_3_6 = "3–6 months"
    OVER_6_MONTHS = ">6 months"


_DAYS_PER_MONTH = 365.25 / 12


def time_range(days: float) -> TrainingTimeRange:
    months = days / _DAYS_PER_MONTH
    if months < 1:
        return TrainingTimeRange.UNDER_1_MONTH
    if months <= 3:
        return TrainingTimeRange.MONTHS_1_3
    if months <= 6:
        return TrainingTimeRange.MONTHS_3_6
    return TrainingTimeRange.OVER_6_MONTHS


class TrainingTime(Fact):
    """Range for national authorities; wall-clock and hardware days for the AI Office."""

    range: TrainingTimeRange = Field(
        description=(
            "The form's range: <1 month, 1–3 months, 3–6 months or >6 months; must agree with "
            "wall_clock_days."
        )
    )
    wall_clock_days: Positive | None = Field(
        default=None, description="Wall-clock duration of training in days."
    )
    hardware_days: Positive | None = Field(
        default=None, description="Accelerator-days: accelerators x days of use."
    )
    hardware: str = Field(default="", description='e.g. "16,384 x 80 GB accelerators".')

    @model_validator(mode="after")
    def _range_matches_days(self) -> TrainingTime:
        if self.wall_clock_days is not None and time_range(self.wall_clock_days) != self.range:
            raise ValueError(
                f"{scientific(self.wall_clock_days, digits=6)} wall-clock days fall in "
                f"{time_range(self.wall_clock_days).value!r}, not {self.range.value!r}"
            )
        return self


class FlopFact(Fact):
    value: Positive = Field(
        description="Floating-point operations, two significant figures or more."
    )


class ComputeMethod(StrEnum):
    HARDWARE = "hardware-based"
    ARCHITECTURE = "architecture-based"
    OTHER = "other"


class ComputeMethodFact(Fact):
    method: ComputeMethod = Field(description="hardware-based, architecture-based or other.")
    description: NonEmptyStr = Field(description="How the figure was measured or estimated.")


class EnergyFact(Fact):
    value: NonNegative | None = Field(default=None, description="Megawatt-hours (MWh).")
    not_available: str | None = Field(
        default=None,
        min_length=10,
        description="Why no figure can be given (e.g. the compute provider withholds it).",
    )

    @model_validator(mode="after")
    def _value_or_reason(self) -> EnergyFact:
        if (self.value is None) == (self.not_available is None):
            raise ValueError("give either 'value' (MWh) or 'not_available' with the reason")
        return self


class InferenceMethod(Fact):
    task: NonEmptyStr = Field(description='e.g. "generating 100,000 tokens".')
    hardware: NonEmptyStr = Field(description='e.g. "8 x 80 GB accelerators".')


class EnergyEstimateInputs(Fact):
    """Assumptions for estimating training energy from compute (Annex XI 2(e) allows an
    estimate from the computational resources used). Not a form field: the tool's input."""

    accelerator: NonEmptyStr = Field(description='e.g. "80 GB accelerator, BF16 dense".')
    peak_flop_per_second: Positive = Field(
        description="Peak FLOP/s of one accelerator at the training precision."
    )
    utilisation: float = Field(
        gt=0, le=1, allow_inf_nan=False, description="Model FLOP utilisation, e.g. 0.36."
    )
    power_kw: Positive = Field(
        description="Average power of one accelerator with its share of the host, in kW."
    )
    pue: float = Field(
        default=1.0, ge=1, le=5, allow_inf_nan=False, description="Facility PUE (1.0 = none)."
    )


class ModelFacts(VersionedFile):
    """`model.yaml`: one optional fact per Model Documentation Form field."""

    # 1. General information
    legal_name: TextFact | None = Field(
        default=None, description="Model Documentation Form 1.1: Legal name for the model provider."
    )
    model_name: ModelName | None = Field(
        default=None, description="Model Documentation Form 1.2: Model name."
    )
    model_authenticity: TextFact | None = Field(
        default=None, description="Model Documentation Form 1.3: Model authenticity."
    )
    release_date: DateFact | None = Field(
        default=None, description="Model Documentation Form 1.4: Release date."
    )
    union_market_release_date: DateFact | None = Field(
        default=None, description="Model Documentation Form 1.5: Union market release date."
    )
    model_dependencies: Dependencies | None = Field(
        default=None, description="Model Documentation Form 1.6: Model dependencies."
    )
    # 2. Model properties
    model_architecture: TextFact | None = Field(
        default=None, description="Model Documentation Form 2.1: Model architecture."
    )
    design_specifications: TextFact | None = Field(
        default=None,
        description="Model Documentation Form 2.2: Design specifications of the model.",
    )
    input_modalities: Modalities | None = Field(
        default=None, description="Model Documentation Form 2.3: Input modalities."
    )
    output_modalities: Modalities | None = Field(
        default=None, description="Model Documentation Form 2.6: Output modalities."
    )
    total_model_size: ParameterCount | None = Field(
        default=None, description="Model Documentation Form: Total model size."
    )
    total_model_size_range: BandFact | None = Field(
        default=None,
        description=(
            "Model Documentation Form: Total model size, as the form's parameter-count band."
        ),
    )
    # 3. Methods of distribution and licences
    distribution_channels: Channels | None = Field(
        default=None, description="Model Documentation Form 3.1: Distribution channels."
    )
    licence: Licence | None = Field(
        default=None, description="Model Documentation Form 3.2: License."
    )
    licence_other_assets: Assets | None = Field(
        default=None,
        description=(
            "Model Documentation Form: Additional assets made available, incl. description of "
            "access and additional licenses."
        ),
    )
    # 4. Use
    acceptable_use_policy: AcceptableUsePolicy | None = Field(
        default=None, description="Model Documentation Form: Acceptable Use Policy."
    )
    intended_uses: TextFact | None = Field(
        default=None, description="Model Documentation Form: Intended uses."
    )
    integration_system_types: TextFact | None = Field(
        default=None,
        description=(
            "Model Documentation Form: Type and nature of AI systems in which the general-purpose "
            "AI model can be integrated."
        ),
    )
    integration_technical_means: TextFact | None = Field(
        default=None, description="Model Documentation Form: Technical means for model integration."
    )
    required_hardware: TextFact | None = Field(
        default=None, description="Model Documentation Form: Required hardware."
    )
    required_software: TextFact | None = Field(
        default=None, description="Model Documentation Form: Required software."
    )
    # Training process
    training_design_specifications: TextFact | None = Field(
        default=None,
        description="Model Documentation Form: Design specification of the training process.",
    )
    decision_rationale: TextFact | None = Field(
        default=None, description="Model Documentation Form: Decision rationale."
    )
    # Data used for training, testing and validation
    data_type: ModalityList | None = Field(
        default=None, description="Model Documentation Form: Data type/modality."
    )
    data_provenance: ProvenanceFact | None = Field(
        default=None, description="Model Documentation Form: Provenance of data."
    )
    data_obtained_selected: TextFact | None = Field(
        default=None, description="Model Documentation Form: How data was obtained and selected."
    )
    data_points: DataPoints | None = Field(
        default=None, description="Model Documentation Form: Number of data points."
    )
    data_scope: TextFact | None = Field(
        default=None, description="Model Documentation Form: Scope and main characteristics."
    )
    data_curation: TextFact | None = Field(
        default=None, description="Model Documentation Form: Data curation methodologies."
    )
    data_unsuitability_measures: TextFact | None = Field(
        default=None,
        description=(
            "Model Documentation Form: Measures to detect the unsuitability of data sources."
        ),
    )
    data_bias_measures: TextFact | None = Field(
        default=None,
        description="Model Documentation Form: Measures to detect identifiable biases.",
    )
    # Computational resources
    training_time: TrainingTime | None = Field(
        default=None, description="Model Documentation Form: Training time."
    )
    training_compute: FlopFact | None = Field(
        default=None,
        description="Model Documentation Form: Amount of computation used for training.",
    )
    training_compute_method: ComputeMethodFact | None = Field(
        default=None,
        description=(
            "Model Documentation Form: Measurement methodology (of the training computation)."
        ),
    )
    # Energy consumption
    training_energy: EnergyFact | None = Field(
        default=None, description="Model Documentation Form: Amount of energy used for training."
    )
    training_energy_method: TextFact | None = Field(
        default=None,
        description="Model Documentation Form: Measurement methodology (of the training energy).",
    )
    inference_compute: FlopFact | None = Field(
        default=None,
        description=(
            "Model Documentation Form: Benchmarked amount of computation used for inference."
        ),
    )
    inference_compute_method: InferenceMethod | None = Field(
        default=None,
        description=(
            "Model Documentation Form: Measurement methodology (of the inference computation)."
        ),
    )
    # Not form fields: inputs of the checks the tool runs on the facts
    energy_estimate: EnergyEstimateInputs | None = Field(
        default=None, description="Assumptions for an energy estimate when energy is unknown."
    )

    @model_validator(mode="after")
    def _band_matches_count(self) -> ModelFacts:
        if self.total_model_size is not None and self.total_model_size_range is not None:
            band = size_band(self.total_model_size.value)
            if band != self.total_model_size_range.value:
                raise ValueError(
                    f"total_model_size {scientific(self.total_model_size.value)} is in band "
                    f"{band.value!r}, not {self.total_model_size_range.value.value!r}"
                )
        return self

    def six_n_d(self) -> float | None:
        """6 x parameters x data points: the usual estimate of dense-transformer training FLOP."""
        if self.total_model_size is None or self.data_points is None:
            return None
        estimate = 6 * self.total_model_size.value * self.data_points.value
        return estimate if math.isfinite(estimate) else None


def form_field_holder(field_id: str) -> str:
    """The ModelFacts attribute holding form field `field_id` (itself, unless folded)."""
    return FOLDED.get(field_id, field_id)
