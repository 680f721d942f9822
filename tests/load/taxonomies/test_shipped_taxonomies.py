"""The shipped harm taxonomies load, have the shape their sources give, and cite them."""

from __future__ import annotations

from pathlib import Path

import yaml

from compliance.load.catalogs import load_catalogs
from compliance.load.taxonomies import TaxonomySet

SHIPPED = {"mlcommons-ailuminate-1.0", "gpai-cop-systemic-risks", "platform-trust-safety"}


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml"))


def test_the_shipped_taxonomies_load(taxonomies: TaxonomySet) -> None:
    assert set(taxonomies.taxonomies) >= SHIPPED
    assert all(lt.builtin for lt in taxonomies.taxonomies.values())


def test_each_taxonomy_file_is_named_after_its_id(taxonomies_dir: Path) -> None:
    for path in _files(taxonomies_dir):
        assert yaml.safe_load(path.read_text("utf-8"))["id"] == path.stem


def test_ailuminate_has_twelve_hazards_in_three_groups(taxonomies: TaxonomySet) -> None:
    ail = taxonomies.taxonomies["mlcommons-ailuminate-1.0"]
    groups = [c.id for c in ail.children[None]]
    assert groups == ["physical-hazards", "non-physical-hazards", "contextual-hazards"]
    hazards = ail.leaves()
    assert len(hazards) == 12
    assert all(h.parent in groups for h in hazards)
    assert [len(ail.children[g]) for g in groups] == [5, 5, 2]


def test_the_code_of_practice_specifies_four_systemic_risks(taxonomies: TaxonomySet) -> None:
    cop = taxonomies.taxonomies["gpai-cop-systemic-risks"]
    specified = [c.id for c in cop.children["specified-systemic-risks"]]
    assert specified == ["cbrn", "loss-of-control", "cyber-offence", "harmful-manipulation"]
    assert all(cop.by_id[c].definition.startswith("Risks from ") for c in specified)
    assert len(cop.children["types-of-risks"]) == 5


def test_every_category_has_a_source_and_an_explicit_verified_key(taxonomies_dir: Path) -> None:
    for path in _files(taxonomies_dir):
        raw = yaml.safe_load(path.read_text("utf-8"))
        assert isinstance(raw.get("verified"), bool), path.name
        for cat in raw["categories"]:
            assert str(cat.get("source", "")).strip(), f"{path.name}: {cat['id']} has no source"
            assert isinstance(cat.get("verified"), bool), f"{path.name}: {cat['id']}"


def test_a_taxonomy_with_an_unverified_entry_is_not_marked_verified(
    taxonomies: TaxonomySet,
) -> None:
    for lt in taxonomies.taxonomies.values():
        if not all(c.verified for c in lt.taxonomy.categories):
            assert not lt.taxonomy.verified, lt.taxonomy.id


def test_unverified_entries_say_why(taxonomies: TaxonomySet) -> None:
    for lt in taxonomies.taxonomies.values():
        for cat in lt.taxonomy.categories:
            if not cat.verified:
                assert cat.note.strip(), f"{lt.taxonomy.id}:{cat.id}"


def test_the_platform_definitions_are_labelled_as_the_tools_own(
    taxonomies: TaxonomySet,
) -> None:
    platform = taxonomies.taxonomies["platform-trust-safety"]
    assert len(platform.taxonomy.categories) == 14
    for cat in platform.taxonomy.categories:
        assert cat.source == "compliance-docs default vocabulary"
        assert cat.definition.startswith("Our definition: ")


def test_every_crosswalk_endpoint_names_an_existing_category(taxonomies: TaxonomySet) -> None:
    assert len(taxonomies.crosswalks) >= 2
    for lx in taxonomies.crosswalks:
        cw = lx.crosswalk
        assert cw.id == f"{cw.source}--{cw.target}"
        for m in cw.mappings:
            assert m.source in taxonomies.taxonomies[cw.source].by_id
            assert m.target in taxonomies.taxonomies[cw.target].by_id


def test_cbrn_of_the_code_intersects_indiscriminate_weapons(taxonomies: TaxonomySet) -> None:
    pairs = {
        (lx.crosswalk.source, m.source, m.target): m.relation.value
        for lx in taxonomies.crosswalks
        for m in lx.crosswalk.mappings
    }
    key = ("gpai-cop-systemic-risks", "cbrn", "indiscriminate-weapons-cbrne")
    assert pairs[key] == "intersects"


def test_catalog_loading_leaves_taxonomy_files_alone(taxonomies: TaxonomySet) -> None:
    catalogs = load_catalogs(None)
    assert not set(catalogs.catalogs) & set(taxonomies.taxonomies)
