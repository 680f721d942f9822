"""How every output says DRAFT: one wording, read from the Run (pipeline.Run.draft).

A draft is a run of the working tree (`--worktree`) in which an input differs from the
commit the outputs name. Its terminal text, JSON, SARIF, PDFs and packet manifest all say
so and list the modified inputs; nothing else in emit decides what a draft is.
"""

from __future__ import annotations

from typing import Any

from compliance.core.wording import count, plural
from compliance.pipeline import Run

LISTED = 12
"""Inputs named in one-line notices; the JSON and the packet manifest list them all."""


def _names(paths: tuple[str, ...], limit: int = LISTED) -> str:
    shown = ", ".join(paths[:limit])
    more = len(paths) - limit
    return shown + (f" and {more} more" if more > 0 else "")


def against(run: Run) -> str:
    """What the draft differs from: 'commit abc123def456' or 'no commit (none yet)'."""
    return f"commit {run.commit.short}" if run.commit else "no commit (there are none yet)"


def draft_line(run: Run) -> str | None:
    """The one-line DRAFT notice, or None for a run that is exactly its commit."""
    if not run.draft:
        return None
    paths = run.modified_inputs
    n = len(paths)
    if run.commit is None:
        listed = f" ({count(n, 'input')}: {_names(paths)})" if paths else ""
        return (
            f"DRAFT: nothing is committed yet; the working tree was assessed{listed}; "
            "this is not a release decision"
        )
    return (
        f"DRAFT: the working tree was assessed with {count(n, 'uncommitted input')} "
        f"({_names(paths)}), not {against(run)} alone; "
        "this is not a release decision"
    )


def skipped_line(run: Run) -> str | None:
    """For a run of HEAD: the uncommitted inputs it did not assess, or None."""
    if run.worktree or not run.modified_inputs:
        return None
    n = len(run.modified_inputs)
    return (
        f"note: assessed {against(run)}; {count(n, 'input')} with uncommitted "
        f"changes {plural(n, 'was', 'were')} not assessed ({_names(run.modified_inputs)}); "
        "commit them, or pass --worktree for a DRAFT that includes them"
    )


def differs_line(run: Run, paths: list[str]) -> str | None:
    """For `check`, which reads the working tree: which of its inputs differ from HEAD."""
    if not run.worktree or not paths:
        return None
    n = len(paths)
    what = f"{n} inputs differ" if n != 1 else "1 input differs"
    how = "were assessed as they are" if n != 1 else "was assessed as it is"
    return f"working tree: {what} from {against(run)} and {how} on disk: {_names(tuple(paths))}"


def draft_dict(run: Run) -> dict[str, Any]:
    """The draft facts for JSON outputs (empty for a run that is exactly its commit)."""
    if not run.draft:
        return {}
    return {"draft": True, "modified_inputs": list(run.modified_inputs)}
