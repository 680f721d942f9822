"""The one path-safety rule every reader of user-named files calls."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath


class UnsafePath(ValueError):
    """A user-named path that would leave the workspace."""


def safe_relative(root: Path, rel: str) -> Path:
    """Resolve `rel` under `root`, refusing absolute paths, `..`, and symlinks that escape.

    Returns the absolute path (which may not exist). Symlinks that stay inside are allowed.
    """
    if not rel or "\x00" in rel:
        raise UnsafePath("empty path or NUL byte in path")
    if "\\" in rel:
        raise UnsafePath("backslashes are not allowed; use '/' as the separator")
    pure = PurePosixPath(rel)
    if pure.is_absolute() or rel.startswith("~") or (len(rel) > 1 and rel[1] == ":"):
        raise UnsafePath("absolute paths are not allowed; give a path relative to the workspace")
    if any(part == ".." for part in pure.parts):
        raise UnsafePath("'..' is not allowed; evidence must stay inside the workspace")
    root = root.resolve()
    candidate = root.joinpath(*pure.parts)
    try:
        resolved = candidate.resolve(strict=False)
    except (RuntimeError, OSError) as exc:  # symlink loops
        raise UnsafePath(
            f"cannot resolve the path ({exc.__class__.__name__}: symlink loop?)"
        ) from None
    if resolved != root and root not in resolved.parents:
        raise UnsafePath(f"the path resolves outside the workspace (to {resolved})")
    return candidate


def is_within(root: Path, path: Path) -> bool:
    """True if `path` (resolved) lies inside `root` (resolved)."""
    real_root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(path))
    return real == real_root or real_root in real.parents
