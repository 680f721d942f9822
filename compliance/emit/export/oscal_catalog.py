"""A framework catalog as an OSCAL catalog: groups as groups, requirements as controls."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any

from compliance.assess.coverage import Assessment
from compliance.emit.export.oscal_common import NS, iso, line, metadata, prop
from compliance.emit.export.uuids import content_uuid, stable_uuid, token_map
from compliance.load.catalogs import LoadedCatalog
from compliance.models.catalog import Requirement, RequirementKind


@cache
def _tokens(catalog_id: str, ids: tuple[str, ...]) -> dict[str, str]:
    return token_map(ids)


def control_tokens(loaded: LoadedCatalog) -> dict[str, str]:
    """Requirement id -> OSCAL control (or group) id, stable for a catalog's id set."""
    return _tokens(loaded.catalog.id, tuple(r.id for r in loaded.catalog.requirements))


def _is_group(loaded: LoadedCatalog, req: Requirement) -> bool:
    # OSCAL groups may only sit in groups; a heading below a control becomes a control.
    if req.kind != RequirementKind.GROUP:
        return False
    return req.parent is None or _is_group(loaded, loaded.by_id[req.parent])


def _props(loaded: LoadedCatalog, req: Requirement) -> list[dict[str, Any]]:
    props = [prop("label", req.id, ours=False)]
    props.append(prop("requirement-kind", req.kind.value))
    props.append(prop("assessable", "true" if loaded.is_assessable(req) else "false"))
    props.extend(prop("applicability", a.value) for a in req.applicability)
    props.append(prop("verified", "true" if req.verified else "false"))
    props.extend(prop("addresses-risk", r) for r in req.risks)
    props.extend(prop("reference", r) for r in req.refs)
    return props


def _node(loaded: LoadedCatalog, req: Requirement, tokens: dict[str, str]) -> dict[str, Any]:
    tok = tokens[req.id]
    node: dict[str, Any] = {"id": tok, "class": req.kind.value, "title": line(req.title)}
    node["props"] = _props(loaded, req)
    link: dict[str, Any] = {"href": loaded.catalog.source_url, "rel": "reference"}
    if req.source:
        link["text"] = line(req.source)
    node["links"] = [link]
    parts: list[dict[str, Any]] = []
    if req.text.strip():
        parts.append({"id": f"{tok}_smt", "name": "statement", "prose": req.text.strip()})
    if req.note.strip():
        parts.append(
            {"id": f"{tok}_note", "name": "transcription-note", "ns": NS, "prose": req.note.strip()}
        )
    if parts:
        node["parts"] = parts
    groups: list[dict[str, Any]] = []
    controls: list[dict[str, Any]] = []
    for child in loaded.children.get(req.id, []):
        target = groups if _is_group(loaded, child) else controls
        target.append(_node(loaded, child, tokens))
    if groups:
        node["groups"] = groups
    if controls:
        node["controls"] = controls
    return node


def catalog_document(loaded: LoadedCatalog, a: Assessment, when: datetime) -> dict[str, Any]:
    """The OSCAL catalog of one framework, official text as statement parts."""
    cat = loaded.catalog
    tokens = control_tokens(loaded)
    groups: list[dict[str, Any]] = []
    controls: list[dict[str, Any]] = []
    for top in loaded.children.get(None, []):
        target = groups if _is_group(loaded, top) else controls
        target.append(_node(loaded, top, tokens))
    extra = [prop("framework-id", cat.id), prop("verified", "true" if cat.verified else "false")]
    if cat.jurisdiction:
        extra.append(prop("jurisdiction", cat.jurisdiction))
    meta = metadata(cat.title, a, when=when, version=cat.version, extra_props=extra)
    if cat.published is not None:
        meta["published"] = iso(datetime(*cat.published.timetuple()[:3], tzinfo=UTC))
    publisher = stable_uuid("party", cat.publisher)
    meta["links"] = [{"href": cat.source_url, "rel": "canonical"}]
    meta["roles"] = [{"id": "publisher", "title": "Publisher"}]
    meta["parties"] = [{"uuid": publisher, "type": "organization", "name": line(cat.publisher)}]
    meta["responsible-parties"] = [{"role-id": "publisher", "party-uuids": [publisher]}]
    if cat.licence or cat.notes:
        meta["remarks"] = "\n\n".join(t.strip() for t in (cat.licence, cat.notes) if t.strip())
    body: dict[str, Any] = {"metadata": meta}
    if groups:
        body["groups"] = groups
    if controls:
        body["controls"] = controls
    body["back-matter"] = {
        "resources": [
            {
                "uuid": stable_uuid("source", cat.id, cat.version),
                "title": line(cat.title),
                "citation": {"text": line(f"{cat.publisher}, {cat.title}, {cat.version}")},
                "rlinks": [{"href": cat.source_url}],
            }
        ]
    }
    return {"catalog": {"uuid": content_uuid("catalog", body), **body}}
