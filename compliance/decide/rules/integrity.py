"""Run integrity: each evaluation log is a complete, successful run of the release's model.

Per log: status "success"; completed samples equal to the run's total; errored and
invalidated samples within the rule's limits; and the evaluated model one of the
identifiers declared in `system.model_ids` of compliance.yaml. A mock model (Inspect's
`mockllm/...`) or any other model is named in the failure.
"""

from __future__ import annotations

from compliance.core.errors import InputError, Problem
from compliance.core.wording import count, plural
from compliance.decide.decision import RuleResult
from compliance.decide.rules.context import GateContext, outcome
from compliance.link.readers import EvaluationResult
from compliance.load.workspace import PROJECT_FILE
from compliance.models.gate import MetricRule, RunIntegrityRule, SliceParityRule

MOCK_PROVIDERS = ("mockllm/",)
"""Model name prefixes of test doubles: Inspect's mock provider."""


def integrity_paths(rule: RunIntegrityRule, rules: list[object]) -> list[str]:
    """The logs a run-integrity rule checks: its own list, else every evaluation rule's."""
    if rule.evidence is not None:
        return list(dict.fromkeys(rule.evidence))
    seen = [r.evidence for r in rules if isinstance(r, MetricRule | SliceParityRule)]
    return list(dict.fromkeys(seen))


def _log_failures(ev: EvaluationResult, rule: RunIntegrityRule, model_ids: list[str]) -> list[str]:
    """Why one log is not a complete, successful run of the release's model."""
    out: list[str] = []
    if ev.status != "success":
        out.append(f"run status is {ev.status!r}, not 'success'")
    total, completed = ev.samples_total, ev.samples_completed
    if rule.require_complete:
        if total is None or completed is None:
            out.append("the log states no sample counts, so completeness cannot be shown")
        elif completed < total:
            out.append(f"only {completed} of {total} samples completed")
    errored = ev.samples_errored
    if errored > rule.max_errored_samples:
        out.append(
            f"{count(errored, 'sample')} ended in an error, over the limit of "
            f"{rule.max_errored_samples}"
        )
    invalidated = ev.samples_invalidated or (1 if ev.invalidated and not ev.samples else 0)
    if invalidated > rule.max_invalidated_samples:
        out.append(
            f"{count(invalidated, 'sample')} {plural(invalidated, 'was', 'were')} invalidated "
            "after the run, over the limit of "
            f"{rule.max_invalidated_samples}"
        )
    if rule.check_model:
        if ev.model is None:
            out.append("the log states no evaluated model")
        elif ev.model not in model_ids:
            what = "a mock model" if ev.model.startswith(MOCK_PROVIDERS) else "another model"
            out.append(
                f"evaluated model {ev.model!r} is {what}, not the release's model "
                f"({', '.join(model_ids)})"
            )
    return out


def check_run_integrity(rule: RunIntegrityRule, ctx: GateContext, index: int) -> RuleResult | None:
    """Every log named (or read by an evaluation rule) passes every integrity check."""
    where = ctx.location("rules", index, "kind")
    model_ids = list(ctx.ws.project.system.model_ids)
    if rule.check_model and not model_ids:
        line, col = ctx.ws.project_parsed.where(("system",))
        ctx.problems.add(
            Problem(
                PROJECT_FILE,
                line,
                col,
                f"the run-integrity rule {rule.id!r} ({where}) checks the evaluated model, but "
                "system.model_ids is not declared",
                "list the release's model identifiers under system.model_ids "
                "(e.g. [northwind/halcyon-2]), or set check_model: false on the rule",
            )
        )
        return None
    paths = integrity_paths(rule, list(ctx.policy.rules))
    checks = ["status success"]
    if rule.require_complete:
        checks.append("all samples completed")
    checks.append(
        f"<= {rule.max_errored_samples} errored, <= {rule.max_invalidated_samples} invalidated"
    )
    if rule.check_model:
        checks.append("model in " + ", ".join(model_ids))
    threshold = "; ".join(checks)
    failures: list[str] = []
    observed: list[str] = []
    for path in paths:
        missing = ctx.evidence_problem(path)
        if missing is not None:
            failures.append(missing)
            continue
        try:
            ev = ctx.evidence.evaluation(path)
        except InputError as exc:
            if path not in ctx._reported:
                ctx._reported.add(path)
                ctx.problems.extend(exc)
            continue
        problems = _log_failures(ev, rule, model_ids)
        failures += [f"{path}: {p}" for p in problems]
        counts = (
            f"{ev.samples_completed}/{ev.samples_total} completed"
            if ev.samples_total is not None
            else "sample counts unknown"
        )
        observed.append(
            f"{path}: {ev.status}, {counts}, {ev.samples_errored} errored, "
            f"model {ev.model or 'not stated'}"
        )
    return outcome(
        rule,
        failures,
        f"{count(len(paths), 'evaluation log')} {plural(len(paths), 'is a', 'are')} complete, "
        f"successful {plural(len(paths), 'run')} of the release's model",
        "",
        observed="; ".join(observed),
        threshold=threshold,
        evidence=tuple(ctx.ref(p) for p in paths),
        location=where,
    )
