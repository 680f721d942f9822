"""Tailoring a framework in compliance.yaml, as an OSCAL profile does."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.assess.coverage import Status
from compliance.cli.main import main
from compliance.emit.export.oscal import oscal_documents
from compliance.emit.render.context import applicability_rows
from compliance.pipeline import run

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "emit" / "export"))
from oscal_validation import schema_errors, schemas_available, trestle_parse

TWO_RISKS = """\
  - id: nist-ai-600-1
    adoption: voluntary
    justification: Our risk register addresses only CBRN uplift and information security.
    include:
      - risks: [RISK.CBRN, RISK.INFORMATION_SECURITY]
    exclude:
      - ids: [MS-2.2-004]
        justification: No human-subject evaluations are run for this release.
"""

CONTROLS = """schema_version: 1
controls:
  - id: C-ALL
    title: All GPAI obligations
    owner: Lead
    satisfies: [eu-ai-act-gpai:Art.53(1)(a), eu-ai-act-gpai:Art.53(1)(b),
                eu-ai-act-gpai:Art.53(1)(c), eu-ai-act-gpai:Art.53(1)(d)]
    evidence: [evidence/doc.md]
"""


def workspace(repo, frameworks: str) -> Path:
    repo.write(
        "compliance.yaml",
        "schema_version: 1\norganisation: {name: O}\n"
        "system: {name: m, version: '1', general_purpose: true, training_compute_flop: 1e+24}\n"
        "release: {id: r, date: 2026-03-01}\nframeworks:\n  - eu-ai-act-gpai\n" + frameworks,
    )
    repo.write("controls/c.yaml", CONTROLS)
    repo.write("evidence/doc.md", "# Doc\n")
    repo.commit("ws")
    return repo.root


def check(root: Path) -> tuple[int, dict]:
    result = CliRunner().invoke(
        main, ["check", "--format", "json", "--no-cache", "--project", str(root)]
    )
    return result.exit_code, json.loads(result.stdout)


def test_a_tailored_voluntary_ai_600_1_keeps_two_risks_with_justified_exclusions(git_repo):
    root = workspace(git_repo(), TWO_RISKS)
    a = run(root, gate=False).assessment
    fw = next(f for f in a.frameworks if f.id == "nist-ai-600-1")
    applicable = [r for r in fw.requirements if r.status != Status.NOT_APPLICABLE]
    assert 0 < len(applicable) < 80 and len(fw.requirements) == 212
    assert all(r.status == Status.GAP for r in applicable)
    rows = {r["ref"]: r for r in applicability_rows(a)}
    assert rows["nist-ai-600-1:MS-2.2-004"]["why"] == (
        "excluded by tailoring in compliance.yaml: No human-subject evaluations are run for "
        "this release."
    )
    assert rows["nist-ai-600-1:GV-1.1-001"]["why"].startswith(
        "not included by the tailoring in compliance.yaml: Our risk register addresses only"
    )
    # the reason it applies: how compliance.yaml takes the framework in (issue 16)
    assert rows[applicable[0].ref]["why"] == (
        "compliance.yaml: adopted voluntarily: its gaps do not set `check`'s exit code; "
        "include risks RISK.CBRN, RISK.INFORMATION_SECURITY; exclude ids MS-2.2-004"
    )


def test_a_voluntary_frameworks_gaps_are_shown_but_do_not_set_checks_exit_code(git_repo):
    code, data = check(workspace(git_repo(), TWO_RISKS))
    assert code == 0
    assert data["findings"] is False and data["voluntary_findings"] is True
    fw = next(f for f in data["frameworks"] if f["id"] == "nist-ai-600-1")
    assert fw["adoption"] == "voluntary" and fw["summary"]["counts"]["gap"] > 0
    assert "include risks RISK.CBRN, RISK.INFORMATION_SECURITY" in fw["tailoring"]


def test_the_same_framework_adopted_as_required_sets_the_exit_code(git_repo):
    code, data = check(workspace(git_repo(), TWO_RISKS.replace("voluntary", "required")))
    assert code == 1 and data["findings"] is True


def test_a_bare_id_still_takes_the_whole_framework(git_repo):
    code, data = check(workspace(git_repo(), "  - nist-ai-600-1\n"))
    fw = next(f for f in data["frameworks"] if f["id"] == "nist-ai-600-1")
    assert fw["summary"]["counts"]["not-applicable"] == 0 and fw["tailoring"] is None
    assert code == 1


def test_an_unknown_risk_in_a_tailoring_is_invalid_input_with_its_line(git_repo):
    root = workspace(git_repo(), TWO_RISKS.replace("RISK.CBRN", "RISK.CBRM"))
    result = CliRunner().invoke(main, ["check", "--no-cache", "--project", str(root)])
    assert result.exit_code == 2
    assert "compliance.yaml:11:17: unknown risk" in result.stderr
    assert "did you mean 'RISK.CBRN'?" in result.stderr


def test_an_include_without_a_justification_is_refused(git_repo):
    text = TWO_RISKS.replace(
        "    justification: Our risk register addresses only CBRN uplift and information "
        "security.\n",
        "",
    )
    result = CliRunner().invoke(
        main, ["check", "--no-cache", "--project", str(workspace(git_repo(), text))]
    )
    assert result.exit_code == 2 and "justification" in result.stderr


def test_the_tailoring_is_exported_as_an_oscal_profile_trestle_loads(git_repo):
    docs = oscal_documents(run(workspace(git_repo(), TWO_RISKS)))
    doc = docs["profile-nist-ai-600-1.json"]
    model = trestle_parse(doc)
    (imp,) = model.imports
    assert imp.href == "catalog-nist-ai-600-1.json"
    catalog = docs["catalog-nist-ai-600-1.json"]["catalog"]
    ids = {c["id"] for g in catalog["groups"] for c in _controls(g)}
    included = set(imp.include_controls[0].with_ids)
    assert included <= ids and 0 < len(included) < 80
    excluded = [i.root if hasattr(i, "root") else i for i in imp.exclude_controls[0].with_ids]
    props = {(p.name, p.value): p.remarks for p in model.metadata.props}
    assert props[("adoption", "voluntary")] is None
    assert props[("tailoring-exclusion", str(excluded[0]))] == (
        "No human-subject evaluations are run for this release."
    )
    assert "profile-eu-ai-act-gpai.json" not in docs


@pytest.mark.skipif(not schemas_available(), reason="NIST OSCAL schemas not available")
def test_the_oscal_profile_is_valid_against_nists_json_schema(git_repo):
    doc = oscal_documents(run(workspace(git_repo(), TWO_RISKS)))["profile-nist-ai-600-1.json"]
    assert schema_errors(doc) == []


def _controls(node: dict) -> list[dict]:
    out = []
    for c in node.get("controls", []):
        out.append(c)
        out.extend(_controls(c))
    for g in node.get("groups", []):
        out.extend(_controls(g))
    return out
