"""All OSCAL documents of one assessment, checked and serialised the same way every time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from compliance.core.atomic import atomic_write
from compliance.emit.export.oscal_assessment_results import assessment_results_document
from compliance.emit.export.oscal_catalog import catalog_document
from compliance.emit.export.oscal_common import catalog_file
from compliance.emit.export.oscal_component import component_document
from compliance.emit.export.oscal_mapping import exportable, mapping_document, mapping_file
from compliance.emit.export.oscal_poam import poam_document
from compliance.emit.export.oscal_profile import profile_document, profile_file, profiled
from compliance.emit.export.uuids import duplicate_identifiers
from compliance.pipeline import Run


class OscalExportError(RuntimeError):
    """An exported document breaks a rule the schemas do not check (a bug, not bad input)."""


def oscal_documents(run: Run) -> dict[str, dict[str, Any]]:
    """File name -> OSCAL document, for every catalog in scope and the system's results."""
    a, when = run.assessment, run.output_date.when
    docs: dict[str, dict[str, Any]] = {}
    for loaded in a.workspace.in_scope():
        docs[catalog_file(loaded.catalog.id)] = catalog_document(loaded, a, when)
    for loaded, scope in profiled(a):
        docs[profile_file(loaded.catalog.id)] = profile_document(loaded, scope, a, when)
    docs["component-definition.json"] = component_document(a, when)
    docs["assessment-results.json"] = assessment_results_document(a, when)
    docs["poam.json"] = poam_document(a, when)
    for lx in exportable(a):
        docs[mapping_file(lx)] = mapping_document(lx, a, when)
    for name, doc in docs.items():
        duplicates = duplicate_identifiers(doc)
        if duplicates:
            raise OscalExportError(f"{name}: {'; '.join(duplicates)}")
    return dict(sorted(docs.items()))


def dumps(document: dict[str, Any]) -> bytes:
    """Stable JSON bytes: fixed indentation, UTF-8, trailing newline."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def oscal_files(run: Run) -> dict[str, bytes]:
    """File name -> serialised bytes of every OSCAL document."""
    return {name: dumps(doc) for name, doc in oscal_documents(run).items()}


def write_oscal(run: Run, out: Path) -> list[Path]:
    """Write every OSCAL document into `out` (all built before any is written)."""
    files = oscal_files(run)
    written = []
    for name, data in files.items():
        atomic_write(out / name, data)
        written.append(out / name)
    return written
