"""The assessment as OSCAL assessment results: one finding per requirement, evidence cited."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from compliance.assess.coverage import Assessment, EvidenceFinding, RequirementResult, Status
from compliance.emit.export.oscal_catalog import control_tokens
from compliance.emit.export.oscal_common import catalog_file, iso, line, metadata, prop
from compliance.emit.export.uuids import content_uuid, stable_uuid

MEDIA_TYPES = {
    ".md": "text/markdown",
    ".json": "application/json",
    ".csv": "text/csv",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".html": "text/html",
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
}


def href(path: str) -> str:
    """A repository path as a URI reference (spaces and non-ASCII percent-encoded)."""
    return quote(path, safe="/")


def evidence_resource_uuid(path: str) -> str:
    """The back-matter resource of one evidence file (shared by AR and POA&M)."""
    return stable_uuid("evidence", path)


def evidence_resources(a: Assessment) -> list[dict[str, Any]]:
    """One back-matter resource per evidence file: path, sha256 hash, git blob and commit."""
    out: list[dict[str, Any]] = []
    for path, rec in sorted(a.index.records.items()):
        props = [prop("evidence-state", rec.state.value)]
        if rec.blob:
            props.append(prop("git-blob", rec.blob))
        if rec.last_commit is not None:
            props.append(prop("git-commit", rec.last_commit.sha))
            props.append(prop("git-commit-date", iso(rec.last_commit.author_date)))
        if rec.evidence_date is not None:
            props.append(prop("evidence-date", rec.evidence_date.isoformat()))
        rlink: dict[str, Any] = {"href": href(path)}
        suffix = path[path.rfind(".") :].lower() if "." in path else ""
        if suffix in MEDIA_TYPES:
            rlink["media-type"] = MEDIA_TYPES[suffix]
        if rec.sha256:
            rlink["hashes"] = [{"algorithm": "SHA-256", "value": rec.sha256}]
        resource: dict[str, Any] = {
            "uuid": evidence_resource_uuid(path),
            "title": line(path),
            "props": props,
            "rlinks": [rlink],
        }
        if rec.detail:
            resource["description"] = rec.detail
        out.append(resource)
    return out


def _observation(
    fw: str, control_id: str, e: EvidenceFinding, fallback: datetime
) -> dict[str, Any]:
    rec = e.record
    props = [prop("team-control", control_id), prop("evidence-state", rec.state.value)]
    if rec.last_commit is not None:
        props.append(prop("git-commit", rec.last_commit.sha))
    if rec.sha256:
        props.append(prop("sha256", rec.sha256))
    if e.age_days is not None:
        props.append(prop("age-days", str(e.age_days)))
    props.append(prop("max-age-days", str(e.max_age_days)))
    if e.problems:
        description = "\n\n".join(e.problems)
    else:
        description = f"{e.path} is committed, readable and within its maximum age."
    collected = rec.last_commit.author_date if rec.last_commit is not None else fallback
    evidence: dict[str, Any] = {
        "href": href(e.path),
        "description": f"{e.kind} linked at {e.declared_at}",
        "props": props,
        "links": [{"href": f"#{evidence_resource_uuid(e.path)}", "rel": "reference"}],
    }
    return {
        "uuid": stable_uuid("observation", fw, control_id, e.path),
        "title": line(f"{e.path} for {control_id}"),
        "description": description,
        "props": [prop("result", "ok" if e.ok else "problem")],
        "methods": ["EXAMINE"],
        "types": ["control-objective"],
        "relevant-evidence": [evidence],
        "collected": iso(collected),
    }


STATE = {
    Status.COVERED: ("satisfied", "pass", "implemented"),
    Status.PARTIAL: ("not-satisfied", "fail", "partial"),
    Status.GAP: ("not-satisfied", "fail", None),
    # Not applicable is not a failure; the justification goes into the remarks.
    Status.NOT_APPLICABLE: ("satisfied", "other", "not-applicable"),
}


def _finding(
    r: RequirementResult, token: str, related: list[str], catalog_href: str
) -> dict[str, Any]:
    state, reason, implementation = STATE[r.status]
    status: dict[str, Any] = {"state": state, "reason": reason}
    if r.reasons:
        status["remarks"] = "\n\n".join(r.reasons)
    target: dict[str, Any] = {
        "type": "objective-id",
        "target-id": token,
        "title": line(f"{r.id}: {r.title}"),
        "props": [prop("label", r.id, ours=False)],
        "status": status,
    }
    if implementation:
        target["implementation-status"] = {"state": implementation}
    props = [prop("label", r.id, ours=False), prop("coverage-status", r.status.value)]
    props.extend(prop("owner-role", o) for o in r.owners)
    if not r.verified:
        props.append(prop("text-verified", "false"))
    if r.status == Status.COVERED:
        summary = "Covered by " + ", ".join(c.control_id for c in r.controls) + "."
        if r.via_crosswalk:
            summary = r.via_crosswalk
    else:
        summary = "\n\n".join(r.reasons) or r.status.value
    out: dict[str, Any] = {
        "uuid": stable_uuid("finding", r.framework, r.id),
        "title": line(f"{r.id}: {r.title}"),
        "description": summary,
        "props": props,
        "links": [{"href": f"{catalog_href}#{token}", "rel": "reference"}],
        "target": target,
    }
    if related:
        out["related-observations"] = [{"observation-uuid": u} for u in related]
    return out


def assessment_results_document(a: Assessment, when: datetime) -> dict[str, Any]:
    """OSCAL assessment results: one result per framework, one finding per requirement."""
    ws = a.workspace
    date = datetime(*a.assessment_date.timetuple()[:3], tzinfo=UTC)
    results: list[dict[str, Any]] = []
    for fw_result, loaded in zip(a.frameworks, ws.in_scope(), strict=True):
        fw = fw_result.id
        tokens = control_tokens(loaded)
        observations: dict[str, dict[str, Any]] = {}
        findings: list[dict[str, Any]] = []
        for r in fw_result.requirements:
            related: list[str] = []
            for c in r.controls:
                for e in c.evidence:
                    obs = _observation(fw, c.control_id, e, when)
                    observations.setdefault(obs["uuid"], obs)
                    if obs["uuid"] not in related:
                        related.append(obs["uuid"])
            findings.append(_finding(r, tokens[r.id], related, catalog_file(fw)))
        result: dict[str, Any] = {
            "uuid": stable_uuid("result", fw),
            "title": line(f"Coverage of {fw_result.title}"),
            "description": line(
                f"Each assessable requirement of {fw_result.title} ({fw_result.version}) "
                f"judged on {a.assessment_date.isoformat()} ({a.date_basis})."
            ),
            "start": iso(date),
            "end": iso(date),
            "props": [
                prop("framework-id", fw),
                prop("assessment-date", a.assessment_date.isoformat()),
                prop(
                    "percent-covered",
                    "n/a" if fw_result.total.percent is None else str(fw_result.total.percent),
                ),
            ],
            "reviewed-controls": {
                "control-selections": [
                    {
                        "include-controls": [
                            {"control-id": tokens[r.id]} for r in fw_result.requirements
                        ]
                    }
                ]
                if fw_result.requirements
                else [{"include-all": {}}]
            },
        }
        if observations:
            result["observations"] = sorted(observations.values(), key=lambda o: o["title"])
        if findings:
            result["findings"] = findings
        if a.notices:
            result["remarks"] = "\n\n".join(a.notices)
        results.append(result)
    plan = stable_uuid("assessment-plan", ws.project.release.id)
    meta = metadata(
        f"Assessment results: {ws.project.system.name} {ws.project.system.version}",
        a,
        when=when,
        version=ws.project.release.id,
        extra_props=[prop("release", ws.project.release.id)],
    )
    resources = [
        {
            "uuid": plan,
            "title": "Assessment plan: the workspace's compliance.yaml and controls",
            "description": (
                "No separate OSCAL assessment plan exists: the plan is the workspace itself "
                "(compliance.yaml, controls/, risks/) at the assessed commit, evaluated by "
                "compliance-docs."
            ),
            "rlinks": [{"href": "compliance.yaml", "media-type": "application/yaml"}],
        },
        *evidence_resources(a),
    ]
    body = {
        "metadata": meta,
        "import-ap": {"href": f"#{plan}"},
        "results": results,
        "back-matter": {"resources": resources},
    }
    return {"assessment-results": {"uuid": content_uuid("assessment-results", body), **body}}
