"""Small helpers shared by the taxonomy tests."""

from __future__ import annotations


class MemorySource:
    """A workspace held in a dict of repository-relative paths to bytes."""

    def __init__(self, files: dict[str, str | bytes]) -> None:
        self.files = {
            path: data.encode("utf-8") if isinstance(data, str) else data
            for path, data in files.items()
        }

    def list(self, folder: str, suffixes: tuple[str, ...]) -> list[str]:
        base = "" if folder in ("", ".") else folder.rstrip("/") + "/"
        return sorted(p for p in self.files if p.startswith(base) and p.endswith(suffixes))

    def read(self, path: str) -> bytes:
        return self.files[path]

    def exists(self, path: str) -> bool:
        return path in self.files
