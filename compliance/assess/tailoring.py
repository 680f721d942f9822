"""Tailoring a framework in scope, as an OSCAL profile does: include and exclude by id,
group or risk, each exclusion with its justification (docs/tailoring.md)."""

from __future__ import annotations

from compliance.load.catalogs import LoadedCatalog
from compliance.models.catalog import Requirement
from compliance.models.project import FrameworkScope, Selector


def matches(sel: Selector, loaded: LoadedCatalog, req: Requirement) -> bool:
    """True if the selector picks this requirement (by id, any ancestor group, or risk)."""
    if req.id in sel.ids:
        return True
    if sel.groups and any(a.id in sel.groups for a in [req, *loaded.ancestors(req)]):
        return True
    return bool(sel.risks) and any(r in sel.risks for r in req.risks)


def tailored_out(scope: FrameworkScope, loaded: LoadedCatalog, req: Requirement) -> str | None:
    """Why tailoring takes this requirement out of scope, or None if it stays in."""
    for ex in scope.exclude:
        if matches(ex, loaded, req):
            return f"excluded by tailoring in compliance.yaml: {ex.justification}"
    if scope.include and not any(matches(s, loaded, req) for s in scope.include):
        return f"not included by the tailoring in compliance.yaml: {scope.justification}"
    return None


def describe(scope: FrameworkScope) -> str:
    """One line on how a framework is tailored and adopted, for reports."""
    parts = []
    if scope.voluntary:
        parts.append("adopted voluntarily: its gaps do not set `check`'s exit code")
    for sel in scope.include:
        parts.append("include " + _sel(sel))
    for ex in scope.exclude:
        parts.append("exclude " + _sel(ex))
    return "; ".join(parts)


def _sel(sel: Selector) -> str:
    bits = [
        f"{k} {', '.join(v)}"
        for k, v in (("ids", sel.ids), ("groups", sel.groups), ("risks", sel.risks))
        if v
    ]
    return " and ".join(bits)
