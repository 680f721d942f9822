"""Evaluation rules: a metric against a threshold (per slice, with a sample minimum) and
slice parity (no slice far worse than the overall figure or a reference slice)."""

from __future__ import annotations

import math
from datetime import UTC, date
from typing import Any

from compliance.assess.estimates import counted_successes, estimate_of
from compliance.assess.statistics import Difference, Estimate, difference, judge
from compliance.core.errors import InputError, Problem
from compliance.decide.decision import RuleResult, SliceFigure
from compliance.decide.rules.context import (
    GateContext,
    fmt_number,
    interval_text,
    outcome,
    result_of,
)
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


def _interval_text(est: Estimate | None) -> str:
    """E.g. "95% CI 0.947-0.959, reported interval"; "no interval" without a sample count."""
    if est is None:
        return "no interval"
    return f"{interval_text(est)}, {est.method}"


def _short_interval(est: Estimate | None) -> str:
    if est is None:
        return "no interval"
    return interval_text(est)


def _figure_text(m: Metric, n: int | None, est: Estimate | None) -> str:
    return (
        f"{_slice_label(m.slice)} {fmt_number(m.value)} ({_interval_text(est)}), "
        f"n={n if n is not None else '?'}"
    )


def _targets(rule: MetricRule, ev: EvaluationResult) -> tuple[list[Metric], str]:
    """The figures a metric rule judges, and how the rule names them."""
    if rule.per_slice is not None:
        return ev.by(rule.metric, rule.per_slice), f"every {rule.per_slice} slice"
    wanted = dict(rule.slice or {})
    return ev.find(rule.metric, wanted), _slice_label(wanted)


def _no_targets(
    rule: MetricRule, ctx: GateContext, ev: EvaluationResult, label: str, where: str
) -> None:
    found = ev.find(rule.metric)
    if found and (rule.slice or rule.per_slice):
        have = sorted({_slice_label(m.slice) for m in found})
        hint = "slices present: " + "; ".join(have)
        if ev.samples:
            hint += "; sample metadata keys: " + (", ".join(ev.slice_keys()) or "none")
        ctx.problems.add(
            Problem(
                rule.evidence,
                None,
                None,
                f"metric {rule.metric!r} has no {label} figure (named by the gate rule at {where})",
                hint,
            )
        )
    else:
        _unknown_metric(ctx, rule.evidence, ev, rule.metric, where)


def _bound_name(judge_on: str) -> str:
    return {"lower-bound": "lower bound", "upper-bound": "upper bound"}.get(judge_on, "point")


def check_metric(rule: MetricRule, ctx: GateContext, index: int) -> RuleResult | None:
    """`metric op threshold`, overall, for one slice, or for every slice of a column."""
    where = ctx.location("rules", index, "threshold")
    threshold = f"{rule.op.value} {fmt_number(rule.threshold)}"
    if rule.judge != "point":
        threshold += f" ({_bound_name(rule.judge)} of the 95% interval)"
    if rule.min_samples is not None:
        threshold += f" on >= {rule.min_samples} samples"
    base = {"threshold": threshold, "evidence": (ctx.ref(rule.evidence),), "location": where}
    ev, missing = _load(rule, ctx, index)
    if missing is not None:
        return result_of(rule, False, missing, judge=rule.judge, **base)
    if ev is None:
        return None
    try:
        targets, label = _targets(rule, ev)
    except InputError as exc:  # an ambiguous plain name is the user's to resolve
        ctx.problems.extend(exc)
        return None
    if not targets:
        _no_targets(rule, ctx, ev, label, where)
        return None
    op_text = f"{rule.op.value} {fmt_number(rule.threshold)}"
    failures: list[str] = []
    shown: list[str] = []
    notes: list[str] = []
    figures: list[SliceFigure] = []
    judged: list[tuple[float, SliceFigure]] = []
    borderline = False
    for m in sorted(targets, key=lambda m: sorted(m.slice.items())):
        n = _samples(m, ev)
        est = estimate_of(m, n)
        figure = SliceFigure(dict(m.slice), m.value, est)
        figures.append(figure)
        shown.append(_figure_text(m, n, est))
        where_ = _slice_label(m.slice)
        verdict = None
        if est is not None:
            verdict = judge(est, rule.threshold, rule.op.value, rule.judge)  # type: ignore[arg-type]
        if not math.isfinite(m.value):
            failures.append(f"{where_} is {m.value!r}, not a number to test")
        elif rule.judge == "point":
            if not rule.op.holds(m.value, rule.threshold):
                failures.append(f"{where_} {fmt_number(m.value)} is not {op_text}")
        elif verdict is None:
            failures.append(
                f"{where_} has no interval to judge its {_bound_name(rule.judge)} "
                "(the figure states no sample count)"
            )
        elif not verdict.passes:
            failures.append(
                f"{where_} {_bound_name(rule.judge)} {fmt_number(verdict.judged_value)} is not "
                f"{op_text} (point {fmt_number(m.value)})"
            )
        if verdict is not None:
            judged.append((verdict.judged_value, figure))
            if verdict.borderline:
                borderline = True
                assert est is not None
                notes.append(
                    f"borderline: {where_} point estimate {fmt_number(m.value)} meets "
                    f"{op_text} but its {_interval_text(est)} crosses it"
                )
        if rule.min_samples is not None and (n is None or n < rule.min_samples):
            failures.append(
                f"{where_} rests on "
                + (f"{n} samples" if n is not None else "an unknown number of samples")
                + f", fewer than the {rule.min_samples} required"
            )
    stale, when = _age_problem(ev, ctx, rule.evidence, rule.max_age_days)
    if stale:
        failures.append(stale)
    name = ev.resolve_name(rule.metric)
    # the figure the rule stands or falls on: the only one, or the worst judged one
    worst = None
    if judged:
        pick = min if rule.op.value == ">=" else max
        worst = pick(judged, key=lambda j: j[0])[1].estimate
    return outcome(
        rule,
        failures,
        f"{name} ({label}) meets {threshold}",
        f"{name} ({label}) fails: ",
        observed="; ".join(shown),
        notes=(*notes, when),
        estimate=worst,
        judge=rule.judge,
        borderline=borderline,
        figures=tuple(figures),
        **base,
    )


def _comparison(
    m: Metric,
    ev: EvaluationResult,
    reference: Metric,
    overall: bool,
    slice_by: str,
    ref_value: str,
    higher_is_better: bool,
) -> tuple[Difference | None, str]:
    """The comparison group minus the slice (worse = positive when higher is better), with
    Newcombe's interval: against the rest of the data for 'overall', else the reference."""
    n = _samples(m, ev)
    ref_n = _samples(reference, ev)
    slice_successes = counted_successes(m, n)
    ref_successes = counted_successes(reference, ref_n)
    if None in (n, ref_n, slice_successes, ref_successes):
        return None, ""
    assert n is not None and ref_n is not None
    assert slice_successes is not None and ref_successes is not None
    if overall:
        rest_n, rest_successes = ref_n - n, ref_successes - slice_successes
        if rest_n <= 0 or not 0 <= rest_successes <= rest_n:
            return None, ""
        other, other_n, label = rest_successes, rest_n, f"the rest (other {slice_by} values)"
    else:
        other, other_n, label = ref_successes, ref_n, f"{slice_by}={ref_value}"
    if higher_is_better:
        return difference(other, other_n, slice_successes, n), label
    return difference(slice_successes, n, other, other_n), label


def check_slice_parity(rule: SliceParityRule, ctx: GateContext, index: int) -> RuleResult | None:
    """No slice of `slice_by` more than `max_gap` worse than the reference figure."""
    where = ctx.location("rules", index, "max_gap")
    worse = "below" if rule.higher_is_better else "above"
    ref_label = "overall" if rule.reference == "overall" else f"{rule.slice_by}={rule.reference}"
    threshold = f"no {rule.slice_by} more than {fmt_number(rule.max_gap)} {worse} {ref_label}"
    if rule.judge != "point":
        threshold += f" ({_bound_name(rule.judge)} of the gap's 95% interval)"
    base = {"threshold": threshold, "evidence": (ctx.ref(rule.evidence),), "location": where}
    ev, missing = _load(rule, ctx, index)
    if missing is not None:
        return result_of(rule, False, missing, judge=rule.judge, **base)
    if ev is None:
        return None
    try:
        found = ev.find(rule.metric)
        slices = ev.by(rule.metric, rule.slice_by) if found else []
    except InputError as exc:
        ctx.problems.extend(exc)
        return None
    if not found:
        _unknown_metric(ctx, rule.evidence, ev, rule.metric, where)
        return None
    ref_slice = {} if rule.reference == "overall" else {rule.slice_by: rule.reference}
    reference = next((m for m in (*found, *slices) if m.slice == ref_slice), None)
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
    ref_est = estimate_of(reference, _samples(reference, ev))
    gaps: list[tuple[float, Metric, Difference | None, str]] = []
    for m in slices:
        if m.slice == ref_slice:
            continue
        gap = reference.value - m.value if rule.higher_is_better else m.value - reference.value
        diff, versus = _comparison(
            m,
            ev,
            reference,
            rule.reference == "overall",
            rule.slice_by,
            rule.reference,
            rule.higher_is_better,
        )
        gaps.append((gap, m, diff, versus))
    gaps.sort(
        key=lambda g: (-g[0] if math.isfinite(g[0]) else -math.inf, sorted(g[1].slice.items()))
    )

    def judged_gap(g: tuple[float, Metric, Difference | None, str]) -> float | None:
        gap, _, diff, _ = g
        if rule.judge == "point":
            return gap
        if diff is None:
            return None
        return diff.low if rule.judge == "lower-bound" else diff.high

    problems: list[str] = []
    notes: list[str] = []
    figures = []
    borderline = False
    for g in gaps:
        gap, m, diff, versus = g
        n = _samples(m, ev)
        figures.append(
            SliceFigure(dict(m.slice), m.value, estimate_of(m, n), diff, versus if diff else "")
        )
        value = judged_gap(g)
        label = _slice_label(m.slice)
        if value is None:
            problems.append(
                f"{label} has no interval to judge the gap's {_bound_name(rule.judge)} "
                "(sample counts unknown)"
            )
        elif not math.isfinite(value) or value > rule.max_gap:
            text = (
                f"{label} is {fmt_number(m.value)}, {fmt_number(gap)} {worse} {ref_label} "
                f"{fmt_number(reference.value)}"
            )
            if rule.judge != "point":
                text += f" (gap {_bound_name(rule.judge)} {fmt_number(value)})"
            problems.append(text)
        elif diff is not None and gap <= rule.max_gap < diff.high:
            borderline = True
            notes.append(
                f"borderline: {label}'s gap {fmt_number(gap)} is within {fmt_number(rule.max_gap)}"
                f" but its 95% interval against {versus} reaches {fmt_number(diff.high)}"
            )
        if diff is not None and diff.clear and diff.value > 0:
            notes.append(
                f"{label} is {worse} {versus} by {fmt_number(diff.value)} (95% {diff.method} "
                f"interval {fmt_number(diff.low)} to {fmt_number(diff.high)}): statistically clear"
            )
        elif diff is not None and value is not None and value > rule.max_gap:
            notes.append(
                f"{label}'s gap to {versus} is not statistically clear (95% {diff.method} "
                f"interval {fmt_number(diff.low)} to {fmt_number(diff.high)} includes 0)"
            )
    stale, when = _age_problem(ev, ctx, rule.evidence, rule.max_age_days)
    name = ev.resolve_name(rule.metric)
    ref_n = _samples(reference, ev)

    # The observed text names the slices that matter (over the gap, or clearly worse);
    # every slice's figure and interval stays in the result's `figures` (JSON).
    def matters(entry: tuple[float, Any, Any, str]) -> bool:
        value = judged_gap(entry)
        diff = entry[2]
        return (
            value is None
            or not math.isfinite(value)
            or value > rule.max_gap
            or (diff is not None and (diff.high > rule.max_gap or (diff.clear and diff.value > 0)))
        )

    shown = [(g, f) for g, f in zip(gaps, figures, strict=True) if matters(g)]
    within = len(gaps) - len(shown)
    observed = (
        f"{ref_label} {fmt_number(reference.value)} ({_interval_text(ref_est)}), "
        f"n={ref_n if ref_n is not None else '?'}"
    ) + "".join(
        f"; {_slice_label(m.slice)} {fmt_number(m.value)} ({'+' if g <= 0 else '-'}"
        f"{fmt_number(abs(g))}; {_short_interval(f.estimate)}, "
        f"n={_samples(m, ev) if _samples(m, ev) is not None else '?'})"
        for (g, m, _, _), f in shown
    )
    if within:
        other = "other slice" if within == 1 else "other slices"
        observed += f"; {within} {other} within {fmt_number(rule.max_gap)} (listed in the JSON)"
    if stale:
        problems.append(stale)
    passed = not problems
    message = (
        f"{name}: every {rule.slice_by} is within {fmt_number(rule.max_gap)} of {ref_label}"
        if passed
        else f"{name}: " + "; ".join(problems)
    )
    return result_of(
        rule,
        passed,
        message,
        observed=observed,
        notes=(*notes, when),
        estimate=ref_est,
        judge=rule.judge,
        borderline=borderline,
        figures=tuple(figures),
        **base,
    )
