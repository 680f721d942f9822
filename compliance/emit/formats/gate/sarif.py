"""Gate decisions as SARIF: one result per failing or waived rule, at the rule's line in
compliance.yaml; a waived failure carries a suppression with the waiver's rationale."""

from __future__ import annotations

from typing import Any

from compliance.assess.coverage import Assessment
from compliance.core.project import PROJECT_FILE
from compliance.decide.decision import Decision, RuleResult
from compliance.emit.draft import draft_line
from compliance.emit.formats.sarif_common import document, physical, prefix
from compliance.models.gate import Severity


def _gate_rule(r: RuleResult) -> dict[str, Any]:
    level = "error" if r.severity == Severity.BLOCKING else "warning"
    return {
        "id": f"gate/{r.rule}",
        "name": r.rule,
        "shortDescription": {"text": f"Release gate rule {r.rule} ({r.kind}, {r.severity.value})"},
        "fullDescription": {"text": f"Threshold: {r.threshold}" if r.threshold else r.kind},
        "defaultConfiguration": {"level": level},
        "properties": {"kind": r.kind, "severity": r.severity.value},
    }


def gate_sarif(decision: Decision, assessment: Assessment, draft: str | None = None) -> str:
    """Failing (and waived) gate rules as SARIF, at their lines in compliance.yaml."""
    where = prefix(assessment)
    rules = [_gate_rule(r) for r in decision.rules]
    results: list[dict[str, Any]] = []
    for index, r in enumerate(decision.rules):
        if r.passed:
            continue
        text = f"{decision.verdict.value}: {r.rule}: {r.message}"
        if draft:
            text = f"{draft}. {text}"
        if r.observed:
            text += f" (observed: {r.observed}; threshold: {r.threshold})"
        result: dict[str, Any] = {
            "ruleId": f"gate/{r.rule}",
            "ruleIndex": index,
            "level": rules[index]["defaultConfiguration"]["level"],
            "message": {"text": text},
            "locations": [physical(where, r.location or PROJECT_FILE)],
            "partialFingerprints": {"gateRule/v1": r.rule},
            "properties": {
                "evidence": [
                    {"path": e.path, "sha256": e.sha256, "commit": e.commit} for e in r.evidence
                ],
                "notes": list(r.notes),
            },
        }
        if r.evidence:
            result["relatedLocations"] = [
                {"id": i, **physical(where, e.path)} for i, e in enumerate(r.evidence, start=1)
            ]
        if r.waiver is not None:
            w = r.waiver
            result["suppressions"] = [
                {
                    "kind": "external",
                    "status": "accepted" if w.active else "rejected",
                    "justification": f"waived by {w.approver_role} until "
                    f"{w.expires.isoformat()}: {w.rationale}"
                    + ("" if w.active else " (expired: no longer counts)"),
                }
            ]
        results.append(result)
    return document(rules, results, decision.commit)


def render(value: Any, **_options: Any) -> str:
    return gate_sarif(value.decision, value.assessment, draft_line(value))
