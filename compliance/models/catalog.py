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
    from_: date | None = Field(default=None, alias="from")
    to: date | None = None


class Requirement(StrictModel):
    """One entry of a catalog: an assessable requirement, a heading, or context."""

    id: NonEmptyStr
    parent: str | None = None
    kind: RequirementKind = RequirementKind.REQUIREMENT
    title: NonEmptyStr
    text: str = ""
    source: str = ""
    source_url: str = Field(
        default="", description="Where this entry's text is published, if not the catalog's URL."
    )
    applicability: list[Applicability] = Field(default_factory=list)
    risks: list[str] = Field(default_factory=list)
    refs: list[str] = Field(default_factory=list)
    verified: bool = True
    note: str = ""


class Catalog(VersionedFile):
    """A regulatory or policy catalog: metadata plus a flat list of requirements."""

    id: str = Field(pattern=CATALOG_ID)
    title: NonEmptyStr
    short_title: str = ""
    publisher: NonEmptyStr
    version: NonEmptyStr
    published: date | None = None
    source_url: NonEmptyStr
    licence: str = ""
    jurisdiction: str = ""
    in_force: InForce | None = None
    id_pattern: str | None = None
    verified: bool = True
    notes: str = ""
    requirements: list[Requirement] = Field(min_length=1)

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
    source: NonEmptyStr
    target: NonEmptyStr
    relation: Relation
    rationale: NonEmptyStr
    confidence: Confidence = Confidence.MEDIUM


class Crosswalk(VersionedFile):
    """Mappings between the requirements of two catalogs, in the manner of NIST OLIR."""

    id: str = Field(pattern=CATALOG_ID)
    source: str = Field(pattern=CATALOG_ID)
    target: str = Field(pattern=CATALOG_ID)
    method: str = "expert-judgement"
    author: str = ""
    published: date | None = None
    notes: str = ""
    mappings: list[Mapping] = Field(min_length=1)
