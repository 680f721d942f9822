"""OSCAL export: valid against trestle and NIST's schemas, stable, faithful to the assessment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import regex
from click.testing import CliRunner
from oscal_validation import schema_errors, schemas_available, trestle_parse

from compliance.assess.coverage import Assessment
from compliance.cli.main import main
from compliance.emit.export.oscal import oscal_documents, oscal_files
from compliance.emit.export.uuids import duplicate_identifiers, readable_token, token_map
from compliance.pipeline import Run, run

# OSCAL 1.1.3's TokenDatatype (oscal_complete_schema.json), an XML NCName.
OSCAL_TOKEN = regex.compile(r"^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$")


def is_token(value: str) -> bool:
    return OSCAL_TOKEN.match(value) is not None


needs_schemas = pytest.mark.skipif(
    not schemas_available(), reason="NIST OSCAL schemas not checked out at ../shared/oscal"
)


def _controls(node: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for key in ("groups", "controls"):
        for child in node.get(key, []):
            if key == "controls":
                out.append(child)
            out.extend(_controls(child))
    return out


def test_every_document_parses_with_trestles_oscal_models(shared_run: Run) -> None:
    docs = oscal_documents(shared_run)
    assert set(docs) == {
        "assessment-results.json",
        "catalog-eu-ai-act-annex-xi.json",
        "catalog-eu-ai-act-annex-xii.json",
        "catalog-nist-ai-rmf-1.0.json",
        "component-definition.json",
        "poam.json",
        "mapping-eu-ai-act-annex-xi--eu-ai-act-annex-xii.json",
        "mapping-eu-ai-act-annex-xi--nist-ai-rmf-1.0.json",
    }
    for doc in docs.values():
        trestle_parse(doc)


def test_trestle_rejects_a_document_with_an_unknown_field(shared_run: Run) -> None:
    doc = oscal_documents(shared_run)["poam.json"]
    doc["plan-of-action-and-milestones"]["surprise"] = 1
    with pytest.raises(ValueError):
        trestle_parse(doc)


@needs_schemas
def test_every_document_is_valid_against_nists_json_schema(shared_run: Run) -> None:
    for name, doc in oscal_documents(shared_run).items():
        assert schema_errors(doc) == [], name


@needs_schemas
def test_the_schema_check_would_catch_a_raw_requirement_id(shared_run: Run) -> None:
    doc = oscal_documents(shared_run)["catalog-eu-ai-act-annex-xi.json"]
    _controls(doc["catalog"])[0]["id"] = "XI.1.1(a)"
    assert any("does not match" in e for e in schema_errors(doc))


def test_no_document_uses_an_id_or_uuid_twice(shared_run: Run) -> None:
    for name, doc in oscal_documents(shared_run).items():
        assert duplicate_identifiers(doc) == [], name


def test_requirement_ids_become_readable_tokens_and_keep_the_original_as_label(
    shared_run: Run,
) -> None:
    docs = oscal_documents(shared_run)
    nist = _controls(docs["catalog-nist-ai-rmf-1.0.json"]["catalog"])
    govern = next(c for c in nist if c["id"] == "GOVERN_1.1")
    assert {"name": "label", "value": "GOVERN 1.1"} in govern["props"]
    eu = _controls(docs["catalog-eu-ai-act-annex-xi.json"]["catalog"])
    point = next(c for c in eu if c["id"] == "XI.1.1_a")
    assert {"name": "label", "value": "XI.1.1(a)"} in point["props"]
    assert point["parts"][0]["name"] == "statement"
    assert point["parts"][0]["prose"].startswith("the tasks that the model is intended")
    assert point["links"][0]["href"].startswith("https://eur-lex.europa.eu/")
    assert all(is_token(c["id"]) for c in eu + nist)


def test_colliding_ids_get_distinct_tokens_whatever_their_order() -> None:
    ids = ["A(1)", "A 1", "A.1", "1b", "GOVERN 1.1"]
    first = token_map(ids)
    assert token_map(list(reversed(ids))) == first
    assert len(set(first.values())) == len(ids)
    assert first["A.1"] == "A.1"
    assert first["A(1)"].startswith("A_1_") and first["A 1"].startswith("A_1_")
    assert readable_token("1b") == "_1b"
    assert all(is_token(t) for t in first.values())


def test_exporting_the_same_commit_twice_gives_the_same_bytes(shared_run: Run) -> None:
    assert oscal_files(shared_run) == oscal_files(shared_run)


def test_uuids_of_findings_survive_a_new_commit(shared_run: Run, workspace_root: Path) -> None:
    before = oscal_documents(shared_run)["assessment-results.json"]["assessment-results"]
    (workspace_root / "evidence/policy.md").write_text("# Risk policy\n\nRevised.\n")
    after_doc = oscal_documents(run(workspace_root, gate=False))
    after = after_doc["assessment-results.json"]["assessment-results"]
    assert before["uuid"] != after["uuid"]  # the document changed, so its uuid did
    uuids = lambda doc: [f["uuid"] for r in doc["results"] for f in r["findings"]]  # noqa: E731
    assert uuids(before) == uuids(after)


def test_each_requirement_has_one_finding_and_evidence_is_cited_with_hash_and_commit(
    assessment: Assessment,
    shared_run: Run,
) -> None:
    ar = oscal_documents(shared_run)["assessment-results.json"]["assessment-results"]
    results = {
        p["value"]: r for r in ar["results"] for p in r["props"] if p["name"] == "framework-id"
    }
    xii = results["eu-ai-act-annex-xii"]
    assert len(xii["findings"]) == 11
    by_label = {f["target"]["props"][0]["value"]: f for f in xii["findings"]}
    assert by_label["XII.1(a)"]["target"]["status"] == {"state": "satisfied", "reason": "pass"}
    partial = by_label["XII.1(b)"]
    assert partial["target"]["status"]["state"] == "not-satisfied"
    assert "evidence missing: evidence/not-yet-written.md" in partial["description"]
    observations = {o["uuid"]: o for o in xii["observations"]}
    cited = [
        observations[r["observation-uuid"]] for r in by_label["XII.1(a)"]["related-observations"]
    ]
    evidence = next(o["relevant-evidence"][0] for o in cited if "model-card" in o["title"])
    assert evidence["href"] == "evidence/model-card.md"
    head = assessment.index.repo.head
    assert head is not None
    assert {"name": "git-commit", "value": head.sha} == {
        k: v
        for p in evidence["props"]
        if p["name"] == "git-commit"
        for k, v in p.items()
        if k != "ns"
    }
    resource_uuid = evidence["links"][0]["href"].removeprefix("#")
    resource = next(r for r in ar["back-matter"]["resources"] if r["uuid"] == resource_uuid)
    sha = assessment.index.records["evidence/model-card.md"].sha256
    assert resource["rlinks"][0]["hashes"] == [{"algorithm": "SHA-256", "value": sha}]
    spaced = next(r for r in ar["back-matter"]["resources"] if "red team" in r["title"])
    assert spaced["rlinks"][0]["href"] == "evidence/red%20team/report%20%C3%BC.md"


def test_the_poam_has_one_item_per_gap_or_partial_each_with_an_owner_role(
    assessment: Assessment,
    shared_run: Run,
) -> None:
    poam = oscal_documents(shared_run)["poam.json"]["plan-of-action-and-milestones"]
    open_items = [r for r in assessment.results() if r.status in ("gap", "partial")]
    assert len(poam["poam-items"]) == len(open_items)
    owners = {
        p["value"]: item["title"]
        for item in poam["poam-items"]
        for p in item["props"]
        if p["name"] == "owner-role"
    }
    assert "Safety Lead" in owners  # the owner of the control behind the partial item
    assert "Compliance Lead" in owners  # gaps fall to the organisation's contact role
    role_ids = {r["id"] for r in poam["metadata"]["roles"]}
    task_roles = {
        rr["role-id"]
        for risk in poam["risks"]
        for rem in risk["remediations"]
        for task in rem["tasks"]
        for rr in task["responsible-roles"]
    }
    assert task_roles <= role_ids


def test_the_component_definition_points_team_controls_at_catalog_controls(
    shared_run: Run,
) -> None:
    docs = oscal_documents(shared_run)
    comp = docs["component-definition.json"]["component-definition"]["components"][0]
    impls = {ci["source"]: ci for ci in comp["control-implementations"]}
    assert set(impls) == {
        "catalog-eu-ai-act-annex-xi.json",
        "catalog-eu-ai-act-annex-xii.json",
        "catalog-nist-ai-rmf-1.0.json",
    }
    for source, ci in impls.items():
        catalog_ids = {c["id"] for c in _controls(docs[source]["catalog"])}
        for req in ci["implemented-requirements"]:
            assert req["control-id"] in catalog_ids
    nist = impls["catalog-nist-ai-rmf-1.0.json"]["implemented-requirements"]
    assert nist[0]["control-id"] == "GOVERN_1.1"
    assert {"role-id": "safety-lead"} in nist[0]["responsible-roles"]


def test_crosswalks_export_as_oscal_1_2_mappings(shared_run: Run) -> None:
    doc = oscal_documents(shared_run)["mapping-eu-ai-act-annex-xi--eu-ai-act-annex-xii.json"]
    collection = doc["mapping-collection"]
    assert collection["metadata"]["oscal-version"] == "1.2.1"
    (m,) = collection["mappings"][0]["maps"]
    assert m["relationship"] == "equivalent-to"
    assert m["sources"][0]["id-ref"] == "XI.1.1_a"
    assert m["targets"][0]["id-ref"] == "XII.1_a"


def test_export_oscal_writes_every_document_into_out(workspace_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "oscal"
    result = CliRunner().invoke(
        main, ["export", "oscal", "--project", str(workspace_root), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.iterdir())
    assert "assessment-results.json" in written and "poam.json" in written
    doc = json.loads((out / "poam.json").read_text())
    assert (
        doc["plan-of-action-and-milestones"]["metadata"]["last-modified"] == "2026-03-01T09:00:00Z"
    )


def test_export_oscal_on_an_invalid_workspace_exits_2_without_writing(
    workspace_root: Path, tmp_path: Path
) -> None:
    (workspace_root / "controls/controls.yaml").write_text("schema_version: 1\ncontrols: [}\n")
    out = tmp_path / "oscal"
    result = CliRunner().invoke(
        main, ["export", "oscal", "--project", str(workspace_root), "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "controls/controls.yaml" in result.output
    assert not out.exists()
