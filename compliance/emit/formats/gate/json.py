"""The decision as JSON: the documented, stable shape scripts depend on."""

from __future__ import annotations

import json
from typing import Any

from compliance import __version__
from compliance.assess.coverage import Assessment
from compliance.assess.estimates import difference_dict, estimate_dict
from compliance.decide.decision import Decision, EvidenceRef, RuleResult, SliceFigure, Waiver
from compliance.emit.draft import draft_dict
from compliance.pipeline import Run

SCHEMA = "compliance-docs/gate/1"


def _ref(e: EvidenceRef) -> dict[str, Any]:
    return {"path": e.path, "sha256": e.sha256, "commit": e.commit}


def _waiver(w: Waiver) -> dict[str, Any]:
    return {
        "rule": w.rule,
        "approver_role": w.approver_role,
        "rationale": w.rationale,
        "expires": w.expires.isoformat(),
        "active": w.active,
    }


def _figure(f: SliceFigure) -> dict[str, Any]:
    data: dict[str, Any] = {
        "slice": dict(sorted(f.slice.items())),
        "value": f.value,
        "estimate": estimate_dict(f.estimate),
    }
    if f.difference is not None:
        data["difference"] = {**(difference_dict(f.difference) or {}), "versus": f.compared_with}
    return data


def rule_dict(r: RuleResult) -> dict[str, Any]:
    """One rule's result as JSON-ready data."""
    if r.passed:
        outcome = "passed"
    elif r.waived:
        outcome = "waived"
    else:
        outcome = "failed"
    data: dict[str, Any] = {
        "rule": r.rule,
        "kind": r.kind,
        "severity": r.severity.value,
        "outcome": outcome,
        "passed": r.passed,
        "waived": r.waived,
        "message": r.message,
        "observed": r.observed,
        "threshold": r.threshold,
        "evidence": [_ref(e) for e in r.evidence],
        "location": r.location,
        "waiver": _waiver(r.waiver) if r.waiver else None,
        "owner": r.owner,
        "due": r.due.isoformat() if r.due else None,
        "binds": r.binds,
        "notes": list(r.notes),
        "judge": r.judge or None,
        "borderline": r.borderline,
        "estimate": estimate_dict(r.estimate),
        "figures": [_figure(f) for f in r.figures],
    }
    if r.data is not None:
        data["data"] = dict(r.data)
    return data


def decision_dict(decision: Decision, assessment: Assessment | None = None) -> dict[str, Any]:
    """The decision as JSON-ready data; the same commit gives the same bytes."""
    data: dict[str, Any] = {"schema": SCHEMA, "tool": {"name": "compliance-docs"}}
    data["tool"]["version"] = __version__
    if assessment is not None:
        ws = assessment.workspace
        data["system"] = {"name": ws.project.system.name, "version": ws.project.system.version}
        data["release"] = ws.project.release.id
    data.update(
        {
            "commit": decision.commit,
            "assessment_date": (
                decision.assessment_date.isoformat() if decision.assessment_date else None
            ),
            "verdict": decision.verdict.value,
            "policy_defined": decision.policy_defined,
            "summary": {
                "rules": len(decision.rules),
                "passed": sum(1 for r in decision.rules if r.passed),
                "waived": sum(1 for r in decision.rules if r.waived),
                "blocking_failures": [r.rule for r in decision.blocking_failures],
                "conditions": [r.rule for r in decision.conditions],
            },
            "rules": [rule_dict(r) for r in decision.rules],
            "waivers": [_waiver(w) for w in decision.waivers],
            "notes": list(decision.notes),
        }
    )
    return data


def render(value: Run, **_options: Any) -> str:
    data = decision_dict(value.decision, value.assessment)
    draft = draft_dict(value)
    if draft:
        # Present only in a draft, right after the commit it is not exactly.
        at = list(data).index("commit") + 1
        items = list(data.items())
        data = dict([*items[:at], *draft.items(), *items[at:]])
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
