"""SARIF 2.1.0 for gaps and gate failures, so code-scanning views show them where they are fixed.

Coverage: one result per gap (level error) or partially covered requirement (warning),
located at the control or evidence link concerned, or, for a requirement no control
claims, at the framework's line in compliance.yaml. Gate: one result per failing or waived
rule, located at the rule's line in compliance.yaml; a waived failure carries a SARIF
suppression with the waiver's rationale. Paths are relative to the repository root
(uriBaseId %SRCROOT%), as GitHub code scanning expects. No timestamps: the same commit
gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from compliance import __version__
from compliance.assess.coverage import Assessment, RequirementResult, Status
from compliance.decide.decision import Decision, RuleResult, Severity
from compliance.emit.formats.interface import CoverageFormat
from compliance.load.workspace import PROJECT_FILE

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
BASE = "%SRCROOT%"


def _prefix(assessment: Assessment) -> str:
    """The workspace's folder inside the repository ('' at the root), for repo-relative URIs."""
    return assessment.index.repo.to_repo


def _split(location: str) -> tuple[str, int | None]:
    """'controls/x.yaml:12' -> ('controls/x.yaml', 12)."""
    path, _, line = location.rpartition(":")
    if path and line.isdigit():
        return path, int(line)
    return location, None


def _physical(prefix: str, location: str) -> dict[str, Any]:
    path, line = _split(location)
    loc: dict[str, Any] = {"artifactLocation": {"uri": prefix + path, "uriBaseId": BASE}}
    if line is not None:
        loc["region"] = {"startLine": line}
    return {"physicalLocation": loc}


def _document(rules: list[dict[str, Any]], results: list[dict[str, Any]], head: str | None) -> str:
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "compliance-docs",
                "version": __version__,
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if head:
        run["properties"] = {"commit": head}
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


COVERAGE_RULES = [
    {
        "id": "coverage/gap",
        "name": "RequirementGap",
        "shortDescription": {"text": "No control covers this requirement"},
        "fullDescription": {
            "text": "An applicable requirement that no control claims to satisfy. Add a control "
            "in controls/ or declare it not applicable with a justification."
        },
        "defaultConfiguration": {"level": "error"},
    },
    {
        "id": "coverage/partial",
        "name": "RequirementPartial",
        "shortDescription": {"text": "Requirement only partially covered"},
        "fullDescription": {
            "text": "A control claims this requirement, but its evidence is missing, stale or "
            "uncommitted, or the control is not fully implemented."
        },
        "defaultConfiguration": {"level": "warning"},
    },
]


def _requirement_locations(r: RequirementResult, framework_line: str) -> list[str]:
    """Where a finding is fixed: failing controls and evidence links, else the framework."""
    found: list[str] = []
    for c in r.controls:
        if c.problems:
            found.append(c.location)
        found += [e.declared_at for e in c.evidence if e.problems]
    if not found:
        found = [c.location for c in r.controls] or [framework_line]
    return list(dict.fromkeys(found))


def coverage_sarif(
    assessment: Assessment, framework: str | None = None, gaps_only: bool = True
) -> str:
    """Gaps and partially covered requirements as SARIF (covered ones are not findings)."""
    ws = assessment.workspace
    prefix = _prefix(assessment)
    results: list[dict[str, Any]] = []
    for fw in assessment.frameworks:
        if framework is not None and fw.id != framework:
            continue
        line, _ = ws.project_parsed.where(("frameworks", ws.project.frameworks.index(fw.id)))
        fw_line = f"{PROJECT_FILE}:{line}" if line else PROJECT_FILE
        for r in fw.requirements:
            if r.status not in (Status.GAP, Status.PARTIAL):
                continue
            index = 0 if r.status == Status.GAP else 1
            where = _requirement_locations(r, fw_line)
            why = "; ".join(r.reasons) or r.status.value
            result: dict[str, Any] = {
                "ruleId": COVERAGE_RULES[index]["id"],
                "ruleIndex": index,
                "level": "error" if index == 0 else "warning",
                "message": {"text": f"{r.ref} {r.title}: {r.status.value}: {why}"},
                "locations": [_physical(prefix, where[0])],
                "partialFingerprints": {"requirementRef/v1": r.ref},
                "properties": {"requirement": r.ref, "status": r.status.value},
            }
            if len(where) > 1:
                result["relatedLocations"] = [
                    {"id": i, **_physical(prefix, w)} for i, w in enumerate(where[1:], start=1)
                ]
            results.append(result)
    head = assessment.index.repo.head
    return _document(COVERAGE_RULES, results, head.sha if head else None)


class SarifFormat(CoverageFormat):
    """`--format sarif` for `compliance check` and `compliance gaps`."""

    def format(self, assessment: Assessment) -> str:
        return coverage_sarif(assessment, self.framework, self.gaps_only)


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


def gate_sarif(decision: Decision, assessment: Assessment) -> str:
    """Failing (and waived) gate rules as SARIF, at their lines in compliance.yaml."""
    prefix = _prefix(assessment)
    rules = [_gate_rule(r) for r in decision.rules]
    results: list[dict[str, Any]] = []
    for index, r in enumerate(decision.rules):
        if r.passed:
            continue
        text = f"{decision.verdict.value}: {r.rule}: {r.message}"
        if r.observed:
            text += f" (observed: {r.observed}; threshold: {r.threshold})"
        result: dict[str, Any] = {
            "ruleId": f"gate/{r.rule}",
            "ruleIndex": index,
            "level": rules[index]["defaultConfiguration"]["level"],
            "message": {"text": text},
            "locations": [_physical(prefix, r.location or PROJECT_FILE)],
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
                {"id": i, **_physical(prefix, e.path)} for i, e in enumerate(r.evidence, start=1)
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
    return _document(rules, results, decision.commit)
