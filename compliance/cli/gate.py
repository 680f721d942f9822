"""`compliance gate`: the go / no-go decision; exit 0 GO, 1 NO-GO, 3 CONDITIONAL GO."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import click

from compliance.cli.common import format_option, guarded, project_option, project_root
from compliance.core.exit_codes import ExitCode
from compliance.decide.decision import Decision, RuleResult, Verdict

WIDTH = 100
EXIT = {
    Verdict.GO: ExitCode.OK,
    Verdict.NO_GO: ExitCode.FINDINGS,
    Verdict.CONDITIONAL_GO: ExitCode.CONDITIONAL,
    # without a policy nothing was decided: a usage error, never a pass a CI job takes as GO
    Verdict.NOT_DECIDED: ExitCode.INVALID_INPUT,
}


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
        f"{len(blocking)} blocking failure(s), {len(conditions)} condition(s), "
        f"{len(waived)} waived, {len(passed)} passed of {len(decision.rules)} rules"
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


@click.command("gate")
@project_option
@format_option("table", "json", "sarif")
@guarded
def command(project: Path | None, fmt: str) -> ExitCode:
    """The release decision: exit 0 GO, 1 NO-GO, 3 CONDITIONAL GO, 2 invalid input."""
    from compliance.decide.gate import decision_dict
    from compliance.pipeline import run

    result = run(project_root(project))
    ws, assessment, decision = result.workspace, result.assessment, result.decision
    if fmt == "json":
        data = decision_dict(decision, assessment)
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    elif fmt == "sarif":
        from compliance.emit.formats.sarif import gate_sarif

        click.echo(gate_sarif(decision, assessment), nl=False)
    else:
        head = assessment.index.repo.head
        header = [
            f"{ws.project.system.name} {ws.project.system.version} — release "
            f"{ws.project.release.id}",
            f"commit {head.short if head else '(none)'}; assessed as of "
            f"{assessment.assessment_date.isoformat()} ({assessment.date_basis})",
        ]
        click.echo(table(decision, header), nl=False)
    if not decision.policy_defined:
        click.echo(
            "error: compliance.yaml has no gate policy; add a `gate:` section (see docs/gate.md)",
            err=True,
        )
    return EXIT[decision.verdict]
