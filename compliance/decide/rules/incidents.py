"""Incident rules: no open incident at or above a severity in the incident log; and no
serious incident's report overdue (Code of Practice Measure 9.3, Art. 73 AI Act)."""

from __future__ import annotations

from compliance.assess.incident_clocks import incident_clocks
from compliance.core.wording import count
from compliance.decide.decision import RuleResult
from compliance.decide.rules.context import GateContext, result_of
from compliance.link.readers.incidents import CATEGORIES, SERIOUS_NOTE
from compliance.models.gate import IncidentReportsRule, IncidentRule, IncidentSeverity


def check_incidents(rule: IncidentRule, ctx: GateContext, index: int) -> RuleResult | None:
    """Open (open or investigating) incidents at or above `at_or_above` fail the rule."""
    limit = IncidentSeverity[rule.at_or_above.upper()]
    threshold = f"no open incident at or above {limit.label}"
    where = ctx.location("rules", index, "at_or_above")
    base = {"threshold": threshold, "evidence": (ctx.ref(rule.evidence),), "location": where}
    problem = ctx.evidence_problem(rule.evidence)
    if problem is not None:
        return result_of(rule, False, problem, **base)
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
    return result_of(
        rule,
        passed,
        message,
        observed=observed,
        notes=tuple(notes),
        **base,
    )


def check_incident_reports(
    rule: IncidentReportsRule, ctx: GateContext, index: int
) -> RuleResult | None:
    """A serious incident's report not filed by its deadline fails the rule; each report's
    deadline is listed with the Measure or Article it comes from."""
    threshold = "no report overdue (Measure 9.3; Art. 73)"
    where = ctx.location("rules", index, "evidence")
    base = {"threshold": threshold, "evidence": (ctx.ref(rule.evidence),), "location": where}
    problem = ctx.evidence_problem(rule.evidence)
    if problem is not None:
        return result_of(rule, False, problem, **base)
    incidents = ctx.incidents(rule.evidence)
    if incidents is None:
        return None  # the log's problems are reported once, by the context
    clocks = incident_clocks(rule.evidence, incidents, ctx.on)
    overdue, upcoming = clocks.overdue, clocks.upcoming
    late = [c for c in clocks.clocks if c.status == "late"]
    notes = tuple(
        f"{c.describe()} ({rule.evidence}:{c.line})" for c in [*overdue, *upcoming, *late]
    )
    observed = (
        f"{clocks.serious} serious, {count(len(clocks.clocks), 'deadline')}: "
        f"{len(overdue)} overdue, "
        f"{len(upcoming)} upcoming, {len(late)} late"
    )
    notes += tuple(
        f"{iid}: a serious incident without a category: its reporting deadlines (Measure 9.3) "
        f"cannot be computed; add one of {', '.join(CATEGORIES)} ({rule.evidence}:{line})"
        for iid, line in clocks.uncategorised
    )
    passed = not overdue and not clocks.uncategorised
    failures = [f"{c.incident} {c.kind} ({c.regime}, due {c.due})" for c in overdue]
    failures += [f"{iid} (no category, deadline unknown)" for iid, _ in clocks.uncategorised]
    message = (
        "no serious-incident report overdue"
        if passed
        else f"{count(len(failures), 'serious-incident report')} overdue or without a deadline: "
        + ", ".join(failures)
    )
    return result_of(
        rule,
        passed,
        message,
        observed=observed,
        notes=notes,
        data=clocks.as_dict(),
        **base,
    )
