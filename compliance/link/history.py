"""The git history of one workspace file (model.yaml, training-data.yaml): its versions.

One path-limited `git log` at the assessed commit, run when a document first asks and kept
for the rest of the run. The Model Documentation Form lists these as its version table
(signatories keep earlier versions of the documentation for ten years).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

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


@dataclass(frozen=True)
class LineOrigin:
    """The commit that last changed one line of a file (None: not committed yet)."""

    sha: str | None
    committed: datetime | None
    """The committer date of that commit (when the line entered the history)."""

    @property
    def short(self) -> str:
        return self.sha[:12] if self.sha else "uncommitted"


UNCOMMITTED = "0" * 40


def _blame_header(text: str) -> tuple[str, int] | None:
    parts = text.split(" ")
    if len(parts) in (3, 4) and len(parts[0]) == 40 and all(p.isdigit() for p in parts[1:]):
        try:
            int(parts[0], 16)
        except ValueError:
            return None
        return parts[0], int(parts[2])
    return None


def blame_lines(index: EvidenceIndex, path: str, revision: str | None) -> dict[int, LineOrigin]:
    """Line number -> the commit that last changed it, from one `git blame` of `path`.

    `revision` blames the file as committed there; None blames the working tree's file,
    whose uncommitted lines have no commit. A file git does not know gives {} (nothing of
    it is committed).
    """
    repo_info = index.repo
    if repo_info.head is None:
        return {}
    repo = open_repo(repo_info.root)
    try:
        out = repo.git.blame(
            "--porcelain", *([revision] if revision else []), "--", repo_info.to_repo + path
        )
    except git.GitCommandError:
        return {}
    shas: dict[int, str] = {}
    times: dict[str, datetime] = {}
    current: str | None = None
    for text in out.splitlines():
        header = None if text.startswith("\t") else _blame_header(text)
        if header is not None:
            current, line = header
            shas[line] = current
        elif text.startswith("committer-time ") and current is not None:
            times[current] = datetime.fromtimestamp(int(text.split()[1]), UTC)
    return {
        n: LineOrigin(None, None) if sha == UNCOMMITTED else LineOrigin(sha, times.get(sha))
        for n, sha in shas.items()
    }


@dataclass
class Blames:
    """Line origins of workspace files at the assessed revision, each blamed once."""

    index: EvidenceIndex
    revision: str | None
    _seen: dict[str, dict[int, LineOrigin]] = field(default_factory=dict)

    def of(self, path: str) -> dict[int, LineOrigin]:
        if path not in self._seen:
            self._seen[path] = blame_lines(self.index, path, self.revision)
        return self._seen[path]
