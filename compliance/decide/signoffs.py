"""Sign-off records: who approved which release at which commit, and whether it still holds.

An approval is a small YAML file in `approvals/` (the folder is set by `gate.approvals_dir`)
naming the release id and the approved commit. Committing the approval necessarily makes a
new commit, so a record is valid when its commit is HEAD or an ancestor of HEAD and no
commit since then changed an input of the workspace (compliance.load.inputs: the project,
controls, risks, catalogs, templates, and the evidence and logs the assessment reads),
approval records aside. A commit elsewhere in the repository (a monorepo's src/app.py)
voids nothing. One `git log` over the history answers that for every record at once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import git

from compliance.core.errors import InputError, ProblemCollector
from compliance.load.inputs import WorkspaceInputs
from compliance.load.sources import FileSource
from compliance.load.workspace import Workspace
from compliance.load.yaml_files import load_model
from compliance.models.gate import ApprovalRecord


@dataclass(frozen=True)
class Approval:
    """One approval record as written, with where it was written."""

    path: str
    line: int | None
    record: ApprovalRecord


@dataclass(frozen=True)
class ApprovalCheck:
    """Whether one approval counts for this release at HEAD, and why (not)."""

    approval: Approval
    valid: bool
    reason: str
    commit: str | None
    """The full id of the approved commit when it was found in HEAD's history."""
    changed: tuple[str, ...] = ()
    """Workspace inputs changed between the approved commit and HEAD (what voids it)."""


def read_approvals(source: FileSource, folder: str) -> list[Approval]:
    """Every approvals/*.yaml record, validated; all problems are reported at once."""
    collector = ProblemCollector()
    out: list[Approval] = []
    for rel in source.list(folder, (".yaml", ".yml")):
        try:
            record, parsed = load_model(ApprovalRecord, rel, source.read(rel))
        except InputError as exc:
            collector.extend(exc)
            continue
        line, _ = parsed.where(())
        out.append(Approval(rel, line, record))
    collector.raise_if_any()
    return out


@dataclass
class _History:
    parents: dict[str, tuple[str, ...]]
    changed: dict[str, list[str]]
    """Commit -> the workspace inputs it changed (workspace-relative), approvals aside."""


def _history(repo: git.Repo, ws_prefix: str, inputs: WorkspaceInputs, rev: str) -> _History:
    """Every commit reachable from `rev` with its parents and the files it changed, in one call."""
    out = repo.git.log(
        "--format=%x1e%H%x1f%P",
        "--name-only",
        "-z",
        "--no-renames",
        # a merge counts with what it brought in relative to its first parent
        "--diff-merges=first-parent",
        rev,
        "--",
        stdout_as_string=False,
    )
    parents: dict[str, tuple[str, ...]] = {}
    changed: dict[str, list[str]] = {}
    prefix = f"{ws_prefix}/" if ws_prefix else ""
    for record in out.split(b"\x1e"):
        if not record.strip():
            continue
        fields = record.split(b"\x00")
        sha, _, parent_text = fields[0].decode().partition("\x1f")
        parents[sha] = tuple(parent_text.split())
        names = [f.strip(b"\n").decode("utf-8", "surrogateescape") for f in fields[1:]]
        rels = [n[len(prefix) :] for n in names if n and n.startswith(prefix)]
        changed[sha] = sorted(r for r in rels if inputs.is_input(r, approvals=False))
    return _History(parents, changed)


def _ancestors(history: _History, start: str) -> set[str]:
    seen = {start}
    queue = deque([start])
    while queue:
        for parent in history.parents.get(queue.popleft(), ()):
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
    return seen


def check_approvals(
    workspace: Path,
    approvals: Iterable[Approval],
    release_id: str,
    inputs: WorkspaceInputs,
    rev: str = "HEAD",
) -> list[ApprovalCheck]:
    """Judge each approval against the history of `rev` (one git call for all of them).

    An approval is voided only by a later commit that changed one of `inputs`.
    """
    approvals = list(approvals)
    if not approvals:
        return []
    from compliance.core.git import open_repo, workspace_prefix

    repo = open_repo(workspace)
    ws_prefix = workspace_prefix(repo, workspace)
    try:
        history = _history(repo, ws_prefix, inputs, rev)
    except git.GitCommandError:  # no commits yet
        history = _History({}, {})
    head = next(iter(history.parents), None)
    checks: list[ApprovalCheck] = []
    for approval in approvals:
        checks.append(_check(approval, history, head, release_id))
    return checks


def review_approvals(
    ws: Workspace, inputs: WorkspaceInputs, head: str | None = None
) -> list[ApprovalCheck]:
    """Every approval record of the workspace as read (working tree or a commit), judged
    against the history of the assessed commit: the source's commit, else `head` (the
    commit the evidence index saw, never the symbolic HEAD, which may move meanwhile)."""
    commit = getattr(ws.source, "commit", None)
    rev = getattr(commit, "hexsha", None) or head or "HEAD"
    approvals = read_approvals(ws.source, inputs.approvals_dir)
    return check_approvals(ws.root, approvals, ws.project.release.id, inputs, rev)


def _check(
    approval: Approval, history: _History, head: str | None, release_id: str
) -> ApprovalCheck:
    rec = approval.record
    if rec.release != release_id:
        return ApprovalCheck(
            approval, False, f"names release {rec.release!r}, not {release_id!r}", None
        )
    wanted = rec.commit.lower()
    matches = [sha for sha in history.parents if sha.startswith(wanted)]
    if len(matches) > 1:
        return ApprovalCheck(approval, False, f"commit {rec.commit} is ambiguous", None)
    if not matches:
        return ApprovalCheck(
            approval,
            False,
            f"commit {rec.commit} is not HEAD or an ancestor of HEAD "
            "(another branch, rewritten history, or beyond a shallow clone's boundary)",
            None,
        )
    sha = matches[0]
    if sha == head:
        return ApprovalCheck(approval, True, f"approves HEAD {sha[:12]}", sha)
    before = _ancestors(history, sha)
    changed = sorted(
        {name for c in history.parents if c not in before for name in history.changed[c]}
    )
    if changed:
        shown = ", ".join(changed[:3]) + (" ..." if len(changed) > 3 else "")
        what = "input has" if len(changed) == 1 else "inputs have"
        return ApprovalCheck(
            approval,
            False,
            f"void: approves {sha[:12]}, but {len(changed)} workspace {what} changed since: "
            f"{shown}",
            sha,
            tuple(changed),
        )
    return ApprovalCheck(
        approval, True, f"approves {sha[:12]}; no workspace input changed since", sha
    )
