"""Small helpers shared by the catalog tests."""

from __future__ import annotations

from compliance.load.catalogs import LoadedCatalog


def children(loaded: LoadedCatalog, parent: str | None) -> list[str]:
    """Ids of the direct children of `parent` (None: top level), in catalog order."""
    return [r.id for r in loaded.children.get(parent, [])]
