"""The decision for a terminal: the verdict first, then each rule with its evidence."""

from __future__ import annotations

import textwrap
from typing import Any

from compliance.core.wording import count
from compliance.decide.decision import Decision, RuleResult
from compliance.emit.draft import draft_line
from compliance.pipeline import Run

WIDTH = 100


def _wrap(text: str, indent: int) -> list[str]:
    pad = " " * indent
    return textwrap.wrap(text, WIDTH, initial_indent=pad, subsequent_indent=pad + "  ") or [pad]


def _status(r: RuleResult) -> str:
    if r.passed:
        return "pass"
    if r.waived:
        return "WAIVED"
    return "FAIL"


def _rule_lines(r: RuleResult) -> list[str]:
    head = f"{_status(r):<7}{r.rule}  [{r.kind}, {r.severity.value}]  {r.location}"
    lines = _wrap(head, 0)
    lines += _wrap(r.message, 7)
    if r.observed:
        lines += _wrap(f"observed: {r.observed}", 7)
    if r.threshold:
        lines += _wrap(f"threshold: {r.threshold}", 7)
    for e in r.evidence:
        commit = e.commit[:12] if e.commit else "uncommitted"
        sha = e.sha256[:16] if e.sha256 else "-"
        lines += _wrap(f"evidence: {e.path} sha256:{sha}… commit {commit}", 7)
    if r.waiver is not None:
        w = r.waiver
        state = "active" if w.active else "EXPIRED"
        lines += _wrap(
            f"waiver ({state}, expires {w.expires.isoformat()}, {w.approver_role}): {w.rationale}",
            7,
        )
    for note in r.notes:
        lines += _wrap(f"- {note}", 7)
    return lines


def table(decision: Decision, header: list[str]) -> str:
    """The decision for a terminal: the verdict first, then each rule with its evidence."""
    out = [ln for h in header for ln in _wrap(h, 0)]
    for note in decision.notes:
        out += _wrap(f"note: {note}", 0)
    out += ["", f"DECISION: {decision.verdict.value}"]
    if not decision.policy_defined:
        return "\n".join(out) + "\n"
    blocking, conditions = decision.blocking_failures, decision.conditions
    waived = [r for r in decision.rules if r.waived]
    passed = [r for r in decision.rules if r.passed]
    out.append(
        f"{count(len(blocking), 'blocking failure')}, {count(len(conditions), 'condition')}, "
        f"{len(waived)} waived, {len(passed)} passed of {count(len(decision.rules), 'rule')}"
    )
    for title, group in (("Blocking failures", blocking), ("Conditions", conditions)):
        if group:
            out += ["", f"{title}:"]
            for r in group:
                out += _wrap(f"- {r.rule}: {r.message}", 2)
    out += ["", "=" * WIDTH]
    for r in decision.rules:
        out += [*_rule_lines(r), ""]
    if decision.waivers:
        out.append("Waivers:")
        for w in decision.waivers:
            state = "active" if w.active else "expired, no longer counts"
            out += _wrap(
                f"- {w.rule}: approved by {w.approver_role}, expires {w.expires.isoformat()} "
                f"({state}): {w.rationale}",
                2,
            )
    return "\n".join(line.rstrip() for line in out) + "\n"


def render(value: Run, **_options: Any) -> str:
    decision, assessment = value.decision, value.assessment
    ws = assessment.workspace
    head = assessment.index.repo.head
    draft = draft_line(value)
    header = [
        *([draft, ""] if draft else []),
        f"{ws.project.system.name} {ws.project.system.version} — release {ws.project.release.id}",
        f"commit {head.short if head else '(none)'}{' + uncommitted changes' if draft else ''}; "
        f"assessed as of {assessment.assessment_date.isoformat()} ({assessment.date_basis})",
    ]
    text = table(decision, header)
    if draft:
        text = text.replace(
            f"DECISION: {decision.verdict.value}\n", f"DECISION: {decision.verdict.value} (DRAFT)\n"
        )
    return text
