"""training-data.yaml: the example loads, sections are answered or not applicable."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compliance.core.errors import InputError
from compliance.load.yaml_files import load_model
from compliance.models.training_data import TrainingDataFile
from tests.models.forms_helpers import FORMS, ROOT, load_yaml

TEMPLATE = load_yaml(FORMS / "training-content-summary.yaml")
EXAMPLE = (ROOT / "training-data.yaml").read_text(encoding="utf-8")


def _load(text: str) -> TrainingDataFile:
    return load_model(TrainingDataFile, "training-data.yaml", text.encode())[0]


def test_the_example_training_data_yaml_loads_through_the_project_loader() -> None:
    data = _load(EXAMPLE)
    assert data.sources.crawled_data.crawlers[0].name == "NorthwindBot"


def test_the_example_token_count_agrees_with_model_yaml() -> None:
    from compliance.models.model_facts import ModelFacts

    facts = load_model(ModelFacts, "model.yaml", (ROOT / "model.yaml").read_bytes())[0]
    data = _load(EXAMPLE)
    assert facts.data_points is not None
    assert data.general.modalities[0].approximate_size == facts.data_points.value


def test_an_unknown_field_is_refused() -> None:
    with pytest.raises(InputError) as err:
        _load(EXAMPLE.replace("continuous_training:", "continous_training:"))
    assert "continous_training" in str(err.value)


def test_a_non_finite_size_is_refused() -> None:
    with pytest.raises(InputError):
        _load(EXAMPLE.replace("approximate_size: 1.42e+13", "approximate_size: .inf"))
    with pytest.raises(InputError):
        _load(EXAMPLE.replace("approximate_size: 1.42e+13", "approximate_size: .nan"))


def test_a_section_with_neither_answer_nor_reason_is_refused() -> None:
    broken = EXAMPLE.replace(
        "    not_applicable: No data from users of Halcyon-1 or of other Northwind services "
        "was used for training.\n",
        "    evidence: []\n",
    )
    assert broken != EXAMPLE
    with pytest.raises(InputError):
        _load(broken)


def test_a_not_applicable_section_may_not_also_give_answers() -> None:
    broken = EXAMPLE.replace(
        "  user_data:\n",
        "  user_data:\n    user_data_model_interactions: true\n",
    )
    with pytest.raises(InputError):
        _load(broken)


def test_a_crawl_period_that_ends_before_it_starts_is_refused() -> None:
    broken = EXAMPLE.replace(
        "crawl_period: {start: 2019-01-01, end: 2025-06-30}",
        "crawl_period: {start: 2025-06-30, end: 2019-01-01}",
    )
    with pytest.raises(InputError):
        _load(broken)


def test_text_may_be_marked_confidential() -> None:
    data = _load(EXAMPLE)
    licensors = data.sources.private_datasets.licensed.licensors
    assert all(entry.confidential for entry in licensors)


@given(st.from_regex(r"[a-z][a-z0-9]{0,10}\.(com|org|eu)", fullmatch=True))
def test_well_formed_domain_names_are_accepted(domain: str) -> None:
    text = EXAMPLE.replace(
        "[docs.example.org, encyclopedia.example.net, news.example.com]", f"[{domain}]"
    )
    assert _load(text).sources.crawled_data.crawl_top_domains == [domain]


@given(st.sampled_from(["https://a.com", "a..com", "-a.com", "a.c", "A.COM/x", "a com"]))
def test_malformed_domain_names_are_refused(domain: str) -> None:
    text = EXAMPLE.replace(
        "[docs.example.org, encyclopedia.example.net, news.example.com]", f"['{domain}']"
    )
    with pytest.raises(InputError):
        _load(text)


def test_every_template_field_has_a_source_and_an_explicit_verified_key() -> None:
    for field in TEMPLATE["fields"]:
        assert field["source"] and set(field["source"]) <= set(TEMPLATE["sources"]), field["id"]
        assert isinstance(field.get("verified"), bool), field["id"]
        assert "audiences" not in field, f"{field['id']}: the summary is public"
        if not field["verified"]:
            assert field.get("note"), field["id"]


def test_every_template_field_is_in_a_known_section_with_a_unique_id() -> None:
    ids = [f["id"] for f in TEMPLATE["fields"]]
    assert len(ids) == len(set(ids))
    sections = {s["id"] for s in TEMPLATE["sections"]}
    assert all(f["section"] in sections for f in TEMPLATE["fields"])


def test_the_template_has_its_three_top_sections() -> None:
    top = [s["number"] for s in TEMPLATE["sections"] if "parent" not in s]
    assert top == ["1", "2", "3"]
