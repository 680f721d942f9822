"""Files shipped with the tool and the workspace's own of the same kind: one may not
shadow the other's id."""

from __future__ import annotations

from typing import Protocol

from compliance.core.errors import Problem
from compliance.load.sources import FileSource
from compliance.load.yaml_files import Parsed

SUFFIXES = (".yaml", ".yml")


class Loaded(Protocol):
    path: str
    parsed: Parsed
    builtin: bool


def shadowing(kind: str, item_id: str, rel: str, new: Loaded, other: Loaded) -> Problem:
    """The problem of a workspace file whose id is already taken (built-in or another file)."""
    line, col = new.parsed.where(("id",))
    what = "built-in" if other.builtin else f"in {other.path}"
    return Problem(
        rel,
        line,
        col,
        f"{kind} id {item_id!r} shadows the {what} {kind}",
        f"give your {kind} its own id",
    )


def layered_files(
    shipped: FileSource,
    shipped_folder: str,
    shipped_label: str,
    workspace: FileSource | None,
    workspace_folder: str,
) -> list[tuple[str, bytes]]:
    """(label, bytes) of the shipped files of a folder, then the workspace's own, each read
    once; a workspace file identical to a shipped one (a copy from `init --example`) is left
    out rather than reported as a duplicate."""
    files = [
        (f"{shipped_label}/{rel}", shipped.read(rel))
        for rel in shipped.list(shipped_folder, SUFFIXES)
    ]
    shipped_bytes = {data for _, data in files}
    if workspace is not None:
        for rel in workspace.list(workspace_folder, SUFFIXES):
            data = workspace.read(rel)
            if data not in shipped_bytes:
                files.append((rel, data))
    return files
