"""Incident rule: no open incident at or above a severity in the incident log."""

from __future__ import annotations

from compliance.core.wording import count
from compliance.decide.decision import RuleResult
from compliance.decide.rules.context import GateContext, result
from compliance.link.readers.incidents import SERIOUS_NOTE
from compliance.models.gate import IncidentRule, IncidentSeverity


def check_incidents(rule: IncidentRule, ctx: GateContext, index: int) -> RuleResult | None:
    """Open (open or investigating) incidents at or above `at_or_above` fail the rule."""
    limit = IncidentSeverity[rule.at_or_above.upper()]
    threshold = f"no open incident at or above {limit.label}"
    where = ctx.location("rules", index, "at_or_above")
    base = {"threshold": threshold, "evidence": (ctx.ref(rule.evidence),), "location": where}
    problem = ctx.evidence_problem(rule.evidence)
    if problem is not None:
        return result(rule.id, rule.kind, rule.severity, False, problem, **base)
    incidents = ctx.incidents(rule.evidence)
    if incidents is None:
        return None  # the log's problems are reported once, by the context
    open_ = [i for i in incidents if i.is_open]
    blocking = [i for i in open_ if i.severity >= limit]
    notes = []
    for i in sorted(blocking, key=lambda i: (-i.severity, i.opened, i.id)):
        text = (
            f"{i.id} ({i.severity.label}, {i.status} since {i.opened.isoformat()}; "
            f"{rule.evidence}:{i.line}): {i.description}"
        )
        if i.serious:
            text += f" — {SERIOUS_NOTE}"
        notes.append(text)
    serious_open = [i for i in open_ if i.serious]
    passed = not blocking
    observed = f"{len(open_)} open of {len(incidents)}; {len(blocking)} at or above {limit.label}"
    if serious_open:
        observed += f"; {len(serious_open)} serious (Art. 3(49))"
    message = (
        f"no open incident at or above {limit.label} in {rule.evidence}"
        if passed
        else f"{count(len(blocking), 'open incident')} at or above {limit.label}: "
        + ", ".join(i.id for i in blocking)
        + (" (including a serious incident, Art. 3(49) AI Act)" if serious_open else "")
    )
    return result(
        rule.id,
        rule.kind,
        rule.severity,
        passed,
        message,
        observed=observed,
        notes=tuple(notes),
        **base,
    )
