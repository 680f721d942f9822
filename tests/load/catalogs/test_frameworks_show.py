"""`compliance frameworks show`: the JSON shape scripts depend on, and the crosswalk view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from compliance.cli.main import main
from compliance.load.catalogs import CatalogSet

METADATA = {
    "id",
    "title",
    "short_title",
    "publisher",
    "version",
    "published",
    "source_url",
    "licence",
    "jurisdiction",
    "verified",
    "notes",
    "requirements",
}


def show(*args: str, cwd: Path) -> Result:
    # Run outside any workspace so only the built-in catalogs are in play.
    return CliRunner().invoke(main, ["frameworks", "show", *args, "--project", str(cwd)])


@pytest.mark.parametrize(
    "cid",
    [
        "eu-ai-act-annex-xi",
        "eu-ai-act-annex-xii",
        "eu-ai-act-gpai",
        "nist-ai-600-1",
        "nist-ai-rmf-1.0",
        "uk-frontier-ai",
    ],
)
def test_show_json_is_metadata_and_a_flat_requirement_list(
    cid: str, shipped: CatalogSet, tmp_path: Path
) -> None:
    result = show(cid, "--format", "json", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= METADATA
    catalog = shipped.catalogs[cid].catalog
    assert data["id"] == cid and data["publisher"] == catalog.publisher
    assert data["published"] == catalog.published.isoformat() if catalog.published else True
    reqs = data["requirements"]
    assert [r["id"] for r in reqs] == [r.id for r in catalog.requirements]
    ids = {r["id"] for r in reqs}
    for r in reqs:
        assert {"id", "title", "text", "parent"} <= set(r)
        assert isinstance(r["text"], str) and isinstance(r["title"], str)
        assert r["parent"] is None or r["parent"] in ids
        # Flat: no nested children; the tree is rebuilt from `parent`.
        assert not any(isinstance(v, dict) for v in r.values())


def test_show_json_of_one_requirement_includes_its_crosswalk_neighbours(tmp_path: Path) -> None:
    result = show("eu-ai-act-annex-xi", "XI.2.1", "--format", "json", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    (req,) = json.loads(result.stdout)["requirements"]
    assert req["id"] == "XI.2.1" and req["parent"] == "XI.2"
    refs = {n["ref"]: n for n in req["crosswalk"]}
    assert refs["nist-ai-rmf-1.0:MEASURE 2.1"]["relation"] == "intersects"
    assert refs["uk-frontier-ai:EPFAS.2"]["crosswalk"] == "eu-ai-act-annex-xi--uk-frontier-ai"
    assert all(n["rationale"] for n in req["crosswalk"])


def test_show_requirement_prints_each_expert_mapping_with_its_rationale(tmp_path: Path) -> None:
    result = show("eu-ai-act-annex-xi", "XI.2.2", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "crosswalk (each line reads: XI.2.2 <relation> <other requirement>):" in out
    assert "    intersects   nist-ai-rmf-1.0:MEASURE 2.7\n" in out
    assert "(expert judgement)" in out
    mappings = out.split("crosswalk (each line reads", 1)[1].splitlines()[1:]
    assert mappings and all(len(line) <= 100 for line in mappings)


def test_show_subcategory_folds_the_derived_ai_600_1_actions_into_one_entry(
    tmp_path: Path,
) -> None:
    result = show("nist-ai-rmf-1.0", "MEASURE 2.6", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "superset-of  nist-ai-600-1: MS-2.6-001, MS-2.6-002," in out
    assert "7 mappings derived from the source document (nist-ai-600-1--nist-ai-rmf-1.0)" in out
    assert out.count("superset-of") == 1
    assert "uk-frontier-ai:FAISC.IV" in out


def test_show_action_names_the_subcategory_it_sits_under(tmp_path: Path) -> None:
    result = show("nist-ai-600-1", "MS-2.6-001", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "subset-of    nist-ai-rmf-1.0:MEASURE 2.6" in result.stdout
    assert "lists MS-2.6-001 among the suggested actions" in result.stdout
