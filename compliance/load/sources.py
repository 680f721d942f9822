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

    def read(self, path: str, max_bytes: int | None = None) -> bytes:
        """The bytes of one file; over `max_bytes` (default: the YAML limit) an InputError."""
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

    def read(self, path: str, max_bytes: int | None = None) -> bytes:
        """The file's bytes; unsafe, oversized or unreadable files are an InputError."""
        from compliance.core.errors import InputError
        from compliance.core.paths import UnsafePath, safe_relative
        from compliance.load.yaml_files import MAX_BYTES

        try:
            # A listed file may be a symlink: one leaving the workspace must not be read,
            # or its contents could leak into error messages and outputs.
            full = safe_relative(self.root, path)
        except UnsafePath as exc:
            raise InputError.single(
                path, f"refused: {exc}", "keep workspace files inside it"
            ) from None
        try:
            size = full.stat().st_size
            limit = MAX_BYTES if max_bytes is None else max_bytes
            if size > limit:
                # Refused from its size alone: a huge file is never read into memory.
                raise InputError.single(
                    path, f"file is {size} bytes, over the {limit}-byte limit", "split it up"
                )
            return full.read_bytes()
        except OSError as exc:
            raise InputError.single(
                path,
                f"cannot read the file: {exc.strerror or exc}",
                "check that it is a readable file",
            ) from None

    def exists(self, path: str) -> bool:
        return (self.root / path).is_file()


class GitTreeSource:
    """The workspace as committed at one git revision, read without checking it out."""

    def __init__(self, workspace: Path, rev: str) -> None:
        import git

        from compliance.core.errors import InputError
        from compliance.core.git import open_repo, repo_root, workspace_prefix

        self.repo = open_repo(workspace)
        root = repo_root(self.repo, workspace)
        resolved = workspace.resolve()
        prefix = workspace_prefix(self.repo, workspace)
        self.prefix = f"{prefix}/" if prefix else ""
        try:
            self.commit = self.repo.commit(rev)
        except (git.BadName, ValueError) as exc:
            raise InputError.single(
                rev, f"not a git revision in {root}: {exc}", "use a tag, branch or commit id"
            ) from None
        self.rev = rev
        self.root = resolved
        self._blobs: dict[str, object] = {}
        for item in self.commit.tree.traverse():
            if item.type == "blob" and item.path.startswith(self.prefix):
                self._blobs[item.path[len(self.prefix) :]] = item

    def list(self, folder: str, suffixes: tuple[str, ...]) -> list[str]:
        base = "" if folder in ("", ".") else folder.rstrip("/") + "/"
        return sorted(
            p
            for p in self._blobs
            if p.startswith(base)
            and p.endswith(suffixes)
            and not any(part.startswith(".") for part in p.split("/"))
        )

    def read(self, path: str, max_bytes: int | None = None) -> bytes:
        blob = self._blobs.get(path)
        if blob is None:
            raise FileNotFoundError(path)
        if max_bytes is not None and blob.size > max_bytes:  # type: ignore[attr-defined]
            from compliance.core.errors import InputError

            raise InputError.single(path, f"file is over the {max_bytes}-byte limit", "split it up")
        return blob.data_stream.read()  # type: ignore[attr-defined]

    def exists(self, path: str) -> bool:
        return path in self._blobs

    def blob_id(self, path: str) -> str | None:
        blob = self._blobs.get(path)
        return blob.hexsha if blob is not None else None  # type: ignore[attr-defined]
