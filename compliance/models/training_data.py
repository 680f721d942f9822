"""`training-data.yaml`: the facts behind the public summary of training content.

Sections follow the AI Office template (`frameworks/forms/training-content-summary.yaml`):
1 general information, 2.1-2.6 data sources, 3.1-3.3 data processing. Every source section
is either answered or explicitly `not_applicable: <reason>`. Text may be a plain string or
`{text: ..., confidential: true, evidence: [...]}`; list entries carry `confidential` too, so
the public summary can leave them out while the AI Office's copy keeps them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import Field, model_validator

from compliance.models.base import NonEmptyStr, StrictModel, VersionedFile
from compliance.models.model_facts import Citation, Modality, Positive

DOMAIN = r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"


class Note(StrictModel):
    """A piece of text that may be confidential and may cite evidence."""

    text: NonEmptyStr
    confidential: bool = False
    evidence: list[Citation] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _accept_bare_text(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value


Text = Annotated[Note, Field(description="Text, or {text, confidential, evidence}.")]


class Period(StrictModel):
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")
        return self


class Section(StrictModel):
    """A template section: answered, or `not_applicable` with the reason (and nothing else)."""

    not_applicable: str | None = Field(default=None, min_length=10)
    evidence: list[Citation] = Field(default_factory=list)

    @model_validator(mode="after")
    def _answered_or_not_applicable(self) -> Section:
        content = [
            name
            for name in type(self).model_fields
            if name not in ("not_applicable", "evidence") and _given(getattr(self, name))
        ]
        if self.not_applicable is not None and content:
            raise ValueError(f"not_applicable excludes other answers (given: {', '.join(content)})")
        if self.not_applicable is None and not content:
            raise ValueError("answer the section or state 'not_applicable: <reason>'")
        return self


def _given(value: Any) -> bool:
    return value is not None and value != [] and value is not False


# --- 1. General information -----------------------------------------------------------------


class ModalitySize(StrictModel):
    modality: Modality
    specify: str | None = Field(default=None, min_length=1)
    size_band: NonEmptyStr = Field(
        description='The template\'s band, e.g. "More than 10 trillion tokens".'
    )
    approximate_size: Positive | None = None
    unit: str | None = Field(default=None, min_length=1)
    types_of_content: Text

    @model_validator(mode="after")
    def _size_has_unit(self) -> ModalitySize:
        if (self.approximate_size is None) != (self.unit is None):
            raise ValueError("'approximate_size' and 'unit' go together")
        if self.modality == Modality.OTHER and not self.specify:
            raise ValueError("modality 'other' needs 'specify'")
        return self


class GeneralInformation(StrictModel):
    provider_name_contact: NonEmptyStr
    authorised_representative: str | None = None
    versioned_model_names: list[NonEmptyStr] = Field(min_length=1)
    model_dependencies: list[NonEmptyStr] = Field(default_factory=list)
    union_market_date: dt.date
    modalities: list[ModalitySize] = Field(min_length=1)
    latest_data_collection_date: dt.date
    continuous_training: bool
    linguistic_characteristics: Text | None = None
    other_characteristics: Text | None = None
    general_additional_comments: Text | None = None
    evidence: list[Citation] = Field(default_factory=list)


# --- 2. List of data sources ------------------------------------------------------------------


class Dataset(StrictModel):
    name: NonEmptyStr
    link: str | None = Field(default=None, min_length=1)
    description: str = ""
    modalities: list[Modality] = Field(default_factory=list)
    period: Period | None = None
    confidential: bool = False


class PublicDatasets(Section):
    public_datasets_large: list[Dataset] = Field(default_factory=list)
    public_datasets_other: Text | None = None
    public_datasets_comments: Text | None = None


class LicensedDatasets(Section):
    licensed_modalities: list[Modality] = Field(default_factory=list)
    licensors: list[Dataset] = Field(
        default_factory=list, description="Rightsholders or representatives; usually confidential."
    )
    description: Text | None = None


class OtherPrivateDatasets(Section):
    other_private_modalities: list[Modality] = Field(default_factory=list)
    other_private_known: list[Dataset] = Field(default_factory=list)
    other_private_description: Text | None = None
    other_private_comments: Text | None = None


class PrivateDatasets(StrictModel):
    licensed: LicensedDatasets
    other: OtherPrivateDatasets


class Crawler(StrictModel):
    name: NonEmptyStr = Field(description="Crawler name or identifier, e.g. its user-agent token.")
    user_agent: str | None = Field(default=None, min_length=1)
    purposes: Text
    behaviour: Text = Field(description="e.g. robots.txt, paywalls, captchas.")
    respects_robots_txt: bool
    confidential: bool = False


class CrawledData(Section):
    crawlers: list[Crawler] = Field(default_factory=list)
    crawl_period: Period | None = None
    crawl_content_description: Text | None = None
    crawl_modalities: list[Modality] = Field(default_factory=list)
    crawl_top_domains: list[Annotated[str, Field(pattern=DOMAIN, max_length=253)]] = Field(
        default_factory=list
    )
    crawl_top_domains_file: Citation | None = Field(
        default=None, description="A file listing the domains, instead of or besides the list."
    )
    crawl_comments: Text | None = None

    @model_validator(mode="after")
    def _crawlers_need_period(self) -> CrawledData:
        if self.crawlers and self.crawl_period is None:
            raise ValueError("crawled data needs 'crawl_period'")
        if len(set(self.crawl_top_domains)) != len(self.crawl_top_domains):
            raise ValueError("crawl_top_domains lists a domain twice")
        return self


class UserData(Section):
    user_data_model_interactions: bool = False
    user_data_other_services: bool = False
    user_data_services_description: Text | None = None
    user_data_modalities: list[Modality] = Field(default_factory=list)
    user_data_comments: Text | None = None


class Generator(StrictModel):
    model: NonEmptyStr
    provider: str = ""
    on_market: bool = Field(description="Available on the market (else: own or unreleased model).")
    confidential: bool = False


class SyntheticData(Section):
    synthetic_modalities: list[Modality] = Field(default_factory=list)
    generators: list[Generator] = Field(default_factory=list)
    synthetic_other_models: Text | None = None
    synthetic_comments: Text | None = None


class OtherSources(Section):
    other_sources_description: Text | None = None
    other_sources_comments: Text | None = None


class DataSources(StrictModel):
    public_datasets: PublicDatasets
    private_datasets: PrivateDatasets
    crawled_data: CrawledData
    user_data: UserData
    synthetic_data: SyntheticData
    other_sources: OtherSources


# --- 3. Data processing aspects ---------------------------------------------------------------


class TdmReservations(StrictModel):
    tdm_cop_signatory: bool
    opt_out_protocols: list[NonEmptyStr] = Field(
        default_factory=list, description='e.g. "robots.txt", "TDMRep", "ai.txt".'
    )
    tdm_measures: list[Text] = Field(min_length=1)
    tdm_comments: Text | None = None
    evidence: list[Citation] = Field(default_factory=list)


class IllegalContent(StrictModel):
    illegal_content_measures: list[Text] = Field(min_length=1)
    evidence: list[Citation] = Field(default_factory=list)


class DataProcessing(StrictModel):
    tdm_reservations: TdmReservations
    illegal_content: IllegalContent
    other_information: Text | None = None


class TrainingDataFile(VersionedFile):
    """`training-data.yaml`: what went into training, for the Article 53(1)(d) summary."""

    summary_version: NonEmptyStr
    last_update: dt.date
    general: GeneralInformation
    sources: DataSources
    processing: DataProcessing
