"""Sign-off rule: every required role approved this release's commit."""

from __future__ import annotations

from compliance.decide.decision import RuleResult
from compliance.decide.rules.context import GateContext, result_of
from compliance.decide.signoffs import ApprovalCheck
from compliance.models.gate import SignOffRule


def check_signoff(
    rule: SignOffRule, ctx: GateContext, index: int, checks: list[ApprovalCheck]
) -> RuleResult:
    """Each role in `roles` has a valid, committed approval of this release."""
    release = ctx.ws.project.release.id
    folder = ctx.policy.approvals_dir
    approved: dict[str, ApprovalCheck] = {}
    rejected: dict[str, ApprovalCheck] = {}
    notes: list[str] = []
    for check in checks:
        rec = check.approval.record
        role = rec.role.strip().casefold()
        label = f"{check.approval.path}: {rec.role}"
        problem = ctx.evidence_problem(check.approval.path)
        if problem is not None:
            notes.append(f"{label} does not count: {problem}")
            continue
        if not check.valid:
            notes.append(f"{label} does not count: {check.reason}")
            continue
        if rec.decision.value == "rejected":
            rejected[role] = check
            notes.append(f"{label} rejected the release: {check.reason}")
        else:
            approved.setdefault(role, check)
            notes.append(f"{label} {check.reason}")
    wanted = [r.strip() for r in rule.roles]
    missing = [r for r in wanted if r.casefold() not in approved]
    refused = [r for r in wanted if r.casefold() in rejected]
    passed = not missing and not refused
    have = [r for r in wanted if r.casefold() in approved and r.casefold() not in rejected]
    parts = []
    if refused:
        parts.append("rejected by " + ", ".join(refused))
    if missing:
        parts.append("no valid approval from " + ", ".join(missing))
    message = (
        f"release {release} approved at this commit by " + ", ".join(wanted)
        if passed
        else f"release {release} is not signed off: " + "; ".join(parts)
    )
    used = sorted({c.approval.path for c in [*approved.values(), *rejected.values()]})
    return result_of(
        rule,
        passed,
        message,
        observed=f"{len(have)} of {len(wanted)} roles approved"
        + (f" ({', '.join(have)})" if have else ""),
        threshold=f"approved by {', '.join(wanted)} ({folder}/*.yaml)",
        evidence=tuple(ctx.ref(p) for p in used),
        location=ctx.location("rules", index, "roles"),
        notes=tuple(notes),
    )
