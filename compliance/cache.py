"""Caches under build/.cache/ that make a repeated `compliance check` cheap, never wrong.

Three layers, each checked before it is trusted:

- file facts (sha256, blob id, declared date) per evidence file, keyed like git's index
  by the file's size, mtime, ctime, inode and device: any write changes the key;
- git facts (blob ids at HEAD, last commits, recent history), keyed by the HEAD commit,
  the shallow boundary and the set of paths asked for: a commit never changes;
- the rendered `check` output, keyed by a digest of every input: the HEAD commit and
  branch, the stat of every file read (project, controls, risks, catalogs, evidence), the
  listing of the folders they came from, the tool's own code and the output format.

Files are JSON (never pickle: build/ may hold files from anyone), written atomically. A
missing, unreadable or malformed cache is ignored; a cache that cannot be written (a
read-only workspace) is skipped silently. A file modified in the last two seconds is not
remembered, since a second write within the file system's timestamp granularity could go
unseen (git calls these entries "racily clean").
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compliance.cache_records import git_state, load_record, stat_key, stat_key_of, store_record

if TYPE_CHECKING:
    from compliance.assess import Assessment
    from compliance.evidence import CommitInfo, ContentFacts, GitFacts

CACHE_DIR = Path("build") / ".cache"
FORMAT = 2
"""Bump when the layout of any cache file changes (2: LFS claims, submodules)."""
RACY_NS = 2_000_000_000
"""Files changed this recently (ns) are not cached: coarse mtimes could hide a rewrite."""
PACKAGE_DIR = Path(__file__).resolve().parent


def _load(path: Path) -> dict[str, Any] | None:
    return load_record(path, FORMAT)


def _store(path: Path, data: dict[str, Any]) -> None:
    store_record(path, FORMAT, data)


class EvidenceCache:
    """The evidence index's cache (evidence.IndexCache): file facts and git facts."""

    def __init__(self, workspace: Path) -> None:
        self.dir = workspace / CACHE_DIR
        self.started_ns = time.time_ns()
        self._content_path = self.dir / "evidence-files.json"
        self._git_path = self.dir / "evidence-git.json"
        loaded = _load(self._content_path)
        entries = loaded.get("files") if loaded else None
        self._old: dict[str, Any] = entries if isinstance(entries, dict) else {}
        self._new: dict[str, Any] = {}
        self._changed = False

    def content(
        self, rel: str, st: os.stat_result, compute: Callable[[], ContentFacts]
    ) -> ContentFacts:
        """File facts for `rel`, from the cache when its stat key is unchanged."""
        from compliance.evidence import ContentFacts

        key = stat_key_of(st)
        entry = self._old.get(rel)
        if isinstance(entry, list) and len(entry) == 7 and entry[0] == key:
            try:
                _key, sha256, blob, declared, lfs, oid, claimed = entry
                facts = ContentFacts(
                    str(sha256),
                    str(blob),
                    date.fromisoformat(declared) if declared is not None else None,
                    bool(lfs),
                    str(oid) if oid is not None else None,
                    int(claimed) if claimed is not None else None,
                )
            except (TypeError, ValueError):
                facts = None
            if facts is not None:
                self._new[rel] = entry
                return facts
        facts = compute()
        if max(st.st_mtime_ns, st.st_ctime_ns) < self.started_ns - RACY_NS:
            declared_text = facts.declared.isoformat() if facts.declared else None
            self._new[rel] = [
                key,
                facts.sha256,
                facts.blob,
                declared_text,
                facts.lfs_magic,
                facts.lfs_oid,
                facts.lfs_size,
            ]
        self._changed = True
        return facts

    def git_facts(self, key: str, compute: Callable[[], GitFacts]) -> GitFacts:
        """Git facts for one commit and path set, from the cache when the key matches."""
        loaded = _load(self._git_path)
        if loaded is not None and loaded.get("key") == key:
            facts = _git_from_json(loaded)
            if facts is not None:
                return facts
        facts = compute()
        _store(self._git_path, {"key": key, **_git_to_json(facts)})
        return facts

    def save(self) -> None:
        """Write the file facts seen in this run (only if anything changed)."""
        if self._changed or set(self._new) != set(self._old):
            _store(self._content_path, {"files": self._new})


def _commit_json(c: CommitInfo) -> list[str]:
    return [c.sha, c.author_date.isoformat(), c.committer_date.isoformat(), c.summary]


def _git_to_json(facts: GitFacts) -> dict[str, Any]:
    commits: dict[str, int] = {}
    table: list[list[str]] = []
    for c in [*facts.history, *facts.last.values()]:
        if c.sha not in commits:
            commits[c.sha] = len(table)
            table.append(_commit_json(c))
    return {
        "commits": table,
        "history": [commits[c.sha] for c in facts.history],
        "last": {p: commits[c.sha] for p, c in facts.last.items()},
        "blobs": facts.head_blobs,
        "submodules": facts.submodules,
    }


def _git_from_json(data: dict[str, Any]) -> GitFacts | None:
    from compliance.evidence import CommitInfo, GitFacts

    try:
        commits = [
            CommitInfo(
                str(sha),
                datetime.fromisoformat(adate),
                datetime.fromisoformat(cdate),
                str(summary),
            )
            for sha, adate, cdate, summary in data["commits"]
        ]
        blobs, submodules = data["blobs"], data["submodules"]
        for mapping in (blobs, submodules):
            if not isinstance(mapping, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
            ):
                return None
        return GitFacts(
            dict(blobs),
            {str(p): commits[i] for p, i in data["last"].items()},
            [commits[i] for i in data["history"]],
            dict(submodules),
        )
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None


# -- the whole `check` output ------------------------------------------------------------

WATCHED_FOLDERS = ("controls", "risks", "frameworks")
"""Folders whose listing is an input: a new file there changes the result."""


def _shipped_frameworks() -> Path:
    # The rule of catalogs.shipped_dir, repeated so that a cache hit need not import the
    # catalog models (a fifth of a second).
    installed = PACKAGE_DIR / "_data" / "frameworks"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "frameworks"


def _listing(workspace: Path) -> dict[str, list[str]]:
    from compliance.sources import DiskSource

    out = {f: DiskSource(workspace).list(f, (".yaml", ".yml")) for f in WATCHED_FOLDERS}
    out["<built-in>"] = DiskSource(_shipped_frameworks()).list(".", (".yaml", ".yml"))
    return out


def _code_key() -> str:
    """The tool's own code: editing it (in a source checkout) must not reuse old output."""
    digest = hashlib.sha256(sys.version.encode())
    for dirpath, dirnames, filenames in os.walk(PACKAGE_DIR):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py"):
                path = Path(dirpath) / name
                digest.update(f"{path}\0{stat_key(path)}\0".encode())
    return digest.hexdigest()


def _file_keys(workspace: Path, files: list[str]) -> list[list[int] | None]:
    """The stat key of each workspace file (joined as text: Path objects cost more here)."""
    root = os.fspath(workspace)
    keys: list[list[int] | None] = []
    for rel in files:
        try:
            keys.append(stat_key_of(os.stat(os.path.join(root, rel))))
        except (OSError, ValueError):
            keys.append(None)
    return keys


def _digest(
    workspace: Path,
    fmt: str,
    files: list[str],
    listing: dict[str, Any],
    keys: list[list[int] | None] | None = None,
) -> str | None:
    """A digest of every input of `check`, or None when one of them cannot be keyed."""
    git = git_state(workspace)
    if git is None:
        return None
    shipped = _shipped_frameworks()
    digest = hashlib.sha256()
    parts: list[Any] = [
        FORMAT,
        str(workspace),
        fmt,
        git,
        _code_key(),
        os.environ.get("SOURCE_DATE_EPOCH"),
        listing,
        [[rel, key] for rel, key in zip(files, keys or _file_keys(workspace, files), strict=True)],
        [[rel, stat_key(shipped / rel)] for rel in listing.get("<built-in>", [])],
    ]
    digest.update(json.dumps(parts, ensure_ascii=False).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _check_path(workspace: Path, fmt: str) -> Path:
    return workspace / CACHE_DIR / f"check-{fmt}.json"


def cached_check(workspace: Path, fmt: str) -> tuple[str, int] | None:
    """The previous run's output and exit code, if no input changed since; else None."""
    entry = _load(_check_path(workspace, fmt))
    if entry is None:
        return None
    try:
        files = [str(f) for f in entry["files"]]
        output, code, stored = str(entry["output"]), int(entry["exit"]), entry["digest"]
    except (KeyError, TypeError, ValueError):
        return None
    if _digest(workspace, fmt, files, _listing(workspace)) != stored:
        return None
    return output, code


def remember_check(
    workspace: Path, fmt: str, assessment: Assessment, output: str, code: int, started_ns: int
) -> None:
    """Store `check` output under the digest of its inputs, unless one changed too recently."""
    from compliance.workspace import PROJECT_FILE

    evidence = sorted(assessment.index.records)
    listing = _listing(workspace)
    files = [PROJECT_FILE, *(f for folder in WATCHED_FOLDERS for f in listing[folder])]
    files += evidence
    keys = _file_keys(workspace, files)
    newest = max((max(k[1], k[2]) for k in keys if k is not None), default=0)
    if newest >= started_ns - RACY_NS:
        return  # an input changed during (or just before) this run: do not trust the output
    digest = _digest(workspace, fmt, files, listing, keys)
    if digest is None:
        return
    _store(
        _check_path(workspace, fmt),
        {"digest": digest, "files": files, "exit": int(code), "output": output},
    )
