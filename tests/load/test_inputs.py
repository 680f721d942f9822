"""The workspace's inputs, defined once (compliance/load/inputs.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compliance.load.inputs import only_assessed, workspace_inputs

INPUTS = workspace_inputs(["evidence/card.md", "approvals/a.yaml"], "approvals")


@pytest.mark.parametrize(
    "rel",
    [
        "compliance.yaml",
        "model.yaml",
        "training-data.yaml",
        "controls/a.yaml",
        "risks/deep/b.yml",
        "frameworks/own.yaml",
        "templates/go-no-go.html",
        "templates/logo.png",
        "evidence/card.md",
    ],
)
def test_what_the_pipeline_loads_is_an_input(rel: str) -> None:
    assert INPUTS.is_input(rel)
    assert INPUTS.is_input(rel, approvals=False)


@pytest.mark.parametrize(
    "rel",
    [
        "src/app.py",
        "README.md",
        "controls/README.md",
        "controls/.hidden.yaml",
        "evidence/unlinked.md",
        "build/go-no-go.pdf",
    ],
)
def test_what_it_does_not_load_is_not_an_input(rel: str) -> None:
    assert not INPUTS.is_input(rel)


def test_approval_records_are_inputs_of_a_draft_but_never_void_an_approval() -> None:
    assert INPUTS.is_input("approvals/a.yaml") and INPUTS.is_input("approvals/new.yaml")
    assert not INPUTS.is_input("approvals/a.yaml", approvals=False)
    assert not INPUTS.is_input("approvals/notes.txt")


def test_check_leaves_out_templates_and_approvals_no_rule_reads() -> None:
    paths = ["compliance.yaml", "templates/x.html", "approvals/a.yaml", "approvals/b.yaml"]
    assert only_assessed(paths, INPUTS) == ["compliance.yaml", "approvals/a.yaml"]


@given(st.lists(st.sampled_from(["src", "docs", "lib", "tests", ".github"]), min_size=1), st.text())
def test_nothing_outside_the_input_folders_is_an_input(parts: list[str], name: str) -> None:
    rel = "/".join([*parts, name or "x"])
    assert not INPUTS.is_input(rel)
