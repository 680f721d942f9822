"""Files shipped with the tool and the workspace's own of the same kind: one may not
shadow the other's id."""

from __future__ import annotations

from typing import Protocol

from compliance.core.errors import Problem
from compliance.load.yaml_files import Parsed


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
