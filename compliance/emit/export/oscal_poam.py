"""Gaps and partial coverage as an OSCAL plan of action and milestones, each with an owner."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from compliance.assess.coverage import Assessment, RequirementResult, Status
from compliance.emit.export.oscal_common import line, metadata, prop
from compliance.emit.export.oscal_component import component_uuid
from compliance.emit.export.uuids import content_uuid, role_token, stable_uuid

UNASSIGNED = "Unassigned"


def owners(a: Assessment, r: RequirementResult) -> list[str]:
    """Who must act: the owners of the controls claimed, else the organisation's contact role."""
    if r.owners:
        return r.owners
    contact = a.workspace.project.organisation.contact_role.strip()
    return [contact or UNASSIGNED]


def _items(a: Assessment) -> list[RequirementResult]:
    return [r for r in a.results() if r.status in (Status.GAP, Status.PARTIAL)]


def poam_document(a: Assessment, when: datetime) -> dict[str, Any]:
    """One POA&M item (and its risk) per requirement that is a gap or only partly covered."""
    ws = a.workspace
    system = ws.project.system
    risks: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    roles: dict[str, str] = {}
    for r in _items(a):
        who = owners(a, r)
        roles.update({role_token(o): o for o in who})
        what = "gap" if r.status == Status.GAP else "partial coverage"
        reasons = "\n\n".join(r.reasons) or what
        risk_uuid = stable_uuid("poam-risk", r.framework, r.id)
        risks.append(
            {
                "uuid": risk_uuid,
                "title": line(f"{what.capitalize()}: {r.ref}"),
                "description": line(f"{r.title}: {r.text}") if r.text else line(r.title),
                "statement": reasons,
                "props": [prop("label", r.id, ours=False), prop("framework-id", r.framework)],
                "status": "open",
                "remediations": [
                    {
                        "uuid": stable_uuid("poam-remediation", r.framework, r.id),
                        "lifecycle": "recommendation",
                        "title": line(f"Close the {what} on {r.ref}"),
                        "description": reasons,
                        "tasks": [
                            {
                                "uuid": stable_uuid("poam-task", r.framework, r.id),
                                "type": "action",
                                "title": line(f"Resolve {r.ref}"),
                                "responsible-roles": [
                                    {"role-id": t} for t in sorted({role_token(o) for o in who})
                                ],
                            }
                        ],
                    }
                ],
            }
        )
        props = [
            prop("label", r.id, ours=False),
            prop("framework-id", r.framework),
            prop("coverage-status", r.status.value),
        ]
        props.extend(prop("owner-role", o) for o in who)
        props.extend(prop("team-control", c.control_id) for c in r.controls)
        items.append(
            {
                "uuid": stable_uuid("poam-item", r.framework, r.id),
                "title": line(f"{r.ref}: {r.title}"),
                "description": reasons,
                "props": props,
                "links": [
                    {
                        "href": "assessment-results.json#"
                        + stable_uuid("finding", r.framework, r.id),
                        "rel": "related",
                    }
                ],
                "related-risks": [{"risk-uuid": risk_uuid}],
            }
        )
    meta = metadata(
        f"Plan of action and milestones: {system.name} {system.version}",
        a,
        when=when,
        version=ws.project.release.id,
        roles=roles,
        extra_props=[prop("release", ws.project.release.id)],
    )
    body: dict[str, Any] = {
        "metadata": meta,
        "system-id": {"identifier-type": "https://ietf.org/rfc/rfc4122", "id": component_uuid(a)},
    }
    if risks:
        body["risks"] = risks
    if not items:
        # The schema needs at least one item; say plainly that nothing is open.
        items.append(
            {
                "uuid": stable_uuid("poam-item", "none-open", ws.project.release.id),
                "title": "No open items",
                "description": "Every applicable requirement in scope is covered.",
            }
        )
    body["poam-items"] = items
    return {"plan-of-action-and-milestones": {"uuid": content_uuid("poam", body), **body}}
