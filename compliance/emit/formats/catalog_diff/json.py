"""Two editions of a catalog compared, as the JSON of `frameworks diff --format json`."""

from __future__ import annotations

import json
from typing import Any

from compliance.assess.catalog_diff import REWORD_FIELDS, CatalogDiff, Edition, word_diff
from compliance.models.catalog import Requirement


def _req_dict(req: Requirement) -> dict[str, Any]:
    return {"id": req.id, "title": req.title, "text": req.text, "parent": req.parent}


def _edition_dict(ed: Edition) -> dict[str, Any]:
    c = ed.catalog
    return {
        "path": ed.path,
        "version": c.version,
        "published": c.published.isoformat() if c.published else None,
    }


def diff_dict(result: CatalogDiff) -> dict[str, Any]:
    """The JSON shape of `compliance frameworks diff --format json`."""
    changed = []
    for ch in result.changed:
        item: dict[str, Any] = {
            "id": ch.id,
            "reworded": ch.reworded,
            "fields": list(ch.fields),
            "old": _req_dict(ch.old),
            "new": _req_dict(ch.new),
        }
        for name in REWORD_FIELDS:
            if name in ch.fields:
                item[f"{name}_diff"] = word_diff(getattr(ch.old, name), getattr(ch.new, name))
        changed.append(item)
    return {
        "catalog": result.catalog_id,
        "old": _edition_dict(result.old),
        "new": _edition_dict(result.new),
        "added": [_req_dict(r) for r in result.added],
        "removed": [_req_dict(r) for r in result.removed],
        "changed": changed,
        "controls": [
            {
                "id": ac.control_id,
                "path": ac.path,
                "line": ac.line,
                "references": [{"ref": ref, "reason": why} for ref, why in ac.references],
            }
            for ac in result.controls
        ],
        "workspace_checked": result.workspace is not None,
    }


def render(result: CatalogDiff, **_options: Any) -> str:
    return json.dumps(diff_dict(result), indent=2, ensure_ascii=False) + "\n"
