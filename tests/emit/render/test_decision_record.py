"""Page 1 of the go/no-go report as data: conditions say who owes what (or that nobody was
named), and what changed since the previous release comes from the release diff."""

from __future__ import annotations

import textwrap

from compliance.emit.render.record import decision_record
from compliance.emit.scaffold import FILES
from compliance.pipeline import run

POLICY = """
gate:
  rules:
    - id: annex-xi
      kind: coverage
      severity: condition
      framework: eu-ai-act-annex-xi
      min_percent: 100
    - id: signed
      kind: sign-off
      severity: blocking
      owner: Head of Safety
      due: 2026-02-10
      binds: before-release
      roles: [Head of Safety]
"""


def _project(previous: str | None = None) -> str:
    text = FILES["compliance.yaml"]
    if previous:
        text = text.replace("  git_ref: HEAD\n", f"  git_ref: HEAD\n  previous: {previous}\n")
    return text + textwrap.dedent(POLICY).lstrip("\n")


def test_a_condition_without_owner_due_or_binds_says_so_and_nothing_is_filled_in(starter):
    starter.write("compliance.yaml", _project())
    starter.commit("policy", "2026-02-02T10:00:00+00:00")
    record = decision_record(run(starter.root))
    rows = {c.rule: c for c in record["conditions"]}
    assert (rows["annex-xi"].owner, rows["annex-xi"].due, rows["annex-xi"].binds) == (
        "no owner set",
        "no due date set",
        "not stated",
    )
    assert not rows["annex-xi"].owner_set and not rows["annex-xi"].blocking
    signed = rows["signed"]
    assert (signed.owner, signed.due, signed.binds, signed.blocking) == (
        "Head of Safety",
        "2026-02-10",
        "before release",
        True,
    )
    # sign-off is the only blocking failure: NO-GO, awaiting sign-off
    assert record["awaiting_signoff"]
    assert record["headline"].startswith("Awaiting sign-off")
    assert record["required_roles"] == ["Head of Safety"]
    assert record["missing_roles"] == ["Head of Safety"] and record["signed"] == 0
    assert record["since_previous"] is None and record["previous_release"] is None


def test_what_changed_since_the_previous_release_comes_from_the_release_diff(starter):
    starter.write("compliance.yaml", _project())
    starter.commit("release 0.0.9", "2026-02-02T10:00:00+00:00")
    starter.git("tag", "v0.0.9")
    card = (starter.root / "evidence" / "model-card.md").read_text()
    starter.write("evidence/model-card.md", card + "\nA new section on limitations.\n")
    starter.write("compliance.yaml", _project(previous="v0.0.9"))
    starter.commit("release 0.1.0", "2026-02-03T10:00:00+00:00")
    record = decision_record(run(starter.root))
    since = record["since_previous"]
    assert record["previous_release"] == "v0.0.9"
    assert since["commit"] == starter.git("rev-parse", "v0.0.9")[:12]
    assert since["changed"]
    assert since["evidence"] == 1
    assert since["evidence_counts"] == {"added": 0, "changed": 1, "removed": 0}
    assert since["verdict"] == "NO-GO"
