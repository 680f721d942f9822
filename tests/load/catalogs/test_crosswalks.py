"""The shipped crosswalks: endpoints exist, files are well named, the derived one is exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.load.catalogs import CatalogSet, LoadedCrosswalk
from compliance.models.catalog import Confidence, Relation, RequirementKind

EXPERT = (
    "eu-ai-act-annex-xi--nist-ai-rmf-1.0",
    "eu-ai-act-annex-xi--uk-frontier-ai",
    "nist-ai-rmf-1.0--uk-frontier-ai",
)
DERIVED = "nist-ai-600-1--nist-ai-rmf-1.0"
# The GPAI Code of Practice crosswalks: to the AI Act catalogs it names (derived from the
# Code's statements where it names the Annexes; point-level readings are judgement) and,
# by judgement, to the NIST AI RMF and the UK frontier AI texts.
CODE_OF_PRACTICE_TO_AI_ACT = (
    "gpai-cop-copyright--eu-ai-act-gpai",
    "gpai-cop-safety-security--eu-ai-act-gpai",
    "gpai-cop-transparency--eu-ai-act-annex-xi",
    "gpai-cop-transparency--eu-ai-act-annex-xii",
    "gpai-cop-transparency--eu-ai-act-gpai",
)
CODE_OF_PRACTICE_EXPERT = (
    "gpai-cop-safety-security--nist-ai-rmf-1.0",
    "gpai-cop-safety-security--uk-frontier-ai",
)
ALL_CROSSWALKS = (*EXPERT, DERIVED, *CODE_OF_PRACTICE_TO_AI_ACT, *CODE_OF_PRACTICE_EXPERT)


def crosswalk(shipped: CatalogSet, cw_id: str) -> LoadedCrosswalk:
    return next(lx for lx in shipped.crosswalks if lx.crosswalk.id == cw_id)


def test_the_four_crosswalks_of_the_issue_are_shipped_and_named_source_dash_dash_target(
    shipped: CatalogSet, frameworks_dir: Path
) -> None:
    files = sorted(p.stem for p in (frameworks_dir / "crosswalks").glob("*.yaml"))
    assert files == sorted(ALL_CROSSWALKS)
    for lx in shipped.crosswalks:
        cw = lx.crosswalk
        assert Path(lx.path).stem == cw.id == f"{cw.source}--{cw.target}"


def test_every_crosswalk_endpoint_exists_in_its_catalog(shipped: CatalogSet) -> None:
    assert len(shipped.crosswalks) == len(ALL_CROSSWALKS) == 11
    for lx in shipped.crosswalks:
        cw = lx.crosswalk
        for m in cw.mappings:
            assert shipped.resolve(f"{cw.source}:{m.source}") is not None, (cw.id, m.source)
            assert shipped.resolve(f"{cw.target}:{m.target}") is not None, (cw.id, m.target)


def test_no_crosswalk_maps_the_same_pair_twice(shipped: CatalogSet) -> None:
    for lx in shipped.crosswalks:
        pairs = [(m.source, m.target) for m in lx.crosswalk.mappings]
        assert len(pairs) == len(set(pairs)), lx.crosswalk.id


def test_context_entries_are_never_mapped(shipped: CatalogSet) -> None:
    for lx in shipped.crosswalks:
        cw = lx.crosswalk
        for m in cw.mappings:
            for ref in (f"{cw.source}:{m.source}", f"{cw.target}:{m.target}"):
                resolved = shipped.resolve(ref)
                assert resolved is not None
                assert resolved[1].kind != RequirementKind.CONTEXT, (cw.id, ref)


@pytest.mark.parametrize("cw_id", (*EXPERT, *CODE_OF_PRACTICE_EXPERT))
def test_expert_crosswalks_say_they_are_judgement_and_give_a_one_line_rationale(
    shipped: CatalogSet, cw_id: str
) -> None:
    cw = crosswalk(shipped, cw_id).crosswalk
    assert cw.method == "expert-judgement"
    assert "not an official mapping" in cw.notes
    assert cw.author and cw.published is not None
    assert 10 <= len(cw.mappings) <= 25, "quality over count, but not an empty gesture"
    for m in cw.mappings:
        assert "\n" not in m.rationale and 20 <= len(m.rationale) <= 200, m
        assert m.confidence in set(Confidence)


def test_expert_crosswalks_claim_no_containment_the_texts_do_not_support(
    shipped: CatalogSet,
) -> None:
    # With `crosswalk: {accept: [equivalent]}` (or subset-of) a mapping can mark a
    # requirement covered. None of the expert pairs was judged that close; a new
    # equivalent or subset-of mapping must be a deliberate change to this test.
    relations = {
        m.relation
        for cw_id in (*EXPERT, *CODE_OF_PRACTICE_EXPERT, *CODE_OF_PRACTICE_TO_AI_ACT)
        for m in crosswalk(shipped, cw_id).crosswalk.mappings
    }
    assert relations == {Relation.INTERSECTS}


def test_derived_crosswalk_equals_what_the_ai_600_1_refs_imply(shipped: CatalogSet) -> None:
    lx = crosswalk(shipped, DERIVED)
    cw = lx.crosswalk
    assert (cw.source, cw.target, cw.method) == ("nist-ai-600-1", "nist-ai-rmf-1.0", "derived")
    expected = []
    for action in shipped.catalogs["nist-ai-600-1"].assessable():
        (ref,) = action.refs
        framework, sub = ref.split(":", 1)
        assert framework == "nist-ai-rmf-1.0"
        rationale = f"AI 600-1, Section 3, lists {action.id} among the suggested actions for {sub}"
        expected.append((action.id, sub, Relation.SUBSET_OF, rationale, Confidence.HIGH))
    actual = [(m.source, m.target, m.relation, m.rationale, m.confidence) for m in cw.mappings]
    assert actual == expected
    assert len(actual) == 212


def test_neighbours_read_from_both_ends_with_the_relation_inverted(shipped: CatalogSet) -> None:
    from_action = shipped.neighbours["nist-ai-600-1:MS-2.6-001"]
    assert [(n.ref, n.relation) for n in from_action] == [
        ("nist-ai-rmf-1.0:MEASURE 2.6", "subset-of")
    ]
    from_subcategory = {
        (n.ref, n.relation) for n in shipped.neighbours["nist-ai-rmf-1.0:MEASURE 2.6"]
    }
    assert ("nist-ai-600-1:MS-2.6-001", "superset-of") in from_subcategory
    assert ("eu-ai-act-annex-xi:XI.2.2", "intersects") in from_subcategory
    assert ("uk-frontier-ai:EPFAS.2", "intersects") in from_subcategory


def test_annex_xi_evaluation_points_reach_all_three_jurisdictions(shipped: CatalogSet) -> None:
    for point in ("eu-ai-act-annex-xi:XI.2.1", "eu-ai-act-annex-xi:XI.2.2"):
        frameworks = {n.ref.split(":", 1)[0] for n in shipped.neighbours[point]}
        assert frameworks == {"nist-ai-rmf-1.0", "uk-frontier-ai"}
