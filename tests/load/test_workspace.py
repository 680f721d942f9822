"""Linking a workspace: references, ids and evidence paths are checked across files."""

from __future__ import annotations

import pytest

from compliance.core.errors import InputError
from compliance.core.project import find_project
from compliance.load.workspace import load_workspace


def errors_of(root) -> list[str]:
    with pytest.raises(InputError) as info:
        load_workspace(root)
    return [str(p) for p in info.value.problems]


def test_starter_workspace_loads(starter):
    ws = load_workspace(starter.root)
    assert [c.control.id for c in ws.controls] == ["CTL-DOC-01"]
    assert ws.risks[0].risk.residual_score == 8


def test_unknown_requirement_id_suggests_closest(starter):
    path = starter.root / "controls/documentation.yaml"
    path.write_text(path.read_text().replace("XI.1.1(a)", "XI.1.1(z)"))
    (msg,) = errors_of(starter.root)
    assert msg == (
        "controls/documentation.yaml:7:9: unknown requirement 'XI.1.1(z)' in framework "
        "'eu-ai-act-annex-xi'; did you mean 'eu-ai-act-annex-xi:XI.1.1(a)'?"
    )


def test_unknown_framework_in_reference_suggests_closest(starter):
    path = starter.root / "controls/documentation.yaml"
    path.write_text(path.read_text().replace("eu-ai-act-annex-xi:", "eu-ai-act-anex-xi:"))
    (msg,) = errors_of(starter.root)
    assert "unknown framework 'eu-ai-act-anex-xi'" in msg
    assert "did you mean 'eu-ai-act-annex-xi'?" in msg


def test_malformed_reference_explains_the_grammar(starter):
    path = starter.root / "controls/documentation.yaml"
    path.write_text(path.read_text().replace("eu-ai-act-annex-xi:XI.1.1(a)", "XI.1.1(a)"))
    (msg,) = errors_of(starter.root)
    assert "expected FRAMEWORK-ID:REQUIREMENT-ID" in msg


def test_reference_to_a_heading_points_at_its_children(starter):
    path = starter.root / "controls/documentation.yaml"
    path.write_text(path.read_text().replace("XI.1.1(a)", "XI.1.1"))
    (msg,) = errors_of(starter.root)
    assert "'eu-ai-act-annex-xi:XI.1.1' is a heading" in msg
    assert "XI.1.1(a)" in msg


def test_reference_outside_the_frameworks_in_scope_is_refused(starter):
    path = starter.root / "controls/documentation.yaml"
    path.write_text(
        path.read_text().replace("eu-ai-act-annex-xi:XI.1.1(a)", "nist-ai-rmf-1.0:MEASURE 2.7")
    )
    (msg,) = errors_of(starter.root)
    assert "not in scope" in msg and "add 'nist-ai-rmf-1.0' to 'frameworks'" in msg


def test_unknown_control_in_risk_mitigations_is_named(starter):
    path = starter.root / "risks/register.yaml"
    path.write_text(path.read_text().replace("[CTL-DOC-01]", "[CTL-DOC-1]"))
    (msg,) = errors_of(starter.root)
    assert msg.startswith("risks/register.yaml:3:5: risk 'RISK-001' names unknown control")
    assert "did you mean 'CTL-DOC-01'?" in msg


def test_duplicate_control_ids_across_files_name_both_places(starter):
    text = (starter.root / "controls/documentation.yaml").read_text()
    starter.write("controls/more.yaml", text)
    (msg,) = errors_of(starter.root)
    assert msg == (
        "controls/more.yaml:3:5: duplicate control id 'CTL-DOC-01'; "
        "already defined at controls/documentation.yaml:3"
    )


def test_duplicate_risk_ids_are_refused(starter):
    text = (starter.root / "risks/register.yaml").read_text()
    starter.write("risks/other.yaml", text)
    assert any("duplicate risk id 'RISK-001'" in m for m in errors_of(starter.root))


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("../outside.md", "'..' is not allowed"),
        ("/etc/passwd", "absolute paths are not allowed"),
        ("evidence\\\\x.md", "backslashes"),
    ],
)
def test_escaping_evidence_paths_are_refused(starter, path: str, why: str):
    f = starter.root / "controls/documentation.yaml"
    f.write_text(f.read_text().replace("evidence/model-card.md", path))
    (msg,) = errors_of(starter.root)
    assert msg.startswith("controls/documentation.yaml:9:9: evidence path")
    assert why in msg


def test_symlink_leaving_the_workspace_is_refused(starter, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (starter.root / "evidence/link.md").symlink_to(secret)
    f = starter.root / "controls/documentation.yaml"
    f.write_text(f.read_text().replace("evidence/model-card.md", "evidence/link.md"))
    (msg,) = errors_of(starter.root)
    assert "resolves outside the workspace" in msg


def test_symlink_loop_is_refused_not_crashing(starter):
    (starter.root / "evidence/loop.md").symlink_to(starter.root / "evidence/loop.md")
    f = starter.root / "controls/documentation.yaml"
    f.write_text(f.read_text().replace("evidence/model-card.md", "evidence/loop.md"))
    msgs = errors_of(starter.root)
    assert len(msgs) == 1 and "evidence/loop.md" in msgs[0]


def test_unknown_framework_in_scope_is_refused(starter):
    f = starter.root / "compliance.yaml"
    f.write_text(f.read_text().replace("  - eu-ai-act-annex-xi", "  - eu-ai-act-annex-11"))
    msgs = errors_of(starter.root)
    assert any(
        m.startswith("compliance.yaml:16:5: unknown framework 'eu-ai-act-annex-11'") for m in msgs
    )


def test_errors_from_several_files_are_reported_together(starter):
    (starter.root / "risks/register.yaml").write_text("schema_version: 1\nrisks: oops\n")
    f = starter.root / "controls/documentation.yaml"
    f.write_text(f.read_text().replace("owner:", "ownr:"))
    msgs = errors_of(starter.root)
    assert {m.split(":")[0] for m in msgs} == {"risks/register.yaml", "controls/documentation.yaml"}


def test_workspace_catalog_shadowing_a_builtin_is_refused(starter):
    from compliance.load.catalogs import shipped_dir

    text = (shipped_dir("frameworks") / "eu-ai-act-annex-xi.yaml").read_text()
    starter.write("frameworks/mine.yaml", text.replace("Annex XI", "Annex 11", 1))
    msgs = errors_of(starter.root)
    assert any("shadows the built-in catalog" in m for m in msgs)


def test_workspace_catalog_validates_like_builtin(starter):
    starter.write(
        "frameworks/internal.yaml",
        """schema_version: 1
id: internal-policy
title: Internal AI policy
publisher: Example Org
version: "2026"
source_url: https://intranet.invalid/policy
requirements:
  - {id: P-1, title: One}
  - {id: P-2, title: Two, parent: P-9}
""",
    )
    msgs = errors_of(starter.root)
    assert any(m.startswith("frameworks/internal.yaml") and "'P-9'" in m for m in msgs)


def test_find_project_walks_upward(starter):
    nested = starter.root / "evidence" / "deep"
    nested.mkdir()
    assert find_project(nested) == starter.root.resolve()


def test_find_project_without_compliance_yaml_says_what_to_do(tmp_path):
    with pytest.raises(InputError) as info:
        find_project(tmp_path)
    assert "compliance init" in str(info.value)


def test_the_example_model_facts_and_training_data_load_with_the_workspace():
    from pathlib import Path

    ws = load_workspace(Path(__file__).resolve().parents[2])
    assert ws.model_facts is not None and ws.training_data is not None


def test_a_workspace_without_model_facts_loads_without_them(starter):
    ws = load_workspace(starter.root)
    assert ws.model_facts is None and ws.training_data is None


def test_a_broken_model_yaml_is_reported_at_its_line_with_the_other_files(starter):
    starter.write("model.yaml", "schema_version: 1\nnot_a_field: 3\n")
    msgs = errors_of(starter.root)
    assert any(m.startswith("model.yaml:2:") and "not_a_field" in m for m in msgs), msgs


def test_editing_model_yaml_invalidates_the_cached_check(starter):
    from click.testing import CliRunner

    from compliance.cli.main import main

    def check() -> int:
        return CliRunner().invoke(main, ["check", "--project", str(starter.root)]).exit_code

    first = check()
    starter.write("model.yaml", "schema_version: 1\nnot_a_field: 3\n")
    assert first != 2 and check() == 2
