"""The EU General-Purpose AI Code of Practice catalogs, their crosswalks and figures file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from catalog_helpers import children

from compliance.load.catalogs import CatalogSet, LoadedCatalog
from compliance.models.catalog import Applicability, RequirementKind

CHAPTERS = ("gpai-cop-transparency", "gpai-cop-copyright", "gpai-cop-safety-security")

# Measures per Commitment, as numbered in the Code (10 July 2025).
MEASURES_PER_COMMITMENT = {
    "gpai-cop-transparency": (3,),
    "gpai-cop-copyright": (5,),
    "gpai-cop-safety-security": (4, 2, 5, 2, 1, 2, 7, 3, 4, 2),
}

SAFETY_SECURITY_APPENDICES = [
    *("A1", "A1.1", "A1.2", "A1.2.1", "A1.2.2", "A1.3", "A1.3.1", "A1.3.2", "A1.3.3"),
    *("A1.4", "A1.4(1)", "A1.4(2)", "A1.4(3)", "A1.4(4)"),
    *("A2", "A2.1", "A2.2"),
    *("A3", "A3.1", "A3.2", "A3.3", "A3.4", "A3.5"),
    *("A4", "A4.1", "A4.2", "A4.3", "A4.4", "A4.5"),
]

APPLICABILITY = {
    "gpai-cop-transparency": {Applicability.GPAI, Applicability.OPEN_SOURCE_EXEMPT},
    "gpai-cop-copyright": {Applicability.GPAI},
    "gpai-cop-safety-security": {Applicability.SYSTEMIC_RISK},
}

FIGURE_KEYS = {"id", "value", "unit", "applies_to", "quote", "source", "verified"}
FIGURE_OPTIONAL_KEYS = {"note"}


def raw_entries(frameworks_dir: Path, cid: str) -> list[dict[str, Any]]:
    """The catalog's requirement entries as written, before any defaults are filled in."""
    return yaml.safe_load((frameworks_dir / f"{cid}.yaml").read_text(encoding="utf-8"))[
        "requirements"
    ]


def code_crosswalks(shipped: CatalogSet) -> list:
    return [lx for lx in shipped.crosswalks if lx.crosswalk.source in CHAPTERS]


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def figures(frameworks_dir: Path) -> dict[str, Any]:
    path = frameworks_dir / "data" / "gpai-cop-figures.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_three_chapter_catalogs_are_shipped_as_built_ins(shipped: CatalogSet) -> None:
    for cid in CHAPTERS:
        assert cid in shipped.catalogs
        assert shipped.catalogs[cid].builtin


@pytest.mark.parametrize("cid", CHAPTERS)
def test_each_chapter_has_its_commitments_as_groups_and_its_measures_as_requirements(
    shipped: CatalogSet, cid: str
) -> None:
    loaded = shipped.catalogs[cid]
    counts = MEASURES_PER_COMMITMENT[cid]
    commitments = [r for r in loaded.catalog.requirements if r.id.startswith("C")]
    assert [r.id for r in commitments] == [f"C{n}" for n in range(1, len(counts) + 1)]
    assert all(r.kind == RequirementKind.GROUP and r.parent is None for r in commitments)
    for n, count in enumerate(counts, start=1):
        measures = children(loaded, f"C{n}")
        assert measures == [f"M{n}.{m}" for m in range(1, count + 1)]
        assert all(loaded.by_id[m].kind == RequirementKind.REQUIREMENT for m in measures)


def test_the_chapters_have_1_3_then_1_5_then_10_32_commitments_and_measures(
    shipped: CatalogSet,
) -> None:
    def shape(loaded: LoadedCatalog) -> tuple[int, int]:
        reqs = loaded.catalog.requirements
        return (
            sum(r.kind == RequirementKind.GROUP and r.id.startswith("C") for r in reqs),
            sum(r.kind == RequirementKind.REQUIREMENT for r in reqs),
        )

    assert [shape(shipped.catalogs[cid]) for cid in CHAPTERS] == [(1, 3), (1, 5), (10, 32)]


def test_safety_and_security_appendices_are_context_entries(shipped: CatalogSet) -> None:
    loaded = shipped.catalogs["gpai-cop-safety-security"]
    appendices = [r for r in loaded.catalog.requirements if r.id.startswith("A")]
    assert [r.id for r in appendices] == SAFETY_SECURITY_APPENDICES
    assert all(r.kind == RequirementKind.CONTEXT for r in appendices)
    assert children(loaded, "A1.4") == ["A1.4(1)", "A1.4(2)", "A1.4(3)", "A1.4(4)"]
    specified = [loaded.by_id[f"A1.4({n})"].title for n in range(1, 5)]
    assert specified == [
        "Chemical, biological, radiological and nuclear",
        "Loss of control",
        "Cyber offence",
        "Harmful manipulation",
    ]


@pytest.mark.parametrize("cid", CHAPTERS)
def test_every_entry_inherits_its_chapter_applicability(shipped: CatalogSet, cid: str) -> None:
    loaded = shipped.catalogs[cid]
    for req in loaded.catalog.requirements:
        assert loaded.applicability(req) == APPLICABILITY[cid], req.id


@pytest.mark.parametrize("cid", CHAPTERS)
def test_every_entry_cites_its_place_in_the_chapter_and_states_verified_explicitly(
    frameworks_dir: Path, cid: str
) -> None:
    chapter = {
        "gpai-cop-transparency": "Transparency Chapter",
        "gpai-cop-copyright": "Copyright Chapter",
        "gpai-cop-safety-security": "Safety and Security Chapter",
    }[cid]
    for entry in raw_entries(frameworks_dir, cid):
        assert str(entry.get("source", "")).startswith(chapter), entry["id"]
        assert "verified" in entry, f"{cid}:{entry['id']} leaves `verified` to the default"
        assert isinstance(entry["verified"], bool)
        if not entry["verified"]:
            assert str(entry.get("note", "")).strip(), f"{cid}:{entry['id']} does not say why"


@pytest.mark.parametrize("cid", CHAPTERS)
def test_ids_match_the_catalog_grammar_and_parents_come_first(
    shipped: CatalogSet, cid: str
) -> None:
    catalog = shipped.catalogs[cid].catalog
    assert catalog.id_pattern is not None
    pattern = re.compile(catalog.id_pattern)
    seen: set[str] = set()
    for req in catalog.requirements:
        assert pattern.fullmatch(req.id), req.id
        assert req.parent is None or req.parent in seen, req.id
        seen.add(req.id)


@pytest.mark.parametrize("cid", CHAPTERS)
def test_a_catalog_with_any_unverified_entry_is_itself_unverified(
    shipped: CatalogSet, cid: str
) -> None:
    catalog = shipped.catalogs[cid].catalog
    assert catalog.verified == all(r.verified for r in catalog.requirements)


def test_entries_without_wording_carry_their_title_and_are_unverified(
    shipped: CatalogSet,
) -> None:
    for cid in CHAPTERS:
        for req in shipped.catalogs[cid].catalog.requirements:
            if not req.text.strip():
                assert req.title.strip() and not req.verified, f"{cid}:{req.id}"


def test_code_crosswalk_endpoints_exist_in_both_catalogs(shipped: CatalogSet) -> None:
    crosswalks = code_crosswalks(shipped)
    assert {lx.crosswalk.target for lx in crosswalks} == {
        "eu-ai-act-gpai",
        "eu-ai-act-annex-xi",
        "eu-ai-act-annex-xii",
        "nist-ai-rmf-1.0",
        "uk-frontier-ai",
    }
    for lx in crosswalks:
        cw = lx.crosswalk
        for m in cw.mappings:
            assert shipped.resolve(f"{cw.source}:{m.source}") is not None, (cw.id, m.source)
            assert shipped.resolve(f"{cw.target}:{m.target}") is not None, (cw.id, m.target)


def test_code_to_ai_act_rationales_quote_what_the_code_names(shipped: CatalogSet) -> None:
    for lx in code_crosswalks(shipped):
        cw = lx.crosswalk
        if cw.source == "gpai-cop-safety-security" and cw.target == "eu-ai-act-gpai":
            for m in cw.mappings:
                assert m.rationale.startswith("LEGAL TEXT of Commitment"), m.source
        if cw.source == "gpai-cop-transparency":
            for m in cw.mappings:
                assert m.rationale.startswith("The Code:"), m.source


def test_the_figures_file_is_not_loaded_as_a_catalog(
    shipped: CatalogSet, frameworks_dir: Path
) -> None:
    assert (frameworks_dir / "data" / "gpai-cop-figures.yaml").is_file()
    assert all(not lx.path.endswith("gpai-cop-figures.yaml") for lx in shipped.catalogs.values())


def test_figures_file_declares_its_schema_and_lists_unique_figures(
    figures: dict[str, Any],
) -> None:
    assert figures["schema_version"] == 1
    ids = [f["id"] for f in figures["figures"]]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def test_every_figure_has_a_number_a_unit_a_quote_a_source_and_a_verified_key(
    figures: dict[str, Any],
) -> None:
    for fig in figures["figures"]:
        assert FIGURE_KEYS <= set(fig) <= FIGURE_KEYS | FIGURE_OPTIONAL_KEYS, fig["id"]
        assert isinstance(fig["value"], int | float) and not isinstance(fig["value"], bool)
        assert str(fig["unit"]).strip(), fig["id"]
        assert str(fig["quote"]).strip(), fig["id"]
        assert str(fig["source"]).strip(), fig["id"]
        assert isinstance(fig["verified"], bool), fig["id"]


def test_every_figure_points_at_a_code_entry_whose_text_contains_the_quote(
    shipped: CatalogSet, figures: dict[str, Any]
) -> None:
    for fig in figures["figures"]:
        resolved = shipped.resolve(fig["applies_to"])
        assert resolved is not None, fig["id"]
        loaded, req = resolved
        assert loaded.catalog.id in CHAPTERS, fig["id"]
        if "Glossary" in fig["source"]:
            continue  # the Glossary is not transcribed; the figure names the Measure using it
        assert normalised(fig["quote"]) in normalised(req.text), fig["id"]


def test_serious_incident_deadlines_are_2_5_10_and_15_days_then_4_weeks_and_60_days(
    figures: dict[str, Any],
) -> None:
    by_id = {f["id"]: f for f in figures["figures"]}
    initial = "serious-incident-initial-report-days-"
    cases = ("critical-infrastructure", "cybersecurity-breach", "death", "other-serious-harm")
    assert [by_id[initial + case]["value"] for case in cases] == [2, 5, 10, 15]
    assert by_id["serious-incident-intermediate-report-interval-weeks"]["value"] == 4
    assert by_id["serious-incident-final-report-days-after-resolution"]["value"] == 60
    assert all(
        f["applies_to"] == "gpai-cop-safety-security:M9.3"
        for f in figures["figures"]
        if f["id"].startswith("serious-incident-") and "retention" not in f["id"]
    )
