"""Go / conditional go / no-go from the gate policy: the decide stage of the pipeline.

Each rule kind is one small function in compliance/rules/. This module checks the policy
against the workspace, runs the rules, attaches waivers, says when a threshold changed
after the evaluation it judges, and returns a plain Decision. Git is asked a fixed number
of times however many rules and files there are: one evidence index, one blame of
compliance.yaml, one history walk for the sign-offs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import git

from compliance.assess.coverage import Assessment
from compliance.assess.eval_coverage import evaluation_paths
from compliance.core.errors import Problem, ProblemCollector
from compliance.core.git import open_repo, workspace_prefix
from compliance.core.paths import UnsafePath, safe_relative
from compliance.core.suggest import suggest
from compliance.decide.decision import (
    Decision,
    RuleResult,
    Verdict,
    Waiver,
    not_decided,
)
from compliance.decide.rules.agreement import check_agreement
from compliance.decide.rules.classifier import check_classifier, check_classifier_parity
from compliance.decide.rules.context import GateContext
from compliance.decide.rules.coverage import check_coverage, check_freshness, check_must_have
from compliance.decide.rules.eval_coverage import check_eval_coverage
from compliance.decide.rules.incidents import check_incident_reports, check_incidents
from compliance.decide.rules.integrity import check_run_integrity, integrity_paths
from compliance.decide.rules.metrics import check_metric, check_slice_parity
from compliance.decide.rules.notification import check_notification
from compliance.decide.rules.risks import check_risks
from compliance.decide.rules.safety_framework import check_safety_framework
from compliance.decide.rules.signoff import check_signoff
from compliance.decide.rules.systemic_risk import check_preregistration, check_systemic_risk
from compliance.decide.signoffs import ApprovalCheck, review_approvals
from compliance.link.store import EvidenceStore
from compliance.load.workspace import PROJECT_FILE, Workspace
from compliance.models.gate import (
    AgreementRule,
    ClassifierParityRule,
    ClassifierRule,
    CoverageRule,
    EvalCoverageRule,
    FreshnessRule,
    GatePolicy,
    IncidentReportsRule,
    IncidentRule,
    MetricRule,
    MustHaveRule,
    NotificationRule,
    PreRegistrationRule,
    RiskRule,
    RunIntegrityRule,
    SafetyFrameworkRule,
    SignOffRule,
    SliceParityRule,
    SystemicRiskRule,
)

RuleCheck = Callable[[Any, GateContext, int], RuleResult | None]
CHECKS: dict[type, RuleCheck] = {
    CoverageRule: check_coverage,
    MustHaveRule: check_must_have,
    FreshnessRule: check_freshness,
    MetricRule: check_metric,
    SliceParityRule: check_slice_parity,
    RunIntegrityRule: check_run_integrity,
    RiskRule: check_risks,
    IncidentRule: check_incidents,
    IncidentReportsRule: check_incident_reports,
    NotificationRule: check_notification,
    EvalCoverageRule: check_eval_coverage,
    AgreementRule: check_agreement,
    ClassifierRule: check_classifier,
    ClassifierParityRule: check_classifier_parity,
    SystemicRiskRule: check_systemic_risk,
    PreRegistrationRule: check_preregistration,
    SafetyFrameworkRule: check_safety_framework,
}

FILE_RULES = (MetricRule, SliceParityRule, AgreementRule, ClassifierRule, ClassifierParityRule)
"""Rule kinds that judge one evidence file named by `evidence`."""

THRESHOLD_KEYS = (
    "op",
    "threshold",
    "slice",
    "per_slice",
    "min_samples",
    "max_gap",
    "reference",
    "min",
    "max",
    "min_items",
)
"""The policy lines that set what an evaluation must reach; they should predate the run."""


def _evidence_rules(policy: GatePolicy) -> list[tuple[int, Any]]:
    return [(i, r) for i, r in enumerate(policy.rules) if isinstance(r, FILE_RULES)]


def gate_paths(ws: Workspace) -> list[str]:
    """Files the gate reads beyond control evidence: evaluations, incidents, risks, approvals."""
    policy = ws.project.gate
    if policy is None:
        return []
    paths = {r.evidence for r in policy.rules if isinstance(r, FILE_RULES)}
    paths |= {r.evidence for r in policy.rules if isinstance(r, IncidentRule | IncidentReportsRule)}
    paths |= {r.evidence for r in policy.rules if isinstance(r, SafetyFrameworkRule)}
    paths |= {r.evidence for r in policy.rules if isinstance(r, NotificationRule) and r.evidence}
    for r in policy.rules:
        if isinstance(r, EvalCoverageRule):
            paths |= set(r.evidence or evaluation_paths(ws))
        if isinstance(r, RunIntegrityRule):
            paths |= set(integrity_paths(r, list(policy.rules)))
    if any(isinstance(r, RiskRule | SystemicRiskRule | PreRegistrationRule) for r in policy.rules):
        paths |= {lr.where.path for lr in ws.risks}
    if any(isinstance(r, SignOffRule) for r in policy.rules):
        paths |= set(ws.source.list(policy.approvals_dir, (".yaml", ".yml")))
    safe = set()
    for p in paths:
        try:
            safe_relative(ws.root, p)
        except UnsafePath:
            continue  # check_policy reports it at its line
        safe.add(p)
    return sorted(safe)


def check_policy(ws: Workspace) -> None:
    """Cross-check the policy against the workspace; every problem at its line."""
    policy = ws.project.gate
    assert policy is not None
    collector = ProblemCollector()

    def add(loc: tuple[str | int, ...], message: str, hint: str = "") -> None:
        line, col = ws.project_parsed.where(("gate", *loc))
        collector.add(Problem(PROJECT_FILE, line, col, message, hint))

    ids: dict[str, int] = {}
    for i, rule in enumerate(policy.rules):
        if rule.id in ids:
            add(("rules", i, "id"), f"rule id {rule.id!r} is used twice", "give each rule its own")
        ids.setdefault(rule.id, i)
        framework = getattr(rule, "framework", None)
        if framework is not None and framework not in ws.project.framework_ids:
            hint = suggest(framework, ws.project.framework_ids)
            add(
                ("rules", i, "framework"),
                f"framework {framework!r} is not in scope",
                f"{hint} in scope: {', '.join(ws.project.framework_ids)}".strip(),
            )
        refs = getattr(rule, "requirements", None) or []
        for j, ref in enumerate(refs):
            resolved = ws.catalogs.resolve(ref)
            if resolved is None:
                message, hint = ws.catalogs.explain_unknown(ref)
                add(("rules", i, "requirements", j), message, hint)
            elif resolved[0].catalog.id not in ws.project.framework_ids:
                add(("rules", i, "requirements", j), f"{ref!r} is not in a framework in scope")
            elif not resolved[0].is_assessable(resolved[1]):
                add(("rules", i, "requirements", j), f"{ref!r} is not an assessable requirement")
        level = getattr(rule, "max_residual_level", None)
        scale = ws.project.risk_scale
        if level is not None and level not in scale.names:
            hint = suggest(level, scale.names)
            add(
                ("rules", i, "max_residual_level"),
                f"{level!r} is not a band of the risk scale in use ({scale.describe()})",
                f"{hint} name one of: {', '.join(scale.names)} (or change risk_scale)".strip(),
            )
        path = getattr(rule, "evidence", None)
        for j, one in enumerate(path if isinstance(path, list) else [path]):
            if one is None:
                continue
            loc = (
                ("rules", i, "evidence", j) if isinstance(path, list) else ("rules", i, "evidence")
            )
            try:
                safe_relative(ws.root, one)
            except UnsafePath as exc:
                add(loc, f"unsafe evidence path {one!r}: {exc}")
    waived: dict[str, int] = {}
    for k, w in enumerate(policy.waivers):
        if w.rule not in ids:
            hint = suggest(w.rule, ids) or f"rule ids: {', '.join(sorted(ids))}"
            add(("waivers", k, "rule"), f"waiver names unknown rule {w.rule!r}", hint)
        elif w.rule in waived:
            add(
                ("waivers", k, "rule"),
                f"rule {w.rule!r} already has a waiver (waivers[{waived[w.rule]}])",
                "keep one waiver per rule; extend its expiry instead",
            )
        waived.setdefault(w.rule, k)
    try:
        safe_relative(ws.root, policy.approvals_dir)
    except UnsafePath as exc:
        add(("approvals_dir",), f"unsafe folder {policy.approvals_dir!r}: {exc}")
    collector.raise_if_any()


@dataclass(frozen=True)
class _Blamed:
    sha: str | None
    """None when the line is not committed yet."""
    when: datetime | None


_BLAME_HEADER = re.compile(r"^([0-9a-f]{40}) \d+ (\d+)(?: \d+)?$")


def _revision(ws: Workspace) -> str | None:
    """The commit a workspace read from a git tree stands at; None for the working tree."""
    commit = getattr(ws.source, "commit", None)
    return getattr(commit, "hexsha", None)


def _blame_project(ws: Workspace) -> dict[int, _Blamed]:
    """Line -> the commit that last changed it, from one `git blame` of compliance.yaml."""
    repo = open_repo(ws.root)
    prefix = workspace_prefix(repo, ws.root)
    rel = f"{prefix}/{PROJECT_FILE}" if prefix else PROJECT_FILE
    try:
        # the working tree's file (uncommitted lines show as such), or the file at a revision
        rev = _revision(ws)
        out = repo.git.blame("--porcelain", *([rev] if rev else []), "--", rel)
    except git.GitCommandError:  # untracked file or no commits: nothing is committed
        return {}
    lines: dict[int, _Blamed] = {}
    times: dict[str, datetime] = {}
    current: str | None = None
    for text in out.splitlines():
        match = _BLAME_HEADER.match(text)
        if match:
            current = match.group(1)
            lines[int(match.group(2))] = _Blamed(current, None)
        elif text.startswith("committer-time ") and current is not None:
            times[current] = datetime.fromtimestamp(int(text.split()[1]), UTC)
    uncommitted = "0" * 40
    return {
        n: _Blamed(None, None) if b.sha == uncommitted else _Blamed(b.sha, times.get(b.sha or ""))
        for n, b in lines.items()
    }


def _threshold_notes(ctx: GateContext, results: dict[int, RuleResult]) -> None:
    """Say so where a threshold changed in git after the evaluation it judges was committed."""
    rules = [(i, r) for i, r in _evidence_rules(ctx.policy) if i in results]
    if not rules:
        return
    blame = _blame_project(ctx.ws)
    for i, rule in rules:
        record = ctx.index.records.get(rule.evidence)
        log_commit = record.last_commit if record else None
        if log_commit is None:
            continue
        notes: list[str] = []
        for key in THRESHOLD_KEYS:
            if key not in rule.model_fields_set:
                continue
            line = ctx.line("rules", i, key)
            if line is None:
                continue
            b = blame.get(line, _Blamed(None, None))
            if b.sha is None:
                notes.append(
                    f"threshold not fixed: {key} on {PROJECT_FILE}:{line} is not committed; "
                    f"the evaluation {rule.evidence} was committed in {log_commit.short}"
                )
            elif (
                b.sha != log_commit.sha
                and b.when is not None
                and b.when > log_commit.committer_date.astimezone(UTC)
            ):
                notes.append(
                    f"threshold changed after the evaluation: {key} on {PROJECT_FILE}:{line} "
                    f"was last changed in {b.sha[:12]} ({b.when.date().isoformat()}), after "
                    f"{rule.evidence} was committed in {log_commit.short} "
                    f"({log_commit.committer_date.date().isoformat()})"
                )
        if notes:
            results[i] = replace(results[i], notes=(*notes, *results[i].notes))


def _signoff_checks(ctx: GateContext) -> list[ApprovalCheck]:
    if not any(isinstance(r, SignOffRule) for r in ctx.policy.rules):
        return []
    from compliance.load.inputs import workspace_inputs

    inputs = workspace_inputs(ctx.index.records, ctx.policy.approvals_dir)
    head = ctx.index.repo.head
    return review_approvals(ctx.ws, inputs, head.sha if head else None)


def decide(
    assessment: Assessment,
    evidence: EvidenceStore,
    approvals: list[ApprovalCheck] | None = None,
) -> Decision:
    """The release decision at the assessed commit; NOT DECIDED when there is no policy.

    The assessment's index must cover `gate_paths` (compliance.pipeline sees to it).
    `approvals` are the judged approval records when the caller has them already.
    """
    ws = assessment.workspace
    policy = ws.project.gate
    if policy is None:
        return not_decided()
    check_policy(ws)
    ctx = GateContext(assessment, evidence)
    if approvals is None:
        approvals = _signoff_checks(ctx)
    results: dict[int, RuleResult] = {}
    for i, rule in enumerate(policy.rules):
        if isinstance(rule, SignOffRule):
            outcome: RuleResult | None = check_signoff(rule, ctx, i, approvals)
        else:
            outcome = CHECKS[type(rule)](rule, ctx, i)
        if outcome is not None:
            results[i] = replace(
                outcome,
                owner=rule.owner,
                due=rule.due,
                binds=rule.binds.value if rule.binds else None,
            )
    ctx.problems.raise_if_any()
    _threshold_notes(ctx, results)
    waivers = {
        w.rule: Waiver(w.rule, w.approver_role, w.rationale, w.expires, w.expires >= ctx.on)
        for w in policy.waivers
    }
    final = []
    for i in sorted(results):
        r = results[i]
        w = waivers.get(r.rule)
        if w is not None:
            r = replace(r, waiver=w)
            if not w.active and not r.passed:
                r = replace(
                    r,
                    notes=(
                        f"waiver expired on {w.expires.isoformat()} (approved by "
                        f"{w.approver_role}); it no longer counts",
                        *r.notes,
                    ),
                )
        final.append(r)
    head = ctx.index.repo.head
    decision = Decision(
        Verdict.GO,
        tuple(final),
        True,
        assessment.assessment_date,
        head.sha if head else None,
        tuple(assessment.notices),
    )
    if decision.blocking_failures:
        verdict = Verdict.NO_GO
    elif decision.conditions:
        verdict = Verdict.CONDITIONAL_GO
    else:
        verdict = Verdict.GO
    return replace(decision, verdict=verdict)


__all__ = [
    "check_policy",
    "decide",
    "gate_paths",
]
