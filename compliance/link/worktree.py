"""Which of the workspace's inputs differ between the working tree and HEAD.

Evidence files are compared by the evidence index (which hashed them already); the
project files and the folders the loader lists (controls/, risks/, frameworks/,
templates/, approvals/) by one `git status`. A file modified, deleted, added, staged but
not committed, untracked, or ignored by .gitignore yet read by the loader all count: each
makes the working tree say something the commit does not.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from compliance.core.errors import InputError
from compliance.core.git import open_repo, workspace_prefix
from compliance.link.evidence import EvidenceIndex, EvidenceState
from compliance.load.inputs import WorkspaceInputs


def _status(root: Path, specs: list[str], ignored: bool) -> list[str]:
    """Repository paths `git status` reports under `specs` (relative to `root`)."""
    args = [
        "git",
        "--literal-pathspecs",
        "-C",
        str(root),
        "status",
        "--porcelain=v1",
        "-z",
        "--no-renames",
        "--untracked-files=all",
        f"--ignored={'matching' if ignored else 'no'}",
        "--",
        *specs,
    ]
    try:
        out = subprocess.run(
            args,
            capture_output=True,
            check=True,
            timeout=300,
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise InputError.single(
            str(root),
            f"cannot ask git which inputs are uncommitted: {exc}",
            "check that git works in this repository",
        ) from None
    return [
        entry[3:].decode("utf-8", "surrogateescape") for entry in out.split(b"\0") if len(entry) > 3
    ]


def _differs(index: EvidenceIndex) -> set[str]:
    """Evidence files whose working-tree content is not HEAD's (the index compared them)."""
    out = set()
    for path, rec in index.records.items():
        if rec.state in (EvidenceState.MODIFIED, EvidenceState.UNTRACKED):
            out.add(path)
        elif rec.state == EvidenceState.MISSING and rec.head_blob is not None:
            out.add(path)  # committed, deleted since
        elif index.repo.head is None and rec.state != EvidenceState.MISSING:
            out.add(path)  # nothing is committed yet
    return out


def uncommitted_inputs(
    root: Path, inputs: WorkspaceInputs, index: EvidenceIndex | None = None
) -> tuple[str, ...]:
    """Workspace-relative paths of the inputs whose working-tree state is not HEAD's, sorted.

    With the working tree's evidence `index`, evidence comes from it and the rest from
    `git status` (ignored files included: the loader reads them). Without it (a run of the
    committed tree, which never hashed the working tree), one `git status` of the
    workspace answers for everything but ignored files.
    """
    repo = open_repo(root)
    prefix = workspace_prefix(repo, root)
    to_ws = f"{prefix}/" if prefix else ""
    if index is not None:
        reported = _status(root, inputs.pathspecs(evidence=False), ignored=True)
        found = _differs(index)
    else:
        reported = _status(root, ["."], ignored=False)
        found = set()
    for path in reported:
        if path.startswith(to_ws) and inputs.is_input(path[len(to_ws) :]):
            found.add(path[len(to_ws) :])
    return tuple(sorted(found))
