"""Where workspace files are read from: the working tree (or, later, a git tree)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol


class FileSource(Protocol):
    """Read-only access to a workspace's files by repository-relative POSIX path."""

    def list(self, folder: str, suffixes: tuple[str, ...]) -> list[str]:
        """Files directly or recursively under `folder` ending in one of `suffixes`, sorted."""
        ...

    def read(self, path: str) -> bytes:
        """The bytes of one file."""
        ...

    def exists(self, path: str) -> bool: ...


class DiskSource:
    """The workspace as it is on disk."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def list(self, folder: str, suffixes: tuple[str, ...]) -> list[str]:
        base = self.root / folder
        if not base.is_dir():
            return []
        found: list[str] = []
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in filenames:
                if name.endswith(suffixes) and not name.startswith("."):
                    found.append((Path(dirpath) / name).relative_to(self.root).as_posix())
        return sorted(found)

    def read(self, path: str) -> bytes:
        return (self.root / path).read_bytes()

    def exists(self, path: str) -> bool:
        return (self.root / path).is_file()
