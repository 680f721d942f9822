"""The catalogs available, as JSON rows."""

from __future__ import annotations

import json
from typing import Any

from compliance.load.catalogs import CatalogSet


def rows(cats: CatalogSet) -> list[dict[str, Any]]:
    """One row per catalog, sorted by id."""
    out = []
    for cid, lc in sorted(cats.catalogs.items()):
        c = lc.catalog
        out.append(
            {
                "id": cid,
                "title": c.title,
                "short_title": c.short_title or c.title,
                "version": c.version,
                "published": c.published.isoformat() if c.published else None,
                "requirements": sum(1 for _ in lc.assessable()),
                "verified": c.verified,
                "builtin": lc.builtin,
            }
        )
    return out


def render(cats: CatalogSet, **_options: Any) -> str:
    return json.dumps(rows(cats), indent=2) + "\n"
