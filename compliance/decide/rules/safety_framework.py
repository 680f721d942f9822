"""Safety and Security Framework timing, with the Code of Practice's own figures:

- confirmed no later than two weeks before placing the model on the market, and no later
  than four weeks after the Art. 52(1) notification when the workspace records it (Measure 1.1);
- a Framework assessment at least every 12 months starting from placing on the market
  (Measure 1.3): the latest of the confirmation, the last assessment and the placing on the
  market, plus 12 months, must not be before the assessment date;
- a changelog entry (version and date) for the current version (Measure 1.3), none dated
  after the assessment date;
- the AI Office given access to each version within five business days of its confirmation
  (Measure 1.4), recorded per changelog entry as `ai_office_access`. Business days are
  Monday to Friday (numpy's business-day calendar); public holidays are not known to the
  tool, so a deadline it computes is never later than the Code's.
The figures come from frameworks/data/gpai-cop-figures.yaml (load/figures.py) and are cited in
the result.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from compliance.core.errors import InputError
from compliance.decide.decision import RuleResult
from compliance.decide.rules.context import GateContext, outcome, result_of
from compliance.link.safety_framework import read_framework
from compliance.load.figures import figure
from compliance.models.gate import SafetyFrameworkRule

BEFORE_MARKET = "framework-confirmation-before-placing-on-market-weeks"
AFTER_NOTIFICATION = "framework-confirmation-after-commission-notification-weeks"
ASSESSMENT_INTERVAL = "framework-assessment-interval-months"
AI_OFFICE_ACCESS = "framework-notification-business-days"


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_business_days(day: date, days: int) -> date:
    """`days` business days (Monday to Friday) after `day`."""
    import numpy as np  # imported when used: numpy costs every command ~0.2 s at start-up

    # from a weekend day, count from the Friday before: the first business day after a
    # Saturday confirmation is the Monday
    return np.busday_offset(np.datetime64(day, "D"), days, roll="backward").astype(date)


def check_safety_framework(
    rule: SafetyFrameworkRule, ctx: GateContext, index: int
) -> RuleResult | None:
    where = ctx.location("rules", index, "evidence")
    before = figure(BEFORE_MARKET)
    after = figure(AFTER_NOTIFICATION)
    interval = figure(ASSESSMENT_INTERVAL)
    access = figure(AI_OFFICE_ACCESS)
    threshold = (
        f"confirmed {before.whole} weeks before market, assessed every {interval.whole} "
        f"months, AI Office access within {access.whole} business days (CoP M1.1, M1.3, M1.4)"
    )
    base = {"threshold": threshold, "evidence": (ctx.ref(rule.evidence),), "location": where}
    missing = ctx.evidence_problem(rule.evidence)
    if missing is not None:
        return result_of(rule, False, missing, **base)
    try:
        fm = read_framework(rule.evidence, ctx.read(rule.evidence))
    except InputError as exc:
        ctx.problems.extend(exc)
        return None
    system = ctx.ws.project.system
    placed = system.placed_on_market or ctx.ws.project.release.date
    failures: list[str] = []
    notes: list[str] = []
    if fm.confirmed > ctx.on:
        failures.append(f"confirmed on {fm.confirmed}, after the assessment date {ctx.on}")
    # Measure 1.1's timings are met by the Framework's first confirmation (the earliest of
    # `confirmed` and the changelog's dates); later versions are updates (Measure 1.3)
    first = min([fm.confirmed, *(e.date for e in fm.changelog)])
    if placed is None:
        failures.append(
            "the placing on the market is unknown: set system.placed_on_market or release.date"
        )
    else:
        latest = placed - timedelta(weeks=before.whole)
        if first > latest:
            failures.append(
                f"first confirmed on {first}, later than {before.whole} weeks before placing on "
                f"the market ({placed}): due by {latest}"
            )
    if system.notified_on is not None:
        due = system.notified_on + timedelta(weeks=after.whole)
        if first > due:
            failures.append(
                f"first confirmed on {first}, more than {after.whole} weeks after the Art. 52(1) "
                f"notification of {system.notified_on}: due by {due}"
            )
    last_assessment = max(fm.assessments) if fm.assessments else None
    anchors = [fm.confirmed, *fm.assessments]
    if placed is not None and placed <= ctx.on:
        anchors.append(placed)
    start = max(anchors)
    next_due = add_months(start, interval.whole)
    basis = (
        f"last Framework assessment {last_assessment}"
        if last_assessment is not None and last_assessment == start
        else f"placing on the market {placed}"
        if placed is not None and start == placed
        else f"confirmation {fm.confirmed}"
    )
    if next_due < ctx.on:
        failures.append(
            f"no Framework assessment within {interval.whole} months: the {basis} was "
            f"{(ctx.on - start).days} days before the assessment date; one was due by {next_due}"
        )
    future = [f"{e.version} ({e.date})" for e in fm.changelog if e.date > ctx.on]
    if future:
        failures.append("changelog entries dated after the assessment date: " + ", ".join(future))
    if fm.version is not None:
        versions = [e.version for e in sorted(fm.changelog, key=lambda e: e.date)]
        if not versions or versions[-1] != fm.version:
            failures.append(
                f"version {fm.version} has no changelog entry as the latest change "
                "(Measure 1.3 asks for a changelog with version number and date of change)"
            )
    access_rows = []
    for e in sorted(fm.changelog, key=lambda e: e.date):
        if e.date > ctx.on:
            continue
        due = add_business_days(e.date, access.whole)
        given = e.ai_office_access
        if given is not None and given > due:
            failures.append(
                f"the AI Office was given access to version {e.version} on {given}, after the "
                f"{access.whole} business days of Measure 1.4 (due by {due})"
            )
        elif given is None and due < ctx.on:
            failures.append(
                f"no record of AI Office access to version {e.version} (confirmed {e.date}; due "
                f"by {due}, Measure 1.4): set ai_office_access in its changelog entry"
            )
        elif given is None:
            notes.append(f"AI Office access to version {e.version} due by {due} (Measure 1.4)")
        access_rows.append(
            {
                "version": e.version,
                "confirmed": e.date.isoformat(),
                "due": due.isoformat(),
                "given": given.isoformat() if given else None,
            }
        )
    return outcome(
        rule,
        failures,
        f"Framework confirmed in time, assessed within {interval.whole} months",
        "Safety and Security Framework: ",
        observed=f"confirmed {fm.confirmed}; next assessment by {next_due}",
        notes=tuple(notes),
        data={
            "confirmed": fm.confirmed.isoformat(),
            "version": fm.version,
            "placed_on_market": placed.isoformat() if placed else None,
            "assessments": [d.isoformat() for d in fm.assessments],
            "next_assessment_due": next_due.isoformat(),
            "ai_office_access": access_rows,
            "figures": [f.as_dict() for f in (before, after, interval, access)],
        },
        **base,
    )
