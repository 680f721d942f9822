"""The git-backed evidence index: hashes, blob ids, last commits, working-tree state.

All history comes from one `git log` pass and one `git ls-tree`, never one git call per
file: that is what keeps large evidence lockers fast.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Protocol

import git

from compliance.core.errors import Problem
from compliance.core.git import blob_hasher, blob_id, open_repo, repo_root, workspace_prefix
from compliance.core.paths import PathResolver, UnsafePath, safe_resolved
from compliance.link.evidence_dates import Parsed, declare
from compliance.load.inputs import WorkspaceInputs
from compliance.load.sources import GitTreeSource

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
class LfsPointer:
    """A Git LFS pointer found where evidence was expected.

    `oid` and `size` are what the pointer claims the real file is (unverified: the content
    is not here); the pointer_* fields describe the small pointer file itself, never the
    evidence.
    """

    oid: str | None
    size: int | None
    pointer_sha256: str
    pointer_blob: str
    pointer_size: int


@dataclass(frozen=True)
class SymlinkFacts:
    """A path reached through a symlink that stays inside the workspace.

    The record's sha256, size and blob are of the content the path leads to, compared with
    HEAD's blob of `target` (content with content). When the path itself is the link,
    `link_blob` is git's blob of the link text (the target's name), compared with HEAD's
    blob at the link's own path (`head_link_blob`).
    """

    target: str
    """Workspace-relative path of the file the path resolves to."""
    link_blob: str | None = None
    head_link_blob: str | None = None


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
    date_problem: Problem | None = None
    """Why the date the file declares cannot be read (a malformed or misspelt date key)."""
    history_truncated: bool = False
    detail: str = ""
    lfs: LfsPointer | None = None
    """For a Git LFS pointer: what it claims and its own hashes (sha256/blob above are None)."""
    link: SymlinkFacts | None = None
    """For a path reached through a symlink: where it leads and the link's own blob."""

    @property
    def evidence_date(self) -> date | None:
        """The date the evidence represents: declared, else its last commit's author date."""
        if self.declared is not None:
            return self.declared
        if self.last_commit is not None and not self.history_truncated:
            return self.last_commit.author_date.date()
        return None


UNUSABLE = (EvidenceState.NOT_A_FILE, EvidenceState.UNREADABLE, EvidenceState.LFS_POINTER)
"""States in which a file exists but its content cannot count as evidence."""


def unusable_reason(
    record: EvidenceRecord, require_committed: bool, linked_at: str | None = None
) -> str | None:
    """Why a file cannot count as evidence (missing, unusable, uncommitted), or None."""
    if record.state == EvidenceState.MISSING:
        where = f" (linked at {linked_at})" if linked_at else ""
        return f"evidence missing: {record.path}{where}"
    if record.state in UNUSABLE:
        return f"evidence unusable: {record.path}: {record.detail}"
    if require_committed and record.state in (EvidenceState.UNTRACKED, EvidenceState.MODIFIED):
        return f"evidence uncommitted: {record.path} ({record.detail})"
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
    """Commits that changed an input of the workspace (compliance.load.inputs), newest
    first (bounded); every commit under the workspace when no inputs were given."""
    prefix: str = ""
    """The workspace's folder inside the repository ("" at the top), without a slash."""

    @property
    def to_repo(self) -> str:
        """What to put before a workspace path to make it a repository path."""
        return f"{self.prefix}/" if self.prefix else ""

    @property
    def detached(self) -> bool:
        return self.head is not None and self.branch is None


@dataclass
class EvidenceIndex:
    repo: RepoInfo
    records: dict[str, EvidenceRecord]

    def get(self, path: str) -> EvidenceRecord:
        return self.records[path]


def _hash_file(path: str, size: int) -> tuple[str, str, bytes]:
    """sha256 and git blob id in one constant-memory read; also the first 64 KiB."""
    if size < CHUNK:
        # Most evidence is small: one read of the whole file and one that finds its end,
        # without the buffer bookkeeping below (7% of the hashing's CPU at 10k files).
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            data = os.read(fd, size + 1)
            if len(data) <= size and not os.read(fd, 1):
                # The blob id of the bytes hashed: a file that shrank since its stat must
                # not get a header with the old length (git would never call it unchanged).
                return hashlib.sha256(data).hexdigest(), blob_id(data), data[:65536]
        finally:
            os.close(fd)
    # Large, or grown since it was looked at: read in chunks, whatever its length now.
    sha = hashlib.sha256()
    blob = blob_hasher(size)
    buffer = bytearray(min(max(size, 1), CHUNK) + 1)
    view = memoryview(buffer)
    head = b""
    with open(path, "rb", buffering=0) as fh:
        while n := fh.readinto(buffer):
            chunk = view[:n]
            if len(head) < 65536:
                head += chunk[: 65536 - len(head)]
            sha.update(chunk)
            blob.update(chunk)
    return sha.hexdigest(), blob.hexdigest(), head


LFS_OID = re.compile(rb"^oid sha256:([0-9a-f]{64})$", re.M)
LFS_SIZE = re.compile(rb"^size (\d{1,19})$", re.M)


def _is_lfs_pointer(head: bytes, size: int) -> bool:
    return size < 1024 and head.startswith(LFS_MAGIC)


def _lfs_claims(head: bytes) -> tuple[str | None, int | None]:
    """The oid and size a Git LFS pointer claims; None for a field it lacks or garbles."""
    oid = LFS_OID.search(head)
    size = LFS_SIZE.search(head)
    return (
        f"sha256:{oid.group(1).decode()}" if oid else None,
        int(size.group(1)) if size else None,
    )


def _parse_date(text: str) -> datetime:
    return datetime.fromisoformat(text.strip())


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


def _head_blobs(
    repo: git.Repo, prefix: str, rev: str = "HEAD"
) -> tuple[dict[str, str], dict[str, str]]:
    """Repository path -> blob id at `rev`, and submodule path -> its pinned commit."""
    args = ["-r", "-z", "--full-tree", rev]
    if prefix:
        args += ["--", prefix]
    out = repo.git.ls_tree(*args, stdout_as_string=False)
    blobs: dict[str, str] = {}
    submodules: dict[str, str] = {}
    for entry in out.split(b"\x00"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        _mode, kind, sha = meta.decode().split(" ")
        if kind == "blob":
            blobs[name.decode("utf-8", "surrogateescape")] = sha
        elif kind == "commit":  # mode 160000: a submodule, whose files are not in this tree
            submodules[name.decode("utf-8", "surrogateescape")] = sha
    return blobs, submodules


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
    lfs_oid: str | None = None
    lfs_size: int | None = None
    date_problem: Problem | None = None


@dataclass(frozen=True)
class GitFacts:
    """What git says at one commit about a set of paths: blob ids, last commits, history."""

    head_blobs: dict[str, str]
    last: dict[str, CommitInfo]
    history: list[CommitInfo]
    submodules: dict[str, str] = field(default_factory=dict)
    """Repository path of each submodule -> the commit it is pinned at."""


class IndexCache(Protocol):
    """Remembers facts between runs (see link/evidence_cache.py)."""

    def git_facts(self, key: str, compute: Callable[[], GitFacts]) -> GitFacts: ...

    def cached(self, rel: str, st: os.stat_result) -> ContentFacts | None: ...

    def remember(self, rel: str, st: os.stat_result, facts: ContentFacts) -> None: ...


def _input_filter(prefix: str, inputs: WorkspaceInputs | None) -> Callable[[list[str]], bool]:
    """Whether a commit's changed repository paths include an input of the workspace.

    Approval records are left out: signing off is not a new version of the assessment.
    """
    if inputs is None:
        return lambda _names: True
    cut = len(prefix) + 1 if prefix else 0
    start = f"{prefix}/" if prefix else ""

    def touches(names: list[str]) -> bool:
        return any(n.startswith(start) and inputs.is_input(n[cut:], approvals=False) for n in names)

    return touches


def _last_commits(
    repo: git.Repo,
    prefix: str,
    rev: str,
    wanted: set[str],
    info: RepoInfo,
    inputs: WorkspaceInputs | None = None,
) -> dict[str, CommitInfo]:
    """The last commit touching each wanted repository path, from one history pass."""
    last: dict[str, CommitInfo] = {}
    remaining = set(wanted)
    touches = _input_filter(prefix, inputs)
    for commit, names in _log_records(repo, prefix, rev):
        if len(info.history) < HISTORY_LIMIT and touches(names):
            info.history.append(commit)
        for name in names:
            if name in remaining:
                last[name] = commit
                remaining.discard(name)
        if not remaining and len(info.history) >= HISTORY_LIMIT:
            break
    return last


def _branch_at(repo: git.Repo, rev: str) -> str | None:
    """The branch a revision names: the checked-out one for HEAD, a local branch by name."""
    try:
        if rev == "HEAD":
            return repo.active_branch.name
    except TypeError:  # detached HEAD
        return None
    return rev if rev in {h.name for h in repo.heads} else None


def build_index_at(
    source: GitTreeSource, paths: Iterable[str], inputs: WorkspaceInputs | None = None
) -> EvidenceIndex:
    """Index evidence as committed at `source`'s revision; the working tree is not read."""
    repo = source.repo
    c = source.commit
    head = CommitInfo(c.hexsha, c.authored_datetime, c.committed_datetime, c.summary)
    boundary = _shallow_boundary(repo)
    prefix = source.prefix.rstrip("/")
    info = RepoInfo(
        Path(repo.working_tree_dir or source.root),
        head,
        _branch_at(repo, source.rev),
        bool(boundary),
        boundary,
    )
    info.prefix = prefix
    wanted = sorted(set(paths))
    present = {p for p in wanted if source.exists(p)}
    last = _last_commits(repo, prefix, c.hexsha, {source.prefix + p for p in present}, info, inputs)
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
        truncated = commit is None or commit.sha in shas
        if _is_lfs_pointer(data, len(data)):
            oid, size = _lfs_claims(data)
            records[rel] = EvidenceRecord(
                rel,
                EvidenceState.LFS_POINTER,
                head_blob=blob,
                last_commit=commit,
                history_truncated=truncated,
                detail="a Git LFS pointer, not the evidence itself",
                lfs=LfsPointer(oid, size, hashlib.sha256(data).hexdigest(), blob, len(data)),
            )
            continue
        declared = declare(rel, data[:65536], lambda data=data: io.BytesIO(data))
        records[rel] = EvidenceRecord(
            rel,
            EvidenceState.COMMITTED,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            blob=blob,
            head_blob=blob,
            last_commit=commit,
            declared=declared.day,
            date_problem=declared.problem,
            history_truncated=truncated,
        )
    return EvidenceIndex(info, records)


@dataclass(frozen=True)
class _Located:
    """Where a wanted path leads: its absolute path, and its real path when a link is met."""

    full: str
    target: str | None = None
    """Workspace-relative path it resolves to, when that differs from the path itself."""
    unsafe: str | None = None


def _locate(workspace: Path, rel: str, resolver: PathResolver | None = None) -> _Located:
    known = resolver.known(rel) if resolver is not None else None
    if known is not None:  # checked while loading, in this same run
        return _Located(*known)
    try:
        full, real = safe_resolved(workspace, rel)
    except UnsafePath as exc:  # callers check first; kept as a last line of defence
        return _Located("", unsafe=str(exc))
    return _Located(full, real)


def build_index(
    workspace: Path,
    paths: Iterable[str],
    cache: IndexCache | None = None,
    resolver: PathResolver | None = None,
    inputs: WorkspaceInputs | None = None,
    parsed: Parsed | None = None,
) -> EvidenceIndex:
    """Index the given workspace-relative evidence paths (already checked as safe).

    `resolver` holds the answers the load stage got for the same paths under the same
    root (Workspace.paths); a path it does not know is resolved here. `inputs` limits the
    version history to commits that changed one of them. `parsed` receives the evaluation
    logs read in full for their run date (for the evidence store: one parse per run).
    """
    workspace = workspace.resolve()
    repo = open_repo(workspace)
    root = repo_root(repo, workspace)
    prefix = workspace_prefix(repo, workspace)
    to_repo = (lambda p: f"{prefix}/{p}") if prefix else (lambda p: p)
    head = _head(repo)
    try:
        branch: str | None = repo.active_branch.name
    except TypeError:
        branch = None
    boundary_commits = _shallow_boundary(repo)
    shallow = bool(boundary_commits)
    info = RepoInfo(root, head, branch, shallow, boundary_commits, prefix=prefix)

    wanted = sorted(set(paths))
    if resolver is not None and os.path.realpath(resolver.root) != os.path.realpath(workspace):
        resolver = None  # answers for another root
    located = {rel: _locate(workspace, rel, resolver) for rel in wanted}
    facts = GitFacts({}, {}, [])
    git_thread: _GitThread | None = None
    if head is not None:
        # Git is asked about each path and, for a path reached through a symlink, about the
        # file it leads to: that file's committed blob is what its content is compared with.
        asked = sorted(
            {to_repo(p) for p in wanted}
            | {to_repo(loc.target) for loc in located.values() if loc.target}
        )

        def from_git() -> GitFacts:
            blobs, submodules = _head_blobs(repo, prefix)
            tracked = {p for p in asked if p in blobs}
            seen = RepoInfo(root, head, branch, shallow)
            last = _last_commits(repo, prefix, "HEAD", tracked, seen, inputs)
            return GitFacts({p: blobs[p] for p in tracked}, last, seen.history, submodules)

        # One commit, seen through one shallow boundary, always gives the same facts.
        listed = "\0".join(asked).encode("utf-8", "surrogateescape")
        boundary = [c.sha for c in info.shallow_boundary]
        digest = hashlib.sha256(listed).hexdigest()
        # The history depends on what counts as an input (evidence is in `asked` already).
        scope = "all" if inputs is None else f"inputs-1:{inputs.approvals_dir}"
        key = "|".join([head.sha, prefix, *boundary, str(HISTORY_LIMIT), scope, digest])
        # git reads the history in its own process while this one hashes the files: on a
        # large locker the two take about as long, and they need nothing from each other.
        git_thread = _GitThread(
            (lambda: cache.git_facts(key, from_git)) if cache is not None else from_git
        )
        git_thread.start()

    try:
        seen = _look_all(wanted, located, cache, parsed)
    finally:
        if git_thread is not None:
            facts = git_thread.result()
    info.history = list(facts.history)

    shallow_shas = {c.sha for c in info.shallow_boundary}
    records: dict[str, EvidenceRecord] = {}
    for rel in wanted:
        records[rel] = _record(rel, located[rel], seen[rel], to_repo, facts, shallow_shas)
    return EvidenceIndex(info, records)


class _GitThread(threading.Thread):
    """Runs the git half of the index beside the file half; re-raises its error on join."""

    def __init__(self, compute: Callable[[], GitFacts]) -> None:
        super().__init__(name="evidence-git", daemon=True)
        self._compute = compute
        self._facts: GitFacts | None = None
        self._error: BaseException | None = None

    def run(self) -> None:
        try:
            self._facts = self._compute()
        except BaseException as exc:  # handed to the caller's thread by result()
            self._error = exc

    def result(self) -> GitFacts:
        self.join()
        if self._error is not None:
            raise self._error
        assert self._facts is not None
        return self._facts


def _newer(a: CommitInfo | None, b: CommitInfo | None) -> CommitInfo | None:
    if a is None or b is None:
        return a or b
    return a if a.committer_date >= b.committer_date else b


def _in_submodule(repo_path: str, submodules: dict[str, str]) -> tuple[str, str] | None:
    for sub, commit in submodules.items():
        if repo_path.startswith(sub + "/"):
            return sub, commit
    return None


@dataclass(frozen=True)
class _Seen:
    """What the working tree holds at one path, before git is consulted."""

    problem: tuple[EvidenceState, str] | None = None
    """A path that cannot be evidence: missing, unreadable or not a file, and why."""
    link_blob: str | None = None
    size: int = 0
    facts: ContentFacts | None = None


@dataclass(frozen=True)
class _Found:
    """A regular file at a wanted path, to be read (or served by the cache)."""

    full: str
    st: os.stat_result
    link_blob: str | None = None


def _stat(loc: _Located) -> _Seen | _Found:
    """What is at one path, from its metadata alone; never touches git."""
    if loc.unsafe is not None:
        return _Seen((EvidenceState.UNREADABLE, loc.unsafe))
    full = loc.full
    try:
        st = os.lstat(full)
    except (FileNotFoundError, NotADirectoryError):
        return _Seen((EvidenceState.MISSING, "file not found in the working tree"))
    except OSError as exc:
        return _Seen((EvidenceState.UNREADABLE, f"cannot stat: {exc.strerror}"))
    link_blob = None
    if loc.target is not None:
        try:
            if stat.S_ISLNK(st.st_mode):
                link_blob = blob_id(os.readlink(os.fsencode(full)))
            st = os.stat(full)
        except (FileNotFoundError, NotADirectoryError):
            return _Seen(
                (EvidenceState.MISSING, f"a symlink to {loc.target}, which does not exist"),
                link_blob,
            )
        except OSError as exc:
            return _Seen((EvidenceState.UNREADABLE, f"cannot read the link: {exc.strerror}"))
    if not stat.S_ISREG(st.st_mode):
        what = "a directory" if stat.S_ISDIR(st.st_mode) else "a special file"
        return _Seen((EvidenceState.NOT_A_FILE, f"{what}, not a file"), link_blob)
    return _Found(full, st, link_blob)


def _read(rel: str, full: str, size: int, parsed: Parsed | None = None) -> ContentFacts | str:
    """Hashes and declared date of one file, or why it cannot be read."""
    try:
        sha256, blob, head = _hash_file(full, size)
        lfs = _is_lfs_pointer(head, size)
        oid, claimed = _lfs_claims(head) if lfs else (None, None)
        if lfs:
            return ContentFacts(sha256, blob, None, head.startswith(LFS_MAGIC), oid, claimed)
        declared = declare(rel, head, partial(open, full, "rb"), parsed)
    except OSError as exc:
        return f"cannot read: {exc.strerror}"
    return ContentFacts(
        sha256, blob, declared.day, head.startswith(LFS_MAGIC), oid, claimed, declared.problem
    )


def _look_all(
    wanted: list[str],
    located: dict[str, _Located],
    cache: IndexCache | None,
    parsed: Parsed | None,
) -> dict[str, _Seen]:
    """Stat every path and read the files the cache does not know; never touches git."""
    seen: dict[str, _Seen] = {}
    for rel in wanted:
        at = _stat(located[rel])
        if isinstance(at, _Seen):
            seen[rel] = at
            continue
        facts = cache.cached(rel, at.st) if cache is not None else None
        if facts is None:
            answer = _read(rel, at.full, at.st.st_size, parsed)
            if isinstance(answer, str):
                seen[rel] = _Seen((EvidenceState.UNREADABLE, answer), at.link_blob)
                continue
            facts = answer
            if cache is not None:
                cache.remember(rel, at.st, facts)
        seen[rel] = _Seen(None, at.link_blob, at.st.st_size, facts)
    return seen


def _record(
    rel: str,
    loc: _Located,
    seen: _Seen,
    to_repo: Callable[[str], str],
    git_facts: GitFacts,
    shallow_shas: set[str],
) -> EvidenceRecord:
    """The record for one path: what the working tree holds, compared with git."""
    repo_path = to_repo(rel)
    head_blobs, last = git_facts.head_blobs, git_facts.last
    content_path = to_repo(loc.target) if loc.target else repo_path
    head_blob = head_blobs.get(content_path)
    commit = last.get(content_path)
    link: SymlinkFacts | None = None
    if loc.target is not None:
        commit = _newer(commit, last.get(repo_path))
        head_link = head_blobs.get(repo_path) if seen.link_blob else None
        link = SymlinkFacts(loc.target, seen.link_blob, head_link)
    if seen.problem is not None:
        state, detail = seen.problem
        if state == EvidenceState.MISSING:
            return EvidenceRecord(
                rel, state, head_blob=head_blob, last_commit=commit, detail=detail, link=link
            )
        return EvidenceRecord(rel, state, detail=detail)
    facts = seen.facts
    assert facts is not None  # set whenever there is no problem
    # In a shallow clone the boundary commit shows every file as added: the real last
    # change may be older, so its date is a lower bound only.
    truncated = head_blob is not None and (commit is None or commit.sha in shallow_shas)
    if facts.lfs_magic and seen.size < 1024:
        # The pointer's own hashes are kept only as pointer facts: presenting them as the
        # evidence's would let a packet or a gate vouch for content nobody has seen.
        pointer = LfsPointer(facts.lfs_oid, facts.lfs_size, facts.sha256, facts.blob, seen.size)
        return EvidenceRecord(
            rel,
            EvidenceState.LFS_POINTER,
            head_blob=head_blob,
            last_commit=commit,
            history_truncated=truncated,
            detail="a Git LFS pointer, not the evidence itself: run `git lfs pull`",
            lfs=pointer,
            link=link,
        )
    state, detail = _git_state(repo_path, facts.blob, head_blob, link, git_facts.submodules)
    return EvidenceRecord(
        rel,
        state,
        sha256=facts.sha256,
        size=seen.size,
        blob=facts.blob,
        head_blob=head_blob,
        last_commit=commit,
        declared=facts.declared,
        date_problem=facts.date_problem,
        history_truncated=truncated,
        detail=detail,
        link=link,
    )


def _git_state(
    repo_path: str,
    blob: str,
    head_blob: str | None,
    link: SymlinkFacts | None,
    submodules: dict[str, str],
) -> tuple[EvidenceState, str]:
    """Committed, modified or untracked, and why, comparing like with like."""
    if link is not None and link.link_blob is not None:
        if link.head_link_blob is None:
            return EvidenceState.UNTRACKED, "a symlink that is not committed"
        if link.head_link_blob != link.link_blob:
            return EvidenceState.MODIFIED, "the symlink points elsewhere than at the last commit"
    if head_blob is None:
        sub = _in_submodule(repo_path, submodules)
        if sub is not None:
            return EvidenceState.UNTRACKED, (
                f"inside submodule {sub[0]} at commit {sub[1][:12]}: "
                "evidence in submodules is not indexed"
            )
        if link is not None:
            return EvidenceState.UNTRACKED, f"its target {link.target} is not committed"
        return EvidenceState.UNTRACKED, "not committed (untracked or only staged)"
    if head_blob != blob:
        if link is not None:
            return EvidenceState.MODIFIED, (
                f"its target {link.target} is modified in the working tree since the last commit"
            )
        return EvidenceState.MODIFIED, "modified in the working tree since the last commit"
    return EvidenceState.COMMITTED, ""
