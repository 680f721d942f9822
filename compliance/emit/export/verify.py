"""Re-check an auditor packet against its manifest, its SHA256SUMS, its PDFs and git.

A zip packet is read by streaming its members; nothing is extracted. Entries that could
escape a folder (absolute paths, `..`), symlinks, encrypted entries and zip bombs are
refused before any member is read.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from compliance.core.git import blob_hasher
from compliance.emit.export import manifest as mf
from compliance.emit.export.pdf_attachments import MAX_PDF_BYTES, PdfAttachmentError, embedded_files

CHUNK = 1024 * 1024
MAX_ENTRIES = 100_000
MAX_TOTAL_BYTES = 8 * 1024**3
"""Bound on the total uncompressed size of a packet."""
MAX_RATIO = 200
"""Bound on one member's compression ratio (checked for members over 1 MiB)."""
MAX_JSON_BYTES = 64 * 1024 * 1024


class PacketUnreadable(Exception):
    """The packet cannot be read safely or at all: exit 2, nothing checked."""


@dataclass(frozen=True, order=True)
class Finding:
    """One thing wrong with a packet, named by the file it concerns."""

    path: str
    kind: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.kind}: {self.path}" + (f": {self.detail}" if self.detail else "")


@dataclass
class Verification:
    """What `verify` found: every finding, and how many files it checked."""

    findings: list[Finding] = field(default_factory=list)
    checked: int = 0
    commit: str | None = None
    repo_checked: int = 0
    draft: bool = False
    """The packet says it was built from uncommitted changes (`build --worktree`)."""
    modified_inputs: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.findings

    def add(self, path: str, kind: str, detail: str = "") -> None:
        finding = Finding(path, kind, detail)
        if finding not in self.findings:
            self.findings.append(finding)


@dataclass(frozen=True)
class _Hashed:
    sha256: str
    size: int
    blob: str


def _unsafe_name(name: str) -> str | None:
    if not name or "\x00" in name:
        return "empty name or NUL byte"
    if "\\" in name:
        return "backslash in the name"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "absolute path"
    if any(part in ("..", ".") for part in PurePosixPath(name).parts) or "//" in name:
        return "'..' or '.' in the path"
    return None


class _ZipPacket:
    """A packet zip, checked entry by entry before anything is read."""

    def __init__(self, path: Path, max_total: int) -> None:
        try:
            self.zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise PacketUnreadable(f"{path}: not a readable zip file ({exc})") from None
        infos = self.zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise PacketUnreadable(f"{path}: {len(infos)} entries, more than {MAX_ENTRIES}")
        total = 0
        self.members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename
            problem = _unsafe_name(name.rstrip("/") if info.is_dir() else name)
            if problem:
                raise PacketUnreadable(f"refused zip entry {name!r}: {problem} (zip slip)")
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise PacketUnreadable(f"refused zip entry {name!r}: a symbolic link")
            if info.flag_bits & 0x1:
                raise PacketUnreadable(f"refused zip entry {name!r}: encrypted")
            if info.is_dir():
                continue
            if name in self.members:
                raise PacketUnreadable(f"refused zip entry {name!r}: appears twice")
            total += info.file_size
            if total > max_total:
                raise PacketUnreadable(
                    f"refused: members expand to more than {max_total} bytes (zip bomb?)"
                )
            if info.file_size > CHUNK and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise PacketUnreadable(
                    f"refused zip entry {name!r}: compression ratio above {MAX_RATIO} (zip bomb?)"
                )
            self.members[name] = info
        self.budget = max_total

    def names(self) -> list[str]:
        return sorted(self.members)

    def chunks(self, name: str) -> Iterator[bytes]:
        info = self.members[name]
        seen = 0
        with self.zf.open(info) as fh:
            while chunk := fh.read(CHUNK):
                seen += len(chunk)
                self.budget -= len(chunk)
                # zipfile already stops at the declared size; this guards the total as read.
                if seen > info.file_size or self.budget < 0:
                    raise PacketUnreadable(f"refused zip entry {name!r}: expands beyond its size")
                yield chunk

    def size(self, name: str) -> int:
        return self.members[name].file_size

    def close(self) -> None:
        self.zf.close()


class _DirPacket:
    """A packet folder; symbolic links inside it are refused, never followed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, Path] = {}
        for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
            for name in [*dirnames, *filenames]:
                full = Path(dirpath) / name
                rel = full.relative_to(root).as_posix()
                if full.is_symlink():
                    raise PacketUnreadable(f"refused {rel!r}: a symbolic link")
                if name in filenames:
                    if not full.is_file():
                        raise PacketUnreadable(f"refused {rel!r}: not a regular file")
                    self.files[rel] = full
            if len(self.files) > MAX_ENTRIES:
                raise PacketUnreadable(f"{root}: more than {MAX_ENTRIES} files")

    def names(self) -> list[str]:
        return sorted(self.files)

    def chunks(self, name: str) -> Iterator[bytes]:
        try:
            with self.files[name].open("rb") as fh:
                while chunk := fh.read(CHUNK):
                    yield chunk
        except OSError as exc:
            raise PacketUnreadable(f"{name}: cannot read ({exc.strerror})") from None

    def size(self, name: str) -> int:
        return self.files[name].stat().st_size

    def close(self) -> None:
        pass


def _open(path: Path, max_total: int) -> _ZipPacket | _DirPacket:
    if path.is_dir():
        return _DirPacket(path)
    if not path.is_file():
        raise PacketUnreadable(f"{path}: no such file or folder")
    return _ZipPacket(path, max_total)


def _prefix(names: list[str]) -> str:
    """The packet's top folder inside a zip (`<name>/`), or '' for a bare layout."""
    tops = {n.split("/", 1)[0] for n in names}
    if len(tops) == 1:
        (top,) = tops
        if f"{top}/{mf.MANIFEST}" in names or f"{top}/{mf.SUMS}" in names:
            return f"{top}/"
    return ""


def _read_all(packet: _ZipPacket | _DirPacket, name: str, limit: int) -> bytes:
    if packet.size(name) > limit:
        raise ValueError(f"larger than {limit} bytes")
    return b"".join(packet.chunks(name))


def _hash(packet: _ZipPacket | _DirPacket, name: str) -> _Hashed:
    sha = hashlib.sha256()
    blob = blob_hasher(packet.size(name))
    size = 0
    for chunk in packet.chunks(name):
        sha.update(chunk)
        blob.update(chunk)
        size += len(chunk)
    return _Hashed(sha.hexdigest(), size, blob.hexdigest())


def _check_sums(result: Verification, actual: dict[str, _Hashed], sums: bytes | None) -> None:
    if sums is None:
        result.add(mf.SUMS, "missing", "the packet's list of SHA-256 sums is gone")
        return
    try:
        listed = mf.parse_sums(sums)
    except (ValueError, UnicodeDecodeError) as exc:
        result.add(mf.SUMS, "altered", f"not a sha256sum file ({exc})")
        return
    for path, sha in sorted(listed.items()):
        if path not in actual:
            result.add(path, "missing", f"listed in {mf.SUMS}")
        elif actual[path].sha256 != sha:
            result.add(path, "altered", f"sha256 {actual[path].sha256}, {mf.SUMS} says {sha}")
    for path in sorted(set(actual) - set(listed) - {mf.SUMS}):
        result.add(path, "extra", f"not listed in {mf.SUMS}")


def _check_manifest_files(
    result: Verification, actual: dict[str, _Hashed], manifest: dict[str, Any]
) -> None:
    listed: dict[str, dict[str, Any]] = {}
    for entry in manifest.get("files", []):
        listed[entry["path"]] = entry
        found = actual.get(entry["path"])
        if found is None:
            result.add(entry["path"], "missing", "listed in manifest.json")
        elif found.sha256 != entry["sha256"] or found.size != entry["size"]:
            result.add(
                entry["path"],
                "altered",
                f"sha256 {found.sha256} ({found.size} bytes), manifest.json says "
                f"{entry['sha256']} ({entry['size']} bytes)",
            )
    for path in sorted(set(actual) - set(listed) - {mf.MANIFEST, mf.SUMS}):
        result.add(path, "extra", "not listed in manifest.json")
    for ev in manifest.get("evidence", []):
        entry = listed.get(ev["packet_path"])
        if entry is None or entry["sha256"] != ev["sha256"]:
            result.add(
                ev["packet_path"],
                "inconsistent",
                "manifest.json's evidence record and file list disagree",
            )


def _check_pdf(
    result: Verification,
    report: dict[str, Any],
    pdf: bytes,
    actual: dict[str, _Hashed],
    manifest: dict[str, Any],
) -> None:
    path = report["pdf"]
    try:
        attached = embedded_files(pdf)
    except PdfAttachmentError as exc:
        result.add(path, "altered", f"its embedded files cannot be read ({exc})")
        return
    recorded = {a["name"]: a for a in report.get("attachments", [])}
    for name, rec in sorted(recorded.items()):
        data = attached.get(name)
        if data is None:
            result.add(path, "altered", f"embedded file {name} is gone")
            continue
        sha = mf.sha256_hex(data)
        if sha != rec["sha256"]:
            result.add(
                path,
                "altered",
                f"embedded {name} has sha256 {sha}, manifest.json says {rec['sha256']}",
            )
        same = rec.get("same_as")
        if same and same in actual and actual[same].sha256 != sha:
            result.add(same, "mismatch", f"differs from the {name} embedded in {path}")
    for name in sorted(set(attached) - set(recorded)):
        result.add(path, "altered", f"embedded file {name} is not recorded in manifest.json")
    inner = attached.get("manifest.json")
    if inner is None:
        return
    try:
        data = json.loads(inner)
        commit = (data.get("workspace", {}).get("commit") or {}).get("sha")
        pdf_draft = bool(data.get("workspace", {}).get("draft", False))
        pdf_evidence = {e["path"]: e.get("sha256") for e in data.get("evidence", [])}
    except (ValueError, AttributeError, TypeError, KeyError):
        result.add(path, "altered", "its embedded manifest.json is not readable")
        return
    if commit != manifest.get("workspace", {}).get("commit"):
        result.add(path, "mismatch", f"made from commit {commit}, the packet from another")
    packet_draft = bool(manifest.get("workspace", {}).get("draft", False))
    if pdf_draft != packet_draft:
        said = "a DRAFT" if pdf_draft else "not a draft"
        result.add(path, "mismatch", f"the PDF says it is {said}, the packet manifest does not")
    for ev in manifest.get("evidence", []):
        if ev["path"] in pdf_evidence and pdf_evidence[ev["path"]] != ev["sha256"]:
            result.add(
                ev["packet_path"],
                "mismatch",
                f"{path} records sha256 {pdf_evidence[ev['path']]}, manifest.json {ev['sha256']}",
            )


def _git_blobs(repo: Path, commit: str) -> dict[str, str]:
    """Path -> blob id at `commit`, from one `git ls-tree`."""

    def git(*args: str) -> bytes:
        return subprocess.run(
            ["git", "-C", str(repo), *args], check=True, capture_output=True
        ).stdout

    try:
        git("cat-file", "-e", f"{commit}^{{commit}}")
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        raise LookupError(f"commit {commit} not found in {repo}") from exc
    out = git("ls-tree", "-r", "-z", "--full-tree", commit)
    blobs: dict[str, str] = {}
    for entry in out.split(b"\x00"):
        meta, _, name = entry.partition(b"\t")
        parts = meta.decode().split(" ")
        if len(parts) == 3 and parts[1] == "blob":
            blobs[name.decode("utf-8", "surrogateescape")] = parts[2]
    return blobs


def _check_repo(
    result: Verification, repo: Path, manifest: dict[str, Any], actual: dict[str, _Hashed]
) -> None:
    commit = manifest.get("workspace", {}).get("commit")
    if not commit:
        result.add(mf.MANIFEST, "unverifiable", "names no commit to check the evidence against")
        return
    try:
        blobs = _git_blobs(repo, commit)
    except LookupError as exc:
        result.add(mf.MANIFEST, "unverifiable", str(exc))
        return
    for ev in manifest.get("evidence", []):
        copy = actual.get(ev["packet_path"])
        if copy is None:
            continue  # already reported as missing
        result.repo_checked += 1
        at_commit = blobs.get(ev["repo_path"])
        if at_commit is None:
            result.add(ev["packet_path"], "not-in-git", f"{ev['repo_path']} is not in {commit}")
        elif at_commit != copy.blob:
            result.add(
                ev["packet_path"],
                "differs-from-git",
                f"blob {copy.blob}, commit {commit[:12]} has {at_commit}",
            )


def verify_packet(
    path: Path, repo: Path | None = None, max_total: int = MAX_TOTAL_BYTES
) -> Verification:
    """Check every file of a packet (zip or folder); PacketUnreadable if it cannot be read."""
    packet = _open(path, max_total)
    result = Verification()
    try:
        names = packet.names()
        prefix = _prefix(names)
        actual: dict[str, _Hashed] = {}
        stray: list[str] = []
        for name in names:
            if not name.startswith(prefix):
                stray.append(name)
                continue
            try:
                actual[name[len(prefix) :]] = _hash(packet, name)
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                result.add(name[len(prefix) :], "altered", f"corrupt in the zip ({exc})")
        for name in stray:
            result.add(name, "extra", "outside the packet folder")
        if mf.MANIFEST not in actual and mf.SUMS not in actual:
            raise PacketUnreadable(f"{path}: no {mf.MANIFEST}: not a compliance-docs packet")
        result.checked = len(actual)
        sums = _read_all(packet, prefix + mf.SUMS, MAX_JSON_BYTES) if mf.SUMS in actual else None
        _check_sums(result, actual, sums)
        manifest: dict[str, Any] | None = None
        if mf.MANIFEST not in actual:
            result.add(mf.MANIFEST, "missing", "the packet's manifest is gone")
        else:
            try:
                manifest = json.loads(_read_all(packet, prefix + mf.MANIFEST, MAX_JSON_BYTES))
                if not isinstance(manifest, dict) or manifest.get("schema") != mf.SCHEMA:
                    raise ValueError(f"not a {mf.SCHEMA} document")
            except ValueError as exc:
                result.add(mf.MANIFEST, "altered", f"not a readable packet manifest ({exc})")
                manifest = None
        if manifest is not None:
            result.commit = manifest.get("workspace", {}).get("commit")
            workspace = manifest.get("workspace", {})
            if isinstance(workspace, dict) and workspace.get("draft"):
                result.draft = True
                listed = workspace.get("modified_inputs", [])
                result.modified_inputs = (
                    [str(p) for p in listed] if isinstance(listed, list) else []
                )
            try:
                _check_manifest_files(result, actual, manifest)
                for report in manifest.get("reports", []):
                    if report["pdf"] in actual:
                        pdf = _read_all(packet, prefix + report["pdf"], MAX_PDF_BYTES)
                        _check_pdf(result, report, pdf, actual, manifest)
                if repo is not None:
                    _check_repo(result, repo, manifest, actual)
            except (KeyError, TypeError, AttributeError) as exc:
                result.add(mf.MANIFEST, "altered", f"malformed entry ({exc.__class__.__name__})")
    finally:
        packet.close()
    result.findings.sort()
    return result
