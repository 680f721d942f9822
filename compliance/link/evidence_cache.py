"""The evidence index's cache under build/.cache/: a repeated run is cheap, never wrong.

Two layers, each checked before it is trusted (the `check` output itself is cached by
compliance.cli.check_cache):

- file facts (sha256, blob id, declared date) per evidence file, keyed like git's index
  by the file's size, mtime, ctime, inode and device: any write changes the key;
- git facts (blob ids at HEAD, last commits, recent history), keyed by the HEAD commit,
  the shallow boundary and the set of paths asked for: a commit never changes;

Files are JSON (never pickle: build/ may hold files from anyone), written atomically. A
missing, unreadable or malformed cache is ignored; a cache that cannot be written (a
read-only workspace) is skipped silently. A file modified in the last two seconds is not
remembered, since a second write within the file system's timestamp granularity could go
unseen (git calls these entries "racily clean").
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compliance.core.errors import Problem
from compliance.core.stat_keys import load_record, stat_key_of, store_record

if TYPE_CHECKING:
    from compliance.link.evidence import CommitInfo, ContentFacts, GitFacts

CACHE_DIR = Path("build") / ".cache"
FORMAT = 3
"""Bump when the layout of any cache file changes (2: LFS claims, submodules; 3: date problems)."""
RACY_NS = 2_000_000_000
"""Files changed this recently (ns) are not cached: coarse mtimes could hide a rewrite."""


def load(path: Path) -> dict[str, Any] | None:
    return load_record(path, FORMAT)


def store(path: Path, data: dict[str, Any]) -> None:
    store_record(path, FORMAT, data)


class EvidenceCache:
    """The evidence index's cache (evidence.IndexCache): file facts and git facts."""

    def __init__(self, workspace: Path) -> None:
        self.dir = workspace / CACHE_DIR
        self.started_ns = time.time_ns()
        self._content_path = self.dir / "evidence-files.json"
        self._git_path = self.dir / "evidence-git.json"
        loaded = load(self._content_path)
        entries = loaded.get("files") if loaded else None
        self._old: dict[str, Any] = entries if isinstance(entries, dict) else {}
        self._new: dict[str, Any] = {}
        self._changed = False

    def cached(self, rel: str, st: os.stat_result) -> ContentFacts | None:
        """File facts for `rel` remembered under the same stat key, else None."""
        from compliance.link.evidence import ContentFacts

        entry = self._old.get(rel)
        if not (isinstance(entry, list) and len(entry) == 8 and entry[0] == stat_key_of(st)):
            return None
        try:
            _key, sha256, blob, declared, lfs, oid, claimed, problem = entry
            facts = ContentFacts(
                str(sha256),
                str(blob),
                date.fromisoformat(declared) if declared is not None else None,
                bool(lfs),
                str(oid) if oid is not None else None,
                int(claimed) if claimed is not None else None,
                _problem_from_json(rel, problem),
            )
        except (TypeError, ValueError):
            return None
        self._new[rel] = entry
        return facts

    def remember(self, rel: str, st: os.stat_result, facts: ContentFacts) -> None:
        """Keep facts just read, unless the file changed too recently to trust its key."""
        if max(st.st_mtime_ns, st.st_ctime_ns) < self.started_ns - RACY_NS:
            declared_text = facts.declared.isoformat() if facts.declared else None
            self._new[rel] = [
                stat_key_of(st),
                facts.sha256,
                facts.blob,
                declared_text,
                facts.lfs_magic,
                facts.lfs_oid,
                facts.lfs_size,
                _problem_to_json(facts.date_problem),
            ]
        self._changed = True

    def git_facts(self, key: str, compute: Callable[[], GitFacts]) -> GitFacts:
        """Git facts for one commit and path set, from the cache when the key matches."""
        loaded = load(self._git_path)
        if loaded is not None and loaded.get("key") == key:
            facts = _git_from_json(loaded)
            if facts is not None:
                return facts
        facts = compute()
        store(self._git_path, {"key": key, **_git_to_json(facts)})
        return facts

    def save(self) -> None:
        """Write the file facts seen in this run (only if anything changed)."""
        if self._changed or set(self._new) != set(self._old):
            store(self._content_path, {"files": self._new})


def _problem_to_json(problem: Problem | None) -> list[Any] | None:
    if problem is None:
        return None
    return [problem.line, problem.column, problem.message, problem.hint]


def _problem_from_json(rel: str, data: object) -> Problem | None:
    """A remembered date problem; anything malformed raises TypeError or ValueError."""
    if data is None:
        return None
    if not isinstance(data, list) or len(data) != 4:
        raise TypeError("a date problem is [line, column, message, hint]")
    line, column, message, hint = data
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (line, column)):
        raise TypeError("line and column are integers")
    if not isinstance(message, str) or not isinstance(hint, str):
        raise TypeError("message and hint are text")
    return Problem(rel, line, column, message, hint)


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
    from compliance.link.evidence import CommitInfo, GitFacts

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
