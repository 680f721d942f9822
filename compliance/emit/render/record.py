"""Page 1 of the go/no-go report: the decision record a board member reads at once.

Everything here comes from the run (decision, approvals, evidence store); nothing is read
from disk. Missing facts are said, never filled in: a failing rule without an owner says
'no owner set'.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from compliance.core.errors import InputError
from compliance.core.wording import count
from compliance.decide.decision import Decision, RuleResult, Verdict
from compliance.models.gate import IncidentRule, Severity, SignOffRule

if TYPE_CHECKING:
    from compliance.pipeline import Run

CHANGED_SHOWN = 6
"""Changed inputs named on page 1; the count says how many more."""

_COEFFICIENT = {
    "krippendorff_alpha": "Krippendorff's alpha",
    "fleiss_kappa": "Fleiss' kappa",
    "cohen_kappa": "Cohen's kappa",
}

BINDS_TEXT = {"before-release": "before release", "after-release": "after release"}


@dataclass(frozen=True)
class ConditionRow:
    rule: str
    message: str
    blocking: bool
    owner: str
    due: str
    binds: str
    owner_set: bool
    due_set: bool
    binds_set: bool


@dataclass(frozen=True)
class MetricRow:
    rule: str
    what: str
    value: str
    n: str
    interval: str
    passed: bool
    borderline: bool
    status: str = "pass"
    """pass, waived, condition or fail: how the rule's result counts."""


def accountability(owner: str | None, due: str | None, binds: str | None) -> dict[str, str]:
    """A failed rule's owner, due date (ISO) and before/after release in words; what is not
    set says so ('no owner set'), never blank. The go/no-go's page 1 and the packet site."""
    return {
        "owner": owner or "no owner set",
        "due": due or "no due date set",
        "binds": BINDS_TEXT.get(binds or "", "not stated"),
    }


def _condition(r: RuleResult) -> ConditionRow:
    blocking = r.severity == Severity.BLOCKING
    return ConditionRow(
        rule=r.rule,
        message=r.message,
        blocking=blocking,
        **accountability(r.owner, r.due.isoformat() if r.due else None, r.binds),
        owner_set=r.owner is not None,
        due_set=r.due is not None,
        binds_set=r.binds is not None,
    )


def _fmt(value: float) -> str:
    return f"{value:.3f}"


def _slice_text(s: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(s.items()))


def _metric(r: RuleResult) -> MetricRow | None:
    e = r.estimate
    what = r.rule
    gaps = [f for f in r.figures if f.difference is not None and f.estimate is not None]
    if gaps:
        # slice parity: the slice furthest below what it is compared with
        worst = max(gaps, key=lambda f: f.difference.value if f.difference else 0.0)
        e = worst.estimate
        what += f" ({_slice_text(worst.slice)})"
    elif e is not None and len(r.figures) > 1:
        # the figure judged: the worst slice (or the one slice) the rule looked at
        for f in r.figures:
            if f.estimate == e and f.slice:
                what += f" ({_slice_text(f.slice)})"
                break
    if e is None:
        return None
    return MetricRow(
        rule=r.rule,
        what=what,
        value=_fmt(e.value),
        n=f"{e.n:,}",
        interval=f"{_fmt(e.low)}–{_fmt(e.high)}",
        passed=r.passed,
        borderline=r.borderline,
    )


def _from_data(r: RuleResult) -> list[MetricRow]:
    """Rows for rules whose figures are in `data`: classifier parity (each slice compared,
    worse first) and agreement (the overall coefficient)."""
    data = r.data or {}
    rows = []
    if r.kind == "classifier-parity":
        metric = data.get("metric", "")
        slices = {
            (s["column"], s["value"]): s for s in (data.get("classifier") or {}).get("slices", [])
        }
        for gap in data.get("gaps", [])[:1]:
            for side in (gap["worse"], gap["better"]):
                s = next((v for (_c, val), v in slices.items() if val == side), None)
                fig = (s or {}).get(metric)
                if not fig:
                    continue
                rows.append(
                    MetricRow(
                        rule=r.rule,
                        what=f"{r.rule} ({metric}, {s['column']}={side})",
                        value=_fmt(fig["value"]),
                        n=f"{fig['n']:,}",
                        interval=f"{_fmt(fig['ci_low'])}–{_fmt(fig['ci_high'])}",
                        passed=r.passed,
                        borderline=False,
                    )
                )
    elif r.kind == "agreement":
        for a in data.get("agreement", [])[:1]:
            c = a.get(data.get("metric", ""))
            if not c:
                continue
            rows.append(
                MetricRow(
                    rule=r.rule,
                    what=f"{r.rule} ({_COEFFICIENT.get(data['metric'], data['metric'])})",
                    value=_fmt(c["value"]),
                    n=f"{c['n_items']:,}",
                    interval=f"{_fmt(c['ci_low'])}–{_fmt(c['ci_high'])}"
                    if c.get("ci_low") is not None
                    else "none",
                    passed=r.passed,
                    borderline=r.borderline,
                )
            )
    return rows


def _status(r: RuleResult) -> str:
    if r.passed:
        return "pass"
    if r.waived:
        return "waived"
    return "condition" if r.severity == Severity.CONDITION else "fail"


def _metric_rows(r: RuleResult) -> list[MetricRow]:
    row = _metric(r)
    rows = [row] if row is not None else _from_data(r)
    return [replace(x, status=_status(r)) for x in rows]


def headline(d: Decision, awaiting_signoff: bool) -> str:
    """One sentence under the verdict: why this verdict, in words."""
    return verdict_reason(
        d.verdict.value,
        d.notes,
        [r.rule for r in d.blocking_failures],
        len(d.conditions),
        awaiting_signoff,
    )


def verdict_reason(
    verdict: str,
    notes: Sequence[str],
    blocking: Sequence[str],
    conditions: int,
    awaiting_signoff: bool,
) -> str:
    """The verdict's reason from the decision's facts (its gate JSON holds each of them):
    the sentence of the go/no-go's page 1 and of the packet site's landing page."""
    if verdict == Verdict.NOT_DECIDED:
        return "No release decision: " + "; ".join(notes or ("no gate policy defined",)) + "."
    if awaiting_signoff:
        return (
            "Awaiting sign-off: every other rule would allow a "
            + ("conditional release" if conditions else "release")
            + ", but the required approvals of this commit are missing."
        )
    if blocking:
        return f"{count(len(blocking), 'blocking rule')} failed: " + ", ".join(blocking) + "."
    if conditions:
        return f"Release allowed with {count(conditions, 'condition')} stated below."
    return "Every rule passed."


def awaiting_signoff(blocking: Sequence[str], signoff_rules: Collection[str]) -> bool:
    """NO-GO only because sign-off rules failed: every blocking failure is one of them."""
    return bool(blocking) and all(rule in signoff_rules for rule in blocking)


def decision_record(run: Run) -> dict[str, Any]:
    """What page 1 of the go/no-go report states."""
    d = run.decision
    policy = run.workspace.project.gate
    rules = list(policy.rules) if policy else []
    signoff_rules = [r for r in rules if isinstance(r, SignOffRule)]
    signoff_ids = {r.id for r in signoff_rules}
    blocking = d.blocking_failures
    awaiting = awaiting_signoff([r.rule for r in blocking], signoff_ids)
    conditions = [_condition(r) for r in [*blocking, *d.conditions]]

    # Sign-offs: the roles the sign-off rule requires, each with its record (or none).
    required: list[str] = []
    for r in signoff_rules:
        required += [role.strip() for role in r.roles if role.strip() not in required]
    checks = sorted(run.approvals, key=lambda c: (c.approval.record.role, c.approval.path))
    signoffs = []
    for c in checks:
        rec = c.approval.record
        signoffs.append(
            {
                "role": rec.role,
                "name": rec.name or "no name given",
                "date": rec.date.isoformat(),
                "commit": (c.commit or rec.commit)[:12],
                "decision": rec.decision.value,
                "valid": c.valid,
                "why": (
                    f"void: {count(len(c.changed), 'workspace input')} changed since the "
                    "approved commit"
                    if c.changed and not c.valid
                    else c.reason
                ),
                "required": rec.role.strip().casefold() in {x.casefold() for x in required},
            }
        )
    recorded = {s["role"].strip().casefold() for s in signoffs}
    missing = [role for role in required if role.casefold() not in recorded]
    valid_required = {
        s["role"].strip().casefold() for s in signoffs if s["valid"] and s["required"]
    }
    signed = sum(1 for role in required if role.casefold() in valid_required)

    # What changed since the newest approved commit (from the approval checks).
    since = None
    approved = [c for c in checks if c.commit]
    if approved:
        last = max(approved, key=lambda c: (c.approval.record.date, c.commit or ""))
        since = {
            "commit": (last.commit or "")[:12],
            "role": last.approval.record.role,
            "date": last.approval.record.date.isoformat(),
            "count": len(last.changed),
            "shown": list(last.changed[:CHANGED_SHOWN]),
            "more": max(0, len(last.changed) - CHANGED_SHOWN),
            "valid": last.valid,
        }

    # Open incidents by id, from every incident log an incidents rule reads.
    incidents = []
    for r in rules:
        if not isinstance(r, IncidentRule):
            continue
        try:
            log = run.evidence.incidents(r.evidence)
        except InputError:  # the gate has reported the log's problems already
            continue
        for i in log:
            if i.is_open:
                incidents.append(
                    {
                        "id": i.id,
                        "severity": i.severity.label,
                        "status": i.status,
                        "opened": i.opened.isoformat(),
                        "title": i.description,
                    }
                )
    metrics = [m for r in d.rules for m in _metric_rows(r)]
    previous = run.workspace.project.release.previous
    return {
        "headline": headline(d, awaiting),
        "awaiting_signoff": awaiting,
        "conditions": conditions,
        "required_roles": required,
        "signoffs": signoffs,
        "missing_roles": missing,
        "signed": signed,
        "signoff_blocking": any(r.severity == Severity.BLOCKING for r in signoff_rules),
        "since_approved": since,
        "previous_release": previous,
        "since_previous": _since_previous(run, previous) if previous else None,
        "incidents": incidents,
        "approvals_dir": policy.approvals_dir if policy else "approvals",
        "incident_logs": [r.evidence for r in rules if isinstance(r, IncidentRule)],
        "metrics": metrics,
        "waivers": d.waivers,
        "coverage_matrix": _matrix(d),
        "agreement": _agreement(d),
    }


def _matrix(d: Decision) -> dict[str, Any] | None:
    """The harm category x language matrix of the first eval-coverage rule, for the details."""
    for r in d.rules:
        if r.kind == "eval-coverage" and r.data and "evaluation_coverage" in r.data:
            m = r.data["evaluation_coverage"]
            cells = {(c["harm_category"], c["language"]): c for c in m["cells"]}
            rows = []
            for h in m["harm_categories"]:
                row = []
                for lang in m["languages"]:
                    c = cells.get((h, lang))
                    fig = (c or {}).get("figures") or []
                    value = fig[0]["value"] if len(fig) == 1 else None
                    row.append(
                        {
                            "n": c["n"] if c else 0,
                            "value": value,
                            "thin": bool(c and c["thin"]),
                            "empty": not c or not c["n"],
                        }
                    )
                rows.append({"harm_category": h, "cells": row})
            return {
                "rule": r.rule,
                "languages": m["languages"],
                "rows": rows,
                "minimum": m.get("minimum_samples"),
                "files": m.get("files", []),
                "metric": _single_metric(m),
            }
    return None


def _single_metric(m: dict[str, Any]) -> str | None:
    names = {f["metric"] for c in m["cells"] for f in c.get("figures") or []}
    return names.pop() if len(names) == 1 else None


def _agreement(d: Decision) -> list[dict[str, Any]]:
    """Every agreement rule's coefficients, overall and per harm category."""
    out = []
    for r in d.rules:
        if r.kind != "agreement" or not r.data:
            continue
        groups = list(r.data.get("agreement", []))
        if len(groups) == 2 and _same_items(groups[0], groups[1]):
            groups = groups[:1]  # one harm category holding every item: the overall row says it
        for a in groups:
            for key, label in (
                ("krippendorff_alpha", "Krippendorff's alpha"),
                ("fleiss_kappa", "Fleiss' kappa"),
                ("cohen_kappa", "Cohen's kappa"),
            ):
                c = a.get(key)
                if not c:
                    continue
                out.append(
                    {
                        "rule": r.rule,
                        "category": a.get("harm_category") or "all items",
                        "coefficient": label,
                        "value": _fmt(c["value"]),
                        "interval": f"{_fmt(c['ci_low'])}–{_fmt(c['ci_high'])}"
                        if c.get("ci_low") is not None
                        else "none",
                        "method": c.get("interval") or "",
                        "n_items": a.get("n_items"),
                        "annotators": len(a.get("annotators") or []),
                        "passed": r.passed,
                    }
                )
    return out


def _same_items(overall: dict[str, Any], category: dict[str, Any]) -> bool:
    keys = ("krippendorff_alpha", "fleiss_kappa", "cohen_kappa")
    return overall.get("n_items") == category.get("n_items") and all(
        (overall.get(k) or {}).get("value") == (category.get(k) or {}).get("value") for k in keys
    )


CHANGES_SHOWN = 3
"""Changes of each kind named on page 1; the count says how many in all."""


def _since_previous(run: Run, previous: str) -> dict[str, Any] | None:
    """What changed between the previous release's revision and the assessed commit, as
    `compliance diff PREVIOUS HEAD` computes it (the previous side is run from git)."""
    from compliance.decide.release_diff import Side, diff_releases
    from compliance.pipeline import run as run_at

    if run.commit is None:
        return None
    before = run_at(run.workspace.root, previous)
    assert before.commit is not None  # a revision always names a commit
    diff = diff_releases(
        Side(previous, before.commit.sha, before.assessment, before.decision, before.evidence),
        Side("HEAD", run.commit.sha, run.assessment, run.decision, run.evidence),
    )
    metrics = []
    for m in diff.metrics:
        a, b = m.get("estimate_before"), m.get("estimate_after")
        if a and b:
            text = f"{m['rule']} {a['value']:.3f} (n={a['n']:,}) → {b['value']:.3f} (n={b['n']:,})"
        else:
            was, now = m["observed_before"] or "absent", m["observed_after"] or "absent"
            text = f"{m['rule']} {was} → {now}"
        metrics.append(text)
    return {
        "commit": before.commit.sha[:12],
        "verdict": before.decision.verdict.value,
        "statuses": len(diff.statuses),
        "statuses_shown": [
            f"{s['ref']} {s['before']} → {s['after']}" for s in diff.statuses[:CHANGES_SHOWN]
        ],
        "evidence": len(diff.evidence),
        "evidence_counts": {
            kind: sum(1 for e in diff.evidence if e["change"] == kind)
            for kind in ("added", "changed", "removed")
        },
        "metrics": metrics[:CHANGES_SHOWN],
        "metrics_count": len(metrics),
        "risks": len(diff.risks),
        "changed": diff.changed,
    }
