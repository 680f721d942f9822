"""One strict base for every model: unknown fields rejected, assignments validated."""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

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
        # 1e400 in YAML is infinity, and .inf / .nan are floats too: no threshold, compute
        # figure or score means anything as one, so every float field refuses them.
        allow_inf_nan=False,
        # A model's validator is built when first used, not when its module is imported:
        # `check` on a workspace without model.yaml or a gate policy never pays for those.
        defer_build=True,
    )

    SHORTHAND: ClassVar[str | None] = None
    """For a model that also accepts a plain string (a bare id, path or text) in place of
    its mapping: what the string stands for. Its JSON Schema then accepts both."""

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        if cls.SHORTHAND is None:
            return schema
        return {"anyOf": [{"type": "string", "description": cls.SHORTHAND}, schema]}

    @model_validator(mode="before")
    @classmethod
    def _no_numbers_as_dates(cls, value: Any) -> Any:
        # pydantic reads a number as Unix time, so `date: 0` would silently become 1970-01-01.
        # Handing it on as words makes it fail as a date, located at its own field.
        # (A field validator on "*" would clash with the gate rules' discriminated unions.)
        if not isinstance(value, dict):
            return value
        out = value
        for name, alias in _date_fields(cls):
            key = alias if alias in value else name
            given = value.get(key)
            if isinstance(given, int | float) and not isinstance(given, bool):
                out = {**out, key: f"the number {given}"}
        return out


_DATE_FIELDS: dict[type, tuple[tuple[str, str | None], ...]] = {}


def _date_fields(cls: type[BaseModel]) -> tuple[tuple[str, str | None], ...]:
    """(name, alias) of the model's date fields; worked out once per class (the check above
    runs for every model instance: tens of thousands on a large workspace)."""
    known = _DATE_FIELDS.get(cls)
    if known is None:
        known = _DATE_FIELDS[cls] = tuple(
            (name, field.alias)
            for name, field in cls.model_fields.items()
            if _takes_date(field.annotation)
        )
    return known


def _takes_date(annotation: Any) -> bool:
    """Whether a field annotation is a date (or datetime), possibly optional."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_takes_date(arg) for arg in typing.get_args(annotation))
    return isinstance(annotation, type) and issubclass(annotation, dt.date)


class VersionedFile(StrictModel):
    """A top-level file: carries the schema version it was written for."""

    schema_version: int = Field(
        description="Version of this file format; only 1 exists so far.", ge=1, le=SCHEMA_VERSION
    )
