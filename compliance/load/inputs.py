"""The workspace's inputs: every file whose content can change what the tool says.

Defined once, here, and used for three questions:

- is this run a DRAFT? (an input differs from the commit the outputs name; link/worktree.py)
- does a commit void an approval? (it changed an input other than an approval record;
  decide/signoffs.py)
- which commits belong in a report's version history? (those that changed an input;
  link/evidence.py)

The inputs are what the pipeline loads: compliance.yaml, model.yaml, training-data.yaml,
controls/, risks/, the workspace's catalogs (frameworks/), its template overrides
(templates/), and every evidence file, evaluation log, incident log and approval record the
assessment and the gate read. Nothing else in the repository is an input: in a monorepo a
commit to src/app.py changes nothing the tool says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from compliance.core.project import PROJECT_FILE

PROJECT_FILES = (PROJECT_FILE, "model.yaml", "training-data.yaml")
"""Single files at the top of the workspace."""
YAML = (".yaml", ".yml")
INPUT_FOLDERS: dict[str, tuple[str, ...] | None] = {
    "controls": YAML,
    "risks": YAML,
    "frameworks": YAML,
    "templates": None,
}
"""Folders the loader reads, with the suffixes it reads there (None: every file)."""
RENDER_ONLY = ("templates/",)
"""Inputs only a rendered report reads (`check` and `gate` never look at them)."""


@dataclass(frozen=True)
class WorkspaceInputs:
    """The inputs of one workspace, by workspace-relative POSIX path."""

    evidence: frozenset[str]
    """Files the assessment and the gate read (including approval records)."""
    approvals_dir: str = "approvals"

    def is_input(self, rel: str, *, approvals: bool = True) -> bool:
        """Whether a change to `rel` can change an output; `approvals=False` leaves out
        the approval records (a sign-off is not voided by the next sign-off)."""
        if self.is_approval(rel):
            return approvals and (rel in self.evidence or rel.endswith(YAML))
        if rel in self.evidence or rel in PROJECT_FILES:
            return True
        folder, sep, rest = rel.partition("/")
        if not sep or folder not in INPUT_FOLDERS:
            return False
        if any(part.startswith(".") for part in rest.split("/")):
            return False  # the loader skips hidden files and folders
        suffixes = INPUT_FOLDERS[folder]
        return suffixes is None or rel.endswith(suffixes)

    def is_approval(self, rel: str) -> bool:
        return rel.startswith(self.approvals_dir.rstrip("/") + "/")

    def pathspecs(self, evidence: bool = True) -> list[str]:
        """Workspace-relative paths that cover the inputs (for `git status`); without
        `evidence`, only the project files and the folders the loader lists."""
        listed = {*PROJECT_FILES, *INPUT_FOLDERS, self.approvals_dir.rstrip("/")}
        return sorted(listed | self.evidence if evidence else listed)


def workspace_inputs(evidence: Iterable[str], approvals_dir: str = "approvals") -> WorkspaceInputs:
    """The inputs of a workspace whose assessment and gate read the files in `evidence`."""
    return WorkspaceInputs(frozenset(evidence), approvals_dir)


def only_assessed(paths: Iterable[str], inputs: WorkspaceInputs) -> list[str]:
    """The paths among `paths` that `check` reads: render-only inputs, and approval
    records no gate rule reads, left out."""
    return [
        p
        for p in paths
        if not p.startswith(RENDER_ONLY) and (p in inputs.evidence or not inputs.is_approval(p))
    ]
