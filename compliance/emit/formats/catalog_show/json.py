"""A catalog (or one requirement) as the flat JSON shape of `frameworks show`."""

from __future__ import annotations

import json
from typing import Any

from compliance.core.ids import format_ref
from compliance.load.catalogs import CatalogSet, LoadedCatalog


def _req_dict(loaded: LoadedCatalog, req_id: str) -> dict[str, Any]:
    req = loaded.by_id[req_id]
    return {
        "id": req.id,
        "title": req.title,
        "text": req.text,
        "parent": req.parent,
        "kind": req.kind.value,
        "source": req.source,
        "source_url": loaded.source_url(req),
        "applicability": sorted(a.value for a in loaded.applicability(req)),
        "risks": list(req.risks),
        "refs": list(req.refs),
        "verified": req.verified,
        "note": req.note,
    }


def catalog_dict(
    loaded: LoadedCatalog, cats: CatalogSet, only: str | None = None
) -> dict[str, Any]:
    """Metadata plus a flat `requirements` list (id, title, text, parent, ...)."""
    c = loaded.catalog
    ids = [only] if only else [r.id for r in c.requirements]
    reqs = []
    for rid in ids:
        item = _req_dict(loaded, rid)
        item["crosswalk"] = [
            {
                "ref": n.ref,
                "relation": n.relation,
                "rationale": n.rationale,
                "crosswalk": n.crosswalk,
            }
            for n in cats.neighbours.get(format_ref(c.id, rid), [])
        ]
        reqs.append(item)
    return {
        "id": c.id,
        "title": c.title,
        "short_title": c.short_title,
        "publisher": c.publisher,
        "version": c.version,
        "published": c.published.isoformat() if c.published else None,
        "source_url": c.source_url,
        "licence": c.licence,
        "jurisdiction": c.jurisdiction,
        "verified": c.verified,
        "notes": c.notes,
        "requirements": reqs,
    }


def render(value: tuple[LoadedCatalog, CatalogSet, str | None], **_options: Any) -> str:
    loaded, cats, requirement = value
    return json.dumps(catalog_dict(loaded, cats, requirement), indent=2, ensure_ascii=False) + "\n"
