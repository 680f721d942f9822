"""Whatever text a user puts in a catalog file, the loader loads it or says why: no crash."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.load.yaml_files import load_model
from compliance.models.catalog import Catalog
from tests.properties import loads_or_refuses

VALID = {
    "schema_version": 1,
    "id": "internal-policy",
    "title": "Internal AI policy",
    "publisher": "Example Org",
    "version": "2026-01",
    "source_url": "https://example.invalid/policy",
    "id_pattern": r"^P\.[0-9]+$",
    "requirements": [
        {"id": "P.1", "kind": "group", "title": "Section 1"},
        {"id": "P.2", "parent": "P.1", "title": "Evaluate", "text": "Models are evaluated."},
    ],
}


def loads_or_refuses_catalog(data: bytes) -> None:
    loads_or_refuses(Catalog, "frameworks/policy.yaml", data)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=20,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text_loads_or_raises_input_error(text: str) -> None:
    loads_or_refuses_catalog(text.encode("utf-8"))


@settings(max_examples=200)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_load_or_raise_input_error(data: bytes) -> None:
    loads_or_refuses_catalog(data)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_arbitrary_yaml_documents_load_or_raise_input_error(doc: Any) -> None:
    loads_or_refuses_catalog(yaml.safe_dump(doc, allow_unicode=True).encode("utf-8"))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    field=st.sampled_from(sorted(VALID)),
    value=values,
    req_field=st.sampled_from(["id", "parent", "kind", "title", "text", "risks", "refs"]),
    req_value=values,
)
def test_a_valid_catalog_with_one_field_corrupted_loads_or_raises_input_error(
    field: str, value: Any, req_field: str, req_value: Any
) -> None:
    doc = {**VALID, "requirements": [dict(r) for r in VALID["requirements"]]}
    doc["requirements"][1][req_field] = req_value
    doc[field] = value
    loads_or_refuses_catalog(yaml.safe_dump(doc, allow_unicode=True).encode("utf-8"))


def test_the_uncorrupted_example_catalog_loads() -> None:
    catalog, _ = load_model(Catalog, "p.yaml", yaml.safe_dump(VALID).encode())
    assert [r.id for r in catalog.requirements] == ["P.1", "P.2"]
