"""The one path-safety rule every reader of user-named files calls."""

from __future__ import annotations

import os
import stat
from functools import lru_cache
from pathlib import Path


class UnsafePath(ValueError):
    """A user-named path that would leave the workspace."""


@lru_cache(maxsize=64)
def _real_root(root: str) -> str:
    # Resolved once per root and process: the index checks thousands of paths under one
    # workspace, and resolving its root for each was most of the cost (benchmarks/README.md).
    return os.path.realpath(root)


def _check_text(rel: str) -> list[str]:
    """The path's parts, or UnsafePath for text that is absolute, uses '..' or is malformed."""
    if not rel or "\x00" in rel:
        raise UnsafePath("empty path or NUL byte in path")
    if "\\" in rel:
        raise UnsafePath("backslashes are not allowed; use '/' as the separator")
    if rel[0] in "/~" or (len(rel) > 1 and rel[1] == ":"):
        raise UnsafePath("absolute paths are not allowed; give a path relative to the workspace")
    # POSIX path parts: empty parts ("a//b") and "." are no-ops, as in PurePosixPath.
    parts = [part for part in rel.split("/") if part and part != "."]
    if ".." in parts:
        raise UnsafePath("'..' is not allowed; evidence must stay inside the workspace")
    return parts


def _inside(real_root: str, real: str) -> bool:
    return real == real_root or real.startswith(real_root.rstrip("/") + "/")


_ABSENT, _LINK, _PLAIN = 0, 1, 2


def _component(path: str) -> int:
    """What one component is: absent, a link (or unreadable), or plain."""
    try:
        mode = os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return _ABSENT  # nothing below an absent component can be a link
    except OSError:
        return _LINK  # unreadable: let the full resolve decide
    return _LINK if stat.S_ISLNK(mode) else _PLAIN


def _meets_symlink(real_root: str, parts: list[str], seen: dict[str, int] | None = None) -> bool:
    """True if a component below the root is a symlink; False once a component is absent.

    `seen` remembers each component's answer across the paths of one batch (see
    PathResolver): evidence lives in a few hundred folders, not one per file.
    """
    current = real_root
    for part in parts:
        current = current + "/" + part if current != "/" else "/" + part
        if seen is None:
            kind = _component(current)
        else:
            kind = seen.get(current, -1)
            if kind < 0:
                kind = seen[current] = _component(current)
        if kind == _ABSENT:
            return False
        if kind == _LINK:
            return True
    return False


def safe_resolved(
    root: Path | str, rel: str, _seen: dict[str, int] | None = None
) -> tuple[str, str | None]:
    """`safe_relative` as text, plus the root-relative path `rel` really leads to via links.

    Returns the absolute path as a string (callers checking thousands of paths need no
    Path objects) and None when no component below the root is a symlink (the path is then
    its own real path); otherwise the resolved path relative to the root, in POSIX form.
    """
    parts = _check_text(rel)
    text_root = os.fspath(root)
    real_root = _real_root(text_root if text_root.startswith("/") else os.path.abspath(text_root))
    candidate = os.path.join(real_root, *parts)
    # Without a symlink below the root the path is the root plus its parts, already checked
    # for '..' and absoluteness; only a path that meets a link needs the full resolve.
    if not _meets_symlink(real_root, parts, _seen):
        return candidate, None
    try:
        resolved = os.fspath(Path(candidate).resolve(strict=False))
    except (RuntimeError, OSError) as exc:  # symlink loops
        raise UnsafePath(
            f"cannot resolve the path ({exc.__class__.__name__}: symlink loop?)"
        ) from None
    if not _inside(real_root, resolved):
        raise UnsafePath(f"the path resolves outside the workspace (to {resolved})")
    return candidate, os.path.relpath(resolved, real_root)


class PathResolver:
    """`safe_resolved` for many paths under one root, each path resolved once.

    The load stage checks every linked evidence path and the link stage needs the same
    answers (the absolute path, and where a link leads): one resolver gives both, and
    lstats each folder below the root once for the whole batch rather than once per file
    in it. Answers are as of the first question; use one resolver per command run.
    """

    def __init__(self, root: Path | str) -> None:
        self.root = root
        self._seen: dict[str, int] = {}
        self._done: dict[str, tuple[str, str | None] | UnsafePath] = {}

    def __call__(self, rel: str) -> tuple[str, str | None]:
        """As `safe_resolved(root, rel)`: raises UnsafePath for a path that leaves the root."""
        done = self._done.get(rel)
        if done is None:
            try:
                done = safe_resolved(self.root, rel, self._seen)
            except UnsafePath as exc:
                done = exc
            self._done[rel] = done
        if isinstance(done, UnsafePath):
            raise UnsafePath(*done.args)
        return done

    def known(self, rel: str) -> tuple[str, str | None] | None:
        """The answer already given for `rel` when it was safe, else None."""
        done = self._done.get(rel)
        return None if done is None or isinstance(done, UnsafePath) else done


def safe_relative(root: Path, rel: str) -> Path:
    """Resolve `rel` under `root`, refusing absolute paths, `..`, and symlinks that escape.

    Returns the absolute path (which may not exist). Symlinks that stay inside are allowed.
    Only the components below the (once resolved) root are looked at; a full resolve is
    done only when one of them is a symlink.
    """
    return Path(safe_resolved(root, rel)[0])


def is_within(root: Path, path: Path) -> bool:
    """True if `path` (resolved) lies inside `root` (resolved)."""
    real_root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(path))
    return real == real_root or real_root in real.parents
