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
    title: NonEmptyStr
    url: str | None = None
    covers: str = ""


class FormSection(StrictModel):
    id: NonEmptyStr
    number: str | None = None
    parent: str | None = None
    title: NonEmptyStr
    source: list[NonEmptyStr] = Field(min_length=1)
    verified: bool
    note: str = ""


class FormField(StrictModel):
    id: NonEmptyStr
    section: NonEmptyStr
    number: str | None = None
    label: NonEmptyStr
    description: str = ""
    audiences: list[Audience] = Field(default_factory=list)
    """Empty: no consulted copy showed this field's flags (see load/forms.py for the rule)."""
    required: bool
    type: NonEmptyStr
    choices: list[str] | dict[str, list[str]] | None = None
    unit: str | None = None
    annex: list[str] = Field(default_factory=list)
    source: list[NonEmptyStr] = Field(min_length=1)
    verified: bool
    note: str = ""


class FormFile(VersionedFile):
    """One form or template: its provenance, sections and fields."""

    id: NonEmptyStr
    title: NonEmptyStr
    publisher: NonEmptyStr
    published: dt.date
    source_url: str | None = None
    serves: list[str] = Field(default_factory=list)
    verified: bool
    notes: str = ""
    sources: dict[str, FormSource]
    sections: list[FormSection] = Field(min_length=1)
    fields: list[FormField] = Field(min_length=1)

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
    requirement: NonEmptyStr
    fields: list[NonEmptyStr] = Field(min_length=1)
    rationale: NonEmptyStr
    source: NonEmptyStr


class RequirementFieldsFile(VersionedFile):
    """Which Model Documentation Form fields answer which requirement."""

    id: NonEmptyStr
    form: NonEmptyStr
    method: NonEmptyStr
    author: NonEmptyStr
    notes: str = ""
    mappings: list[FieldMapping] = Field(min_length=1)

    def fields_of(self, requirement: str) -> list[str]:
        return next((m.fields for m in self.mappings if m.requirement == requirement), [])


def plain(value: Any) -> Any:
    """A form value as JSON-ready data (enums to their values)."""
    return value.value if isinstance(value, StrEnum) else value
