"""Harm taxonomies (the vocabulary of `harm_category`) and crosswalks between them."""

from __future__ import annotations

from datetime import date

from pydantic import Field, StrictBool, model_validator

from compliance.models.base import NonEmptyStr, StrictModel, VersionedFile
from compliance.models.catalog import CATALOG_ID, Crosswalk

CATEGORY_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
"""A kebab-case slug: the value a risk's `harm_category` or an evaluation slice uses."""


class HarmCategory(StrictModel):
    """One category of a taxonomy: the official name and definition, cited."""

    id: str = Field(
        pattern=CATEGORY_ID, description="Kebab-case slug, used as the harm_category value."
    )
    name: NonEmptyStr = Field(description="The official name, exactly as published.")
    definition: str = Field(
        default="",
        description="The official short definition quoted exactly, or empty when there is none.",
    )
    source: NonEmptyStr = Field(description="Pinpoint citation inside the taxonomy's source.")
    verified: StrictBool = Field(
        description="Whether name and definition were confirmed against two independent copies."
    )
    note: str = Field(
        default="", description="An editor's note on the category (not official text)."
    )
    parent: str | None = Field(
        default=None, description="Id of the enclosing category, listed before this one."
    )


class Taxonomy(VersionedFile):
    """A named list of harm categories, optionally grouped by `parent`."""

    id: str = Field(
        pattern=CATALOG_ID, description="Taxonomy id (lowercase, digits, dots and dashes)."
    )
    title: NonEmptyStr = Field(description="Full title of the taxonomy.")
    publisher: NonEmptyStr = Field(description="Who publishes it.")
    version: NonEmptyStr = Field(description="Edition or version.")
    published: date | None = Field(default=None, description="Publication date (YYYY-MM-DD).")
    source_url: NonEmptyStr = Field(description="Where the taxonomy is published.")
    verified: StrictBool = Field(
        description="Whether the whole taxonomy was confirmed against two independent copies."
    )
    notes: str = Field(
        default="", description="Editor's notes: provenance, omissions, conventions."
    )
    categories: list[HarmCategory] = Field(
        min_length=1, description="The categories, parents listed before their children."
    )

    @model_validator(mode="after")
    def _ids_and_parents_are_sound(self) -> Taxonomy:
        problems = tree_problems([(c.id, c.parent) for c in self.categories])
        if problems:
            raise ValueError("; ".join(message for _, _, message in problems))
        return self


def tree_problems(entries: list[tuple[object, object]]) -> list[tuple[int, str, str]]:
    """(index, field, message) for each duplicate id, or parent not listed before its child.

    Takes (id, parent) pairs so the loader can run it on the raw YAML as well, to point at
    the offending line rather than at the top of the file.
    """
    seen: set[object] = set()
    problems: list[tuple[int, str, str]] = []
    for i, (cid, parent) in enumerate(entries):
        if cid in seen:
            problems.append((i, "id", f"duplicate category id {cid!r}"))
        if parent is not None and parent not in seen:
            problems.append(
                (
                    i,
                    "parent",
                    f"category {cid!r} names parent {parent!r}, which is not listed before it",
                )
            )
        seen.add(cid)
    return problems


TaxonomyCrosswalk = Crosswalk
"""Mappings between the categories of two taxonomies: the catalog crosswalk format."""
