"""Coverage rules: minimum coverage, must-have requirements, evidence freshness."""

from __future__ import annotations

from compliance.assess.coverage import RequirementResult, Status
from compliance.core.wording import plural
from compliance.decide.decision import EvidenceRef, RuleResult
from compliance.decide.rules.context import GateContext, result_of
from compliance.models.gate import CoverageRule, FreshnessRule, MustHaveRule


def _pct(value: float) -> str:
    return f"{value:.1f}%"


def check_coverage(rule: CoverageRule, ctx: GateContext, index: int) -> RuleResult:
    """Covered share of applicable requirements, for a framework or a listed set."""
    a = ctx.assessment
    if rule.framework is not None:
        fw = next(f for f in a.frameworks if f.id == rule.framework)
        scope, results = rule.framework, fw.requirements
    else:
        wanted = set(rule.requirements or [])
        scope = f"{len(wanted)} listed requirements"
        results = [r for r in a.results() if r.ref in wanted]
    applicable = [r for r in results if r.status != Status.NOT_APPLICABLE]
    covered = sum(1 for r in applicable if r.status == Status.COVERED)
    where = ctx.location("rules", index, "min_percent")
    threshold = f">= {_pct(rule.min_percent)}"
    if not applicable:
        return result_of(
            rule,
            True,
            f"coverage of {scope}: no applicable requirements",
            observed="n/a (0 applicable)",
            threshold=threshold,
            location=where,
        )
    percent = round(100.0 * covered / len(applicable), 1)
    passed = percent >= rule.min_percent
    short = [r for r in applicable if r.status != Status.COVERED]
    notes = tuple(f"{r.ref}: {r.status.value}" for r in short[:10])
    if len(short) > 10:
        notes += (f"... and {len(short) - 10} more not covered",)
    verb = "meets" if passed else "is below"
    return result_of(
        rule,
        passed,
        f"coverage of {scope} is {_pct(percent)}, which {verb} the minimum "
        f"{_pct(rule.min_percent)}",
        observed=f"{_pct(percent)} ({covered} of {len(applicable)} applicable covered)",
        threshold=threshold,
        location=where,
        notes=() if passed else notes,
    )


def _evidence_of(results: list[RequirementResult], ctx: GateContext) -> tuple[EvidenceRef, ...]:
    paths = sorted({e.path for r in results for c in r.controls for e in c.evidence})
    return tuple(ctx.ref(p) for p in paths)


def check_must_have(rule: MustHaveRule, ctx: GateContext, index: int) -> RuleResult:
    """Each listed requirement covered or not applicable, the two counted apart.

    A partial requirement passes only if `accept_partial`. A not-applicable requirement
    does not fail the rule, but it is never reported as covered: the message names it.
    """
    by_ref = {r.ref: r for r in ctx.assessment.results()}
    results = [by_ref[ref] for ref in rule.requirements]
    ok = {Status.COVERED, Status.NOT_APPLICABLE}
    if rule.accept_partial:
        ok.add(Status.PARTIAL)
    short = [r for r in results if r.status not in ok]
    na = [r for r in results if r.status == Status.NOT_APPLICABLE]
    covered = [r for r in results if r.status == Status.COVERED]
    partial = [r for r in results if r.status == Status.PARTIAL and r.status in ok]
    notes = tuple(
        f"{r.ref} is {r.status.value}" + (f": {'; '.join(r.reasons[:2])}" if r.reasons else "")
        for r in short
    ) + tuple(
        f"{r.ref} is not applicable" + (f": {'; '.join(r.reasons[:1])}" if r.reasons else "")
        for r in na
    )
    passed = not short
    total = len(results)
    counts = [f"{len(covered)} covered"]
    if partial:
        counts.append(f"{len(partial)} partial (accepted)")
    if na:
        counts.append(f"{len(na)} not applicable")
    if short:
        counts.append(f"{len(short)} not covered")
    observed = (
        f"{total} of {total} covered"
        if len(covered) == total
        else f"{', '.join(counts)} of {total}"
    )
    na_text = f"not applicable: {', '.join(r.ref for r in na)}" if na else ""
    if not passed:
        message = f"{len(short)} of {total} must-have requirements are not covered: " + ", ".join(
            r.ref for r in short
        )
    elif not na and not partial:
        message = f"all {total} must-have requirements are covered"
    elif not covered and not partial:
        message = f"none of the {total} must-have requirements applies ({na_text})"
    else:
        message = f"{observed} must-have requirements" + (f" ({na_text})" if na else "")
    return result_of(
        rule,
        passed,
        message,
        observed=observed,
        threshold="all covered"
        + (" or partial" if rule.accept_partial else "")
        + " (or not applicable, counted apart)",
        evidence=_evidence_of(results, ctx),
        location=ctx.location("rules", index, "requirements"),
        notes=notes,
    )


def check_freshness(rule: FreshnessRule, ctx: GateContext, index: int) -> RuleResult:
    """No evidence linked from controls is older than its maximum age on the assessment date."""
    a = ctx.assessment
    results = a.results()
    if rule.framework is not None:
        results = [r for r in results if r.framework == rule.framework]
    stale: dict[str, str] = {}
    checked: set[str] = set()
    for r in results:
        for c in r.controls:
            for e in c.evidence:
                checked.add(e.path)
                if e.age_days is not None and e.age_days > e.max_age_days:
                    stale[e.path] = (
                        f"{e.path} is {e.age_days} days old (maximum {e.max_age_days}), "
                        f"linked at {e.declared_at}"
                    )
    passed = not stale
    scope = f" of {rule.framework}" if rule.framework else ""
    return result_of(
        rule,
        passed,
        f"all {len(checked)} evidence files{scope} are within their maximum age"
        if passed
        else f"{len(stale)} of {len(checked)} evidence files{scope} "
        f"{plural(len(stale), 'is', 'are')} stale on "
        f"{a.assessment_date.isoformat()}",
        observed=f"{len(stale)} stale",
        threshold="0 stale (each file within its max_age_days)",
        evidence=tuple(ctx.ref(p) for p in sorted(stale)),
        location=ctx.location("rules", index, "kind"),
        notes=tuple(stale[p] for p in sorted(stale)),
    )
