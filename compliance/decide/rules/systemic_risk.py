"""Systemic risk rules: the acceptance determination (a reached tier needs its mitigations)
and pre-registration (a tier's criterion committed before the evaluations that judge it ran).

Both read the determination the assess stage computed (Assessment.systemic_risks,
compliance.assess.systemic_risk); the rule result's `data` carries it as JSON.
"""

from __future__ import annotations

from compliance.assess.systemic_risk import RiskDetermination, TierDetermination
from compliance.core.errors import Problem
from compliance.core.suggest import suggest
from compliance.core.wording import count
from compliance.decide.decision import RuleResult
from compliance.decide.rules.context import GateContext, fmt_number, interval_text, result_of
from compliance.load.workspace import PROJECT_FILE
from compliance.models.gate import PreRegistrationRule, SystemicRiskRule

MEASURE_4_1 = "Code of Practice, Safety and Security chapter, Measure 4.1"


def _selected(
    rule: SystemicRiskRule | PreRegistrationRule, ctx: GateContext, index: int
) -> list[RiskDetermination] | None:
    known = {d.risk: d for d in ctx.assessment.systemic_risks}
    if rule.risks is None:
        return list(known.values())
    picked = []
    for j, rid in enumerate(rule.risks):
        if rid not in known:
            line, col = ctx.ws.project_parsed.where(("gate", "rules", index, "risks", j))
            hint = suggest(rid, known) or (
                "systemic risks: " + (", ".join(sorted(known)) or "none (no risk has `systemic:`)")
            )
            ctx.problems.add(
                Problem(PROJECT_FILE, line, col, f"{rid!r} is not a systemic risk", hint)
            )
            continue
        picked.append(known[rid])
    return picked if len(picked) == len(rule.risks) else None


def _figure(t: TierDetermination) -> str:
    parts = []
    for i in t.indicators:
        if i.value is None:
            parts.append(f"{i.evidence}: {i.problem}")
            continue
        where = ", ".join(f"{k}={v}" for k, v in sorted(i.slice.items()))
        est = i.estimate
        interval = f"{interval_text(est)}, n={est.n}" if est is not None else "no interval"
        parts.append(f"{where + ' ' if where else ''}{fmt_number(i.value)} ({interval})")
    return "; ".join(parts)


def _tier_text(t: TierDetermination) -> str:
    """E.g. "CYBER-T1 reached by its 95% interval: 0.2167 (95% CI 0.1524-0.2985, n=120) vs
    >= 0.25 (trigger 0.3, margin 0.05); mitigations in place"."""
    state = {True: "reached", False: "not reached", None: "UNDETERMINED"}[t.reached]
    if t.interval_decides:
        state += " by its 95% interval"
    text = (
        f"{t.id} {state}: {_figure(t)} vs {t.direction} {fmt_number(t.reach_at)} "
        f"(trigger {fmt_number(t.trigger)}, margin {fmt_number(t.safety_margin)})"
    )
    if t.reached and t.mitigations:
        missing = [m.control for m in t.mitigations if not m.covered]
        text += (
            "; mitigations NOT in place: " + ", ".join(missing)
            if missing
            else "; mitigations in place"
        )
    return text


def check_systemic_risk(rule: SystemicRiskRule, ctx: GateContext, index: int) -> RuleResult | None:
    """Each systemic risk acceptable: tiers determined, one not reached, and every reached
    tier's required mitigations covered."""
    chosen = _selected(rule, ctx, index)
    if chosen is None:
        return None
    where = ctx.location("rules", index, "kind")
    failures: list[str] = []
    notes: list[str] = []
    for d in chosen:
        for t in d.tiers:
            # the reached and undetermined tiers are named; every tier is in `data`
            if t.reached is not False:
                notes.append(f"{d.risk}: {_tier_text(t)}")
            if t.reached is None:
                failures.append(f"{d.risk} tier {t.id} cannot be determined")
            if t.reached:
                for m in t.missing_mitigations:
                    failures.append(
                        f"{d.risk} tier {t.id} is reached but its mitigation {m.control} is "
                        f"not covered ({m.why})"
                    )
        if d.tiers and all(t.reached for t in d.tiers):
            failures.append(f"{d.risk}: every tier is reached; {MEASURE_4_1} needs one that is not")
    passed = not failures
    reached = [f"{d.risk} {d.highest_reached.id}" for d in chosen if d.highest_reached]
    tiers = sum(len(d.tiers) for d in chosen)
    observed = f"{count(len(chosen), 'systemic risk')}, {count(tiers, 'tier')}; reached: " + (
        ", ".join(reached) or "none"
    )
    if not chosen:
        message = "no systemic risk in the register (no risk has a `systemic:` block)"
        passed = False
    elif passed:
        message = (
            f"every systemic risk acceptable: {count(len(reached), 'tier')} reached with "
            "mitigations in place, a tier not reached for each"
        )
    else:
        message = "systemic risk not acceptable: " + "; ".join(failures)
    files = sorted({d.location.rsplit(":", 1)[0] for d in chosen})
    evidence = sorted({i.evidence for d in chosen for t in d.tiers for i in t.indicators})
    return result_of(
        rule,
        passed,
        message,
        observed=observed,
        threshold=(
            "reached tiers (95% interval within the margin of the trigger) have their "
            "mitigations; one tier not reached per risk"
        ),
        evidence=tuple(ctx.ref(p) for p in [*files, *evidence]),
        location=where,
        notes=tuple(notes),
        data={"determinations": [d.as_dict() for d in chosen]},
    )


def check_preregistration(
    rule: PreRegistrationRule, ctx: GateContext, index: int
) -> RuleResult | None:
    """Every tier's criterion committed before each evaluation judging it ran."""
    chosen = _selected(rule, ctx, index)
    if chosen is None:
        return None
    where = ctx.location("rules", index, "kind")
    checks = [p for d in chosen for t in d.tiers for p in t.preregistration]
    late = [p for p in checks if not p.registered]
    passed = bool(checks) and not late
    if not checks:
        message = "no systemic risk tier to check (no risk has a `systemic:` block)"
    elif passed:
        message = f"all {len(checks)} tier criteria committed before their evaluations ran"
    else:
        message = f"{len(late)} of {len(checks)} tier criteria not registered in advance: " + (
            "; ".join(p.message for p in late)
        )
    files = sorted({d.location.rsplit(":", 1)[0] for d in chosen})
    return result_of(
        rule,
        passed,
        message,
        observed=f"{len(checks) - len(late)} of {len(checks)} criteria committed first",
        threshold="criteria committed before the evaluations ran",
        evidence=tuple(ctx.ref(p) for p in files),
        location=where,
        notes=(),  # every check, registered or not, is in `data`
        data={
            "preregistration": [
                {
                    "tier": p.tier,
                    "evidence": p.evidence,
                    "criterion_at": p.criterion_at,
                    "commit": p.commit,
                    "committed": p.committed.isoformat() if p.committed else None,
                    "run_at": p.run_at.isoformat() if p.run_at else None,
                    "run_basis": p.run_basis,
                    "registered": p.registered,
                }
                for p in checks
            ]
        },
    )
