"""model.yaml: the example loads, strictness holds, and the shipped form data is sound."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compliance.core.errors import InputError
from compliance.load.yaml_files import load_model
from compliance.models.model_facts import FOLDED, ModelFacts, SizeBand, size_band, time_range
from tests.models.forms_helpers import AUDIENCES, FORMS, ROOT, load_yaml, requirement_ids

FORM = load_yaml(FORMS / "model-documentation-form.yaml")
MAPPING = load_yaml(FORMS / "requirement-fields.yaml")


def _load(text: str) -> ModelFacts:
    return load_model(ModelFacts, "model.yaml", text.encode())[0]


def test_the_example_model_yaml_loads_through_the_project_loader() -> None:
    facts = _load((ROOT / "model.yaml").read_text(encoding="utf-8"))
    assert facts.model_name is not None and facts.model_name.value == "Halcyon-2"


def test_the_example_compute_equals_six_n_d_within_rounding() -> None:
    facts = _load((ROOT / "model.yaml").read_text(encoding="utf-8"))
    estimate = facts.six_n_d()
    assert estimate is not None and facts.training_compute is not None
    assert math.isclose(facts.training_compute.value, estimate, rel_tol=0.01)


def test_the_example_parameter_band_matches_the_parameter_count() -> None:
    facts = _load((ROOT / "model.yaml").read_text(encoding="utf-8"))
    assert facts.total_model_size is not None
    assert size_band(facts.total_model_size.value) == SizeBand.UP_TO_100B


def test_an_unknown_field_is_refused_with_its_location() -> None:
    with pytest.raises(InputError) as err:
        _load("schema_version: 1\nmodel_nam:\n  value: X\n")
    assert "unknown field 'model_nam'" in str(err.value)


def test_an_unknown_field_inside_a_fact_is_refused() -> None:
    with pytest.raises(InputError):
        _load("schema_version: 1\nrelease_date:\n  value: 2026-01-01\n  source: x\n")


@pytest.mark.parametrize("bad", [".inf", "-.inf", ".nan", ".NaN"])
def test_non_finite_numbers_are_refused(bad: str) -> None:
    with pytest.raises(InputError):
        _load(f"schema_version: 1\ntraining_compute:\n  value: {bad}\n")
    with pytest.raises(InputError):
        _load(f"schema_version: 1\ntraining_energy:\n  value: {bad}\n")


def test_a_parameter_band_that_disagrees_with_the_count_is_refused() -> None:
    with pytest.raises(InputError):
        _load(
            "schema_version: 1\ntotal_model_size: {value: 7.0e+10}\n"
            "total_model_size_range: {value: 5B—15B}\n"
        )


def test_a_citation_may_not_leave_the_repository() -> None:
    with pytest.raises(InputError):
        _load(
            "schema_version: 1\nlegal_name:\n  value: X\n"
            "  evidence: [{path: ../secrets.md, heading: '## A'}]\n"
        )


def test_a_citation_gives_a_heading_or_lines_but_not_both() -> None:
    with pytest.raises(InputError):
        _load(
            "schema_version: 1\nlegal_name:\n  value: X\n"
            "  evidence: [{path: evidence/a.md, heading: '## A', lines: '1-2'}]\n"
        )


def test_a_backwards_line_range_is_refused() -> None:
    with pytest.raises(InputError):
        _load(
            "schema_version: 1\nlegal_name:\n  value: X\n"
            "  evidence: [{path: evidence/a.md, lines: '24-10'}]\n"
        )


def test_energy_needs_a_figure_or_the_reason_there_is_none() -> None:
    with pytest.raises(InputError):
        _load("schema_version: 1\ntraining_energy: {}\n")
    facts = _load(
        "schema_version: 1\ntraining_energy:\n"
        "  not_available: the cloud provider does not disclose metered energy\n"
    )
    assert facts.training_energy is not None and facts.training_energy.value is None


@given(st.floats(min_value=1, max_value=1e14, allow_nan=False, allow_infinity=False))
def test_every_positive_parameter_count_falls_in_exactly_one_band(count: float) -> None:
    band = size_band(count)
    text = f"schema_version: 1\ntotal_model_size: {{value: {count!r}}}\n"
    text += f"total_model_size_range: {{value: '{band.value}'}}\n"
    assert _load(text).total_model_size_range is not None


@given(st.floats(min_value=0.01, max_value=5000, allow_nan=False, allow_infinity=False))
def test_the_training_time_range_always_agrees_with_the_wall_clock_days(days: float) -> None:
    text = f"schema_version: 1\ntraining_time:\n  range: '{time_range(days).value}'\n"
    text += f"  wall_clock_days: {days!r}\n"
    assert _load(text).training_time is not None


def test_every_form_field_has_a_source_and_an_explicit_verified_key() -> None:
    for field in FORM["fields"]:
        assert field["source"], field["id"]
        assert isinstance(field.get("verified"), bool), field["id"]
        assert set(field["source"]) <= set(FORM["sources"]), field["id"]
        if not field["verified"]:
            assert field.get("note"), f"{field['id']}: an unverified field says why"


def test_every_form_field_id_is_unique_and_in_a_known_section() -> None:
    ids = [f["id"] for f in FORM["fields"]]
    assert len(ids) == len(set(ids))
    sections = {s["id"] for s in FORM["sections"]}
    assert all(f["section"] in sections for f in FORM["fields"])


def test_every_audience_is_one_of_the_three() -> None:
    for field in FORM["fields"]:
        assert set(field["audiences"]) <= AUDIENCES, field["id"]


def test_every_annex_reference_exists_in_the_catalogs() -> None:
    known = requirement_ids()
    for field in FORM["fields"]:
        for ref in field["annex"]:
            assert ref in known, f"{field['id']}: {ref}"
            assert ref.startswith(("eu-ai-act-annex-xi:", "eu-ai-act-annex-xii:"))


def test_every_mapping_endpoint_exists() -> None:
    known = requirement_ids()
    fields = {f["id"] for f in FORM["fields"]}
    for mapping in MAPPING["mappings"]:
        assert mapping["requirement"] in known, mapping["requirement"]
        assert mapping["rationale"] and mapping["source"]
        assert set(mapping["fields"]) <= fields, set(mapping["fields"]) - fields


def test_every_annex_section_one_item_and_annex_xii_item_is_mapped() -> None:
    mapped = {m["requirement"] for m in MAPPING["mappings"]}
    wanted = {
        ref
        for ref in requirement_ids()
        if (ref.startswith("eu-ai-act-annex-xi:XI.1.") and "(" in ref)
        or (ref.startswith("eu-ai-act-annex-xii:XII.") and "(" in ref)
    }
    wanted |= {"eu-ai-act-gpai:Art.53(1)(a)", "eu-ai-act-gpai:Art.53(1)(b)"}
    assert wanted <= mapped, wanted - mapped


def test_every_form_field_has_a_home_in_the_model() -> None:
    for field in FORM["fields"]:
        holder = FOLDED.get(field["id"], field["id"])
        assert holder in ModelFacts.model_fields, field["id"]
