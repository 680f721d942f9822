"""Crosswalks as OSCAL 1.2 mapping collections (the mapping model does not exist in 1.1)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from compliance.assess.coverage import Assessment
from compliance.emit.export.oscal_catalog import control_tokens
from compliance.emit.export.oscal_common import (
    MAPPING_OSCAL_VERSION,
    catalog_file,
    metadata,
    prop,
)
from compliance.emit.export.uuids import content_uuid, stable_uuid
from compliance.load.catalogs import LoadedCrosswalk

# Our relations (source REL target) in NIST IR 8477 set-theory terms, as OSCAL names them.
RELATIONSHIP = {
    "equivalent": "equivalent-to",
    "subset-of": "subset-of",
    "superset-of": "superset-of",
    "intersects": "intersects-with",
}


def exportable(a: Assessment) -> list[LoadedCrosswalk]:
    """Crosswalks whose two catalogs are both exported (both in scope)."""
    scope = set(a.workspace.project.framework_ids)
    return [
        lx
        for lx in a.workspace.catalogs.crosswalks
        if lx.crosswalk.source in scope and lx.crosswalk.target in scope
    ]


def mapping_document(lx: LoadedCrosswalk, a: Assessment, when: datetime) -> dict[str, Any]:
    """One crosswalk as an OSCAL mapping collection between two exported catalogs."""
    cw = lx.crosswalk
    cats = a.workspace.catalogs.catalogs
    src_tokens = control_tokens(cats[cw.source])
    dst_tokens = control_tokens(cats[cw.target])
    maps: list[dict[str, Any]] = []
    for m in cw.mappings:
        maps.append(
            {
                "uuid": stable_uuid("map", cw.id, m.source, m.target),
                "relationship": RELATIONSHIP[m.relation.value],
                "sources": [
                    {
                        "type": "control",
                        "id-ref": src_tokens[m.source],
                        "props": [prop("label", m.source, ours=False)],
                    }
                ],
                "targets": [
                    {
                        "type": "control",
                        "id-ref": dst_tokens[m.target],
                        "props": [prop("label", m.target, ours=False)],
                    }
                ],
                "confidence-score": {"category": m.confidence.value},
                "remarks": m.rationale,
            }
        )
    description = cw.notes.strip() or (
        f"Crosswalk {cw.id}: how requirements of {cw.source} relate to those of {cw.target}."
    )
    provenance = {
        # Both our methods are human work: read from the source, or expert judgement.
        "method": "human",
        "matching-rationale": "semantic",
        "status": "complete",
        "mapping-description": description,
        "props": [prop("crosswalk-method", cw.method)],
    }
    if cw.author:
        provenance["remarks"] = f"Author: {cw.author}"
    extra = [prop("crosswalk-id", cw.id)]
    meta = metadata(
        f"Crosswalk {cw.source} to {cw.target}",
        a,
        when=when,
        version=cw.published.isoformat() if cw.published else "1",
        oscal_version=MAPPING_OSCAL_VERSION,
        extra_props=extra,
    )
    body = {
        "metadata": meta,
        "provenance": provenance,
        "mappings": [
            {
                "uuid": stable_uuid("mapping", cw.id),
                "source-resource": {"type": "catalog", "href": catalog_file(cw.source)},
                "target-resource": {"type": "catalog", "href": catalog_file(cw.target)},
                "maps": maps,
            }
        ],
    }
    return {"mapping-collection": {"uuid": content_uuid("mapping", body), **body}}


def mapping_file(lx: LoadedCrosswalk) -> str:
    """File name of an exported crosswalk."""
    return f"mapping-{lx.crosswalk.id}.json"
