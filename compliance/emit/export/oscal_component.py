"""The AI system as an OSCAL component definition: team controls as implemented requirements."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from compliance.assess.coverage import Assessment
from compliance.core.ids import parse_ref
from compliance.emit.export.oscal_assessment_results import href
from compliance.emit.export.oscal_catalog import control_tokens
from compliance.emit.export.oscal_common import catalog_file, line, metadata, prop
from compliance.emit.export.uuids import content_uuid, role_token, stable_uuid

IMPLEMENTATION_STATUS = {
    "implemented": "implemented",
    "partially-implemented": "partial",
    "planned": "planned",
}


def owner_roles(a: Assessment) -> dict[str, str]:
    """Role token -> role title, for every control owner."""
    return {role_token(lc.control.owner): lc.control.owner for lc in a.workspace.controls}


def component_uuid(a: Assessment) -> str:
    """The system's component uuid, shared by every document that names it."""
    system = a.workspace.project.system
    return stable_uuid("component", a.workspace.project.organisation.name, system.name)


def component_document(a: Assessment, when: datetime) -> dict[str, Any]:
    """One component (the AI system) with one control implementation per framework in scope."""
    ws = a.workspace
    system = ws.project.system
    implementations: list[dict[str, Any]] = []
    for loaded in ws.in_scope():
        fw = loaded.catalog.id
        tokens = control_tokens(loaded)
        by_req: dict[str, list[Any]] = {}
        for lc in ws.controls:
            for ref in lc.control.satisfies:
                parts = parse_ref(ref)
                if parts and parts[0] == fw:
                    by_req.setdefault(parts[1], []).append(lc.control)
        requirements: list[dict[str, Any]] = []
        for req_id in sorted(by_req, key=lambda r: tokens[r]):
            controls = sorted(by_req[req_id], key=lambda c: c.id)
            props = [prop("label", req_id, ours=False)]
            for c in controls:
                props.append(prop("team-control", c.id, remarks=line(c.title)))
            statuses = {IMPLEMENTATION_STATUS[c.implementation.value] for c in controls}
            # The weakest claim wins: one planned control does not make the requirement met.
            for status in ("planned", "partial", "implemented"):
                if status in statuses:
                    props.append(prop("implementation-status", status, ours=False))
                    break
            described = "\n\n".join(
                f"{c.id} ({line(c.title)}), owned by {c.owner}"
                + (f": {c.description.strip()}" if c.description.strip() else ".")
                for c in controls
            )
            links = [
                {
                    "href": href(link.path),
                    "rel": "evidence",
                    "text": line(link.description or link.path),
                }
                for c in controls
                for link in c.evidence
            ]
            entry: dict[str, Any] = {
                "uuid": stable_uuid("implemented-requirement", fw, req_id),
                "control-id": tokens[req_id],
                "description": described,
                "props": props,
                "responsible-roles": [
                    {"role-id": role} for role in sorted({role_token(c.owner) for c in controls})
                ],
            }
            if links:
                entry["links"] = links
            requirements.append(entry)
        if not requirements:
            continue
        implementations.append(
            {
                "uuid": stable_uuid("control-implementation", fw),
                "source": catalog_file(fw),
                "description": line(
                    f"How {system.name} {system.version} meets {loaded.catalog.label}, "
                    "as claimed by the team's controls."
                ),
                "props": [prop("framework-id", fw)],
                "implemented-requirements": requirements,
            }
        )
    component: dict[str, Any] = {
        "uuid": component_uuid(a),
        "type": "software",
        "title": line(f"{system.name} {system.version}"),
        "description": system.description.strip()
        or line(f"{system.kind.value} {system.name}, version {system.version}"),
        "props": [
            prop("version", system.version, ours=False),
            prop("system-kind", system.kind.value),
            prop("release", ws.project.release.id),
        ],
    }
    if implementations:
        component["control-implementations"] = implementations
    meta = metadata(
        f"Component definition: {system.name} {system.version}",
        a,
        when=when,
        version=ws.project.release.id,
        roles=owner_roles(a),
    )
    body = {"metadata": meta, "components": [component]}
    return {"component-definition": {"uuid": content_uuid("component-definition", body), **body}}
