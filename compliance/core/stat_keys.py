"""The pieces both caches share: stat keys like git's index, and JSON records on disk.

A record is trusted only if it parses, is a JSON object and carries the caller's format
number; writing one never fails loudly (a read-only workspace simply gets no cache).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from pathlib import Path
from typing import Any

from compliance.core.atomic import atomic_write


def stat_key_of(st: os.stat_result) -> list[int]:
    """Size, times, inode, device and mode: what git's index compares to spot a change."""
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev, st.st_mode]


def stat_key(path: str | Path) -> list[int] | None:
    """The stat key of a file, or None if it does not exist or cannot be read."""
    try:
        return stat_key_of(os.stat(path))
    except (OSError, ValueError):
        return None


def load_record(path: Path, fmt: int) -> dict[str, Any] | None:
    """A record's JSON object if it is ours and of format `fmt`; None for anything else."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("format") != fmt:
        return None
    return data


def store_record(path: Path, fmt: int, data: dict[str, Any]) -> None:
    """Write a record; failure (read-only workspace, full disk) is silent and harmless."""
    with contextlib.suppress(OSError, ValueError, TypeError):
        atomic_write(
            path,
            json.dumps({"format": fmt, **data}, separators=(",", ":"), ensure_ascii=False),
        )


def git_state(workspace: Path) -> list[str] | None:
    """HEAD's commit and symbolic name, and the shallow file's stat key; None if unknown."""
    try:
        out = subprocess.run(
            # --symbolic-full-name applies to the arguments after it: the commit first.
            ["git", "rev-parse", "--absolute-git-dir", "HEAD", "--symbolic-full-name", "HEAD"],
            cwd=workspace,
            capture_output=True,
            check=True,
            timeout=30,
        ).stdout.decode("utf-8", "surrogateescape")
    except (OSError, subprocess.SubprocessError):
        return None  # no git, no commits yet: nothing to key the cache on
    lines = out.splitlines()
    if len(lines) != 3:
        return None
    git_dir, sha, symbolic = lines
    return [sha, symbolic, json.dumps(stat_key(Path(git_dir) / "shallow"))]
