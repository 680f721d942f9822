"""Framework catalogs (requirements with official text) and crosswalks between them."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from pydantic import Field, field_validator, model_validator

from compliance.models.base import NonEmptyStr, StrictModel, VersionedFile

CATALOG_ID = r"^[a-z0-9][a-z0-9.\-]*$"


class Applicability(StrEnum):
    """Conditions under which a requirement applies (inherited by children)."""

    GPAI = "gpai"
    SYSTEMIC_RISK = "systemic-risk"
    OPEN_SOURCE_EXEMPT = "open-source-exempt"


class RequirementKind(StrEnum):
    REQUIREMENT = "requirement"
    GROUP = "group"
    CONTEXT = "context"


class InForce(StrictModel):
    from_: date | None = Field(
        default=None,
        alias="from",
        description="First day the catalog applies (YYYY-MM-DD), written `from`.",
    )
    to: date | None = Field(
        default=None, description="Last day the catalog applies, if it has one."
    )


class Requirement(StrictModel):
    """One entry of a catalog: an assessable requirement, a heading, or context."""

    id: NonEmptyStr = Field(
        description="Id of the entry inside its catalog, e.g. XI.2.1; referenced as CATALOG-ID:ID."
    )
    parent: str | None = Field(
        default=None, description="Id of the enclosing entry, listed before this one."
    )
    kind: RequirementKind = Field(
        default=RequirementKind.REQUIREMENT,
        description=(
            "requirement (assessable), group (a heading) or context (e.g. a risk the requirements "
            "address)."
        ),
    )
    title: NonEmptyStr = Field(description="Short title of the entry.")
    text: str = Field(default="", description="The official text, quoted exactly.")
    source: str = Field(
        default="", description="Pinpoint citation of the text inside the catalog's source."
    )
    source_url: str = Field(
        default="", description="Where this entry's text is published, if not the catalog's URL."
    )
    applicability: list[Applicability] = Field(
        default_factory=list,
        description=(
            "Conditions under which it applies (inherited by children): gpai, systemic-risk, open-"
            "source-exempt."
        ),
    )
    risks: list[str] = Field(
        default_factory=list,
        description=(
            "Ids of context entries of the same catalog (risks) that this requirement addresses."
        ),
    )
    refs: list[str] = Field(
        default_factory=list, description="References to other documents the entry cites."
    )
    verified: bool = Field(
        default=True,
        description="Whether the text was confirmed against two independent copies of the source.",
    )
    note: str = Field(default="", description="An editor's note on the entry (not official text).")


class Catalog(VersionedFile):
    """A regulatory or policy catalog: metadata plus a flat list of requirements."""

    id: str = Field(
        pattern=CATALOG_ID,
        description="Catalog id (lowercase, digits, dots and dashes), e.g. eu-ai-act-annex-xi.",
    )
    title: NonEmptyStr = Field(description="Full title of the regulation, standard or policy.")
    short_title: str = Field(default="", description="A shorter title for tables (default: title).")
    publisher: NonEmptyStr = Field(description="Who publishes the source text.")
    version: NonEmptyStr = Field(description="Edition or version of the source text.")
    published: date | None = Field(
        default=None, description="Publication date of the source text (YYYY-MM-DD)."
    )
    source_url: NonEmptyStr = Field(description="Where the official text is published.")
    licence: str = Field(default="", description="Licence or terms of reuse of the source text.")
    jurisdiction: str = Field(default="", description="Where it applies, e.g. EU, US, UK.")
    in_force: InForce | None = Field(
        default=None, description="The period in which the catalog applies."
    )
    id_pattern: str | None = Field(
        default=None, description="A regular expression every requirement id must match in full."
    )
    verified: bool = Field(
        default=True,
        description="Whether the catalog's texts were confirmed against two independent copies.",
    )
    notes: str = Field(
        default="", description="Editor's notes on the catalog: provenance, omissions, conventions."
    )
    requirements: list[Requirement] = Field(
        min_length=1, description="Every entry, parents listed before their children."
    )

    @field_validator("id_pattern")
    @classmethod
    def _pattern_compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"id_pattern is not a valid regular expression: {exc}") from exc
        return value

    @model_validator(mode="after")
    def _tree_is_sound(self) -> Catalog:
        seen: dict[str, Requirement] = {}
        pattern = re.compile(self.id_pattern) if self.id_pattern else None
        problems: list[str] = []
        for req in self.requirements:
            if req.id in seen:
                problems.append(f"duplicate requirement id {req.id!r}")
            if pattern and not pattern.fullmatch(req.id):
                problems.append(f"requirement id {req.id!r} does not match id_pattern")
            if req.parent is not None and req.parent not in seen:
                problems.append(
                    f"requirement {req.id!r} names parent {req.parent!r}, "
                    "which is not listed before it"
                )
            seen[req.id] = req
        for req in self.requirements:
            for risk in req.risks:
                target = seen.get(risk)
                if target is None or target.kind != RequirementKind.CONTEXT:
                    problems.append(f"requirement {req.id!r} lists unknown risk {risk!r}")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def label(self) -> str:
        return self.short_title or self.title


class Relation(StrEnum):
    """How a source requirement relates to a target one (source REL target)."""

    EQUIVALENT = "equivalent"
    SUBSET_OF = "subset-of"
    SUPERSET_OF = "superset-of"
    INTERSECTS = "intersects"


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Mapping(StrictModel):
    source: NonEmptyStr = Field(description="Requirement id in the source catalog.")
    target: NonEmptyStr = Field(description="Requirement id in the target catalog.")
    relation: Relation = Field(
        description=(
            "How source relates to target: equivalent, subset-of, superset-of or intersects."
        )
    )
    rationale: NonEmptyStr = Field(
        description="Why the relation holds, in a sentence a reviewer can check."
    )
    confidence: Confidence = Field(
        default=Confidence.MEDIUM, description="How sure the author is: low, medium or high."
    )


class Crosswalk(VersionedFile):
    """Mappings between the requirements of two catalogs, in the manner of NIST OLIR."""

    id: str = Field(
        pattern=CATALOG_ID, description="Crosswalk id (lowercase, digits, dots and dashes)."
    )
    source: str = Field(pattern=CATALOG_ID, description="Id of the source catalog.")
    target: str = Field(pattern=CATALOG_ID, description="Id of the target catalog.")
    method: str = Field(
        default="expert-judgement", description="How the mappings were made, e.g. expert-judgement."
    )
    author: str = Field(default="", description="Who made the mappings.")
    published: date | None = Field(
        default=None, description="When the crosswalk was published (YYYY-MM-DD)."
    )
    notes: str = Field(default="", description="Notes on scope and method.")
    mappings: list[Mapping] = Field(
        min_length=1, description="The mappings, each source REL target with a rationale."
    )
