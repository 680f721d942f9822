"""Property-based fuzz of the loaders and evaluation readers: parse, or InputError, nothing else.

Every test runs under the bounded "ci" profile (tests/hostile/conftest.py) so the suite
keeps to its time budget in CI.
"""

from __future__ import annotations

import inspect
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile_helpers import REPO_ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from compliance.core.errors import InputError
from compliance.link.readers import EvaluationResult, read_evaluation
from compliance.models import catalog, gate, project
from tests.properties import loads_or_refuses

CI = settings(settings.get_profile("ci"))

MODELS: list[type[BaseModel]] = [
    cls
    for module in (project, catalog, gate)
    for _, cls in inspect.getmembers(module, inspect.isclass)
    if issubclass(cls, BaseModel) and cls.__module__ == module.__name__
]

# Real files of the example workspace, as seeds to corrupt: the fuzz then reaches the
# validators deep inside each model instead of stopping at the first missing field.
SEEDS: list[tuple[type[BaseModel], str]] = [
    (project.ProjectFile, "compliance.yaml"),
    (project.ControlsFile, "controls/documentation.yaml"),
    (project.RisksFile, "risks/register.yaml"),
    (catalog.Catalog, "frameworks/eu-ai-act-annex-xii.yaml"),
    (catalog.Crosswalk, "frameworks/crosswalks/eu-ai-act-annex-xi--uk-frontier-ai.yaml"),
    (gate.ApprovalRecord, "approvals/head-of-ai-governance.yaml"),
]
SEEDS = [(model, rel) for model, rel in SEEDS if (REPO_ROOT / rel).is_file()]

YAML_PUNCTUATION = [*list(":-[]{},&*!|>'\"#%@`?\t\n "), "\ufeff", "С", "\x85", "\u2028"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(min_value=date(1, 1, 1)),
    st.sampled_from(["2026-13-45", "yesterday", "../../etc/passwd", "CTL-DOC-01", "\u0421TL-1"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every location inside a plain YAML document."""
    out = [prefix]
    if isinstance(doc, dict):
        for key, value in doc.items():
            out.extend(_paths(value, (*prefix, key)))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            out.extend(_paths(value, (*prefix, i)))
    return out


def _replace(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(doc, dict):
        return {**doc, head: _replace(doc[head], rest, value)}
    copy = list(doc)
    copy[head] = _replace(doc[head], rest, value)
    return copy


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@CI
@given(data=st.data())
def test_any_mapping_of_a_models_own_field_names_loads_or_is_refused(
    model: type[BaseModel], data: st.DataObject
) -> None:
    names = [f.alias or n for n, f in model.model_fields.items()] + ["unknown_field"]
    doc = data.draw(st.dictionaries(st.sampled_from(names), values, max_size=len(names)))
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    loads_or_refuses(model, "fuzz.yaml", text.encode("utf-8"))


@pytest.mark.parametrize(("model", "rel"), SEEDS, ids=[rel for _, rel in SEEDS])
@CI
@given(data=st.data())
def test_a_real_file_with_one_value_corrupted_loads_or_is_refused(
    model: type[BaseModel], rel: str, data: st.DataObject
) -> None:
    doc = yaml.safe_load((REPO_ROOT / rel).read_text("utf-8"))
    where = data.draw(st.sampled_from(_paths(doc)))
    corrupted = _replace(doc, where, data.draw(values))
    text = yaml.safe_dump(corrupted, allow_unicode=True, sort_keys=False)
    loads_or_refuses(model, rel, text.encode("utf-8"))


@pytest.mark.parametrize(("model", "rel"), SEEDS, ids=[rel for _, rel in SEEDS])
@CI
@given(data=st.data())
def test_a_real_file_with_its_text_damaged_loads_or_is_refused(
    model: type[BaseModel], rel: str, data: st.DataObject
) -> None:
    text = bytearray((REPO_ROOT / rel).read_bytes())
    for _ in range(data.draw(st.integers(min_value=1, max_value=6))):
        at = data.draw(st.integers(min_value=0, max_value=len(text)))
        how = data.draw(st.sampled_from(["insert", "delete", "byte"]))
        if how == "insert":
            text[at:at] = data.draw(st.sampled_from(YAML_PUNCTUATION)).encode("utf-8")
        elif how == "delete":
            del text[at : at + data.draw(st.integers(min_value=1, max_value=40))]
        else:
            text[at:at] = bytes([data.draw(st.integers(min_value=0, max_value=255))])
    loads_or_refuses(model, rel, bytes(text))


# --- evaluation readers --------------------------------------------------------------------

EVAL_KEYS = [
    "version", "status", "eval", "task", "created", "results", "scores", "metrics", "name",
    "value", "metric", "samples", "slice", "language", "harm_category", "ci_low", "ci_high",
    "reductions", "params", "scorer", "stats", "error", "model", "dataset",
]  # fmt: skip
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**20), max_value=10**20),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=20),
        st.sampled_from(["2026-01-01T00:00:00+00:00", "2026-13-45", "success", "error"]),
    ),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(EVAL_KEYS) | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=25,
)


def reads_or_refuses(path: str, data: bytes) -> None:
    """The property for evaluation evidence: a result naming `path`, or an InputError naming it."""
    try:
        result = read_evaluation(path, data)
    except InputError as exc:
        assert exc.problems and all(p.path == path for p in exc.problems)
        return
    assert isinstance(result, EvaluationResult) and result.path == path


@CI
@given(
    doc=st.dictionaries(st.sampled_from(EVAL_KEYS), json_values, max_size=8),
    name=st.sampled_from(["evidence/run.json", "evidence/metrics.json"]),
)
def test_json_shaped_like_an_evaluation_log_reads_or_is_refused(doc: dict, name: str) -> None:
    reads_or_refuses(name, json.dumps(doc).encode())


@CI
@given(
    header=st.lists(st.sampled_from(EVAL_KEYS), min_size=1, max_size=6),
    rows=st.lists(
        st.lists(
            st.sampled_from(["0.5", "nan", "inf", "-1e400", "", "x", '"a,b"', "1" * 400]),
            max_size=7,
        ),
        max_size=5,
    ),
)
def test_csv_shaped_like_a_metrics_table_reads_or_is_refused(
    header: list[str], rows: list[list[str]]
) -> None:
    text = "\n".join([",".join(header), *(",".join(r) for r in rows)])
    reads_or_refuses("evidence/metrics.csv", text.encode())


EVAL_SEEDS = sorted(
    p
    for p in (REPO_ROOT / "tests" / "data" / "inspect").glob("*")
    if p.suffix in (".json", ".eval")
)


@pytest.mark.skipif(not EVAL_SEEDS, reason="no Inspect logs in tests/data/inspect")
@CI
@given(data=st.data())
def test_a_real_inspect_log_damaged_reads_or_is_refused(data: st.DataObject) -> None:
    seed: Path = data.draw(st.sampled_from(EVAL_SEEDS))
    raw = bytearray(seed.read_bytes())
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        at = data.draw(st.integers(min_value=0, max_value=max(len(raw) - 1, 0)))
        raw[at : at + 1] = bytes([data.draw(st.integers(min_value=0, max_value=255))])
    reads_or_refuses(f"evidence/{seed.name}", bytes(raw))
