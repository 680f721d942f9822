"""`compliance schema` covers every file format the tool reads, and every property of every
schema says what it is: a future field without a description fails here."""

from __future__ import annotations

import csv
import importlib
import json
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from compliance.cli.main import main
from compliance.emit.schemas import SCHEMAS, TABULAR, all_schemas
from compliance.models.model_facts import ModelFacts
from compliance.models.training_data import TrainingDataFile

ROOT = Path(__file__).resolve().parents[3]
SCHEMA_LIST = all_schemas()


def _properties(node: Any, where: str) -> Iterator[tuple[str, Any]]:
    """(location, schema) of every property anywhere in a schema."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _properties(item, f"{where}[{i}]")
        return
    if not isinstance(node, dict):
        return
    for key in ("properties", "patternProperties"):
        for name, sub in (node.get(key) or {}).items():
            yield f"{where}.{name}", sub
    for key, sub in node.items():
        if key in ("properties", "patternProperties", "$defs"):
            for name, inner in (sub or {}).items():
                yield from _properties(inner, f"{where}.{name}")
        elif isinstance(sub, dict | list) and key not in ("enum", "const", "default", "examples"):
            yield from _properties(sub, f"{where}/{key}")


def _has_description(schema: Any, root: dict[str, Any] | None = None) -> bool:
    """Described itself, or a reference to a described definition (pydantic leaves a field's
    description out when it repeats the model's own)."""
    if not isinstance(schema, dict):
        return False
    if str(schema.get("description", "")).strip():
        return True
    ref = schema.get("$ref")
    if root is not None and isinstance(ref, str) and ref.startswith("#/$defs/"):
        target = root["$defs"][ref.removeprefix("#/$defs/")]
        return _has_description(target) or any(
            _has_description(option) for option in target.get("anyOf", [])
        )
    return False


@pytest.mark.parametrize("name", sorted(SCHEMA_LIST))
def test_every_property_of_every_schema_carries_a_description(name: str) -> None:
    root = SCHEMA_LIST[name]
    missing = [
        where for where, schema in _properties(root, name) if not _has_description(schema, root)
    ]
    assert not missing, f"properties without a description: {missing}"


@pytest.mark.parametrize("name", sorted(SCHEMA_LIST))
def test_every_schema_says_what_file_it_describes_and_is_valid(name: str) -> None:
    schema = SCHEMA_LIST[name]
    assert schema.get("title") and schema.get("description")
    jsonschema.Draft202012Validator.check_schema(schema)


def test_an_extra_map_value_or_item_schema_is_described_too() -> None:
    # additionalProperties schemas (a wide CSV's metric columns) are walked like properties
    wide = SCHEMA_LIST["metrics-wide-csv.schema.json"]
    assert _has_description(wide["additionalProperties"])
    found = {where for where, _ in _properties({"properties": {"x": wide}}, "w")}
    assert "w.x.language" in found and "w.x.^slice:" in found


def test_every_file_format_the_tool_reads_has_a_schema() -> None:
    expected = {
        "compliance.schema.json",
        "controls.schema.json",
        "risks.schema.json",
        "approval.schema.json",
        "red-team-findings.schema.json",
        "safety-framework.schema.json",
        "model.schema.json",
        "training-data.schema.json",
        "catalog.schema.json",
        "crosswalk.schema.json",
        "taxonomy.schema.json",
        "taxonomy-crosswalk.schema.json",
        "form.schema.json",
        "requirement-fields.schema.json",
        "metrics-long-csv.schema.json",
        "metrics-wide-csv.schema.json",
        "metrics-json.schema.json",
        "incident-log.schema.json",
        "labels.schema.json",
        "predictions.schema.json",
    }
    assert set(SCHEMA_LIST) == expected == set(SCHEMAS) | set(TABULAR)


def test_every_file_model_loaded_from_yaml_is_in_the_schema_list() -> None:
    # a new `load_model(SomeFile, ...)` must come with its schema
    import compliance.models as package

    models = {}
    for module in pkgutil.iter_modules(package.__path__):
        models.update(vars(importlib.import_module(f"compliance.models.{module.name}")))
    loaded = set()
    for path in (ROOT / "compliance").rglob("*.py"):
        loaded |= set(re.findall(r"load_model\(\s*([A-Z]\w+)", path.read_text("utf-8")))
    assert loaded, "no load_model calls found: the test no longer sees the loaders"
    unlisted = {name for name in loaded if models.get(name) not in SCHEMAS.values()}
    assert not unlisted, unlisted
    # the optional workspace files are loaded through a helper, by model
    assert {ModelFacts, TrainingDataFile} <= set(SCHEMAS.values())


def _plain(value: Any) -> Any:
    """YAML as JSON sees it: dates become ISO strings."""
    return json.loads(json.dumps(value, default=str))


YAML_FILES = [
    ("compliance.schema.json", "compliance.yaml"),
    ("model.schema.json", "model.yaml"),
    ("training-data.schema.json", "training-data.yaml"),
    *[
        ("controls.schema.json", str(p.relative_to(ROOT)))
        for p in (ROOT / "controls").glob("*.yaml")
    ],
    *[("risks.schema.json", str(p.relative_to(ROOT))) for p in (ROOT / "risks").glob("*.yaml")],
    *[
        ("approval.schema.json", str(p.relative_to(ROOT)))
        for p in (ROOT / "approvals").glob("*.yaml")
    ],
    *[
        ("catalog.schema.json", str(p.relative_to(ROOT)))
        for p in (ROOT / "frameworks").glob("*.yaml")
    ],
    *[
        ("crosswalk.schema.json", str(p.relative_to(ROOT)))
        for p in (ROOT / "frameworks/crosswalks").glob("*.yaml")
    ],
    ("red-team-findings.schema.json", "evidence/red-team/findings.yaml"),
    *[
        ("taxonomy.schema.json", str(p.relative_to(ROOT)))
        for p in (ROOT / "frameworks/taxonomies").glob("*.yaml")
    ],
]


@pytest.mark.parametrize(("schema", "rel"), YAML_FILES, ids=[rel for _, rel in YAML_FILES])
def test_the_example_workspace_files_validate_against_their_schemas(schema: str, rel: str) -> None:
    data = _plain(yaml.safe_load((ROOT / rel).read_text("utf-8")))
    jsonschema.validate(data, SCHEMA_LIST[schema], cls=jsonschema.Draft202012Validator)


def _columns_allowed(schema: dict[str, Any], columns: list[str]) -> list[str]:
    known = set(schema.get("properties", {}))
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    if schema.get("additionalProperties", True) is not False:
        return []
    return [c for c in columns if c not in known and not any(p.search(c) for p in patterns)]


def test_the_example_csv_evidence_is_described_by_its_schema() -> None:
    cases = {
        "evidence/incidents/incident-log.csv": "incident-log.schema.json",
        "evidence/evaluations/self-harm-classifier/predictions.csv": "predictions.schema.json",
        "evidence/evaluations/self-harm-classifier/labels.csv": "labels.schema.json",
    }
    for rel in sorted((ROOT / "evidence/evaluations").glob("*.csv")):
        header = next(csv.reader(rel.open(encoding="utf-8")))
        long = "metric" in header or "value" in header
        cases[str(rel.relative_to(ROOT))] = (
            "metrics-long-csv.schema.json" if long else "metrics-wide-csv.schema.json"
        )
    for rel, schema in cases.items():
        header = next(csv.reader((ROOT / rel).open(encoding="utf-8")))
        assert set(SCHEMA_LIST[schema].get("required", [])) <= set(header), rel
        assert not _columns_allowed(SCHEMA_LIST[schema], header), (rel, header)


def test_a_metrics_json_file_validates() -> None:
    document = {
        "task": "refusal",
        "model": "northwind/halcyon-2",
        "created": "2026-01-31T12:00:00Z",
        "status": "success",
        "metrics": [
            {"metric": "refusal_rate", "value": 0.95, "samples": 400, "language": "en"},
            {"metric": "refusal_rate", "value": 0.91, "slice": {"modality": "image"}},
        ],
    }
    schema = SCHEMA_LIST["metrics-json.schema.json"]
    jsonschema.validate(document, schema)
    jsonschema.validate(document["metrics"], schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**document, "unknown": 1}, schema)


def test_schema_writes_every_schema(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schema", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = {p.name for p in tmp_path.glob("*.schema.json")}
    assert written == set(SCHEMA_LIST)
    for path in tmp_path.glob("*.schema.json"):
        assert json.loads(path.read_text("utf-8"))["$id"].endswith(path.name)
