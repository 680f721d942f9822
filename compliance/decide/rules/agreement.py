"""Annotator agreement rule: a chance-corrected coefficient on a labels file at or above `min`."""

from __future__ import annotations

from typing import Any

from compliance.assess.agreement import (
    CategoryAgreement,
    agreement_by_category,
    agreement_interval,
)
from compliance.assess.eval_coverage import category_problems
from compliance.assess.statistics import THIN_SAMPLE_MINIMUM, Estimate, judge
from compliance.core.errors import InputError
from compliance.decide.decision import RuleResult
from compliance.decide.rules.context import GateContext, fmt_number, outcome, result_of
from compliance.link.readers.labels import LabelRecord, read_labels
from compliance.models.gate import AgreementRule

ATTRIBUTE = {"krippendorff_alpha": "krippendorff", "fleiss_kappa": "fleiss", "cohen_kappa": "cohen"}
NAME = {
    "krippendorff_alpha": "Krippendorff's alpha",
    "fleiss_kappa": "Fleiss' kappa",
    "cohen_kappa": "Cohen's kappa",
}


def _scope(entry: CategoryAgreement) -> str:
    return "overall" if entry.harm_category is None else f"harm_category={entry.harm_category}"


def check_agreement(rule: AgreementRule, ctx: GateContext, index: int) -> RuleResult | None:
    """The coefficient overall (and per harm category with `per_category`) meets `min`."""
    where = ctx.location("rules", index, "min")
    name = NAME[rule.metric]
    bound = "" if rule.judge == "point" else f" (judged on the {rule.judge})"
    threshold = f"{name} >= {fmt_number(rule.min)}{bound}"
    if rule.min_items is not None:
        threshold += f" on >= {rule.min_items} items"
    base = {"threshold": threshold, "evidence": (ctx.ref(rule.evidence),), "location": where}
    problem = ctx.evidence_problem(rule.evidence)
    if problem is not None:
        return result_of(rule, False, problem, **base)
    data = ctx.read(rule.evidence)
    try:
        labels = read_labels(rule.evidence, data)
    except InputError as exc:
        ctx.problems.extend(exc)
        return None
    categories = [r.extra["harm_category"] for r in labels.records if "harm_category" in r.extra]
    bad = category_problems(ctx.ws, rule.evidence, lambda: data, categories)
    for p in bad:
        ctx.problems.add(p)
    if bad:
        return None
    entries = agreement_by_category(labels.records)
    judged = entries if rule.per_category else entries[:1]
    failures: list[str] = []
    shown: list[str] = []
    notes: list[str] = []
    figures: list[dict[str, Any]] = []
    intervals: dict[tuple[frozenset[str], str], Any] = {}
    for entry in entries:
        records = _records(labels.records, entry.harm_category)
        coefficient = getattr(entry, ATTRIBUTE[rule.metric])
        scope = _scope(entry)
        figure: dict[str, Any] = {
            "harm_category": entry.harm_category,
            "n_items": entry.n_items,
            "annotators": list(entry.annotators),
            "thin_sample": entry.thin_sample,
            "notes": list(entry.notes),
        }
        for metric, attribute in ATTRIBUTE.items():
            value = getattr(entry, attribute)
            interval = None
            if value is not None:
                key = (frozenset(r.item for r in records), metric)
                if key not in intervals:  # a category holding every item shares the overall's
                    intervals[key] = agreement_interval(records, metric)  # type: ignore[arg-type]
                interval = intervals[key]
            figure[metric] = (
                None
                if value is None
                else {
                    "value": value.value,
                    "n_items": value.n_items,
                    "n_annotators": value.n_annotators,
                    "ci_low": interval.low if interval else None,
                    "ci_high": interval.high if interval else None,
                    "interval": interval.method if interval else None,
                }
            )
        figures.append(figure)
        if entry not in judged:
            continue
        if entry.harm_category is not None and entry.n_items == entries[0].n_items:
            shown.append(f"{scope}: every item, as overall")
            continue
        if coefficient is None:
            why = "; ".join(n for n in entry.notes if name.split("'")[0] in n) or "undefined"
            failures.append(f"{scope}: {name} could not be computed ({why})")
            continue
        low = figure[rule.metric]["ci_low"]
        high = figure[rule.metric]["ci_high"]
        text = f"{scope} {fmt_number(coefficient.value)}"
        if low is not None and high is not None:
            text += f" (95% CI {fmt_number(low)}-{fmt_number(high)})"
        text += f", n={coefficient.n_items} items, {coefficient.n_annotators} annotators"
        shown.append(text)
        if entry.thin_sample:
            notes.append(
                f"thin sample: {scope} rests on {entry.n_items} items "
                f"(fewer than {THIN_SAMPLE_MINIMUM}); the coefficient can swing widely"
            )
        if rule.min_items is not None and coefficient.n_items < rule.min_items:
            failures.append(
                f"{scope} rests on {coefficient.n_items} items, fewer than the "
                f"{rule.min_items} required"
            )
        if low is None or high is None:
            if rule.judge != "point":
                failures.append(f"{scope}: no interval to judge the {rule.judge} on")
                continue
            passes = coefficient.value >= rule.min
            if not passes:
                failures.append(f"{scope} {fmt_number(coefficient.value)} is below {rule.min}")
            continue
        estimate = Estimate(coefficient.value, coefficient.n_items, low, high, "bootstrap", 0.95)
        verdict = judge(estimate, rule.min, ">=", rule.judge)
        if not verdict.passes:
            failures.append(f"{scope}: {verdict.explanation}")
        elif verdict.borderline:
            notes.append(
                f"{scope} borderline: the 95% interval reaches below {fmt_number(rule.min)}"
            )
    scope_text = "overall and per harm category" if rule.per_category else "overall"
    notes.insert(
        0,
        f"{len(labels.items)} items, {len(labels.annotators)} annotators "
        f"({', '.join(labels.annotators)}), {len(labels.records)} labels",
    )
    return outcome(
        rule,
        failures,
        f"{name} ({scope_text}) meets {threshold}",
        f"{name} ({scope_text}) fails: ",
        observed="; ".join(shown),
        notes=tuple(notes),
        data={"metric": rule.metric, "agreement": figures},
        **base,
    )


def _records(records: tuple[LabelRecord, ...], category: str | None) -> list[LabelRecord]:
    if category is None:
        return list(records)
    return [r for r in records if r.extra.get("harm_category") == category]
