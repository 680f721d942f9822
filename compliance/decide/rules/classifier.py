"""Classifier rules: a safety classifier's metric against a bound, and its parity across
slices (the gap between two slice values, with Newcombe's interval for the difference)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

from compliance.assess.classifier import ClassifierReport, classifier_report
from compliance.assess.eval_coverage import category_problems
from compliance.assess.statistics import ClassifierMetrics, Difference, Estimate, difference, judge
from compliance.core.errors import InputError, Problem
from compliance.decide.decision import RuleResult
from compliance.decide.rules.context import (
    GateContext,
    fmt_number,
    interval_text,
    outcome,
    result_of,
)
from compliance.link.readers.predictions import PredictionSet, read_predictions
from compliance.load.workspace import PROJECT_FILE
from compliance.models.gate import ClassifierParityRule, ClassifierRule

LOWER_IS_BETTER = {"false_positive_rate"}
COUNTS = {
    # metric: (successes, denominator) from the confusion counts
    "precision": lambda m: (m.true_positives, m.true_positives + m.false_positives),
    "recall": lambda m: (m.true_positives, m.true_positives + m.false_negatives),
    "false_positive_rate": lambda m: (m.false_positives, m.false_positives + m.true_negatives),
}


def _estimate_dict(e: Estimate | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {"value": e.value, "n": e.n, "ci_low": e.low, "ci_high": e.high, "method": e.method}


def metrics_dict(m: ClassifierMetrics) -> dict[str, Any]:
    """Confusion counts and every metric with its n and 95% interval, JSON-ready."""
    return {
        "n": m.n,
        "true_positives": m.true_positives,
        "false_positives": m.false_positives,
        "false_negatives": m.false_negatives,
        "true_negatives": m.true_negatives,
        "precision": _estimate_dict(m.precision),
        "recall": _estimate_dict(m.recall),
        "f1": _estimate_dict(m.f1),
        "false_positive_rate": _estimate_dict(m.false_positive_rate),
    }


def report_dict(report: ClassifierReport) -> dict[str, Any]:
    return {
        "positive": report.positive,
        "threshold": report.threshold,
        "overall": metrics_dict(report.overall),
        "slices": [
            {"column": s.column, "value": s.value, **metrics_dict(s.metrics)} for s in report.slices
        ],
        "notes": list(report.notes),
    }


def _describe(e: Estimate) -> str:
    return f"{fmt_number(e.value)} ({interval_text(e)}), n={e.n}"


def _short(e: Estimate) -> str:
    return f"{fmt_number(e.value)} ({fmt_number(e.low)}-{fmt_number(e.high)}, n={e.n})"


def _load(
    rule: ClassifierRule | ClassifierParityRule,
    ctx: GateContext,
    index: int,
    columns: list[str] | None,
) -> tuple[PredictionSet, ClassifierReport] | str | None:
    """The predictions and their report; a failure message; or None after adding problems."""
    problem = ctx.evidence_problem(rule.evidence)
    if problem is not None:
        return problem
    data = ctx.read(rule.evidence)
    try:
        predictions = read_predictions(rule.evidence, data)
    except InputError as exc:
        ctx.problems.extend(exc)
        return None
    categories = [
        r.slices["harm_category"] for r in predictions.records if "harm_category" in r.slices
    ]
    bad = category_problems(ctx.ws, rule.evidence, lambda: data, categories)
    for p in bad:
        ctx.problems.add(p)
    if bad:
        return None
    try:
        report = classifier_report(predictions, rule.positive, rule.threshold, columns)
    except ValueError as exc:
        line, col = ctx.ws.project_parsed.where(("gate", "rules", index, "positive"))
        ctx.problems.add(
            Problem(PROJECT_FILE, line, col, f"rule {rule.id!r}: {exc}", "fix the rule or the file")
        )
        return None
    return predictions, report


def check_classifier(rule: ClassifierRule, ctx: GateContext, index: int) -> RuleResult | None:
    """The metric overall, for one slice, or for every value of a slice column."""
    bound_key = "min" if rule.min is not None else "max"
    bound = rule.min if rule.min is not None else rule.max
    assert bound is not None
    direction = ">=" if bound_key == "min" else "<="
    where = ctx.location("rules", index, bound_key)
    judged_on = "" if rule.judge == "point" else f" (judged on the {rule.judge})"
    threshold = f"{rule.metric} {direction} {fmt_number(bound)}{judged_on}"
    if rule.threshold is not None:
        threshold += f" at score threshold {fmt_number(rule.threshold)}"
    if rule.min_samples is not None:
        threshold += f" on >= {rule.min_samples} items"
    base = {"threshold": threshold, "evidence": (ctx.ref(rule.evidence),), "location": where}
    columns = [rule.per_slice] if rule.per_slice else []
    loaded = _load(rule, ctx, index, columns)
    if loaded is None:
        return None
    if isinstance(loaded, str):
        return result_of(rule, False, loaded, **base)
    predictions, report = loaded
    targets: list[tuple[str, ClassifierMetrics]]
    if rule.slice:
        wanted = dict(rule.slice)
        chosen = tuple(
            r for r in predictions.records if all(r.slices.get(k) == v for k, v in wanted.items())
        )
        label = ", ".join(f"{k}={v}" for k, v in sorted(wanted.items()))
        if not chosen:
            ctx.problems.add(
                Problem(
                    rule.evidence,
                    None,
                    None,
                    f"no item in slice {label} (named by the gate rule at {where})",
                    "slice columns: " + ", ".join(predictions.slice_columns),
                )
            )
            return None
        sub = classifier_report(
            replace(predictions, records=chosen), rule.positive, rule.threshold, []
        )
        targets = [(label, sub.overall)]
    elif rule.per_slice:
        targets = [(f"{s.column}={s.value}", s.metrics) for s in report.slices]
        if not targets:
            ctx.problems.add(
                Problem(rule.evidence, None, None, f"no {rule.per_slice} values in the file")
            )
            return None
    else:
        targets = [("overall", report.overall)]
    failures: list[str] = []
    shown: list[str] = []
    notes: list[str] = []
    for label, metrics in targets:
        estimate: Estimate | None = getattr(metrics, rule.metric)
        if estimate is None:
            failures.append(f"{label}: {rule.metric} is undefined (its denominator is 0)")
            shown.append(f"{label} undefined, n={metrics.n}")
            continue
        shown.append(f"{label} {_describe(estimate)}")
        if rule.min_samples is not None and estimate.n < rule.min_samples:
            failures.append(
                f"{label} rests on {estimate.n} items, fewer than the {rule.min_samples} required"
            )
        if estimate.thin_sample:
            notes.append(f"thin sample: {label} {rule.metric} rests on {estimate.n} items")
        verdict = judge(estimate, bound, direction, rule.judge)  # type: ignore[arg-type]
        if not verdict.passes:
            failures.append(f"{label}: {verdict.explanation}")
        elif verdict.borderline:
            notes.append(f"{label} borderline: the 95% interval reaches past {fmt_number(bound)}")
    return outcome(
        rule,
        failures,
        f"{rule.metric} of {rule.positive!r} meets {threshold}",
        f"{rule.metric} of {rule.positive!r} fails: ",
        observed="; ".join(shown),
        notes=tuple(notes),
        data={"metric": rule.metric, "classifier": report_dict(report)},
        **base,
    )


def slice_gaps(
    report: ClassifierReport, column: str, metric: str
) -> list[tuple[str, str, Difference]]:
    """(better, worse, gap) for every pair of values of `column`: gap = better - worse for
    precision and recall, worse - better for the false-positive rate, so it is >= 0."""
    measured = {s.value: s.metrics for s in report.slices if s.column == column}
    gaps = []
    for a, b in itertools.combinations(sorted(measured), 2):
        (ka, na), (kb, nb) = COUNTS[metric](measured[a]), COUNTS[metric](measured[b])
        if na == 0 or nb == 0:
            continue
        d = difference(ka, na, kb, nb)
        a_better = d.value >= 0 if metric not in LOWER_IS_BETTER else d.value <= 0
        better, worse = (a, b) if a_better else (b, a)
        if metric in LOWER_IS_BETTER:
            d = difference(*COUNTS[metric](measured[worse]), *COUNTS[metric](measured[better]))
        elif not a_better:
            d = difference(kb, nb, ka, na)
        gaps.append((better, worse, d))
    gaps.sort(key=lambda g: (-g[2].value, g[0], g[1]))
    return gaps


def check_classifier_parity(
    rule: ClassifierParityRule, ctx: GateContext, index: int
) -> RuleResult | None:
    """No value of `slice_by` more than `max_gap` worse than another on `metric`."""
    where = ctx.location("rules", index, "max_gap")
    judged_on = "" if rule.judge == "point" else " (judged on the gap's lower bound)"
    threshold = (
        f"no {rule.slice_by} gap in {rule.metric} over {fmt_number(rule.max_gap)}{judged_on}"
    )
    if rule.threshold is not None:
        threshold += f" at score threshold {fmt_number(rule.threshold)}"
    base = {"threshold": threshold, "evidence": (ctx.ref(rule.evidence),), "location": where}
    loaded = _load(rule, ctx, index, [rule.slice_by] if rule.slice_by else None)
    if loaded is None:
        return None
    if isinstance(loaded, str):
        return result_of(rule, False, loaded, **base)
    predictions, report = loaded
    if rule.slice_by not in predictions.slice_columns:
        return None  # classifier_report refused it above
    gaps = slice_gaps(report, rule.slice_by, rule.metric)
    if not gaps:
        ctx.problems.add(
            Problem(
                rule.evidence,
                None,
                None,
                f"no two {rule.slice_by} values with a defined {rule.metric} "
                f"(named by the gate rule at {where})",
                "parity needs at least two slice values, each with items in the denominator",
            )
        )
        return None
    by_value = {s.value: s.metrics for s in report.slices if s.column == rule.slice_by}
    shown = [
        f"{v} {_short(getattr(m, rule.metric))}"
        if getattr(m, rule.metric) is not None
        else f"{v} undefined"
        for v, m in sorted(by_value.items())
    ]
    failures: list[str] = []
    notes: list[str] = []
    records: list[dict[str, Any]] = []
    for better, worse, d in gaps:
        judged = d.value if rule.judge == "point" else d.low
        fails = judged > rule.max_gap
        text = (
            f"{rule.slice_by}={worse} {fmt_number(d.value)} below {better} "
            f"(95% Newcombe CI {fmt_number(d.low)} to {fmt_number(d.high)}, "
            f"{'statistically clear' if d.clear else 'not statistically clear'})"
        )
        records.append(
            {
                "better": better,
                "worse": worse,
                "gap": d.value,
                "ci_low": d.low,
                "ci_high": d.high,
                "method": d.method,
                "clear": d.clear,
                "fails": fails,
            }
        )
        if fails:
            failures.append(text)
        elif d.high > rule.max_gap:
            notes.append(f"{text}: the interval reaches past the max_gap {rule.max_gap}")
        if fails and not d.clear:
            notes.append(
                f"{rule.slice_by}={worse} vs {better}: the gap exceeds max_gap on the point "
                "estimate, but the interval includes 0; more items would settle it"
            )
    return outcome(
        rule,
        failures,
        f"{rule.metric}: every {rule.slice_by} within {fmt_number(rule.max_gap)} of the others",
        f"{rule.metric}: ",
        observed="; ".join(shown),
        notes=tuple(notes),
        data={"metric": rule.metric, "gaps": records, "classifier": report_dict(report)},
        **base,
    )
