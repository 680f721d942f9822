"""The git-backed evidence index: hashes, blob ids, last commits, working-tree state.

All history comes from one `git log` pass and one `git ls-tree`, never one git call per
file: that is what keeps large evidence lockers fast.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Protocol

import git

from compliance.errors import InputError
from compliance.evidence_dates import declared_date
from compliance.paths import UnsafePath, safe_relative
from compliance.sources import GitTreeSource

CHUNK = 1024 * 1024
LFS_MAGIC = b"version https://git-lfs.github.com/spec/v1"


class EvidenceState(StrEnum):
    """What we found at an evidence path."""

    COMMITTED = "committed"
    MODIFIED = "modified"
    UNTRACKED = "untracked"
    MISSING = "missing"
    NOT_A_FILE = "not-a-file"
    LFS_POINTER = "lfs-pointer"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    author_date: datetime
    committer_date: datetime
    summary: str

    @property
    def short(self) -> str:
        return self.sha[:12]


@dataclass(frozen=True)
class EvidenceRecord:
    """One evidence file as found in the working tree and in git."""

    path: str
    state: EvidenceState
    sha256: str | None = None
    size: int | None = None
    blob: str | None = None
    """The git blob id of the working-tree content (equals HEAD's when committed)."""
    head_blob: str | None = None
    last_commit: CommitInfo | None = None
    declared: date | None = None
    """A date the file itself declares (front matter, evaluation run time)."""
    history_truncated: bool = False
    detail: str = ""

    @property
    def evidence_date(self) -> date | None:
        """The date the evidence represents: declared, else its last commit's author date."""
        if self.declared is not None:
            return self.declared
        if self.last_commit is not None and not self.history_truncated:
            return self.last_commit.author_date.date()
        return None


@dataclass
class RepoInfo:
    """The repository at the assessed commit."""

    root: Path
    head: CommitInfo | None
    branch: str | None
    shallow: bool
    shallow_boundary: list[CommitInfo] = field(default_factory=list)
    history: list[CommitInfo] = field(default_factory=list)
    """Commits that touched the workspace, newest first (bounded)."""

    @property
    def detached(self) -> bool:
        return self.head is not None and self.branch is None


@dataclass
class EvidenceIndex:
    repo: RepoInfo
    records: dict[str, EvidenceRecord]

    def get(self, path: str) -> EvidenceRecord:
        return self.records[path]


def _hash_file(path: Path, size: int) -> tuple[str, str, bytes]:
    """sha256 and git blob id in one constant-memory read; also the first 64 KiB."""
    sha = hashlib.sha256()
    blob = hashlib.sha1(usedforsecurity=False)
    blob.update(f"blob {size}\0".encode())
    head = b""
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            if len(head) < 65536:
                head += chunk[: 65536 - len(head)]
            sha.update(chunk)
            blob.update(chunk)
    return sha.hexdigest(), blob.hexdigest(), head


def _parse_date(text: str) -> datetime:
    return datetime.fromisoformat(text.strip())


def open_repo(workspace: Path) -> git.Repo:
    """The git repository holding the workspace, or a clear error."""
    try:
        return git.Repo(workspace, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise InputError.single(
            str(workspace),
            "not inside a git repository",
            "evidence is tracked in git: run `git init` and commit the workspace",
        ) from None


def _head(repo: git.Repo) -> CommitInfo | None:
    try:
        c = repo.head.commit
    except ValueError:  # no commits yet
        return None
    return CommitInfo(c.hexsha, c.authored_datetime, c.committed_datetime, c.summary)


def _log_records(
    repo: git.Repo, prefix: str, rev: str = "HEAD"
) -> Iterable[tuple[CommitInfo, list[str]]]:
    """Stream (commit, touched paths) newest first in one subprocess."""
    args = ["--format=%x1e%H%x1f%aI%x1f%cI%x1f%s", "--name-only", "-z", "--no-renames", rev]
    if prefix:
        args += ["--", prefix]
    proc = repo.git.log(*args, as_process=True)
    stream = proc.proc.stdout
    buf = b""
    try:
        while True:
            chunk = stream.read(CHUNK)
            if chunk:
                buf += chunk
            parts = buf.split(b"\x1e")
            complete, buf = (parts[:-1], parts[-1]) if chunk else (parts, b"")
            for record in complete:
                if not record:
                    continue
                fields = record.split(b"\x00")
                sha, adate, cdate, subject = fields[0].decode("utf-8", "replace").split("\x1f", 3)
                names = [f.lstrip(b"\n").decode("utf-8", "surrogateescape") for f in fields[1:]]
                info = CommitInfo(sha, _parse_date(adate), _parse_date(cdate), subject)
                yield info, [n for n in names if n]
            if not chunk:
                break
    finally:
        stream.close()
        proc.proc.kill()
        proc.proc.wait()


def _head_blobs(repo: git.Repo, prefix: str, rev: str = "HEAD") -> dict[str, str]:
    """Repository path -> blob id at `rev`, from one `git ls-tree`."""
    args = ["-r", "-z", "--full-tree", rev]
    if prefix:
        args += ["--", prefix]
    out = repo.git.ls_tree(*args, stdout_as_string=False)
    blobs: dict[str, str] = {}
    for entry in out.split(b"\x00"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        _mode, kind, sha = meta.decode().split(" ")
        if kind == "blob":
            blobs[name.decode("utf-8", "surrogateescape")] = sha
    return blobs


def _shallow_boundary(repo: git.Repo) -> list[CommitInfo]:
    path = Path(repo.git_dir) / "shallow"
    if not path.is_file():
        return []
    out = []
    for sha in path.read_text().split():
        try:
            c = repo.commit(sha)
        except (ValueError, git.BadName):
            continue
        out.append(CommitInfo(c.hexsha, c.authored_datetime, c.committed_datetime, c.summary))
    return out


HISTORY_LIMIT = 25


@dataclass(frozen=True)
class ContentFacts:
    """What reading one evidence file tells the index: hashes, declared date, LFS magic."""

    sha256: str
    blob: str
    declared: date | None
    lfs_magic: bool


@dataclass(frozen=True)
class GitFacts:
    """What git says at one commit about a set of paths: blob ids, last commits, history."""

    head_blobs: dict[str, str]
    last: dict[str, CommitInfo]
    history: list[CommitInfo]


class IndexCache(Protocol):
    """Remembers facts between runs (see compliance/cache.py); `compute` runs on a miss."""

    def git_facts(self, key: str, compute: Callable[[], GitFacts]) -> GitFacts: ...

    def content(
        self, rel: str, st: os.stat_result, compute: Callable[[], ContentFacts]
    ) -> ContentFacts: ...


def _last_commits(
    repo: git.Repo, prefix: str, rev: str, wanted: set[str], info: RepoInfo
) -> dict[str, CommitInfo]:
    """The last commit touching each wanted repository path, from one history pass."""
    last: dict[str, CommitInfo] = {}
    remaining = set(wanted)
    for commit, names in _log_records(repo, prefix, rev):
        if len(info.history) < HISTORY_LIMIT:
            info.history.append(commit)
        for name in names:
            if name in remaining:
                last[name] = commit
                remaining.discard(name)
        if not remaining and len(info.history) >= HISTORY_LIMIT:
            break
    return last


def build_index_at(source: GitTreeSource, paths: Iterable[str]) -> EvidenceIndex:
    """Index evidence as committed at `source`'s revision; the working tree is not read."""
    repo = source.repo
    c = source.commit
    head = CommitInfo(c.hexsha, c.authored_datetime, c.committed_datetime, c.summary)
    boundary = _shallow_boundary(repo)
    info = RepoInfo(
        Path(repo.working_tree_dir or source.root), head, None, bool(boundary), boundary
    )
    prefix = source.prefix.rstrip("/")
    wanted = sorted(set(paths))
    present = {p for p in wanted if source.exists(p)}
    last = _last_commits(repo, prefix, c.hexsha, {source.prefix + p for p in present}, info)
    shas = {b.sha for b in boundary}
    records: dict[str, EvidenceRecord] = {}
    for rel in wanted:
        if rel not in present:
            records[rel] = EvidenceRecord(
                rel, EvidenceState.MISSING, detail=f"not in the tree of {source.rev}"
            )
            continue
        data = source.read(rel)
        commit = last.get(source.prefix + rel)
        blob = source.blob_id(rel)
        common = dict(
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            blob=blob,
            head_blob=blob,
            last_commit=commit,
            declared=declared_date(rel, data[:65536]),
            history_truncated=commit is None or commit.sha in shas,
        )
        if data.startswith(LFS_MAGIC) and len(data) < 1024:
            records[rel] = EvidenceRecord(
                rel,
                EvidenceState.LFS_POINTER,
                **common,
                detail="a Git LFS pointer, not the evidence itself",
            )
        else:
            records[rel] = EvidenceRecord(rel, EvidenceState.COMMITTED, **common)
    return EvidenceIndex(info, records)


def build_index(
    workspace: Path, paths: Iterable[str], cache: IndexCache | None = None
) -> EvidenceIndex:
    """Index the given workspace-relative evidence paths (already checked as safe)."""
    workspace = workspace.resolve()
    repo = open_repo(workspace)
    root = Path(repo.working_tree_dir or workspace).resolve()
    prefix = workspace.relative_to(root).as_posix() if workspace != root else ""
    to_repo = (lambda p: f"{prefix}/{p}") if prefix else (lambda p: p)
    head = _head(repo)
    try:
        branch: str | None = repo.active_branch.name
    except TypeError:
        branch = None
    shallow = bool(_shallow_boundary(repo))
    info = RepoInfo(root, head, branch, shallow, _shallow_boundary(repo) if shallow else [])

    wanted = sorted(set(paths))
    facts = GitFacts({}, {}, [])
    if head is not None:
        in_repo = [to_repo(p) for p in wanted]

        def from_git() -> GitFacts:
            blobs = _head_blobs(repo, prefix)
            tracked = {p for p in in_repo if p in blobs}
            seen = RepoInfo(root, head, branch, shallow)
            last = _last_commits(repo, prefix, "HEAD", tracked, seen)
            return GitFacts({p: blobs[p] for p in tracked}, last, seen.history)

        # One commit, seen through one shallow boundary, always gives the same facts.
        listed = "\0".join(in_repo).encode("utf-8", "surrogateescape")
        boundary = [c.sha for c in info.shallow_boundary]
        digest = hashlib.sha256(listed).hexdigest()
        key = "|".join([head.sha, prefix, *boundary, str(HISTORY_LIMIT), digest])
        facts = cache.git_facts(key, from_git) if cache is not None else from_git()
        info.history = list(facts.history)

    records: dict[str, EvidenceRecord] = {}
    for rel in wanted:
        records[rel] = _record(
            workspace, rel, to_repo(rel), facts.head_blobs, facts.last, info, cache
        )
    return EvidenceIndex(info, records)


def _record(
    workspace: Path,
    rel: str,
    repo_path: str,
    head_blobs: dict[str, str],
    last: dict[str, CommitInfo],
    info: RepoInfo,
    cache: IndexCache | None = None,
) -> EvidenceRecord:
    try:
        full = safe_relative(workspace, rel)
    except UnsafePath as exc:  # callers check first; kept as a last line of defence
        return EvidenceRecord(rel, EvidenceState.UNREADABLE, detail=str(exc))
    head_blob = head_blobs.get(repo_path)
    commit = last.get(repo_path)
    # In a shallow clone the boundary commit shows every file as added: the real last
    # change may be older, so its date is a lower bound only.
    boundary = {c.sha for c in info.shallow_boundary}
    truncated = head_blob is not None and (commit is None or commit.sha in boundary)
    if not os.path.lexists(full):
        return EvidenceRecord(
            rel,
            EvidenceState.MISSING,
            head_blob=head_blob,
            last_commit=commit,
            detail="file not found in the working tree",
        )
    try:
        st = full.stat()
    except OSError as exc:
        return EvidenceRecord(rel, EvidenceState.UNREADABLE, detail=f"cannot stat: {exc.strerror}")
    if not full.is_file():
        return EvidenceRecord(rel, EvidenceState.NOT_A_FILE, detail="a directory, not a file")

    def read() -> ContentFacts:
        sha256, blob, head = _hash_file(full, st.st_size)
        declared = declared_date(rel, head, full.read_bytes)
        return ContentFacts(sha256, blob, declared, head.startswith(LFS_MAGIC))

    try:
        facts = cache.content(rel, st, read) if cache is not None else read()
    except OSError as exc:
        return EvidenceRecord(rel, EvidenceState.UNREADABLE, detail=f"cannot read: {exc.strerror}")
    blob = facts.blob
    common = dict(
        sha256=facts.sha256,
        size=st.st_size,
        blob=blob,
        head_blob=head_blob,
        last_commit=commit,
        declared=facts.declared,
        history_truncated=truncated,
    )
    if facts.lfs_magic and st.st_size < 1024:
        return EvidenceRecord(
            rel,
            EvidenceState.LFS_POINTER,
            **common,
            detail="a Git LFS pointer, not the evidence itself: run `git lfs pull`",
        )
    if head_blob is None:
        return EvidenceRecord(
            rel,
            EvidenceState.UNTRACKED,
            **common,
            detail="not committed (untracked or only staged)",
        )
    if head_blob != blob:
        return EvidenceRecord(
            rel,
            EvidenceState.MODIFIED,
            **common,
            detail="modified in the working tree since the last commit",
        )
    return EvidenceRecord(rel, EvidenceState.COMMITTED, **common)


def now_utc() -> datetime:  # pragma: no cover - only for messages, never for statuses
    return datetime.now(UTC)
