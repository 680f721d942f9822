"""Evaluation rules: a metric against a threshold (per slice, with a sample minimum) and
slice parity (no slice far worse than the overall figure or a reference slice)."""

from __future__ import annotations

import math
from datetime import UTC, date

from compliance.core.errors import InputError, Problem
from compliance.decide.decision import RuleResult
from compliance.decide.rules.context import GateContext, fmt_number, result
from compliance.link.readers import EvaluationResult, Metric
from compliance.models.gate import MetricRule, SliceParityRule


def _slice_label(slice_: dict[str, str]) -> str:
    if not slice_:
        return "overall"
    return ", ".join(f"{k}={v}" for k, v in sorted(slice_.items()))


def _run_date(ev: EvaluationResult, ctx: GateContext, path: str) -> tuple[date | None, str]:
    """When the run happened: its own run time, else (said so) its last commit's date."""
    if ev.created is not None:
        return ev.created.astimezone(UTC).date(), "run time"
    when = ctx.record(path).evidence_date
    return when, "its last commit; the file states no run time"


def _age_problem(
    ev: EvaluationResult, ctx: GateContext, path: str, max_age: int | None
) -> tuple[str | None, str]:
    """A staleness failure message (or None) and a note saying when the run was."""
    limit = max_age or ctx.ws.project.evidence.max_age_days
    when, basis = _run_date(ev, ctx, path)
    if when is None:
        return None, "run date unknown"
    age = (ctx.on - when).days
    note = f"run on {when.isoformat()} ({basis}), {age} days before the assessment date"
    if age < 0:
        note = f"run on {when.isoformat()} ({basis}), after the assessment date"
    if age > limit:
        return f"the evaluation is stale: run {age} days before the assessment, over {limit}", note
    return None, note


def _unknown_metric(
    ctx: GateContext, path: str, ev: EvaluationResult, name: str, where: str
) -> None:
    names = sorted({m.name for m in ev.metrics})
    ctx.problems.add(
        Problem(
            path,
            None,
            None,
            f"no metric {name!r} in this evaluation (named by the gate rule at {where})",
            "available: " + (", ".join(names) if names else "none"),
        )
    )


def _samples(m: Metric, ev: EvaluationResult) -> int | None:
    if m.samples is not None:
        return m.samples
    # an overall figure without its own count rests on every completed sample of the run
    return ev.samples_completed if not m.slice else None


def _load(
    rule: MetricRule | SliceParityRule, ctx: GateContext, index: int
) -> tuple[EvaluationResult | None, str | None]:
    """The evaluation a rule judges, or the reason it cannot (evidence missing/uncommitted)."""
    problem = ctx.evidence_problem(rule.evidence)
    if problem is not None:
        return None, problem
    return ctx.evaluation(rule.evidence, ctx.location("rules", index, "evidence")), None


def check_metric(rule: MetricRule, ctx: GateContext, index: int) -> RuleResult | None:
    """`metric op threshold`, overall, for one slice, or for every slice of a column."""
    where = ctx.location("rules", index, "threshold")
    threshold = f"{rule.op.value} {fmt_number(rule.threshold)}"
    if rule.min_samples is not None:
        threshold += f" on >= {rule.min_samples} samples"
    base = {"threshold": threshold, "evidence": (ctx.ref(rule.evidence),), "location": where}
    ev, missing = _load(rule, ctx, index)
    if missing is not None:
        return result(rule.id, rule.kind, rule.severity, False, missing, **base)
    if ev is None:
        return None
    try:
        found = ev.find(rule.metric)
    except InputError as exc:  # an ambiguous plain name is the user's to resolve
        ctx.problems.extend(exc)
        return None
    if rule.per_slice is not None:
        targets = [m for m in found if set(m.slice) == {rule.per_slice}]
        label = f"every {rule.per_slice} slice"
    else:
        wanted = dict(rule.slice or {})
        targets = [m for m in found if m.slice == wanted]
        label = _slice_label(wanted)
    if not targets:
        if found and (rule.slice or rule.per_slice):
            have = sorted({_slice_label(m.slice) for m in found})
            ctx.problems.add(
                Problem(
                    rule.evidence,
                    None,
                    None,
                    f"metric {rule.metric!r} has no {label} figure "
                    f"(named by the gate rule at {where})",
                    "slices present: " + "; ".join(have),
                )
            )
        else:
            _unknown_metric(ctx, rule.evidence, ev, rule.metric, where)
        return None
    failures: list[str] = []
    shown: list[str] = []
    for m in sorted(targets, key=lambda m: sorted(m.slice.items())):
        n = _samples(m, ev)
        text = f"{_slice_label(m.slice)} {fmt_number(m.value)}"
        if m.ci_low is not None and m.ci_high is not None:
            text += f" (CI {fmt_number(m.ci_low)}-{fmt_number(m.ci_high)})"
        text += f", n={n if n is not None else '?'}"
        shown.append(text)
        if not math.isfinite(m.value):
            failures.append(f"{_slice_label(m.slice)} is {m.value!r}, not a number to test")
        elif not rule.op.holds(m.value, rule.threshold):
            failures.append(
                f"{_slice_label(m.slice)} {fmt_number(m.value)} is not {threshold.split(' on')[0]}"
            )
        if rule.min_samples is not None and (n is None or n < rule.min_samples):
            failures.append(
                f"{_slice_label(m.slice)} rests on "
                + (f"{n} samples" if n is not None else "an unknown number of samples")
                + f", fewer than the {rule.min_samples} required"
            )
    stale, when = _age_problem(ev, ctx, rule.evidence, rule.max_age_days)
    if stale:
        failures.append(stale)
    passed = not failures
    name = ev.resolve_name(rule.metric)
    message = (
        f"{name} ({label}) meets {threshold}"
        if passed
        else f"{name} ({label}) fails: " + "; ".join(failures)
    )
    return result(
        rule.id,
        rule.kind,
        rule.severity,
        passed,
        message,
        observed="; ".join(shown),
        notes=(when,),
        **base,
    )


def check_slice_parity(rule: SliceParityRule, ctx: GateContext, index: int) -> RuleResult | None:
    """No slice of `slice_by` more than `max_gap` worse than the reference figure."""
    where = ctx.location("rules", index, "max_gap")
    worse = "below" if rule.higher_is_better else "above"
    ref_label = "overall" if rule.reference == "overall" else f"{rule.slice_by}={rule.reference}"
    threshold = f"no {rule.slice_by} more than {fmt_number(rule.max_gap)} {worse} {ref_label}"
    base = {"threshold": threshold, "evidence": (ctx.ref(rule.evidence),), "location": where}
    ev, missing = _load(rule, ctx, index)
    if missing is not None:
        return result(rule.id, rule.kind, rule.severity, False, missing, **base)
    if ev is None:
        return None
    try:
        found = ev.find(rule.metric)
    except InputError as exc:
        ctx.problems.extend(exc)
        return None
    if not found:
        _unknown_metric(ctx, rule.evidence, ev, rule.metric, where)
        return None
    slices = [m for m in found if set(m.slice) == {rule.slice_by}]
    ref_slice = {} if rule.reference == "overall" else {rule.slice_by: rule.reference}
    reference = next((m for m in found if m.slice == ref_slice), None)
    if reference is None or not slices:
        have = sorted({_slice_label(m.slice) for m in found})
        what = f"no {ref_label} figure" if reference is None else f"no {rule.slice_by} slices"
        ctx.problems.add(
            Problem(
                rule.evidence,
                None,
                None,
                f"metric {rule.metric!r} has {what} (named by the gate rule at {where})",
                "slices present: " + "; ".join(have),
            )
        )
        return None
    gaps: list[tuple[float, Metric]] = []
    for m in slices:
        if m.slice == ref_slice:
            continue
        gap = reference.value - m.value if rule.higher_is_better else m.value - reference.value
        gaps.append((gap, m))
    gaps.sort(
        key=lambda g: (-g[0] if math.isfinite(g[0]) else -math.inf, sorted(g[1].slice.items()))
    )
    failing = [(g, m) for g, m in gaps if not math.isfinite(g) or g > rule.max_gap]
    stale, when = _age_problem(ev, ctx, rule.evidence, rule.max_age_days)
    name = ev.resolve_name(rule.metric)
    observed = f"{ref_label} {fmt_number(reference.value)}; " + "; ".join(
        f"{_slice_label(m.slice)} {fmt_number(m.value)} ({'+' if g <= 0 else '-'}"
        f"{fmt_number(abs(g))})"
        for g, m in gaps
    )
    problems = [
        f"{_slice_label(m.slice)} is {fmt_number(m.value)}, {fmt_number(g)} {worse} {ref_label} "
        f"{fmt_number(reference.value)}"
        for g, m in failing
    ]
    if stale:
        problems.append(stale)
    passed = not problems
    message = (
        f"{name}: every {rule.slice_by} is within {fmt_number(rule.max_gap)} of {ref_label}"
        if passed
        else f"{name}: " + "; ".join(problems)
    )
    return result(
        rule.id, rule.kind, rule.severity, passed, message, observed=observed, notes=(when,), **base
    )
