"""Coverage as SARIF: one result per gap (level error) or partially covered requirement
(warning), located at the control or evidence link concerned, or, for a requirement no
control claims, at the framework's line in compliance.yaml."""

from __future__ import annotations

from typing import Any

from compliance.assess.coverage import Assessment, RequirementResult, Status
from compliance.core.project import PROJECT_FILE
from compliance.emit.formats.coverage.interface import CoverageFormat
from compliance.emit.formats.sarif_common import document, physical, prefix

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
    base = prefix(assessment)
    results: list[dict[str, Any]] = []
    for fw in assessment.frameworks:
        if framework is not None and fw.id != framework:
            continue
        line, _ = ws.project_parsed.where(("frameworks", ws.project.framework_ids.index(fw.id)))
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
                "locations": [physical(base, where[0])],
                "partialFingerprints": {"requirementRef/v1": r.ref},
                "properties": {"requirement": r.ref, "status": r.status.value},
            }
            if len(where) > 1:
                result["relatedLocations"] = [
                    {"id": i, **physical(base, w)} for i, w in enumerate(where[1:], start=1)
                ]
            results.append(result)
    head = assessment.index.repo.head
    return document(COVERAGE_RULES, results, head.sha if head else None)


class SarifFormat(CoverageFormat):
    """`--format sarif` for `compliance check` and `compliance gaps`."""

    def format(self, assessment: Assessment) -> str:
        return coverage_sarif(assessment, self.framework, self.gaps_only)


def render(assessment: Assessment, **options: Any) -> str:
    return SarifFormat(**options).format(assessment)
