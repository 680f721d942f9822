"""One strict base for every model: unknown fields rejected, assignments validated."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

SCHEMA_VERSION = 1

NonEmptyStr = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Score = Annotated[int, Field(ge=1, le=5)]


class StrictModel(BaseModel):
    """Base for all input models: typos in field names are errors, not silently ignored."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        frozen=False,
        str_strip_whitespace=False,
        populate_by_name=True,
    )


class VersionedFile(StrictModel):
    """A top-level file: carries the schema version it was written for."""

    schema_version: int = Field(
        description="Version of this file format; only 1 exists so far.", ge=1, le=SCHEMA_VERSION
    )
