"""The catalogs available, one line each."""

from __future__ import annotations

from typing import Any

from compliance.emit.formats.catalog_list.json import rows
from compliance.load.catalogs import CatalogSet


def render(cats: CatalogSet, **_options: Any) -> str:
    lines = []
    listed = rows(cats)
    width = max((len(r["id"]) for r in listed), default=0)
    for r in listed:
        flag = "" if r["verified"] else "  (unverified items)"
        origin = "built-in" if r["builtin"] else "workspace"
        lines.append(
            f"{r['id']:<{width}} {r['requirements']:>4} reqs  {origin:<9} {r['short_title']}{flag}"
        )
    return "".join(f"{line}\n" for line in lines)
