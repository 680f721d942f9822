"""Pieces every OSCAL document shares: version, namespace, props, metadata, dates."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from compliance import __version__
from compliance.assess.coverage import Assessment

OSCAL_VERSION = "1.1.3"
MAPPING_OSCAL_VERSION = "1.2.1"
"""The mapping model exists only from OSCAL 1.2; crosswalks are exported at this version."""

NS = "https://compliance-docs.invalid/ns/oscal"
"""Namespace of our own prop and part names, so they never clash with NIST's."""

_SPACE = re.compile(r"\s+")


def line(text: str, fallback: str = "-") -> str:
    """A single-line, trimmed string: OSCAL's string type forbids edge and line-break space."""
    return _SPACE.sub(" ", text).strip() or fallback


def prop(name: str, value: str, *, ours: bool = True, remarks: str = "") -> dict[str, Any]:
    """One OSCAL property; our own names carry our namespace."""
    out: dict[str, Any] = {"name": name, "value": line(value)}
    if ours:
        out["ns"] = NS
    if remarks:
        out["remarks"] = remarks
    return out


def iso(when: datetime) -> str:
    """An OSCAL date-time with time zone, in UTC."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def metadata(
    title: str,
    a: Assessment,
    *,
    when: datetime,
    version: str,
    oscal_version: str = OSCAL_VERSION,
    roles: dict[str, str] | None = None,
    extra_props: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Document metadata: title, the run's output date as last-modified, tool and commit."""
    head = a.index.repo.head
    props = [prop("generator", f"compliance-docs {__version__}")]
    if head is not None:
        props.append(prop("git-commit", head.sha))
    props += extra_props or []
    out: dict[str, Any] = {
        "title": line(title),
        "last-modified": iso(when),
        "version": line(version),
        "oscal-version": oscal_version,
        "props": props,
    }
    if roles:
        out["roles"] = [{"id": rid, "title": line(name)} for rid, name in sorted(roles.items())]
    return out


def catalog_file(framework: str) -> str:
    """File name of a framework's exported catalog, relative to the other documents."""
    return f"catalog-{framework}.json"
