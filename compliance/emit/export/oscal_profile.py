"""The tailoring of a framework in compliance.yaml as an OSCAL 1.1.3 profile.

One profile per tailored or voluntarily adopted framework. It imports the exported catalog
(`catalog-<id>.json` beside it) and selects controls by id: `include-controls` lists the
requirements the tailoring includes (or `include-all` when it includes everything),
`exclude-controls` those it excludes. OSCAL's selectors carry no remarks, so each exclusion's
justification is a metadata prop (`tailoring-exclusion`, value = the control id, remarks =
the justification), and the adoption (required or voluntary) is a metadata prop too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from compliance.assess.coverage import Assessment
from compliance.assess.tailoring import matches
from compliance.emit.export.oscal_catalog import control_tokens
from compliance.emit.export.oscal_common import catalog_file, metadata, prop
from compliance.emit.export.uuids import content_uuid
from compliance.load.catalogs import LoadedCatalog
from compliance.models.project import FrameworkScope, Selector


def profile_file(framework: str) -> str:
    return f"profile-{framework}.json"


def profiled(a: Assessment) -> list[tuple[LoadedCatalog, FrameworkScope]]:
    """Frameworks in scope that compliance.yaml tailors or adopts voluntarily."""
    ws = a.workspace
    out = []
    for loaded in ws.in_scope():
        scope = ws.project.scope(loaded.catalog.id)
        if scope is not None and (scope.tailored or scope.voluntary):
            out.append((loaded, scope))
    return out


def _ids(loaded: LoadedCatalog, sels: list[Selector], tokens: dict[str, str]) -> list[str]:
    picked = [tokens[r.id] for r in loaded.assessable() if any(matches(s, loaded, r) for s in sels)]
    return sorted(set(picked))


def profile_document(
    loaded: LoadedCatalog, scope: FrameworkScope, a: Assessment, when: datetime
) -> dict[str, Any]:
    cat = loaded.catalog
    tokens = control_tokens(loaded)
    imp: dict[str, Any] = {"href": catalog_file(cat.id)}
    if scope.include:
        imp["include-controls"] = [{"with-ids": _ids(loaded, scope.include, tokens)}]
    else:
        imp["include-all"] = {}
    excluded = [(ex, _ids(loaded, [ex], tokens)) for ex in scope.exclude]
    all_excluded = sorted({t for _, ids in excluded for t in ids})
    if all_excluded:
        imp["exclude-controls"] = [{"with-ids": all_excluded}]
    extra = [
        prop("framework-id", cat.id),
        prop("adoption", scope.adoption.value),
    ]
    if scope.include:
        extra.append(
            prop("tailoring-inclusion", "include-controls", remarks=scope.justification.strip())
        )
    for ex, ids in excluded:
        for tok in ids:
            extra.append(prop("tailoring-exclusion", tok, remarks=ex.justification.strip()))
    system = a.workspace.project.system
    meta = metadata(
        f"{system.name} {system.version}: tailoring of {cat.label}",
        a,
        when=when,
        version=system.version,
        extra_props=extra,
    )
    body: dict[str, Any] = {
        "metadata": meta,
        "imports": [imp],
        "merge": {"as-is": True},
    }
    return {"profile": {"uuid": content_uuid("profile", body), **body}}
