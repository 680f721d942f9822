"""The shipped form data (`frameworks/forms/*.yaml`): field lists of the documents regulators read.

- `model-documentation-form.yaml`: the GPAI Code of Practice's Model Documentation Form, one
  entry per field, each flagged for the audiences it is kept for.
- `training-content-summary.yaml`: the Commission's template for the public summary of
  training content (Art. 53(1)(d)); public, so its fields carry no audiences.
- `requirement-fields.yaml`: which form fields answer which Annex XI / XII / Art. 53 item.

Every field and section names its `source` (keys of the file's `sources`) and says whether its
wording was confirmed in two copies (`verified`).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import Field, model_validator

from compliance.core.wording import plural
from compliance.models.base import NonEmptyStr, StrictModel, VersionedFile


class Audience(StrEnum):
    """Who a Model Documentation Form field is kept for."""

    AI_OFFICE = "ai-office"
    AUTHORITIES = "authorities"
    DOWNSTREAM = "downstream"


AUDIENCE_TITLES = {
    Audience.AI_OFFICE: "AI Office",
    Audience.AUTHORITIES: "National competent authorities",
    Audience.DOWNSTREAM: "Downstream providers",
}


class FormSource(StrictModel):
    title: NonEmptyStr = Field(description="Title of a copy of the form that was consulted.")
    url: str | None = Field(default=None, description="Where that copy is published.")
    covers: str = Field(default="", description="Which parts of the form that copy shows.")


class FormSection(StrictModel):
    id: NonEmptyStr = Field(description="Id of the section.")
    number: str | None = Field(
        default=None, description="The section's number in the form, where a copy prints it."
    )
    parent: str | None = Field(default=None, description="Id of the enclosing section.")
    title: NonEmptyStr = Field(description="The section's title in the form.")
    source: list[NonEmptyStr] = Field(
        min_length=1, description="Keys of `sources` that show this section."
    )
    verified: bool = Field(description="Whether two independent copies agree on it.")
    note: str = Field(default="", description="An editor's note (not official text).")


class FormField(StrictModel):
    id: NonEmptyStr = Field(
        description="Id of the field; model.yaml and training-data.yaml use it as a key."
    )
    section: NonEmptyStr = Field(description="Id of the section it belongs to.")
    number: str | None = Field(
        default=None, description="The field's number in the form, where a copy prints it."
    )
    label: NonEmptyStr = Field(description="The field's label as the form prints it.")
    description: str = Field(default="", description="The form's explanatory text for the field.")
    audiences: list[Audience] = Field(
        default_factory=list,
        description="Who the information is for: ai-office, authorities, downstream.",
    )
    """Empty: no consulted copy showed this field's flags (see load/forms.py for the rule)."""
    required: bool = Field(description="Whether the form requires an answer.")
    type: NonEmptyStr = Field(
        description=(
            "What kind of answer, e.g. text, date, bool, number, list, enum, enum-list, period, "
            "url, map, object."
        )
    )
    choices: list[str] | dict[str, list[str]] | None = Field(
        default=None,
        description="Allowed answers of an enum field (per modality where the form splits them).",
    )
    unit: str | None = Field(default=None, description="Unit of a numeric answer.")
    annex: list[str] = Field(
        default_factory=list, description="Annex XI / XII points the field answers."
    )
    source: list[NonEmptyStr] = Field(
        min_length=1, description="Keys of `sources` that show this field."
    )
    verified: bool = Field(
        description="Whether label and audience flags agree in two independent copies."
    )
    note: str = Field(default="", description="An editor's note (not official text).")


class FormFile(VersionedFile):
    """One form or template: its provenance, sections and fields."""

    id: NonEmptyStr = Field(description="Id of the form.")
    title: NonEmptyStr = Field(description="Title of the form or template.")
    publisher: NonEmptyStr = Field(description="Who publishes it.")
    published: dt.date = Field(description="Publication date (YYYY-MM-DD).")
    source_url: str | None = Field(default=None, description="Where it is published.")
    serves: list[str] = Field(
        default_factory=list,
        description="Requirements the form serves, as FRAMEWORK-ID:REQUIREMENT-ID.",
    )
    verified: bool = Field(
        description="Whether the whole form was confirmed against two independent copies."
    )
    notes: str = Field(default="", description="Editor's notes: provenance and gaps.")
    sources: dict[str, FormSource] = Field(description="The consulted copies, by key.")
    sections: list[FormSection] = Field(
        min_length=1, description="The form's sections, parents first."
    )
    fields: list[FormField] = Field(min_length=1, description="The form's fields.")

    @model_validator(mode="after")
    def _references_resolve(self) -> FormFile:
        sections = {s.id for s in self.sections}
        ids = [f.id for f in self.fields]
        if len(ids) != len(set(ids)):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            raise ValueError(f"{plural(len(dupes), 'field id')} listed twice: {', '.join(dupes)}")
        for s in self.sections:
            if s.parent is not None and s.parent not in sections:
                raise ValueError(f"section {s.id!r} has unknown parent {s.parent!r}")
        for item in [*self.sections, *self.fields]:
            unknown = [k for k in item.source if k not in self.sources]
            if unknown:
                raise ValueError(
                    f"{item.id!r} cites unknown {plural(len(unknown), 'source')}: "
                    + ", ".join(unknown)
                )
        for f in self.fields:
            if f.section not in sections:
                raise ValueError(f"field {f.id!r} is in unknown section {f.section!r}")
        return self


class FieldMapping(StrictModel):
    requirement: NonEmptyStr = Field(
        description="The requirement answered, as FRAMEWORK-ID:REQUIREMENT-ID."
    )
    fields: list[NonEmptyStr] = Field(
        min_length=1, description="Ids of the form fields that answer it."
    )
    rationale: NonEmptyStr = Field(description="Why these fields answer it.")
    source: NonEmptyStr = Field(description="Where the correspondence is stated.")


class RequirementFieldsFile(VersionedFile):
    """Which Model Documentation Form fields answer which requirement."""

    id: NonEmptyStr = Field(description="Id of this mapping.")
    form: NonEmptyStr = Field(description="Id of the form whose fields are mapped.")
    method: NonEmptyStr = Field(description="How the mappings were made.")
    author: NonEmptyStr = Field(description="Who made them.")
    notes: str = Field(default="", description="Notes on scope and method.")
    mappings: list[FieldMapping] = Field(
        min_length=1, description="Requirement -> fields, each with a rationale."
    )

    def fields_of(self, requirement: str) -> list[str]:
        return next((m.fields for m in self.mappings if m.requirement == requirement), [])


def plain(value: Any) -> Any:
    """A form value as JSON-ready data (enums to their values)."""
    return value.value if isinstance(value, StrEnum) else value
