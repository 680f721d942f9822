"""JSON Schemas of every file format the tool reads, each property described.

The YAML formats come from their pydantic models (the descriptions live in the models, as
`Field(description=...)`). The tabular evidence formats (metrics CSV long and wide, metrics
JSON, incident logs, labels, predictions) are read by hand-written readers in
compliance/link/readers/; their schemas below are small and explicit, built from the
readers' own column lists so the two cannot drift apart. A CSV schema describes one row
(the header names the properties); a JSON Lines file holds one such object per line.
Inspect evaluation logs are Inspect's own format (inspect_ai's EvalLog) and are not
described here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from compliance.core.atomic import atomic_write
from compliance.link.readers import incidents, labels, plain_metrics, predictions
from compliance.models.catalog import Catalog, Crosswalk
from compliance.models.forms import FormFile, RequirementFieldsFile
from compliance.models.gate import ApprovalRecord
from compliance.models.model_facts import ModelFacts
from compliance.models.project import ControlsFile, ProjectFile, RisksFile
from compliance.models.red_team import FindingsFile
from compliance.models.safety_framework import FrameworkFrontMatter
from compliance.models.taxonomy import Taxonomy, TaxonomyCrosswalk
from compliance.models.training_data import TrainingDataFile

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://compliance-docs.invalid/schemas/"

SCHEMAS: dict[str, type[BaseModel]] = {
    "compliance.schema.json": ProjectFile,
    "controls.schema.json": ControlsFile,
    "risks.schema.json": RisksFile,
    "approval.schema.json": ApprovalRecord,
    "red-team-findings.schema.json": FindingsFile,
    "safety-framework.schema.json": FrameworkFrontMatter,
    "model.schema.json": ModelFacts,
    "training-data.schema.json": TrainingDataFile,
    "catalog.schema.json": Catalog,
    "crosswalk.schema.json": Crosswalk,
    "taxonomy.schema.json": Taxonomy,
    "taxonomy-crosswalk.schema.json": TaxonomyCrosswalk,
    "form.schema.json": FormFile,
    "requirement-fields.schema.json": RequirementFieldsFile,
}
"""YAML file formats: schema file name -> pydantic model."""

TITLES = {
    "compliance.schema.json": "compliance.yaml: the project, its scope and its gate policy",
    "controls.schema.json": "controls/*.yaml: the team's controls",
    "risks.schema.json": "risks/*.yaml: the risk register",
    "approval.schema.json": "approvals/*.yaml: one role's sign-off of one release",
    "red-team-findings.schema.json": "red-team findings (e.g. evidence/red-team/findings.yaml)",
    "safety-framework.schema.json": "the Safety and Security Framework's markdown front matter",
    "model.schema.json": "model.yaml: model facts for the Model Documentation Form",
    "training-data.schema.json": "training-data.yaml: the training-content summary's facts",
    "catalog.schema.json": "frameworks/*.yaml: a regulatory or policy catalog",
    "crosswalk.schema.json": "frameworks/crosswalks/*.yaml: mappings between two catalogs",
    "taxonomy.schema.json": "frameworks/taxonomies/*.yaml: a harm taxonomy",
    "taxonomy-crosswalk.schema.json": (
        "frameworks/taxonomies/crosswalks/*.yaml: mappings between two taxonomies"
    ),
    "form.schema.json": "frameworks/forms/*.yaml: a form or template's fields (shipped data)",
    "requirement-fields.schema.json": (
        "frameworks/forms/requirement-fields.yaml: which form fields answer which requirement"
    ),
}

_NUMBER = {"type": "number"}
_COUNT = {"type": "integer", "minimum": 0}
_TEXT = {"type": "string"}
_DATE = {"type": "string", "format": "date"}

SLICE_DESCRIPTIONS = {
    "language": "Language of the samples, e.g. en or sw (a value of system.languages).",
    "harm_category": "Harm category id of a taxonomy in use, e.g. self-harm.",
    "attack_type": "Kind of attack the samples use, e.g. jailbreak.",
}
_SLICE_PATTERN = {
    "^slice:": {
        "type": "string",
        "description": "Any other slice, named after 'slice:' (e.g. slice:modality); an "
        "empty cell means the row is not sliced by it.",
    }
}


def _slices() -> dict[str, Any]:
    return {
        name: {
            **_TEXT,
            "description": SLICE_DESCRIPTIONS[name] + " Empty: the row is not sliced by it.",
        }
        for name in plain_metrics.SLICE_COLUMNS
    }


def _interval() -> dict[str, Any]:
    return {
        "ci_low": {**_NUMBER, "description": "Lower bound of the value's 95% interval."},
        "ci_high": {**_NUMBER, "description": "Upper bound of the value's 95% interval."},
    }


def _metric_entry() -> dict[str, Any]:
    """One metric: a long CSV row, or an entry of a metrics JSON file's list."""
    return {
        "metric": {**_TEXT, "description": "Name of the metric, as gate rules name it."},
        "value": {**_NUMBER, "description": "The figure: a finite number."},
        **_interval(),
        "samples": {**_COUNT, "description": "Number of samples the value rests on."},
        "scorer": {**_TEXT, "description": "The scorer or judge that produced the value."},
        **_slices(),
    }


def metrics_csv_long() -> dict[str, Any]:
    properties = _metric_entry()
    return {
        "title": "Metrics CSV, long format: one metric per row",
        "description": "A CSV file with a header row; each row is one metric of one slice. "
        "Columns: " + ", ".join(properties) + ", and any slice:NAME column.",
        "type": "object",
        "properties": properties,
        "patternProperties": _SLICE_PATTERN,
        "required": list(plain_metrics.REQUIRED),
        "additionalProperties": False,
    }


def metrics_csv_wide() -> dict[str, Any]:
    count_columns = plain_metrics.WIDE_COUNT
    properties: dict[str, Any] = {
        **_slices(),
        count_columns[0]: {**_COUNT, "description": "Number of samples the row's values rest on."},
        count_columns[1]: {**_COUNT, "description": f"Same as {count_columns[0]} (one of them)."},
        **{
            name: {**prop, "description": prop["description"] + " Only with one metric column."}
            for name, prop in _interval().items()
        },
        "scorer": {**_TEXT, "description": "The scorer or judge that produced the values."},
    }
    return {
        "title": "Metrics CSV, wide format: one column per metric",
        "description": "A CSV file whose header has no metric or value column: slice columns, "
        "a samples (or n) column, and one column per metric, e.g. "
        "language,harmful_request_refusal_rate,samples. Each row and metric column gives one "
        "metric of the row's slice; an empty metric cell means the row did not measure it.",
        "type": "object",
        "properties": properties,
        "patternProperties": _SLICE_PATTERN,
        "additionalProperties": {
            **_NUMBER,
            "description": "Any other column is a metric, named by its header: a finite number.",
        },
    }


def metrics_json() -> dict[str, Any]:
    entry = {
        "type": "object",
        "description": "One metric.",
        "properties": {
            **_metric_entry(),
            "slice": {
                "type": "object",
                "description": 'Other slices by name, e.g. {"modality": "image"}.',
                "additionalProperties": {**_TEXT, "description": "The slice's value."},
            },
        },
        "required": list(plain_metrics.REQUIRED),
        "additionalProperties": False,
    }
    facts = {
        "task": {**_TEXT, "description": "Name of the evaluation task."},
        "task_version": {**_TEXT, "description": "Version of the task."},
        "model": {**_TEXT, "description": "The evaluated model, as system.model_ids names it."},
        "created": {
            **_TEXT,
            "description": "When the run happened: ISO 8601 with a timezone, e.g. "
            "2025-01-31T12:00:00Z; freshness is measured from it.",
        },
        "dataset": {**_TEXT, "description": "Name of the dataset evaluated."},
        "status": {**_TEXT, "description": "Run status; only success counts as evidence."},
        "invalidated": {
            "type": "boolean",
            "description": "True when the run was invalidated: its metrics do not count.",
        },
        "samples_total": {**_COUNT, "description": "Samples the run had."},
        "samples_completed": {**_COUNT, "description": "Samples that completed."},
        "metrics": {"type": "array", "items": entry, "description": "The metrics, one each."},
    }
    assert set(facts) == set(plain_metrics.TOP_LEVEL_KEYS)
    return {
        "title": "Metrics JSON",
        "description": "A list of metrics, or an object with run facts and a metrics list.",
        "oneOf": [
            {"type": "array", "items": entry, "description": "A bare list of metrics."},
            {
                "type": "object",
                "description": "Run facts and the metrics.",
                "properties": facts,
                "required": ["metrics"],
                "additionalProperties": False,
            },
        ],
    }


def incident_log() -> dict[str, Any]:
    severities = ", ".join(f"{s} ({i})" for i, s in enumerate(incidents.SEVERITIES, 1))
    properties = {
        "id": {**_TEXT, "description": "Unique id of the incident."},
        "severity": {
            **_TEXT,
            "description": f"Least to most severe: {severities}; a name or its number. "
            "serious is a serious incident in the sense of Art. 3(49) AI Act.",
        },
        "status": {
            **_TEXT,
            "enum": list(incidents.STATUSES),
            "description": "open and investigating count as open.",
        },
        "opened": {**_DATE, "description": "When the incident was opened (YYYY-MM-DD)."},
        "closed": {**_DATE, "description": "When it was closed (YYYY-MM-DD), if it was."},
        "description": {**_TEXT, "description": "What happened."},
        "title": {**_TEXT, "description": "Accepted in place of description."},
    }
    assert set(incidents.REQUIRED) <= set(properties)
    return {
        "title": "Incident log (CSV or JSON Lines)",
        "description": "One incident per row; other columns are ignored (trackers export many).",
        "type": "object",
        "properties": properties,
        "required": [c for c in incidents.REQUIRED if c != "description"],
    }


def labels_file() -> dict[str, Any]:
    properties = {
        "item": {**_TEXT, "description": "Id of the labelled item."},
        "annotator": {**_TEXT, "description": "Id of the annotator."},
        "label": {**_TEXT, "description": "The label given; empty when not labelled."},
        "harm_category": {
            **_TEXT,
            "description": "Harm category of the item (equal on all its rows); agreement is "
            "grouped by it.",
        },
    }
    assert set(labels.REQUIRED) <= set(properties)
    return {
        "title": "Annotator labels (CSV or JSON Lines)",
        "description": "One label per row; each (item, annotator) pair at most once.",
        "type": "object",
        "properties": properties,
        "required": list(labels.REQUIRED),
        "additionalProperties": {
            **_TEXT,
            "description": "Any other column is kept as an attribute of the row.",
        },
    }


def predictions_file() -> dict[str, Any]:
    properties = {
        "item": {**_TEXT, "description": "Id of the item (each once)."},
        "gold": {**_TEXT, "description": "The true label."},
        "predicted": {**_TEXT, "description": "The classifier's label (or give score)."},
        "score": {
            **_NUMBER,
            "description": "The classifier's score, finite (or give predicted); the gate "
            "rule's threshold says which scores count as positive.",
        },
        "harm_category": {**_TEXT, "description": "A slice: harm category of the item."},
        "language": {**_TEXT, "description": "A slice: language of the item."},
        "reference_style": {
            **_TEXT,
            "enum": list(predictions.REFERENCE_STYLES),
            "description": "A slice: how the item refers to the harm.",
        },
    }
    assert set(predictions.REQUIRED) | set(predictions.OUTPUTS) <= set(properties)
    return {
        "title": "Classifier predictions (CSV or JSON Lines)",
        "description": "One item per row: gold label and exactly one of predicted or score.",
        "type": "object",
        "properties": properties,
        "required": list(predictions.REQUIRED),
        "additionalProperties": {
            **_TEXT,
            "description": "Any other column is a slice; empty: not sliced by it.",
        },
    }


TABULAR = {
    "metrics-long-csv.schema.json": metrics_csv_long,
    "metrics-wide-csv.schema.json": metrics_csv_wide,
    "metrics-json.schema.json": metrics_json,
    "incident-log.schema.json": incident_log,
    "labels.schema.json": labels_file,
    "predictions.schema.json": predictions_file,
}
"""Evidence formats read by hand-written readers: schema file name -> schema builder."""


def all_schemas() -> dict[str, dict[str, Any]]:
    """Every schema the tool ships, by file name."""
    out: dict[str, dict[str, Any]] = {}
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema(by_alias=True)
        schema["description"] = TITLES[name] + (
            f". {schema['description']}" if schema.get("description") else "."
        )
        out[name] = schema
    for name, build in TABULAR.items():
        out[name] = build()
    for name, schema in out.items():
        schema["$schema"] = DRAFT
        schema["$id"] = BASE_ID + name
    return out


def write_schemas(out: Path) -> list[Path]:
    """Write one schema per file format into `out`; returns the paths written."""
    written = []
    for name, schema in all_schemas().items():
        path = out / name
        atomic_write(path, json.dumps(schema, indent=2, sort_keys=True) + "\n")
        written.append(path)
    return written
