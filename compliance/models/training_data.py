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

    text: NonEmptyStr = Field(description="The text.")
    confidential: bool = Field(
        default=False, description="Left out of the public summary; kept in the AI Office's copy."
    )
    evidence: list[Citation] = Field(
        default_factory=list,
        description="Where in the repository the text is shown: [{path, heading or lines}].",
    )

    SHORTHAND = "Plain text: not confidential, citing no evidence."

    @model_validator(mode="before")
    @classmethod
    def _accept_bare_text(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value


Text = Annotated[Note, Field(description="Text, or {text, confidential, evidence}.")]


class Period(StrictModel):
    start: dt.date = Field(description="First day (YYYY-MM-DD).")
    end: dt.date = Field(description="Last day (YYYY-MM-DD).")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")
        return self


class Section(StrictModel):
    """A template section: answered, or `not_applicable` with the reason (and nothing else)."""

    not_applicable: str | None = Field(
        default=None,
        min_length=10,
        description=(
            "Why the section does not apply (at least 10 characters); then nothing else may be "
            "given."
        ),
    )
    evidence: list[Citation] = Field(
        default_factory=list, description="Where in the repository the section's answers are shown."
    )

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
    modality: Modality = Field(description="text, images, audio, video or other.")
    specify: str | None = Field(
        default=None, min_length=1, description="What the modality is, when it is other."
    )
    size_band: NonEmptyStr = Field(
        description='The template\'s band, e.g. "More than 10 trillion tokens".'
    )
    approximate_size: Positive | None = Field(
        default=None,
        description="Approximate amount of training data of this modality (unit in `unit`).",
    )
    unit: str | None = Field(
        default=None, min_length=1, description="Unit of approximate_size, e.g. tokens."
    )
    types_of_content: Text

    @model_validator(mode="after")
    def _size_has_unit(self) -> ModalitySize:
        if (self.approximate_size is None) != (self.unit is None):
            raise ValueError("'approximate_size' and 'unit' go together")
        if self.modality == Modality.OTHER and not self.specify:
            raise ValueError("modality 'other' needs 'specify'")
        return self


class GeneralInformation(StrictModel):
    provider_name_contact: NonEmptyStr = Field(
        description="training-content summary template 1.1.(i): Provider name and contact details."
    )
    authorised_representative: str | None = Field(
        default=None,
        description=(
            "training-content summary template 1.1.(ii): Authorised representative name and "
            "contact details."
        ),
    )
    versioned_model_names: list[NonEmptyStr] = Field(
        min_length=1,
        description="training-content summary template 1.2.(i): Versioned model name(s).",
    )
    model_dependencies: list[NonEmptyStr] = Field(
        default_factory=list, description="Model Documentation Form 1.6: Model dependencies."
    )
    union_market_date: dt.date = Field(
        description=(
            "training-content summary template 1.2.(iii): Date of placement of the model on the "
            "Union market."
        )
    )
    modalities: list[ModalitySize] = Field(
        min_length=1, description="training-content summary template 1.3.(i): Modality."
    )
    latest_data_collection_date: dt.date = Field(
        description="training-content summary template: Latest date of data collection."
    )
    continuous_training: bool = Field(
        description="training-content summary template: Continuously trained on new data."
    )
    linguistic_characteristics: Text | None = Field(
        default=None, description="training-content summary template: Linguistic characteristics."
    )
    other_characteristics: Text | None = Field(
        default=None, description="training-content summary template: Other characteristics."
    )
    general_additional_comments: Text | None = Field(
        default=None, description="training-content summary template: Additional comments."
    )
    evidence: list[Citation] = Field(
        default_factory=list, description="Where in the repository these answers are shown."
    )


# --- 2. List of data sources ------------------------------------------------------------------


class Dataset(StrictModel):
    name: NonEmptyStr = Field(description="Name of the dataset.")
    link: str | None = Field(
        default=None, min_length=1, description="Where the dataset is published."
    )
    description: str = Field(default="", description="What the dataset holds.")
    modalities: list[Modality] = Field(
        default_factory=list, description="training-content summary template 1.3.(i): Modality."
    )
    period: Period | None = Field(default=None, description="The period of data collection.")
    confidential: bool = Field(
        default=False, description="Left out of the public summary; kept in the AI Office's copy."
    )


class PublicDatasets(Section):
    public_datasets_large: list[Dataset] = Field(
        default_factory=list,
        description="training-content summary template: List of large publicly available datasets.",
    )
    public_datasets_other: Text | None = Field(
        default=None,
        description=(
            "training-content summary template: General description of other publicly available "
            "datasets."
        ),
    )
    public_datasets_comments: Text | None = Field(
        default=None, description="training-content summary template: Additional comments."
    )


class LicensedDatasets(Section):
    licensed_modalities: list[Modality] = Field(
        default_factory=list,
        description="training-content summary template: Modalities covered by license.",
    )
    licensors: list[Dataset] = Field(
        default_factory=list, description="Rightsholders or representatives; usually confidential."
    )
    description: Text | None = Field(default=None, description="Description of the licensed data.")


class OtherPrivateDatasets(Section):
    other_private_modalities: list[Modality] = Field(
        default_factory=list,
        description=(
            "training-content summary template 2.2.2.(i): Specify the modality(ies) of the content"
            " covered by the datasets concerned."
        ),
    )
    other_private_known: list[Dataset] = Field(
        default_factory=list,
        description=(
            "training-content summary template 2.2.2.(ii): If publicly known, list private "
            "datasets obtained from other third parties."
        ),
    )
    other_private_description: Text | None = Field(
        default=None,
        description=(
            "training-content summary template 2.2.2.(iii): General description of non-publicly "
            "known private datasets obtained from third parties."
        ),
    )
    other_private_comments: Text | None = Field(
        default=None,
        description="training-content summary template 2.2.2.(iv): Additional comments.",
    )


class PrivateDatasets(StrictModel):
    licensed: LicensedDatasets = Field(
        description=(
            "Template 2.2.1: datasets commercially licensed by rightsholders or their "
            "representatives."
        )
    )
    other: OtherPrivateDatasets = Field(
        description="Template 2.2.2: private datasets obtained from other third parties."
    )


class Crawler(StrictModel):
    name: NonEmptyStr = Field(description="Crawler name or identifier, e.g. its user-agent token.")
    user_agent: str | None = Field(
        default=None, min_length=1, description="The crawler's user-agent string."
    )
    purposes: Text
    behaviour: Text = Field(description="e.g. robots.txt, paywalls, captchas.")
    respects_robots_txt: bool = Field(description="Whether the crawler honours robots.txt.")
    confidential: bool = Field(
        default=False, description="Left out of the public summary; kept in the AI Office's copy."
    )


class CrawledData(Section):
    crawlers: list[Crawler] = Field(
        default_factory=list,
        description="Template 2.3.(i)-(iii): each crawler with its purposes and behaviour.",
    )
    crawl_period: Period | None = Field(
        default=None,
        description="training-content summary template 2.3.(iv): Period of data collection.",
    )
    crawl_content_description: Text | None = Field(
        default=None,
        description=(
            "training-content summary template 2.3.(v): Comprehensive description of the type of "
            "content and online sources crawled."
        ),
    )
    crawl_modalities: list[Modality] = Field(
        default_factory=list,
        description="training-content summary template 2.3.(vi): Type of modality covered.",
    )
    crawl_top_domains: list[Annotated[str, Field(pattern=DOMAIN, max_length=253)]] = Field(
        default_factory=list,
        description=(
            "training-content summary template 2.3.(vii): Summary of the most relevant domain "
            "names crawled."
        ),
    )
    crawl_top_domains_file: Citation | None = Field(
        default=None, description="A file listing the domains, instead of or besides the list."
    )
    crawl_comments: Text | None = Field(
        default=None,
        description="training-content summary template 2.3.(viii): Additional comments.",
    )

    @model_validator(mode="after")
    def _crawlers_need_period(self) -> CrawledData:
        if self.crawlers and self.crawl_period is None:
            raise ValueError("crawled data needs 'crawl_period'")
        if len(set(self.crawl_top_domains)) != len(self.crawl_top_domains):
            raise ValueError("crawl_top_domains lists a domain twice")
        return self


class UserData(Section):
    user_data_model_interactions: bool = Field(
        default=False,
        description=(
            "training-content summary template: Was data from user interactions with the AI model "
            "(e.g. user input and prompts) used to train the model?"
        ),
    )
    user_data_other_services: bool = Field(
        default=False,
        description=(
            "training-content summary template: Was data collected from user interactions with the"
            " provider's other services or products used to train the model?"
        ),
    )
    user_data_services_description: Text | None = Field(
        default=None,
        description=(
            "training-content summary template 2.4.(i): Provide a general description of the "
            "provider’s services or products that were used to collect the user data."
        ),
    )
    user_data_modalities: list[Modality] = Field(
        default_factory=list,
        description="training-content summary template: Type of modality covered.",
    )
    user_data_comments: Text | None = Field(
        default=None, description="training-content summary template 2.4.(ii): Additional comments."
    )


class Generator(StrictModel):
    model: NonEmptyStr = Field(description="The AI model used to generate synthetic data.")
    provider: str = Field(default="", description="Its provider.")
    on_market: bool = Field(description="Available on the market (else: own or unreleased model).")
    confidential: bool = Field(
        default=False, description="Left out of the public summary; kept in the AI Office's copy."
    )


class SyntheticData(Section):
    synthetic_modalities: list[Modality] = Field(
        default_factory=list,
        description="training-content summary template 2.5.(i): Modality of the synthetic data.",
    )
    generators: list[Generator] = Field(
        default_factory=list,
        description="Template 2.5.(ii): AI models used to generate synthetic training data.",
    )
    synthetic_other_models: Text | None = Field(
        default=None,
        description=(
            "training-content summary template 2.5.(iii): Information about other AI models, "
            "including provider’s own AI model(s) not available on the market, used to generate "
            "synthetic data to train the model."
        ),
    )
    synthetic_comments: Text | None = Field(
        default=None, description="training-content summary template 2.5.(iv): Additional comments."
    )


class OtherSources(Section):
    other_sources_description: Text | None = Field(
        default=None,
        description=(
            "training-content summary template 2.6.(i): Provide a narrative description of these "
            "data sources and the data."
        ),
    )
    other_sources_comments: Text | None = Field(
        default=None, description="training-content summary template: Additional comments."
    )


class DataSources(StrictModel):
    public_datasets: PublicDatasets = Field(
        description="Template 2.1: publicly available datasets."
    )
    private_datasets: PrivateDatasets = Field(
        description=(
            "Template 2.2: private non-publicly available datasets obtained from third parties."
        )
    )
    crawled_data: CrawledData = Field(
        description="Template 2.3: data crawled and scraped from online sources."
    )
    user_data: UserData = Field(description="Template 2.4: user data.")
    synthetic_data: SyntheticData = Field(description="Template 2.5: synthetic data.")
    other_sources: OtherSources = Field(description="Template 2.6: other sources of data.")


# --- 3. Data processing aspects ---------------------------------------------------------------


class TdmReservations(StrictModel):
    tdm_cop_signatory: bool = Field(
        description="training-content summary template: Signatory to the Code of Practice."
    )
    opt_out_protocols: list[NonEmptyStr] = Field(
        default_factory=list, description='e.g. "robots.txt", "TDMRep", "ai.txt".'
    )
    tdm_measures: list[Text] = Field(
        min_length=1,
        description=(
            "training-content summary template: Respect of reservation of rights from text and "
            "data mining exception or limitation."
        ),
    )
    tdm_comments: Text | None = Field(
        default=None, description="training-content summary template 3.1.(i): Additional comments."
    )
    evidence: list[Citation] = Field(
        default_factory=list, description="Where in the repository these answers are shown."
    )


class IllegalContent(StrictModel):
    illegal_content_measures: list[Text] = Field(
        min_length=1, description="training-content summary template: Removal of illegal content."
    )
    evidence: list[Citation] = Field(
        default_factory=list, description="Where in the repository these answers are shown."
    )


class DataProcessing(StrictModel):
    tdm_reservations: TdmReservations = Field(
        description=(
            "Template 3.1: respect of reservations of rights from the text and data mining "
            "exception."
        )
    )
    illegal_content: IllegalContent = Field(description="Template 3.2: removal of illegal content.")
    other_information: Text | None = Field(
        default=None, description="training-content summary template 3.3: Other information."
    )


class TrainingDataFile(VersionedFile):
    """`training-data.yaml`: what went into training, for the Article 53(1)(d) summary."""

    summary_version: NonEmptyStr = Field(description="Version of this summary.")
    last_update: dt.date = Field(description="When the summary was last updated (YYYY-MM-DD).")
    general: GeneralInformation = Field(description="Template section 1: general information.")
    sources: DataSources = Field(description="Template section 2: list of data sources.")
    processing: DataProcessing = Field(description="Template section 3: data processing aspects.")
