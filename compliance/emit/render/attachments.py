"""The machine-readable files embedded in every PDF: coverage.json and manifest.json."""

from __future__ import annotations

import json
from typing import Any

from compliance import __version__
from compliance.assess.coverage import Assessment
from compliance.emit.coverage_data import commit_dict, record_dict
from compliance.emit.formats.coverage.json import JsonFormat
from compliance.emit.render.context import DocumentInfo

MANIFEST_SCHEMA = "compliance-docs/pdf-manifest/1"


def coverage_json(a: Assessment) -> bytes:
    """Exactly what `compliance check --format json` prints."""
    return JsonFormat().format(a).encode("utf-8")


def manifest_dict(
    a: Assessment, doc: DocumentInfo, inputs: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Every evidence file with sha256, git blob and last commit; the tool; the commit; and
    every other input the run read (policy, controls, risks, approvals, workspace catalogs
    and templates) with its sha256, so a packet's copies of them are pinned too."""
    repo = a.index.repo
    return {
        "schema": MANIFEST_SCHEMA,
        "tool": {"name": "compliance-docs", "version": __version__},
        "document": {
            "id": doc.document_id,
            "kind": doc.kind,
            "title": doc.title,
            "date": doc.iso,
            "classification": doc.classification,
        },
        "workspace": {
            "organisation": doc.organisation["name"],
            "system": doc.system["name"],
            "system_version": doc.system["version"],
            "release": doc.release_id,
            "commit": commit_dict(repo.head),
            "branch": repo.branch,
            "shallow": repo.shallow,
            "assessment_date": a.assessment_date.isoformat(),
        },
        "evidence": [record_dict(r) for _, r in sorted(a.index.records.items())],
        "inputs": inputs or [],
    }


def manifest_json(
    a: Assessment, doc: DocumentInfo, inputs: list[dict[str, Any]] | None = None
) -> bytes:
    """The manifest serialised the same way as the coverage JSON."""
    text = json.dumps(manifest_dict(a, doc, inputs), indent=2, ensure_ascii=False) + "\n"
    return text.encode("utf-8")
