"""The shipped form data loads, and every field carries a source and a verified flag."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from compliance.core.errors import InputError
from compliance.load.forms import forms_dir, load_forms, load_forms_from
from compliance.models.forms import Audience

RAW = {
    name: yaml.safe_load((forms_dir() / name).read_text("utf-8"))
    for name in ("model-documentation-form.yaml", "training-content-summary.yaml")
}


def test_the_shipped_forms_load() -> None:
    forms = load_forms()
    assert len(forms.model_documentation.fields) == 42
    assert len(forms.training_summary.fields) == 52


@pytest.mark.parametrize("name", sorted(RAW))
def test_every_field_and_section_of_the_shipped_form_data_carries_a_source_and_verified(
    name: str,
) -> None:
    raw = RAW[name]
    for item in [*raw["sections"], *raw["fields"]]:
        assert item.get("source"), item["id"]
        assert isinstance(item.get("verified"), bool), item["id"]
        assert set(item["source"]) <= set(raw["sources"]), item["id"]


def test_no_compute_or_energy_field_reaches_downstream_providers() -> None:
    forms = load_forms()
    for f in forms.model_documentation.fields:
        if f.section in ("computational-resources", "energy-consumption"):
            assert not forms.sees(f, Audience.DOWNSTREAM), f.id


def test_confirmed_flags_are_taken_as_printed() -> None:
    forms = load_forms()
    f = next(x for x in forms.model_documentation.fields if x.id == "model_authenticity")
    aud = forms.audiences_of(f)
    assert aud.confirmed and aud.audiences == (Audience.AI_OFFICE, Audience.AUTHORITIES)


def _copy_forms(tmp: Path, edit_field: dict) -> Path:
    folder = tmp / "forms"
    folder.mkdir(exist_ok=True)
    for p in forms_dir().iterdir():
        (folder / p.name).write_bytes(p.read_bytes())
    raw = dict(RAW["model-documentation-form.yaml"])
    raw["fields"] = [dict(raw["fields"][0], **edit_field), *raw["fields"][1:]]
    (folder / "model-documentation-form.yaml").write_text(
        yaml.safe_dump(raw, allow_unicode=True), "utf-8"
    )
    return folder


def test_a_field_without_a_source_is_refused_with_its_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        load_forms_from(_copy_forms(tmp_path, {"source": []}))
    assert "model-documentation-form.yaml" in str(err.value)


@given(st.sampled_from(["ai-office", "authorities", "downstream", "regulators", "", "AIO"]))
def test_only_the_three_audiences_are_accepted(audience: str) -> None:
    from compliance.models.forms import FormField

    data = {
        "id": "x",
        "section": "s",
        "label": "X",
        "audiences": [audience],
        "required": True,
        "type": "text",
        "source": ["a"],
        "verified": False,
    }
    if audience in {a.value for a in Audience}:
        assert FormField.model_validate(data).audiences == [Audience(audience)]
    else:
        with pytest.raises(ValueError):
            FormField.model_validate(data)
