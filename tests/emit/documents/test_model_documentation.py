"""The Model Documentation Form: each audience sees exactly its fields, gaps on page 1,
checks and estimates on the form, read back from the PDFs."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from compliance.emit.model_documentation import form_data
from compliance.load.forms import load_forms
from compliance.models.forms import Audience
from tests.emit.documents.docs_helpers import (
    ROOT,
    build_docs,
    example_workspace,
    first_page_text,
    pdf_text,
    pipeline,
)
from tests.gitrepo import GitRepo

COMPUTE_AND_ENERGY = {
    "training_compute",
    "training_energy",
    "inference_compute",
    "training_time",
    "training_compute_method",
    "training_energy_method",
    "inference_compute_method",
}
FIGURES = re.compile(r"FLOP|MWh|10\^24|10\^16|× 1024|× 1016|accelerator-days|1.9 × 10\^?4")
"""Compute and energy figures, in plain text (10^24) or read back from a PDF, where the
superscript exponent follows the 10 (× 1024)."""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = example_workspace(GitRepo(tmp_path_factory.mktemp("ws")))
    out = tmp_path_factory.mktemp("out")
    build_docs(repo, out, "model-documentation")
    return out


def test_each_audience_gets_a_pdf_a_json_and_a_markdown_file(built: Path) -> None:
    for audience in ("ai-office", "authorities", "downstream"):
        for suffix in ("pdf", "json", "md"):
            assert (built / f"model-documentation-{audience}.{suffix}").is_file()
    from pypdf import PdfReader

    root = PdfReader(built / "model-documentation-ai-office.pdf").trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part="3"|<pdfaid:part>3<', xmp)


def test_the_downstream_version_contains_no_compute_or_energy_figure(built: Path) -> None:
    text = pdf_text(built / "model-documentation-downstream.pdf")
    assert not FIGURES.search(text), FIGURES.search(text)
    md = (built / "model-documentation-downstream.md").read_text("utf-8")
    assert not FIGURES.search(md)
    data = json.loads((built / "model-documentation-downstream.json").read_text("utf-8"))
    shown = {f["id"] for s in data["sections"] for f in s["fields"]}
    assert not shown & COMPUTE_AND_ENERGY
    assert {w["id"] for w in data["withheld"]} >= COMPUTE_AND_ENERGY


def test_the_downstream_version_names_each_withheld_field(built: Path) -> None:
    text = pdf_text(built / "model-documentation-downstream.pdf")
    assert "Withheld from this audience" in text
    assert "Amount of computation used for training" in text
    assert "Amount of energy used for training" in text


def test_the_ai_office_version_contains_every_compute_and_energy_figure(built: Path) -> None:
    text = pdf_text(built / "model-documentation-ai-office.pdf")
    assert "6.0 × 1024 FLOP" in text  # training compute, with 24 as a superscript
    assert "1.4 × 1016 FLOP" in text  # inference compute
    assert "ESTIMATE, not measured" in text and "MWh" in text  # energy, estimated
    assert "1,540,096 accelerator-days" in text  # training time, hardware
    assert "P_peak" in text and "PUE = 1.12" in text  # every assumption printed
    data = json.loads((built / "model-documentation-ai-office.json").read_text("utf-8"))
    assert data["withheld"] == []
    assert data["checks"]["energy_estimate"]["measured"] is False


def test_authorities_get_compute_as_an_order_of_magnitude(built: Path) -> None:
    data = json.loads((built / "model-documentation-authorities.json").read_text("utf-8"))
    fields = {f["id"]: f for s in data["sections"] for f in s["fields"]}
    assert fields["training_compute"]["value"] == ["order of magnitude 10^25 FLOP"]
    assert fields["training_time"]["value"] == ["Range: 3–6 months"]
    assert all(q["text"] == "" for q in fields["training_compute"]["evidence"])
    assert "6.0 × 10^24" not in (built / "model-documentation-authorities.json").read_text("utf-8")
    assert "6.0 × 1024" not in pdf_text(built / "model-documentation-authorities.pdf")


def test_every_audience_sees_exactly_the_fields_flagged_for_it(
    git_repo: Callable[..., GitRepo],
) -> None:
    run = pipeline(example_workspace(git_repo()))
    forms = load_forms()
    for audience in Audience:
        data = form_data(run, audience, forms)
        shown = {f["id"] for s in data["sections"] for f in s["fields"]}
        expected = {f.id for f in forms.model_documentation.fields if forms.sees(f, audience)}
        assert shown == expected
        assert shown | {w["id"] for w in data["withheld"]} == {
            f.id for f in forms.model_documentation.fields
        }


def test_quoted_evidence_carries_path_heading_sha256_and_commit(built: Path) -> None:
    data = json.loads((built / "model-documentation-ai-office.json").read_text("utf-8"))
    fields = {f["id"]: f for s in data["sections"] for f in s["fields"]}
    quote = fields["model_architecture"]["evidence"][0]
    assert quote["path"] == "evidence/model-card.md"
    assert quote["heading"] == "## Architecture and parameters"
    assert re.fullmatch(r"[0-9a-f]{64}", quote["sha256"])
    assert re.fullmatch(r"[0-9a-f]{40}", quote["commit"])
    assert "70.4 billion parameters" in quote["text"]


def test_the_version_table_lists_the_commits_that_changed_model_yaml(
    git_repo: Callable[..., GitRepo],
) -> None:
    repo = example_workspace(git_repo())
    repo.write("evidence/unrelated.md", "# x\n")
    repo.commit("unrelated change", date="2026-11-02T10:00:00+00:00")
    text = (repo.root / "model.yaml").read_text("utf-8")
    repo.write("model.yaml", text.replace("80 layers.", "80 layers and rotary positions."))
    repo.commit("Model facts: architecture wording", date="2026-11-03T10:00:00+00:00")
    data = form_data(pipeline(repo), Audience.AI_OFFICE)
    summaries = [v["summary"] for v in data["facts_file"]["versions"]]
    assert summaries == ["Model facts: architecture wording", "example documentation"]


def test_a_required_field_left_empty_is_listed_as_a_gap_on_page_one(
    git_repo: Callable[..., GitRepo], tmp_path: Path
) -> None:
    text = (ROOT / "model.yaml").read_text("utf-8")
    without = re.sub(r"\nintended_uses:\n(  .*\n)+", "\n", text)
    assert "intended_uses" not in without
    repo = example_workspace(git_repo(), model_yaml=without)
    build_docs(repo, tmp_path, "model-documentation", audience="downstream")
    page1 = first_page_text(tmp_path / "model-documentation-downstream.pdf")
    assert "Gaps: required fields left empty" in page1
    assert "Intended uses" in page1 and "intended_uses" in page1
    body = pdf_text(tmp_path / "model-documentation-downstream.pdf")
    assert "GAP: required, not answered in model.yaml" in body
