"""JSON Schemas of every file format, generated from the pydantic models."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from compliance.core.atomic import atomic_write
from compliance.models.catalog import Catalog, Crosswalk
from compliance.models.project import ControlsFile, ProjectFile, RisksFile

SCHEMAS: dict[str, type[BaseModel]] = {
    "compliance.schema.json": ProjectFile,
    "controls.schema.json": ControlsFile,
    "risks.schema.json": RisksFile,
    "catalog.schema.json": Catalog,
    "crosswalk.schema.json": Crosswalk,
}


def write_schemas(out: Path) -> list[Path]:
    """Write one schema per file format into `out`; returns the paths written."""
    written = []
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema(by_alias=True)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://compliance-docs.invalid/schemas/{name}"
        path = out / name
        atomic_write(path, json.dumps(schema, indent=2, sort_keys=True) + "\n")
        written.append(path)
    return written
