"""Risk rule: no residual risk above the appetite without acceptance by the required role."""

from __future__ import annotations

from compliance.core.wording import count, plural
from compliance.decide.decision import RuleResult
from compliance.decide.rules.context import GateContext, result_of
from compliance.models.gate import RiskRule
from compliance.models.project import RiskStatus


def check_risks(rule: RiskRule, ctx: GateContext, index: int) -> RuleResult:
    """Each open risk above the appetite needs an acceptance by `acceptance_role`."""
    scale = ctx.ws.project.risk_scale
    if rule.max_residual_score is not None:
        appetite = f"residual score <= {rule.max_residual_score}"
        where = ctx.location("rules", index, "max_residual_score")

        def above(score: int) -> bool:
            return score > (rule.max_residual_score or 0)

    else:
        # check_policy has made sure the level names a band of the scale in use.
        limit = scale.rank(str(rule.max_residual_level))
        top = scale.bands[limit]
        appetite = f"residual band {top.name} or lower, score <= {top.max}"
        where = ctx.location("rules", index, "max_residual_level")

        def above(score: int) -> bool:
            return scale.rank(scale.band(score).name) > limit

    role = rule.acceptance_role.strip()
    over: list[str] = []
    unaccepted: list[str] = []
    accepted: list[str] = []
    files = {lr.where.path for lr in ctx.ws.risks}  # the register judged, above appetite or not
    for lr in ctx.ws.risks:
        risk = lr.risk
        if risk.status == RiskStatus.CLOSED or not above(risk.residual_score):
            continue
        level = scale.band(risk.residual_score).name
        label = f"{risk.id} ({risk.residual_score}, {level}; {lr.where.path}:{lr.where.line})"
        over.append(label)
        acc = risk.acceptance
        if acc is None:
            unaccepted.append(f"{label}: no acceptance recorded")
        elif acc.approver_role.strip().casefold() != role.casefold():
            unaccepted.append(f"{label}: accepted by {acc.approver_role}, not {role}")
        elif acc.date > ctx.on:
            unaccepted.append(f"{label}: acceptance dated {acc.date}, after the assessment date")
        else:
            accepted.append(f"{label}: accepted by {role} on {acc.date.isoformat()}")
    passed = not unaccepted
    if not over:
        message = f"no open residual risk above the appetite ({appetite})"
    elif passed:
        message = (
            f"{count(len(over), 'risk')} above the appetite ({appetite}), "
            f"{plural(len(over), 'accepted', 'all accepted')} by {role}"
        )
    else:
        message = (
            f"{count(len(unaccepted), 'risk')} above the appetite ({appetite}) "
            f"{plural(len(unaccepted), 'lacks', 'lack')} an acceptance "
            f"by {role}: " + ", ".join(u.split(" (")[0] for u in unaccepted)
        )
    return result_of(
        rule,
        passed,
        message,
        observed=f"{len(over)} above appetite, {len(unaccepted)} without acceptance",
        threshold=f"{appetite}, or accepted by {role}",
        evidence=tuple(ctx.ref(p) for p in sorted(files)),
        location=where,
        notes=tuple(unaccepted + accepted),
    )
