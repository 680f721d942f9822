"""The git history of one workspace file (model.yaml, training-data.yaml): its versions.

One path-limited `git log` at the assessed commit, run when a document first asks and kept
for the rest of the run. The Model Documentation Form lists these as its version table
(signatories keep earlier versions of the documentation for ten years).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime

import git

from compliance.core.git import open_repo
from compliance.link.evidence import EvidenceIndex

VERSIONS_LIMIT = 200


@dataclass(frozen=True)
class Version:
    sha: str
    author_date: datetime
    author: str
    summary: str

    @property
    def short(self) -> str:
        return self.sha[:12]


@dataclass(frozen=True)
class FileHistory:
    path: str
    versions: tuple[Version, ...]
    """Commits that changed the file, newest first, up to the assessed commit."""
    truncated: bool
    """More commits exist than VERSIONS_LIMIT, or a shallow clone hides older ones."""


def read_history(index: EvidenceIndex, path: str) -> FileHistory:
    """Commits that touched `path` (workspace-relative) up to the assessed commit."""
    repo_info = index.repo
    if repo_info.head is None:
        return FileHistory(path, (), False)
    repo = open_repo(repo_info.root)
    args = [
        "--format=%H%x1f%aI%x1f%an%x1f%s",
        "--no-renames",
        f"--max-count={VERSIONS_LIMIT + 1}",
        repo_info.head.sha,
        "--",
        repo_info.to_repo + path,
    ]
    try:
        out = repo.git.log(*args)
    except git.GitCommandError:
        return FileHistory(path, (), True)
    versions = []
    for line in out.splitlines():
        if not line.strip():
            continue
        sha, when, author, summary = line.split("\x1f", 3)
        versions.append(Version(sha, datetime.fromisoformat(when), author, summary))
    truncated = len(versions) > VERSIONS_LIMIT or repo_info.shallow
    return FileHistory(path, tuple(versions[:VERSIONS_LIMIT]), truncated)


@dataclass
class Histories:
    """File histories of one run, each read once on first use."""

    index: EvidenceIndex
    _seen: dict[str, FileHistory] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def of(self, path: str) -> FileHistory:
        with self._lock:
            if path not in self._seen:
                self._seen[path] = read_history(self.index, path)
            return self._seen[path]
