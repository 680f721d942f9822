"""The assessment as plain data: the JSON shape documented in the README (schema 1)."""

from __future__ import annotations

from typing import Any

from compliance import __version__
from compliance.assess.applicability import Classification
from compliance.assess.coverage import (
    Assessment,
    ControlFinding,
    EvidenceFinding,
    FrameworkResult,
    RequirementResult,
    Rollup,
    Status,
)
from compliance.assess.signatory import Link, SignatoryView
from compliance.link.evidence import CommitInfo, EvidenceRecord

SCHEMA = "compliance-docs/coverage/1"


def commit_dict(c: CommitInfo | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {"sha": c.sha, "author_date": c.author_date.isoformat(), "summary": c.summary}


def record_dict(r: EvidenceRecord) -> dict[str, Any]:
    """One evidence file as found: hashes, git blob, last commit, state."""
    return {
        "path": r.path,
        "state": r.state._value_,
        "sha256": r.sha256,
        "size": r.size,
        "git_blob": r.blob,
        "last_commit": commit_dict(r.last_commit),
        "declared_date": r.declared.isoformat() if r.declared else None,
        "evidence_date": r.evidence_date.isoformat() if r.evidence_date else None,
        "history_truncated": r.history_truncated,
        "detail": r.detail,
        "lfs_pointer": _lfs_dict(r),
        "symlink": _link_dict(r),
    }


def _lfs_dict(r: EvidenceRecord) -> dict[str, Any] | None:
    """A Git LFS pointer's claims and its own hashes (never the evidence's: sha256 is null)."""
    if r.lfs is None:
        return None
    return {
        "claimed_oid": r.lfs.oid,
        "claimed_size": r.lfs.size,
        "pointer_sha256": r.lfs.pointer_sha256,
        "pointer_git_blob": r.lfs.pointer_blob,
        "pointer_size": r.lfs.pointer_size,
    }


def _link_dict(r: EvidenceRecord) -> dict[str, Any] | None:
    """Where a path reached through a symlink leads, and the link's own git blob."""
    if r.link is None:
        return None
    return {"target": r.link.target, "link_git_blob": r.link.link_blob}


def _evidence(e: EvidenceFinding) -> dict[str, Any]:
    record = e.record
    commit = record.last_commit
    when = record.evidence_date
    return {
        "path": e.path,
        "kind": e.kind,
        "linked_at": e.declared_at,
        "state": record.state._value_,
        "sha256": record.sha256,
        "git_blob": record.blob,
        "last_commit": commit.sha if commit else None,
        "evidence_date": when.isoformat() if when else None,
        "age_days": e.age_days,
        "max_age_days": e.max_age_days,
        "ok": not e.problems,
        "problems": list(e.problems),
    }


def _control(c: ControlFinding, shared: dict[int, dict[str, Any]] | None = None) -> dict[str, Any]:
    """One control's finding. With `shared`, a finding met again (a control linked to several
    requirements: half the entries on large workspaces) gives the same dict object, built
    once; nobody mutates these dicts."""
    if shared is not None:
        known = shared.get(id(c))
        if known is not None:
            return known
    evidence = [_evidence(e) for e in c.evidence]
    data = {
        "id": c.control_id,
        "title": c.title,
        "owner": c.owner,
        "implementation": c.implementation,
        "location": c.location,
        "ok": not c.problems and all(e["ok"] for e in evidence),
        "problems": list(c.problems),
        "evidence": evidence,
    }
    if shared is not None:
        shared[id(c)] = data
    return data


def requirement_dict(
    r: RequirementResult, shared: dict[int, dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {
        "ref": r.ref,
        "framework": r.framework,
        "id": r.id,
        "title": r.title,
        "parent": r.parent,
        "group": r.group,
        "status": r.status.value,
        "reasons": list(r.reasons),
        "not_applicable": r.not_applicable,
        "via_crosswalk": r.via_crosswalk,
        "owners": r.owners,
        "controls": [_control(c, shared) for c in r.controls],
        "neighbours": [
            {
                "ref": n.ref,
                "relation": n.relation,
                "rationale": n.rationale,
                "status": n.status,
                "controls": list(n.controls),
            }
            for n in r.neighbours
        ],
        "text_verified": r.verified,
    }


def rollup_dict(r: Rollup) -> dict[str, Any]:
    return {
        "id": r.id,
        "title": r.title,
        "counts": dict(r.counts),
        "applicable": r.applicable,
        "percent_covered": r.percent,
    }


def _framework(
    fw: FrameworkResult, gaps_only: bool, shared: dict[int, dict[str, Any]]
) -> dict[str, Any]:
    reqs = fw.requirements
    if gaps_only:
        reqs = [r for r in reqs if r.status in (Status.GAP, Status.PARTIAL)]
    return {
        "id": fw.id,
        "title": fw.title,
        "version": fw.version,
        "verified": fw.verified,
        "adoption": "voluntary" if fw.voluntary else "required",
        "tailoring": fw.tailoring or None,
        "summary": rollup_dict(fw.total),
        "groups": [rollup_dict(g) for g in fw.groups],
        "requirements": [requirement_dict(r, shared) for r in reqs],
    }


def classification_extras(cls: Classification) -> dict[str, Any]:
    """The modification, Art. 52(1) notification, dates and cited guideline rules."""
    n = cls.notification
    return {
        "modification_basis": cls.modification_basis or None,
        "notification": None
        if n is None
        else {
            "status": n.status,
            "due": n.due.isoformat() if n.due else None,
            "notified_on": n.notified_on.isoformat() if n.notified_on else None,
            "message": n.message,
        },
        "dates": [
            {"label": d.label, "date": d.on.isoformat(), "source": d.rule} for d in cls.dates
        ],
        "rules": [
            {"id": r.id, "source": r.cite, "quote": r.quote, "verified": r.verified}
            for r in cls.cited()
        ],
    }


def _link(x: Link) -> dict[str, Any]:
    return {
        "ref": x.ref,
        "title": x.title,
        "status": x.status,
        "relation": x.relation,
        "via": x.via,
        "rationale": x.rationale,
    }


def _rollup(counts: dict[str, int], percent: float | None) -> dict[str, Any]:
    return {"counts": counts, "percent_covered": percent}


def signatory_dict(view: SignatoryView | None) -> dict[str, Any] | None:
    """JSON-ready data; None for a workspace that declares no signature."""
    if view is None:
        return None
    return {
        "chapters": list(view.chapters),
        "signed_on": view.signed_on.isoformat() if view.signed_on else None,
        "notices": list(view.notices),
        "findings": view.has_findings,
        "obligations": [
            {
                "ref": o.ref,
                "title": o.title,
                "status": o.status,
                "paragraph_as_a_whole": o.paragraph,
                "measures": [_link(m) for m in o.measures],
                "measures_rollup": _rollup(o.counts, o.percent),
            }
            for o in view.obligations
        ],
        "measures": [
            {
                "ref": m.ref,
                "title": m.title,
                "chapter": m.chapter,
                "status": m.status,
                "obligations": [_link(o) for o in m.obligations],
                "obligations_rollup": _rollup(m.counts, m.percent),
            }
            for m in view.measures
        ],
    }


def coverage_dict(
    a: Assessment, framework: str | None = None, gaps_only: bool = False
) -> dict[str, Any]:
    """The whole assessment as JSON-ready data; deterministic for one commit."""
    ws = a.workspace
    repo = a.index.repo
    cls = a.classification
    frameworks = [fw for fw in a.frameworks if framework is None or fw.id == framework]
    # The findings (ControlFinding objects) stay alive in `a` for the whole call, so their
    # ids are stable keys.
    shared: dict[int, dict[str, Any]] = {}
    return {
        "schema": SCHEMA,
        "tool": {"name": "compliance-docs", "version": __version__},
        "organisation": ws.project.organisation.name,
        "system": {"name": ws.project.system.name, "version": ws.project.system.version},
        "release": ws.project.release.id,
        "commit": {
            "sha": repo.head.sha if repo.head else None,
            "date": repo.head.committer_date.isoformat() if repo.head else None,
            "branch": repo.branch,
            "shallow": repo.shallow,
        },
        "assessment_date": a.assessment_date.isoformat(),
        "assessment_date_basis": a.date_basis,
        "classification": {
            "general_purpose_ai": cls.gpai,
            "general_purpose_ai_basis": cls.gpai_basis,
            "systemic_risk": cls.systemic_risk,
            "systemic_risk_basis": cls.systemic_risk_basis,
            "open_source_exempt": cls.open_source_exempt,
            "open_source_basis": cls.open_source_basis,
            "placed_on_eu_market": cls.eu_market,
            **classification_extras(cls),
        },
        "notices": list(a.notices),
        "findings": a.has_findings,
        "obligation_findings": a.obligation_findings,
        "voluntary_findings": a.voluntary_findings,
        "summary": [rollup_dict(fw.total) for fw in frameworks],
        "frameworks": [_framework(fw, gaps_only, shared) for fw in frameworks],
        "evidence": [record_dict(r) for _, r in sorted(a.index.records.items())],
        "evaluation_coverage": (
            a.evaluation_coverage.to_dict() if a.evaluation_coverage is not None else None
        ),
        "signatory": signatory_dict(a.signatory),
    }
