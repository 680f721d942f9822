"""Evaluation coverage rule: at least N samples in every harm category x language cell."""

from __future__ import annotations

from compliance.assess.eval_coverage import (
    EvalCoverage,
    declared_harm_categories,
    evaluation_coverage,
    evaluation_paths,
)
from compliance.core.errors import InputError, Problem
from compliance.core.wording import count
from compliance.decide.decision import RuleResult
from compliance.decide.rules.context import GateContext, result_of
from compliance.load.workspace import PROJECT_FILE, harm_category_problem
from compliance.models.gate import EvalCoverageRule


def _input_problems(rule: EvalCoverageRule, ctx: GateContext, index: int) -> bool:
    """Report unknown harm categories and missing defaults at their lines; True if any."""
    before = len(ctx.problems.problems)
    for j, value in enumerate(rule.harm_categories or []):
        line, col = ctx.ws.project_parsed.where(("gate", "rules", index, "harm_categories", j))
        problem = harm_category_problem(ctx.ws.taxonomies, value, PROJECT_FILE, line, col)
        if problem is not None:
            ctx.problems.add(problem)
    line, col = ctx.ws.project_parsed.where(("gate", "rules", index, "kind"))
    if rule.languages is None and not ctx.ws.project.system.languages:
        ctx.problems.add(
            Problem(
                PROJECT_FILE,
                line,
                col,
                "the eval-coverage rule has no languages to require",
                "declare system.languages in compliance.yaml, or give the rule 'languages'",
            )
        )
    if rule.harm_categories is None and not declared_harm_categories(ctx.ws):
        ctx.problems.add(
            Problem(
                PROJECT_FILE,
                line,
                col,
                "the eval-coverage rule has no harm categories to require",
                "write risks with a harm_category in risks/, or give the rule 'harm_categories'",
            )
        )
    return len(ctx.problems.problems) != before


def check_eval_coverage(rule: EvalCoverageRule, ctx: GateContext, index: int) -> RuleResult | None:
    """Every required cell has at least `min_samples` samples; empty and thin cells named."""
    where = ctx.location("rules", index, "min_samples")
    paths = rule.evidence or evaluation_paths(ctx.ws)
    threshold = f">= {rule.min_samples} samples per cell"
    base = {"threshold": threshold, "evidence": tuple(ctx.ref(p) for p in paths), "location": where}
    if _input_problems(rule, ctx, index):
        return None
    for path in rule.evidence or []:
        missing = ctx.evidence_problem(path)
        if missing is not None:
            return result_of(rule, False, missing, **base)
    try:
        matrix = evaluation_coverage(
            ctx.ws,
            ctx.evidence,
            paths,
            rule.harm_categories or declared_harm_categories(ctx.ws),
            rule.languages or ctx.ws.project.system.languages,
            rule.min_samples,
        )
    except InputError as exc:
        ctx.problems.extend(exc)
        return None
    return _judge(rule, matrix, base)


def _judge(rule: EvalCoverageRule, matrix: EvalCoverage, base: dict) -> RuleResult:
    required = matrix.required()
    empty = matrix.empty()
    thin = matrix.thin(rule.min_samples)
    size = f"{len(matrix.harm_categories)} harm categories x {len(matrix.languages)} languages"
    met = len(required) - len(empty) - len({(c.harm_category, c.language) for c in thin})
    observed = (
        f"{count(len(required), 'cell')} ({size}, {count(len(matrix.files), 'file')}): {met} met, "
        f"{len(thin)} thin, {len(empty)} empty"
    )
    failures = []
    if empty:
        failures.append("empty: " + ", ".join(f"{h} x {lang}" for h, lang in empty))
    if thin:
        failures.append("thin: " + ", ".join(f"{c.label} n={c.n}" for c in thin))
    passed = not failures
    message = (
        f"every harm category x language cell ({size}) has >= {rule.min_samples} samples"
        if passed
        else f"{len(empty) + len(thin)} of {len(required)} cells under {rule.min_samples} "
        "samples; " + "; ".join(failures)
    )
    notes = [f"{c.label}: " + "; ".join(f.describe() for f in c.figures) for c in thin]
    notes.extend(matrix.notes)
    return result_of(
        rule,
        passed,
        message,
        observed=observed,
        notes=tuple(notes),
        data={"evaluation_coverage": matrix.to_dict()},
        **base,
    )
