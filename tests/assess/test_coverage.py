"""Coverage statuses on real repositories: exact reasons, ages and roll-ups."""

from __future__ import annotations

import subprocess
from datetime import date

from compliance.assess.coverage import Status
from compliance.pipeline import run

PROJECT = """schema_version: 1
organisation: {{name: Test Org}}
system:
  name: m
  version: "1"
  general_purpose: true
  systemic_risk_declared: {systemic}
  training_compute_flop: {flop}
{extra}
release: {{id: r1{release_date}}}
frameworks: [eu-ai-act-annex-xi, eu-ai-act-gpai, nist-ai-rmf-1.0]
evidence: {{max_age_days: 100}}
{tail}
"""

CONTROLS = """schema_version: 1
controls:
  - id: C-DOC
    title: Docs
    owner: Docs Lead
    satisfies: [eu-ai-act-annex-xi:XI.1.1(a), eu-ai-act-annex-xi:XI.1.1(b)]
    evidence:
      - evidence/doc.md
  - id: C-OLD
    title: Old
    owner: Docs Lead
    satisfies: [eu-ai-act-annex-xi:XI.1.2(d)]
    evidence:
      - path: evidence/old.md
        max_age_days: 30
  - id: C-MISSING
    title: Missing
    owner: Energy Lead
    satisfies: [eu-ai-act-annex-xi:XI.1.2(e)]
    evidence: [evidence/nowhere.md]
  - id: C-EVAL
    title: Evals
    owner: Eval Lead
    satisfies: [eu-ai-act-annex-xi:XI.2.1, nist-ai-rmf-1.0:MEASURE 2.7]
    evidence: [evidence/eval.md]
  - id: C-PLAN
    title: Planned
    owner: Eval Lead
    implementation: planned
    satisfies: [eu-ai-act-annex-xi:XI.1.1(c)]
    evidence: [evidence/doc.md]
"""


def make(repo, *, systemic="false", flop="1.0e+24", extra="", release_date="", tail=""):
    repo.write(
        "compliance.yaml",
        PROJECT.format(
            systemic=systemic, flop=flop, extra=extra, release_date=release_date, tail=tail
        ),
    )
    repo.write("controls/c.yaml", CONTROLS)
    repo.write("evidence/doc.md", "# Doc\n")
    repo.write("evidence/old.md", "# Old\n")
    repo.write("evidence/eval.md", "---\nas_of: 2026-03-01\n---\n# Eval\n")
    repo.commit("evidence", date="2026-01-01T10:00:00+00:00")
    repo.write("evidence/doc.md", "# Doc v2\n")
    repo.commit("doc v2", date="2026-03-20T10:00:00+00:00")
    return repo.root


def assessed(root):
    """The assessment of the workspace at `root`, as every command gets it: from the pipeline."""
    return run(root, gate=False).assessment


def by_ref(a):
    return {r.ref: r for r in a.results()}


def test_statuses_reasons_and_ages_are_exact(git_repo):
    a = assessed(make(git_repo(), systemic="true"))
    r = by_ref(a)
    assert a.assessment_date == date(2026, 3, 20)
    assert a.date_basis.startswith("date of the assessed commit")
    assert r["eu-ai-act-annex-xi:XI.1.1(a)"].status == Status.COVERED
    old = r["eu-ai-act-annex-xi:XI.1.2(d)"]
    assert old.status == Status.PARTIAL
    assert old.reasons == [
        "evidence stale: evidence/old.md is 78 days old on 2026-03-20, "
        "48 days over its maximum age of 30"
    ]
    missing = r["eu-ai-act-annex-xi:XI.1.2(e)"]
    assert missing.reasons == [
        "evidence missing: evidence/nowhere.md (linked at controls/c.yaml:20)"
    ]
    assert r["eu-ai-act-annex-xi:XI.1.1(c)"].reasons == [
        "control C-PLAN is planned, not implemented"
    ]
    assert r["eu-ai-act-annex-xi:XI.2.3"].status == Status.GAP
    assert r["eu-ai-act-annex-xi:XI.2.3"].reasons == ["no control satisfies this requirement"]
    ev = r["eu-ai-act-annex-xi:XI.2.1"].controls[0].evidence[0]
    assert ev.age_days == 19 and ev.record.declared == date(2026, 3, 1)


def test_rollups_count_and_percent_per_group_and_framework(git_repo):
    a = assessed(make(git_repo(), systemic="true"))
    fw = next(f for f in a.frameworks if f.id == "eu-ai-act-annex-xi")
    assert fw.total.counts == {"covered": 3, "partial": 3, "gap": 8, "not-applicable": 0}
    assert fw.total.percent == round(100 * 3 / 14, 1)
    section2 = next(g for g in fw.groups if g.id == "XI.2")
    assert section2.counts["covered"] == 1 and section2.counts["gap"] == 2


def test_section_2_is_not_applicable_without_systemic_risk(git_repo):
    a = assessed(make(git_repo(), systemic="false", flop="9.0e+24"))
    r = by_ref(a)["eu-ai-act-annex-xi:XI.2.1"]
    assert r.status == Status.NOT_APPLICABLE
    assert "applies only to GPAI models with systemic risk" in r.not_applicable
    assert "does not exceed 10^25 FLOP" in r.not_applicable


def test_systemic_risk_is_presumed_above_1e25_flop(git_repo):
    a = assessed(make(git_repo(), systemic="false", flop="2.0e+25"))
    assert a.classification.systemic_risk
    assert a.classification.systemic_risk_basis.startswith("presumed (Art. 51(2))")
    assert by_ref(a)["eu-ai-act-annex-xi:XI.2.1"].status == Status.COVERED


def test_open_source_exemption_applies_without_systemic_risk(git_repo):
    extra = "  open_source: {licence: Apache-2.0, public_weights: true}"
    a = assessed(make(git_repo(), extra=extra))
    r = by_ref(a)
    assert r["eu-ai-act-annex-xi:XI.1.1(a)"].status == Status.NOT_APPLICABLE
    assert "exempt under Art. 53(2)" in r["eu-ai-act-annex-xi:XI.1.1(a)"].not_applicable
    # Art. 53(2) exempts points (a) and (b) only: the copyright policy still applies.
    assert r["eu-ai-act-gpai:Art.53(1)(c)"].status == Status.GAP


def test_open_source_exemption_does_not_apply_with_systemic_risk(git_repo):
    extra = "  open_source: {licence: Apache-2.0, public_weights: true}"
    a = assessed(make(git_repo(), systemic="true", extra=extra))
    assert not a.classification.open_source_exempt
    assert by_ref(a)["eu-ai-act-annex-xi:XI.1.1(a)"].status == Status.COVERED


def test_team_declared_not_applicable_carries_its_justification(git_repo):
    tail = """not_applicable:
  - requirement: nist-ai-rmf-1.0:GOVERN 1.7
    justification: No system is being decommissioned in this release.
    approver_role: Head of Governance
    date: 2026-02-01
"""
    r = by_ref(assessed(make(git_repo(), tail=tail)))["nist-ai-rmf-1.0:GOVERN 1.7"]
    assert r.status == Status.NOT_APPLICABLE
    assert r.not_applicable == (
        "declared not applicable by Head of Governance on 2026-02-01: "
        "No system is being decommissioned in this release."
    )


def test_release_date_overrides_the_commit_date(git_repo):
    a = assessed(make(git_repo(), release_date=", date: 2026-12-31"))
    assert a.assessment_date == date(2026, 12, 31)
    assert by_ref(a)["eu-ai-act-annex-xi:XI.1.1(a)"].status == Status.PARTIAL


def test_uncommitted_evidence_is_partial_and_named(git_repo):
    repo = git_repo()
    ws = make(repo)
    (repo.root / "evidence/doc.md").write_text("edited\n")
    r = by_ref(assessed(ws))["eu-ai-act-annex-xi:XI.1.1(a)"]
    assert r.status == Status.PARTIAL
    assert r.reasons == [
        "evidence uncommitted: evidence/doc.md (modified in the working tree since the last commit)"
    ]


def test_same_commit_gives_same_json(git_repo):
    from compliance.emit.coverage_data import coverage_dict

    repo = git_repo()
    ws = make(repo)
    assert coverage_dict(assessed(ws)) == coverage_dict(assessed(repo.root))


def test_shallow_clone_makes_ages_unknown_and_says_so(git_repo, tmp_path):
    origin = git_repo("origin")
    make(origin)
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{origin.root}", str(clone)], check=True
    )
    a = assessed(clone)
    assert any(n.startswith("shallow clone") for n in a.notices)
    old = by_ref(a)["eu-ai-act-annex-xi:XI.1.2(d)"]
    assert old.status == Status.PARTIAL
    assert "age unknown" in old.reasons[0] and "git fetch --unshallow" in old.reasons[0]
    # A date the file declares is still known.
    assert by_ref(a)["eu-ai-act-annex-xi:XI.2.1"].status == Status.NOT_APPLICABLE
