"""SARIF 2.1.0, shared by the coverage and gate formats: code-scanning views show each
finding where it is fixed.

Paths are relative to the repository root (uriBaseId %SRCROOT%), as GitHub code scanning
expects. No timestamps: the same commit gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from compliance import __version__
from compliance.assess.coverage import Assessment

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
BASE = "%SRCROOT%"


def prefix(assessment: Assessment) -> str:
    """The workspace's folder inside the repository ('' at the root), for repo-relative URIs."""
    return assessment.index.repo.to_repo


def split(location: str) -> tuple[str, int | None]:
    """'controls/x.yaml:12' -> ('controls/x.yaml', 12)."""
    path, _, line = location.rpartition(":")
    if path and line.isdigit():
        return path, int(line)
    return location, None


def physical(prefix: str, location: str) -> dict[str, Any]:
    path, line = split(location)
    loc: dict[str, Any] = {"artifactLocation": {"uri": prefix + path, "uriBaseId": BASE}}
    if line is not None:
        loc["region"] = {"startLine": line}
    return {"physicalLocation": loc}


def document(rules: list[dict[str, Any]], results: list[dict[str, Any]], head: str | None) -> str:
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "compliance-docs",
                "version": __version__,
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if head:
        run["properties"] = {"commit": head}
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
