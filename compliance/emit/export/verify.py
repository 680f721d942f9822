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
from compliance.core.wording import count
from compliance.emit.export import manifest as mf
from compliance.emit.export.pdf_attachments import MAX_PDF_BYTES, PdfAttachmentError, embedded_files

CHUNK = 1024 * 1024
MAX_ENTRIES = mf.MAX_FILES
MAX_TOTAL_BYTES = mf.MAX_TOTAL_BYTES
"""Bound on the total uncompressed size of a packet."""
MAX_ENTRY_BYTES = mf.MAX_FILE_BYTES
"""Bound on one member, whatever its header or the manifest declares: what the build allows."""
MAX_RATIO = 200
"""Bound on the compression ratio of a member whose size manifest.json does not declare
(the manifest itself, SHA256SUMS, strays), checked for members over 1 MiB."""
SIZE_MARGIN = 1024 * 1024
"""A member is never inflated beyond the size manifest.json declares plus this margin."""
MAX_JSON_BYTES = 64 * 1024 * 1024
EVIDENCE_DIR = "repo"
REPORTS_DIR = "reports"
DOCUMENTS_DIR = "documents"
"""The Model Documentation Form and training-content summary: checked by their hashes in
manifest.json and SHA256SUMS like every file; they carry no report manifest to compare."""


class PacketUnreadable(Exception):
    """The packet cannot be read safely or at all: exit 2, nothing checked.

    The message never repeats the packet's path: the caller names the packet once."""


class _Oversized(Exception):
    """A zip member larger than manifest.json declares: reported, never inflated."""


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
    """Evidence copies checked against git (with --repo)."""
    inputs_checked: int = 0
    """Other inputs (policy, controls, risks, approvals...) checked against git."""
    pinned_by: list[str] = field(default_factory=list)
    """The report PDFs whose embedded manifest was checked against the packet's files."""
    repo: bool = False
    """Whether the copies were checked against the repository (--repo)."""

    @property
    def pinned(self) -> bool:
        """Whether at least one report PDF vouches for the evidence and inputs."""
        return bool(self.pinned_by)

    def verdict(self) -> str:
        """One line saying what was checked and how far the packet can be trusted."""
        if not self.intact:
            return f"NOT intact: {count(len(self.findings), 'problem')}"
        scope = (
            f"{count(self.repo_checked, 'evidence file')} and "
            f"{count(self.inputs_checked, 'other input')} match git"
            if self.repo
            else "internal consistency only: run with --repo to check the evidence against git"
        )
        pins = (
            f"pinned by {', '.join(self.pinned_by)}"
            if self.pinned
            else "no report PDF pins the evidence: nothing but manifest.json vouches for it"
        )
        return f"intact ({scope}): {count(self.checked, 'file')} verified; {pins}"

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
            raise PacketUnreadable(f"not a readable zip file ({exc})") from None
        infos = self.zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise PacketUnreadable(f"{len(infos)} entries, more than {MAX_ENTRIES}")
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
            if info.file_size > MAX_ENTRY_BYTES:
                raise PacketUnreadable(
                    f"refused zip entry {name!r}: declares {info.file_size} bytes, more than "
                    f"the {MAX_ENTRY_BYTES} a packet file may hold (zip bomb?)"
                )
            self.members[name] = info
        self.budget = max_total
        self.declared: dict[str, int] = {}
        """Member -> the size manifest.json declares: it is never inflated much beyond."""

    def names(self) -> list[str]:
        return sorted(self.members)

    def chunks(self, name: str) -> Iterator[bytes]:
        """The member's bytes, a chunk at a time: never more than its header declares, the
        manifest declares (plus a margin), the absolute cap or what is left of the total."""
        info = self.members[name]
        declared = self.declared.get(name)
        if declared is not None and info.file_size > declared + SIZE_MARGIN:
            raise _Oversized(
                f"{info.file_size} bytes in the zip, manifest.json declares {declared}: "
                "not inflated"
            )
        if (
            declared is None
            and info.file_size > CHUNK
            and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            # Only the manifest, SHA256SUMS and strays have no declared size: plain JSON and
            # text never compress that well.
            raise PacketUnreadable(
                f"refused zip entry {name!r}: compression ratio above {MAX_RATIO} and no size "
                "declared in manifest.json (zip bomb?)"
            )
        limit = min(info.file_size, MAX_ENTRY_BYTES)
        seen = 0
        try:
            with self.zf.open(info) as fh:
                while chunk := fh.read(CHUNK):
                    seen += len(chunk)
                    self.budget -= len(chunk)
                    # zipfile stops at the header's size (and then checks the CRC, so data
                    # that inflates further is refused below); this guards the total as read.
                    if seen > limit or self.budget < 0:
                        raise PacketUnreadable(
                            f"refused zip entry {name!r}: expands beyond its size (zip bomb?)"
                        )
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise PacketUnreadable(
                f"refused zip entry {name!r}: corrupt, or inflates beyond its declared size "
                f"(zip bomb?): {exc}"
            ) from None

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
                raise PacketUnreadable(f"more than {MAX_ENTRIES} files")

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
        raise PacketUnreadable("no such file or folder")
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
    for item in manifest.get("inputs", []):
        copy = item.get("packet_path")
        if copy is None:
            continue
        entry = listed.get(copy)
        if entry is None or entry["sha256"] != item["sha256"]:
            result.add(copy, "inconsistent", "manifest.json's input record and file list disagree")


def _check_pdf(
    result: Verification,
    report: dict[str, Any],
    attached: dict[str, bytes],
    actual: dict[str, _Hashed],
    manifest: dict[str, Any],
) -> None:
    """The PDF's embedded files are the ones manifest.json recorded for it."""
    path = report["pdf"]
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
    evidence = {ev["packet_path"] for ev in manifest.get("evidence", [])}
    for item in manifest.get("inputs", []):
        packet_path = item.get("packet_path")
        copy = actual.get(packet_path) if packet_path else None
        if copy is None or packet_path in evidence:
            continue  # withheld, built in, missing, or checked above as evidence
        result.inputs_checked += 1
        at_commit = blobs.get(item["repo_path"])
        if at_commit is None:
            result.add(packet_path, "not-in-git", f"{item['repo_path']} is not in {commit}")
        elif at_commit != copy.blob:
            result.add(
                packet_path,
                "differs-from-git",
                f"blob {copy.blob}, commit {commit[:12]} has {at_commit}",
            )


def _declared_sizes(manifest: dict[str, Any] | None) -> dict[str, int]:
    """Path -> size from manifest.json's file list; a size beyond the cap is refused."""
    out: dict[str, int] = {}
    if manifest is None:
        return out
    for entry in manifest.get("files", []) if isinstance(manifest.get("files"), list) else []:
        if not isinstance(entry, dict):
            continue
        path, size = entry.get("path"), entry.get("size")
        if not isinstance(path, str) or not isinstance(size, int) or isinstance(size, bool):
            continue
        if size > MAX_ENTRY_BYTES:
            raise PacketUnreadable(
                f"refused: manifest.json declares {size} bytes for {path!r}, more than the "
                f"{MAX_ENTRY_BYTES} a packet file may hold (zip bomb?)"
            )
        out[path] = size
    return out


def _read_manifest(
    result: Verification, packet: _ZipPacket | _DirPacket, prefix: str, present: set[str]
) -> dict[str, Any] | None:
    if mf.MANIFEST not in present:
        result.add(mf.MANIFEST, "missing", "the packet's manifest is gone")
        return None
    try:
        manifest = json.loads(_read_all(packet, prefix + mf.MANIFEST, MAX_JSON_BYTES))
        if not isinstance(manifest, dict) or manifest.get("schema") != mf.SCHEMA:
            raise ValueError(f"not a {mf.SCHEMA} document")
    except ValueError as exc:
        result.add(mf.MANIFEST, "altered", f"not a readable packet manifest ({exc})")
        return None
    return manifest


def _report_pdfs(actual: dict[str, _Hashed]) -> list[str]:
    """Every PDF outside the evidence copies and the documents: each is checked, listed in
    the manifest or not."""
    return sorted(
        p
        for p in actual
        if p.lower().endswith(".pdf")
        and not p.startswith((EVIDENCE_DIR + "/", DOCUMENTS_DIR + "/"))
    )


def _pinned(embedded: dict[str, Any]) -> list[tuple[str, str]]:
    """(workspace path, sha256) of every file a PDF's embedded manifest pins."""
    out = []
    for key in ("evidence", "inputs"):
        for item in embedded.get(key) or []:
            if item.get("builtin") or item.get("sha256") is None:
                continue
            out.append((str(item["path"]), str(item["sha256"])))
    return out


def _check_pins(
    result: Verification,
    pdf_path: str,
    embedded: dict[str, Any],
    actual: dict[str, _Hashed],
    manifest: dict[str, Any],
) -> None:
    """The files the PDF pins are in the packet with those hashes (or withheld with them)."""
    where = manifest.get("workspace", {}).get("path_in_repo") or ""
    prefix = f"{EVIDENCE_DIR}/{where}/" if where else f"{EVIDENCE_DIR}/"
    withheld = {w["path"]: w.get("sha256") for w in manifest.get("withheld", [])}
    for path, sha in _pinned(embedded):
        copy = prefix + path
        if copy in actual:
            if actual[copy].sha256 != sha:
                result.add(
                    copy, "mismatch", f"{pdf_path} records sha256 {sha}, the copy has another"
                )
        elif copy in withheld:
            if withheld[copy] != sha:
                result.add(
                    copy, "mismatch", f"{pdf_path} records sha256 {sha}, withheld says other"
                )
        else:
            result.add(copy, "missing", f"pinned by {pdf_path}, neither present nor withheld")


def _check_report(
    result: Verification,
    packet: _ZipPacket | _DirPacket,
    prefix: str,
    pdf_path: str,
    actual: dict[str, _Hashed],
    manifest: dict[str, Any],
) -> None:
    """One report PDF: its recorded attachments, and what its embedded manifest pins."""
    try:
        pdf = _read_all(packet, prefix + pdf_path, MAX_PDF_BYTES)
        attached = embedded_files(pdf)
    except (ValueError, PdfAttachmentError) as exc:
        result.add(pdf_path, "altered", f"its embedded files cannot be read ({exc})")
        return
    recorded = [r for r in manifest.get("reports", []) if r.get("pdf") == pdf_path]
    if recorded:
        _check_pdf(result, recorded[0], attached, actual, manifest)
    else:
        result.add(pdf_path, "unrecorded", "a report PDF that manifest.json's reports omit")
    inner = attached.get("manifest.json")
    if inner is None:
        result.add(pdf_path, "altered", "no embedded manifest.json ties it to the evidence")
        return
    try:
        embedded = json.loads(inner)
        commit = (embedded.get("workspace", {}).get("commit") or {}).get("sha")
        kind = (embedded.get("document") or {}).get("kind")
        if commit != manifest.get("workspace", {}).get("commit"):
            result.add(pdf_path, "mismatch", f"made from commit {commit}, the packet from another")
        if kind is not None and pdf_path != f"{REPORTS_DIR}/{kind}.pdf":
            result.add(pdf_path, "mismatch", f"its embedded manifest says it is a {kind} report")
        pdf_draft = bool(embedded.get("workspace", {}).get("draft", False))
        if pdf_draft != bool(manifest.get("workspace", {}).get("draft", False)):
            said = "a DRAFT" if pdf_draft else "not a draft"
            result.add(pdf_path, "mismatch", f"the PDF says it is {said}, the packet does not")
        _check_pins(result, pdf_path, embedded, actual, manifest)
    except (ValueError, AttributeError, TypeError, KeyError):
        result.add(pdf_path, "altered", "its embedded manifest.json is not readable")
        return
    result.pinned_by.append(pdf_path)


def _check_report_kinds(
    result: Verification, actual: dict[str, _Hashed], manifest: dict[str, Any], pdfs: list[str]
) -> None:
    """The reports the build produced are all here (or withheld); at least one unless the
    manifest says the packet was built without reports."""
    withheld = {w["path"] for w in manifest.get("withheld", [])}
    kinds = manifest.get("report_kinds")
    if kinds is None:
        if not pdfs and not any(p.startswith(REPORTS_DIR + "/") for p in withheld):
            result.add(REPORTS_DIR, "missing", "a packet holds at least one report PDF")
        return
    for kind in kinds:
        pdf = f"{REPORTS_DIR}/{kind}.pdf"
        if pdf not in actual and pdf not in withheld:
            result.add(pdf, "missing", "the build produced this report")


def verify_packet(
    path: Path, repo: Path | None = None, max_total: int = MAX_TOTAL_BYTES
) -> Verification:
    """Check every file of a packet (zip or folder); PacketUnreadable if it cannot be read.

    Nothing in manifest.json decides what is checked: every file is hashed against
    SHA256SUMS and the manifest, every report PDF (listed or not) against its embedded
    manifest, which pins the commit, the evidence and the other inputs; a zip member is
    never inflated beyond its declared size (plus a margin) nor an absolute cap.
    """
    packet = _open(path, max_total)
    result = Verification(repo=repo is not None)
    try:
        names = packet.names()
        prefix = _prefix(names)
        present = {n[len(prefix) :] for n in names if n.startswith(prefix)}
        if mf.MANIFEST not in present and mf.SUMS not in present:
            raise PacketUnreadable(f"no {mf.MANIFEST}: not a compliance-docs packet")
        # The manifest first: the sizes it declares bound every member read after it.
        manifest = _read_manifest(result, packet, prefix, present)
        declared = _declared_sizes(manifest)
        if isinstance(packet, _ZipPacket):
            packet.declared = {prefix + p: size for p, size in declared.items()}
        actual: dict[str, _Hashed] = {}
        for name in names:
            if not name.startswith(prefix):
                result.add(name, "extra", "outside the packet folder")
                continue
            try:
                actual[name[len(prefix) :]] = _hash(packet, name)
            except _Oversized as exc:
                result.add(name[len(prefix) :], "altered", str(exc))
        result.checked = len(actual)
        sums = _read_all(packet, prefix + mf.SUMS, MAX_JSON_BYTES) if mf.SUMS in actual else None
        _check_sums(result, actual, sums)
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
                pdfs = _report_pdfs(actual)
                for pdf in pdfs:
                    _check_report(result, packet, prefix, pdf, actual, manifest)
                _check_report_kinds(result, actual, manifest, pdfs)
                if repo is not None:
                    _check_repo(result, repo, manifest, actual)
            except (KeyError, TypeError, AttributeError) as exc:
                result.add(mf.MANIFEST, "altered", f"malformed entry ({exc.__class__.__name__})")
    finally:
        packet.close()
    result.findings.sort()
    return result
