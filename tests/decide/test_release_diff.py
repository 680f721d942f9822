"""`compliance diff` between two tagged releases of a real repository."""

from __future__ import annotations

import json

from click.testing import CliRunner

from compliance.cli.main import main
from compliance.pipeline import compare as diff_releases


def two_releases(starter):
    starter.git("tag", "v1.0")
    ctl = starter.root / "controls/documentation.yaml"
    ctl.write_text(
        ctl.read_text().replace(
            "      - eu-ai-act-annex-xi:XI.1.1(a)\n",
            "      - eu-ai-act-annex-xi:XI.1.1(a)\n      - eu-ai-act-annex-xi:XI.1.1(b)\n",
        )
    )
    starter.write("evidence/model-card.md", "---\nas_of: 2026-03-01\n---\n# Model card v2\n")
    starter.write("evidence/aup.md", "# AUP\n")
    risks = starter.root / "risks/register.yaml"
    risks.write_text(
        risks.read_text().replace(
            "residual: {likelihood: 2, severity: 4}", "residual: {likelihood: 1, severity: 4}"
        )
    )
    starter.commit("release 1.1", date="2026-03-02T00:00:00+00:00")
    starter.git("tag", "v1.1")
    return starter


def test_diff_reports_status_evidence_and_risk_changes(starter):
    repo = two_releases(starter)
    d = diff_releases(repo.root, "v1.0", "v1.1")
    assert d.statuses == [
        {"ref": "eu-ai-act-annex-xi:XI.1.1(b)", "before": "gap", "after": "covered", "reasons": []}
    ]
    (ev,) = d.evidence
    assert ev["path"] == "evidence/model-card.md" and ev["change"] == "changed"
    assert ev["sha256_before"] != ev["sha256_after"]
    (risk,) = d.risks
    assert (risk["residual_before"], risk["residual_after"]) == (8, 4)
    assert d.a.decision.verdict.value == "NOT DECIDED"


def test_diff_reads_git_objects_not_the_dirty_working_tree(starter):
    repo = two_releases(starter)
    (repo.root / "evidence/model-card.md").write_text("uncommitted edit\n")
    d = diff_releases(repo.root, "v1.0", "v1.1")
    assert [e["path"] for e in d.evidence] == ["evidence/model-card.md"]
    assert d.b.assessment.index.get("evidence/model-card.md").state.value == "committed"
    assert (repo.root / "evidence/model-card.md").read_text() == "uncommitted edit\n"


def test_diff_markdown_and_json_via_cli(starter):
    repo = two_releases(starter)
    md = CliRunner().invoke(
        main, ["diff", "v1.0", "v1.1", "--project", str(repo.root), "--format", "markdown"]
    )
    assert md.exit_code == 0
    assert "## Compliance diff: `v1.0` → `v1.1`" in md.stdout
    assert "| `eu-ai-act-annex-xi:XI.1.1(b)` | gap | covered |" in md.stdout
    js = CliRunner().invoke(
        main, ["diff", "v1.0", "v1.1", "--project", str(repo.root), "--format", "json"]
    )
    data = json.loads(js.stdout)
    assert data["a"]["coverage"]["eu-ai-act-annex-xi"] < data["b"]["coverage"]["eu-ai-act-annex-xi"]


def test_unknown_ref_is_invalid_input(starter):
    result = CliRunner().invoke(main, ["diff", "v9", "HEAD", "--project", str(starter.root)])
    assert result.exit_code == 2 and "not a git revision" in result.stderr


def test_lfs_pointers_with_different_oids_count_as_changed_evidence(starter):
    pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:{}\nsize 10\n"
    ctl = starter.root / "controls/documentation.yaml"
    ctl.write_text(ctl.read_text() + "      - evidence/weights.bin\n")
    starter.write("evidence/weights.bin", pointer.format("a" * 64))
    starter.commit("pointer a", date="2026-03-01T00:00:00+00:00")
    starter.git("tag", "p1")
    starter.write("evidence/weights.bin", pointer.format("b" * 64))
    starter.commit("pointer b", date="2026-03-02T00:00:00+00:00")
    d = diff_releases(starter.root, "p1", "HEAD")
    (ev,) = d.evidence
    assert ev["path"] == "evidence/weights.bin" and ev["change"] == "changed"
