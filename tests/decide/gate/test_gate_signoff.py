"""Sign-off: approvals committed after the commit they approve, judged against real history."""

from __future__ import annotations

from gate_helpers import decision_of, project_yaml, rule, run_gate

from compliance.decide.decision import Verdict

POLICY = """
rules:
  - id: signed
    kind: sign-off
    roles: [Head of Safety, General Counsel]
"""
RELEASE = "example-model-0.1.0"


def approval(role: str, commit: str, release: str = RELEASE, decision: str = "approved") -> str:
    return (
        f"schema_version: 1\nrelease: {release}\ncommit: {commit}\nrole: {role}\n"
        f"date: 2026-02-03\ndecision: {decision}\n"
    )


def _candidate(repo) -> str:
    repo.write("compliance.yaml", project_yaml(POLICY))
    return repo.commit("release candidate", "2026-02-02T10:00:00+00:00")


def test_an_unsigned_release_fails_sign_off(gate_ws):
    _candidate(gate_ws)
    d = decision_of(gate_ws.root)
    r = rule(d, "signed")
    assert not r.passed
    assert r.message == (
        f"release {RELEASE} is not signed off: no valid approval from Head of Safety, "
        "General Counsel"
    )
    assert d.verdict == Verdict.NO_GO
    assert run_gate(gate_ws.root).exit_code == 1


def test_approvals_committed_after_the_approved_commit_count(gate_ws):
    candidate = _candidate(gate_ws)
    gate_ws.write("approvals/safety.yaml", approval("Head of Safety", candidate))
    gate_ws.commit("safety sign-off", "2026-02-03T10:00:00+00:00")
    gate_ws.write("approvals/legal.yaml", approval("General Counsel", candidate[:10]))
    gate_ws.commit("legal sign-off", "2026-02-03T11:00:00+00:00")
    d = decision_of(gate_ws.root)
    r = rule(d, "signed")
    assert r.passed, r.notes
    assert r.observed == "2 of 2 roles approved (Head of Safety, General Counsel)"
    assert {e.path for e in r.evidence} == {"approvals/legal.yaml", "approvals/safety.yaml"}
    assert all(e.commit for e in r.evidence)
    assert d.verdict == Verdict.GO
    assert run_gate(gate_ws.root).exit_code == 0


def test_a_change_outside_approvals_after_the_approved_commit_voids_the_approval(gate_ws):
    candidate = _candidate(gate_ws)
    gate_ws.write("approvals/safety.yaml", approval("Head of Safety", candidate))
    gate_ws.write("approvals/legal.yaml", approval("General Counsel", candidate))
    gate_ws.commit("sign-offs", "2026-02-03T10:00:00+00:00")
    gate_ws.write("evidence/model-card.md", "---\nas_of: 2026-02-04\n---\n# changed\n")
    gate_ws.commit("late change to the model card", "2026-02-04T10:00:00+00:00")
    r = rule(decision_of(gate_ws.root), "signed")
    assert not r.passed
    assert any("evidence/model-card.md" in n and "changed since" in n for n in r.notes)


def test_an_approval_of_another_release_or_an_unknown_commit_does_not_count(gate_ws):
    candidate = _candidate(gate_ws)
    gate_ws.write("approvals/safety.yaml", approval("Head of Safety", candidate, "other-1.0"))
    gate_ws.write("approvals/legal.yaml", approval("General Counsel", "deadbeef" * 5))
    gate_ws.commit("sign-offs", "2026-02-03T10:00:00+00:00")
    r = rule(decision_of(gate_ws.root), "signed")
    assert not r.passed
    assert any("names release 'other-1.0'" in n for n in r.notes)
    assert any("is not HEAD or an ancestor of HEAD" in n for n in r.notes)


def test_a_rejection_by_a_required_role_fails_sign_off(gate_ws):
    candidate = _candidate(gate_ws)
    gate_ws.write("approvals/safety.yaml", approval("Head of Safety", candidate))
    gate_ws.write(
        "approvals/legal.yaml", approval("General Counsel", candidate, decision="rejected")
    )
    gate_ws.commit("sign-offs", "2026-02-03T10:00:00+00:00")
    r = rule(decision_of(gate_ws.root), "signed")
    assert not r.passed
    assert "rejected by General Counsel" in r.message


def test_an_uncommitted_approval_does_not_count(gate_ws):
    candidate = _candidate(gate_ws)
    gate_ws.write("approvals/safety.yaml", approval("Head of Safety", candidate))
    gate_ws.write("approvals/legal.yaml", approval("General Counsel", candidate))
    r = rule(decision_of(gate_ws.root), "signed")
    assert not r.passed
    assert all("evidence uncommitted" in n for n in r.notes)


def test_an_approval_from_a_merged_branch_sees_the_merge(gate_ws):
    # The merged branch changes an input (linked evidence): the merge voids the approval.
    candidate = _candidate(gate_ws)
    gate_ws.git("checkout", "-q", "-b", "feature")
    gate_ws.write("evidence/model-card.md", "---\nas_of: 2026-02-03\n---\n# extra\n")
    gate_ws.commit("feature work", "2026-02-03T09:00:00+00:00")
    gate_ws.git("checkout", "-q", "main")
    gate_ws.write("approvals/safety.yaml", approval("Head of Safety", candidate))
    gate_ws.write("approvals/legal.yaml", approval("General Counsel", candidate))
    gate_ws.commit("sign-offs", "2026-02-03T10:00:00+00:00")
    gate_ws.git(
        "merge", "-q", "--no-ff", "-m", "merge feature", "feature", date="2026-02-03T11:00:00+00:00"
    )
    r = rule(decision_of(gate_ws.root), "signed")
    assert not r.passed
    assert any("evidence/model-card.md" in n for n in r.notes)


def test_a_malformed_approval_record_is_an_input_error_at_its_line(gate_ws):
    candidate = _candidate(gate_ws)
    gate_ws.write("approvals/safety.yaml", approval("Head of Safety", candidate) + "signed: yes\n")
    gate_ws.commit("bad record", "2026-02-03T10:00:00+00:00")
    run = run_gate(gate_ws.root)
    assert run.exit_code == 2
    assert "approvals/safety.yaml:7:1: unknown field 'signed'" in run.stderr
