"""The CLI contract: commands, exit codes, JSON on stdout and messages on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.cli.main import main
from compliance.core.exit_codes import ExitCode

REPO_ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path | None = None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args), catch_exceptions=False)
    return runner.invoke(main, [*args, "--project", str(cwd)], catch_exceptions=False)


def test_exit_codes_are_stable_numbers():
    assert [int(c) for c in ExitCode] == [0, 1, 2, 3, 70, 141]


def test_check_on_starter_finds_gaps_and_exits_1(starter):
    result = run("check", cwd=starter.root)
    assert result.exit_code == ExitCode.FINDINGS
    assert "eu-ai-act-annex-xi" in result.stdout and "GAP" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 100


def test_check_json_has_the_documented_shape(starter):
    result = run("check", "--format", "json", cwd=starter.root)
    data = json.loads(result.stdout)
    assert data["schema"] == "compliance-docs/coverage/1"
    assert set(data) >= {
        "tool",
        "commit",
        "assessment_date",
        "classification",
        "notices",
        "findings",
        "summary",
        "frameworks",
        "evidence",
    }
    fw = data["frameworks"][0]
    assert fw["summary"]["counts"]["covered"] == 1
    req = next(r for r in fw["requirements"] if r["id"] == "XI.1.1(a)")
    assert req["status"] == "covered"
    ev = req["controls"][0]["evidence"][0]
    assert ev["path"] == "evidence/model-card.md" and len(ev["sha256"]) == 64


UNCOVERED_STARTER = [
    "XI.1.1(b)",
    "XI.1.1(c)",
    "XI.1.1(d)",
    "XI.1.1(e)",
    "XI.1.1(f)",
    "XI.1.2(a)",
    "XI.1.2(b)",
    "XI.1.2(c)",
    "XI.1.2(d)",
    "XI.1.2(e)",
]


def declare_rest_not_applicable(repo) -> None:
    """Declare every starter requirement but XI.1.1(a) not applicable, with a justification."""
    path = repo.root / "compliance.yaml"
    path.write_text(
        path.read_text()
        + "not_applicable:\n"
        + "".join(
            f"  - requirement: eu-ai-act-annex-xi:{rid}\n"
            "    justification: Documented in the group-level technical file instead.\n"
            "    approver_role: Head of Governance\n    date: 2026-01-01\n"
            for rid in UNCOVERED_STARTER
        )
    )


def test_check_exits_0_when_everything_applicable_is_covered(starter):
    declare_rest_not_applicable(starter)
    starter.commit("declare n/a", date="2026-02-02T00:00:00+00:00")
    assert run("check", cwd=starter.root).exit_code == ExitCode.OK


def test_invalid_input_exits_2_with_file_line_on_stderr(starter):
    (starter.root / "controls/documentation.yaml").write_text("controls: [\n")
    result = run("check", cwd=starter.root)
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert result.stdout == ""
    assert "error: controls/documentation.yaml:2:1: malformed YAML" in result.stderr


def test_gaps_filters_by_framework_and_rejects_unknown(starter):
    result = run("gaps", "--framework", "eu-ai-act-annex-xi", "--format", "json", cwd=starter.root)
    data = json.loads(result.stdout)
    statuses = {r["status"] for fw in data["frameworks"] for r in fw["requirements"]}
    assert statuses == {"gap"}
    bad = run("gaps", "--framework", "eu-ai-act-anex-xi", cwd=starter.root)
    assert bad.exit_code == 2 and "did you mean 'eu-ai-act-annex-xi'?" in bad.stderr


def test_gaps_markdown_is_a_table(starter):
    result = run("gaps", "--format", "markdown", cwd=starter.root)
    assert "| Requirement | Status | Why |" in result.stdout


def test_frameworks_list_and_show(tmp_path):
    listing = run("frameworks", "list", "--format", "json")
    ids = {row["id"] for row in json.loads(listing.stdout)}
    assert {"eu-ai-act-annex-xi", "nist-ai-rmf-1.0", "uk-frontier-ai"} <= ids
    shown = json.loads(run("frameworks", "show", "eu-ai-act-annex-xi", "--format", "json").stdout)
    assert shown["id"] == "eu-ai-act-annex-xi"
    first = shown["requirements"][0]
    assert set(first) >= {"id", "title", "text", "parent"}
    one = run("frameworks", "show", "eu-ai-act-annex-xi", "XI.2.1")
    assert "XI.2.1" in one.stdout and "systemic-risk" in one.stdout
    unknown = run("frameworks", "show", "eu-ai-act-annex-xi", "XI.9")
    assert unknown.exit_code == 2


def test_frameworks_list_keeps_its_columns_aligned_for_the_longest_id():
    lines = run("frameworks", "list").stdout.splitlines()
    assert any(line.startswith("gpai-cop-safety-security ") for line in lines)
    assert len({line.index(" reqs ") for line in lines}) == 1, lines


def test_init_scaffolds_a_valid_workspace_and_refuses_to_overwrite(git_repo):
    repo = git_repo()
    result = CliRunner().invoke(main, ["init", str(repo.root)])
    assert result.exit_code == 0
    assert (repo.root / "compliance.yaml").is_file()
    repo.commit("init")
    assert run("check", cwd=repo.root).exit_code == ExitCode.FINDINGS
    again = CliRunner().invoke(main, ["init", str(repo.root)])
    assert again.exit_code == 2 and "--force" in again.stderr


def test_schema_writes_one_valid_json_schema_per_format(tmp_path):
    import jsonschema
    import yaml

    result = run("schema", "--out", str(tmp_path / "schemas"))
    assert result.exit_code == 0
    names = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert names == [
        "approval.schema.json",
        "catalog.schema.json",
        "compliance.schema.json",
        "controls.schema.json",
        "crosswalk.schema.json",
        "form.schema.json",
        "incident-log.schema.json",
        "labels.schema.json",
        "metrics-json.schema.json",
        "metrics-long-csv.schema.json",
        "metrics-wide-csv.schema.json",
        "model.schema.json",
        "predictions.schema.json",
        "red-team-findings.schema.json",
        "requirement-fields.schema.json",
        "risks.schema.json",
        "safety-framework.schema.json",
        "taxonomy-crosswalk.schema.json",
        "taxonomy.schema.json",
        "training-data.schema.json",
    ]
    schema = json.loads((tmp_path / "schemas/controls.schema.json").read_text())
    example = yaml.safe_load((REPO_ROOT / "controls/safety.yaml").read_text())
    jsonschema.validate(example, schema)


def test_no_traceback_reaches_the_user_for_bad_input(tmp_path):
    (tmp_path / "compliance.yaml").write_bytes(b"\xff\xfe garbage")
    proc = subprocess.run(
        [sys.executable, "-m", "compliance.cli.main", "check", "--project", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "not valid UTF-8" in proc.stderr


def test_example_workspace_checks_with_gaps_and_a_stale_item():
    result = run("check", "--format", "json", cwd=REPO_ROOT)
    assert result.exit_code == ExitCode.FINDINGS
    data = json.loads(result.stdout)
    statuses = {r["status"] for fw in data["frameworks"] for r in fw["requirements"]}
    assert statuses == {"covered", "partial", "gap", "not-applicable"}
    reasons = [x for fw in data["frameworks"] for r in fw["requirements"] for x in r["reasons"]]
    assert any(x.startswith("evidence stale:") for x in reasons)


@pytest.mark.slow
def test_wheel_ships_frameworks_and_templates(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(tmp_path),
            str(REPO_ROOT),
        ],
        check=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "compliance/_data/frameworks/eu-ai-act-annex-xi.yaml" in names
    assert any(n.startswith("compliance/_data/frameworks/nist-ai-rmf-1.0") for n in names)
    assert any(n.startswith("compliance/_data/templates/") for n in names)


def test_check_fails_on_a_gate_condition_even_when_coverage_is_complete(starter):
    declare_rest_not_applicable(starter)
    gate = (
        "gate:\n  rules:\n    - id: signed\n      kind: sign-off\n      severity: condition\n"
        "      roles: [Head of Governance]\n"
    )
    path = starter.root / "compliance.yaml"
    path.write_text(path.read_text() + gate)
    starter.commit("policy", date="2026-02-02T00:00:00+00:00")
    result = run("check", cwd=starter.root)
    assert result.exit_code == ExitCode.FINDINGS
    assert "gate: CONDITIONAL GO (failing: signed)" in result.stdout
