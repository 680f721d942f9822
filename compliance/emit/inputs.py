"""Every workspace file a Run loaded or indexed: what an auditor needs to re-derive a verdict.

The list is taken from the Run (its workspace source, its evidence index and the gate's
paths), never from a walk of the disk, and the bytes are read through the workspace
source, so a packet holds exactly what was assessed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from compliance.core.git import blob_id
from compliance.core.package import shipped_dir
from compliance.core.project import PROJECT_FILE
from compliance.decide.gate import gate_paths
from compliance.load.workspace import MODEL_FILE, TRAINING_DATA_FILE
from compliance.pipeline import Run

CATALOGS_DIR = "frameworks"
TEMPLATES_DIR = "templates"
YAML = (".yaml", ".yml")
ANY = ("",)
"""Every file name ends with the empty string: list a folder whole."""


@dataclass(frozen=True)
class InputFile:
    """One file the Run read, and as what: project, model-facts, training-data, control,
    risk, approval, catalog, template, gate (a file a gate rule reads) or evidence (linked
    by a control)."""

    path: str
    read_as: tuple[str, ...]
    builtin: bool = False
    """Byte-identical to the file shipped with the tool at the same place (this repository
    is both the tool and its example): not copied, listed with its digest."""


def _shipped_same(folder: str, rel: str, data: bytes) -> bool:
    shipped = shipped_dir(folder) / rel.removeprefix(folder + "/")
    try:
        return shipped.is_file() and shipped.read_bytes() == data
    except OSError:
        return False


def workspace_inputs(run: Run) -> list[InputFile]:
    """Every file the Run loaded (project, controls, risks, approvals, workspace catalogs
    and templates) or indexed (evidence and gate inputs), sorted by path."""
    ws = run.workspace
    source = ws.source
    found: dict[str, set[str]] = {}

    def add(path: str, what: str) -> None:
        found.setdefault(path, set()).add(what)

    if source.exists(PROJECT_FILE):
        add(PROJECT_FILE, "project")
    for rel, what in ((MODEL_FILE, "model-facts"), (TRAINING_DATA_FILE, "training-data")):
        if source.exists(rel):
            add(rel, what)
    for rel in source.list("controls", YAML):
        add(rel, "control")
    for rel in source.list("risks", YAML):
        add(rel, "risk")
    policy = ws.project.gate
    approvals = policy.approvals_dir if policy is not None else "approvals"
    for rel in source.list(approvals, YAML):
        add(rel, "approval")
    for rel in source.list(CATALOGS_DIR, YAML):
        add(rel, "catalog")
    for rel in source.list(TEMPLATES_DIR, ANY):
        add(rel, "template")
    linked = {link.path for lc in ws.controls for link in lc.control.evidence}
    gate = set(gate_paths(ws))
    for rel in run.index.records:
        if rel in linked:
            add(rel, "evidence")
        if rel in gate:
            add(rel, "gate")
    out = []
    for path in sorted(found):
        kinds = found[path]
        builtin = False
        if kinds <= {"catalog"} or kinds <= {"template"}:
            folder = CATALOGS_DIR if "catalog" in kinds else TEMPLATES_DIR
            builtin = _shipped_same(folder, path, read_input(run, path, _BIG))
        out.append(InputFile(path, tuple(sorted(kinds)), builtin))
    return out


_BIG = 64 * 1024 * 1024
"""Catalogs and templates are compared with the shipped ones up to this size."""


def read_input(run: Run, path: str, max_bytes: int) -> bytes:
    """One input's bytes through the workspace source (never from disk directly)."""
    return run.evidence.read(path, max_bytes)


def input_records(run: Run) -> list[dict[str, Any]]:
    """The loaded inputs that are not evidence-index records, with their digests: what each
    PDF's embedded manifest pins beside the evidence (the policy, controls, risks...)."""
    out = []
    for item in workspace_inputs(run):
        if item.path in run.index.records:
            continue
        data = read_input(run, item.path, _BIG)
        out.append(
            {
                "path": item.path,
                "read_as": list(item.read_as),
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
                "git_blob": blob_id(data),
                **({"builtin": True} if item.builtin else {}),
            }
        )
    return out
