"""The cached `check` output: keyed by a digest of every input, so a repeat is cheap, never wrong.

The key covers the HEAD commit and branch, the stat of every file read (project, controls,
risks, catalogs, evidence), the listing of the folders they came from, the tool's own code
and the output format. A file changed in the last two seconds is not remembered (git's
"racily clean" rule, see compliance.link.evidence_cache).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compliance.core.package import PACKAGE_DIR, shipped_dir
from compliance.core.stat_keys import git_state, stat_key, stat_key_of
from compliance.link import evidence_cache
from compliance.link.evidence_cache import CACHE_DIR, FORMAT, load, store

if TYPE_CHECKING:
    from compliance.assess.coverage import Assessment

WATCHED_FOLDERS = ("controls", "risks", "frameworks")
OPTIONAL_FILES = ("model.yaml", "training-data.yaml")
"""compliance.load.workspace's optional files: their stat (or absence) is an input too."""
"""Folders whose listing is an input: a new file there changes the result."""


def _listing(workspace: Path, glob_bases: list[str] | None = None) -> dict[str, list[str]]:
    """Folder listings that are inputs: controls, risks, catalogs, and the folders evidence
    globs search (a new file there changes what a glob matches)."""
    from compliance.load.sources import DiskSource

    out = {f: DiskSource(workspace).list(f, (".yaml", ".yml")) for f in WATCHED_FOLDERS}
    out["<built-in>"] = DiskSource(shipped_dir("frameworks")).list(".", (".yaml", ".yml"))
    for base in glob_bases or []:
        out[f"<glob>{base}"] = DiskSource(workspace).list(base or ".", ("",))
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
    shipped = shipped_dir("frameworks")
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
    entry = load(_check_path(workspace, fmt))
    if entry is None:
        return None
    try:
        files = [str(f) for f in entry["files"]]
        bases = [str(b) for b in entry.get("glob_bases", [])]
        output, code, stored = str(entry["output"]), int(entry["exit"]), entry["digest"]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if _digest(workspace, fmt, files, _listing(workspace, bases)) != stored:
        return None
    return output, code


def remember_check(
    workspace: Path, fmt: str, assessment: Assessment, output: str, code: int, started_ns: int
) -> None:
    """Store `check` output under the digest of its inputs, unless one changed too recently."""
    from compliance.load.workspace import PROJECT_FILE, glob_base

    evidence = sorted(assessment.index.records)
    bases = sorted({glob_base(p) for p in assessment.workspace.evidence_globs})
    listing = _listing(workspace, bases)
    files = [PROJECT_FILE, *OPTIONAL_FILES]
    files += [f for folder in WATCHED_FOLDERS for f in listing[folder]]
    files += evidence
    keys = _file_keys(workspace, files)
    newest = max((max(k[1], k[2]) for k in keys if k is not None), default=0)
    if newest >= started_ns - evidence_cache.RACY_NS:
        return  # an input changed during (or just before) this run: do not trust the output
    digest = _digest(workspace, fmt, files, listing, keys)
    if digest is None:
        return
    store(
        _check_path(workspace, fmt),
        {
            "digest": digest,
            "files": files,
            "glob_bases": bases,
            "exit": int(code),
            "output": output,
        },
    )
