"""Validate OSCAL documents with NIST's JSON Schemas (when present) and trestle's models."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_ROOT = Path(__file__).resolve().parents[4] / "shared" / "oscal"

SCHEMA_FILES = {
    "catalog": "oscal_catalog_schema.json",
    "component-definition": "oscal_component_schema.json",
    "assessment-results": "oscal_assessment-results_schema.json",
    "plan-of-action-and-milestones": "oscal_poam_schema.json",
    "mapping-collection": "oscal_mapping_schema.json",
    "profile": "oscal_profile_schema.json",
}


def schemas_available() -> bool:
    """True when NIST's schemas are checked out beside the repository."""
    return (SCHEMA_ROOT / "v1.1.3" / SCHEMA_FILES["catalog"]).is_file()


@cache
def _validator(version: str, root: str) -> Any:
    import jsonschema
    import regex

    schema = json.loads((SCHEMA_ROOT / version / SCHEMA_FILES[root]).read_text("utf-8"))

    def pattern(validator: Any, value: str, instance: Any, _schema: Any) -> Any:
        # Python's re has no \p{L}; the regex module does.
        if isinstance(instance, str) and not regex.search(value, instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match {value!r}")

    base = jsonschema.Draft7Validator
    cls = jsonschema.validators.extend(base, {"pattern": pattern})
    return cls(schema, format_checker=base.FORMAT_CHECKER)


def schema_errors(document: dict[str, Any]) -> list[str]:
    """Every JSON Schema error of one document, at the version it declares."""
    (root,) = document
    version = "v" + document[root]["metadata"]["oscal-version"]
    validator = _validator(version, root)
    return [
        f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in validator.iter_errors(document)
    ]


def trestle_parse(document: dict[str, Any]) -> Any:
    """Parse with compliance-trestle's pydantic models; raises on any invalid field."""
    from trestle.oscal import assessment_results, catalog, component, mapping, poam, profile

    models = {
        "catalog": catalog.Catalog,
        "component-definition": component.ComponentDefinition,
        "assessment-results": assessment_results.AssessmentResults,
        "plan-of-action-and-milestones": poam.PlanOfActionAndMilestones,
        "mapping-collection": mapping.MappingCollection,
        "profile": profile.Profile,
    }
    (root,) = document
    return models[root].model_validate(document[root])
