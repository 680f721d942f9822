"""A team's own taxonomy loads beside the shipped ones; its mistakes are located in the file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from taxonomy_helpers import MemorySource

from compliance.core.errors import InputError
from compliance.load.sources import DiskSource
from compliance.load.taxonomies import load_taxonomies

PATH = "frameworks/taxonomies/acme.yaml"

HEADER = """\
schema_version: 1
id: acme-harms
title: "ACME harm policy"
publisher: "ACME Trust & Safety"
version: "2026-01"
source_url: "https://example.invalid/policy"
verified: true
categories:
"""


def category(cid: str, parent: str | None = None) -> str:
    lines = [
        f"  - id: {cid}",
        f"    name: {cid.replace('-', ' ').capitalize()}",
        "    source: ACME policy",
        "    verified: true",
    ]
    if parent is not None:
        lines.append(f"    parent: {parent}")
    return "\n".join(lines) + "\n"


def load(text: str, extra: dict[str, str] | None = None):
    return load_taxonomies(MemorySource({PATH: text, **(extra or {})}))


def problems_of(text: str, extra: dict[str, str] | None = None) -> list[str]:
    with pytest.raises(InputError) as info:
        load(text, extra)
    return [str(p) for p in info.value.problems]


def test_a_workspace_taxonomy_loads_beside_the_shipped_ones() -> None:
    taxes = load(HEADER + category("scams") + category("romance-scams", "scams"))
    acme = taxes.taxonomies["acme-harms"]
    assert not acme.builtin
    assert acme.path == PATH
    assert "mlcommons-ailuminate-1.0" in taxes.taxonomies
    assert taxes.check("romance-scams") == (True, [])


def test_a_duplicate_category_id_is_an_error_at_its_line_and_column() -> None:
    text = HEADER + category("scams") + category("spam") + category("scams")
    # The third category starts on line 17; its id value sits at column 9.
    assert problems_of(text) == [
        f"{PATH}:17:9: duplicate category id 'scams'; category ids must be unique within a taxonomy"
    ]


def test_an_unknown_parent_is_an_error_at_its_line_with_a_suggestion() -> None:
    text = HEADER + category("scams") + category("romance-scams", "scam")
    # The second category's parent is its fifth line: line 9 + 4 + 4 = 17.
    assert problems_of(text) == [
        f"{PATH}:17:13: category 'romance-scams' names parent 'scam', which is not listed "
        "before it; did you mean 'scams'?"
    ]


def test_a_parent_listed_after_its_child_is_refused() -> None:
    text = HEADER + category("romance-scams", "scams") + category("scams")
    (problem,) = problems_of(text)
    assert problem.startswith(f"{PATH}:13:13: category 'romance-scams' names parent 'scams'")


def test_a_category_without_an_explicit_verified_key_is_refused() -> None:
    text = HEADER + "  - id: scams\n    name: Scams\n    source: ACME policy\n"
    (problem,) = problems_of(text)
    assert problem.startswith(f"{PATH}:9:5: missing required field 'categories.0.verified'")


def test_a_category_id_must_be_a_kebab_case_slug() -> None:
    (problem,) = problems_of(HEADER + category("Romance_Scams"))
    assert problem.startswith(f"{PATH}:9:9: invalid value for 'categories.0.id'")


def test_a_workspace_taxonomy_may_not_shadow_a_shipped_one() -> None:
    text = HEADER.replace("id: acme-harms", "id: platform-trust-safety") + category("scams")
    assert problems_of(text) == [
        f"{PATH}:2:5: taxonomy id 'platform-trust-safety' shadows the built-in taxonomy; "
        "give your taxonomy its own id"
    ]


CROSSWALK = """\
schema_version: 1
id: acme-harms--platform-trust-safety
source: acme-harms
target: platform-trust-safety
mappings:
  - source: scams
    target: {target}
    relation: subset-of
    rationale: "Our scams are their fraud and scams."
"""
CW_PATH = "frameworks/taxonomies/crosswalks/acme-harms--platform-trust-safety.yaml"


def test_a_workspace_crosswalk_to_a_shipped_taxonomy_loads() -> None:
    taxes = load(HEADER + category("scams"), {CW_PATH: CROSSWALK.format(target="fraud-and-scams")})
    assert [lx.path for lx in taxes.crosswalks][-1] == CW_PATH


def test_a_crosswalk_to_an_unknown_category_is_located_with_a_suggestion() -> None:
    problems = problems_of(
        HEADER + category("scams"), {CW_PATH: CROSSWALK.format(target="fraud-and-scam")}
    )
    assert problems == [
        f"{CW_PATH}:7:13: unknown category 'fraud-and-scam' in taxonomy 'platform-trust-safety'; "
        "did you mean 'fraud-and-scams'?"
    ]


def test_a_crosswalk_to_an_unknown_taxonomy_is_located() -> None:
    text = CROSSWALK.format(target="spam").replace(
        "target: platform-trust-safety", "target: platform-trust-safty"
    )
    (problem,) = problems_of(HEADER + category("scams"), {CW_PATH: text})
    assert problem.startswith(
        f"{CW_PATH}:4:9: crosswalk target 'platform-trust-safty' is not a known taxonomy; "
        "did you mean 'platform-trust-safety'?"
    )


def test_the_repository_root_as_workspace_counts_the_shipped_files_once() -> None:
    root = Path(__file__).resolve().parents[3]
    alone = load_taxonomies(None)
    with_root = load_taxonomies(DiskSource(root))
    assert set(with_root.taxonomies) == set(alone.taxonomies)
    assert len(with_root.crosswalks) == len(alone.crosswalks)


# Names and sources are trimmed on load (NonEmptyStr), so the generator trims them too.
trimmed = st.text(min_size=1, max_size=30).map(str.strip).filter(bool)
slugs = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)


@st.composite
def category_lists(draw: st.DrawFn) -> list[dict[str, object]]:
    ids = draw(st.lists(slugs, min_size=1, max_size=12, unique=True))
    out: list[dict[str, object]] = []
    for i, cid in enumerate(ids):
        cat: dict[str, object] = {
            "id": cid,
            "name": draw(trimmed),
            "definition": draw(st.text(max_size=60)),
            "source": draw(trimmed),
            "verified": draw(st.booleans()),
            "note": draw(st.text(max_size=20)),
        }
        if i and draw(st.booleans()):
            cat["parent"] = draw(st.sampled_from(ids[:i]))
        out.append(cat)
    return out


def document(categories: list[dict[str, object]]) -> str:
    """YAML for a taxonomy; non-ASCII is escaped (PyYAML reads a raw U+0085 as a line break)."""
    head = yaml.safe_load(HEADER + "  []\n")
    return yaml.safe_dump({**head, "categories": categories}, sort_keys=False)


@settings(max_examples=100, deadline=None)
@given(category_lists())
def test_random_category_lists_round_trip_through_the_loader(
    categories: list[dict[str, object]],
) -> None:
    acme = load(document(categories)).taxonomies["acme-harms"]
    loaded = [c.model_dump(exclude_none=True) for c in acme.taxonomy.categories]
    assert loaded == categories


@settings(max_examples=100, deadline=None)
@given(category_lists(), st.data())
def test_a_repeated_id_anywhere_is_reported_at_the_repeat(
    categories: list[dict[str, object]], data: st.DataObject
) -> None:
    original = data.draw(st.sampled_from(categories))
    repeat = {**original, "parent": None}
    repeat.pop("parent")
    position = data.draw(
        st.integers(min_value=categories.index(original) + 1, max_value=len(categories))
    )
    text = document([*categories[:position], repeat, *categories[position:]])
    with pytest.raises(InputError) as info:
        load(text)
    duplicates = [p for p in info.value.problems if "duplicate category id" in p.message]
    assert len(duplicates) == 1
    assert duplicates[0].path == PATH and duplicates[0].line and duplicates[0].column
    line = text.split("\n")[duplicates[0].line - 1]  # the loader counts only "\n"
    assert line.strip().removeprefix("- ").startswith("id:")
