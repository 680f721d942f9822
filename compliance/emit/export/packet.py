"""The auditor packet: reports, evidence copies, OSCAL, manifest, index, as folder and zip.

The same commit gives the same bytes: entries sorted, timestamps from the commit, fixed
permissions, and nothing read from the clock or the environment.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from compliance import __version__
from compliance.assess.coverage import Assessment
from compliance.core.atomic import atomic_write
from compliance.core.errors import InputError, Problem
from compliance.core.git import blob_id
from compliance.core.ids import parse_ref
from compliance.decide.decision import Decision
from compliance.emit.export import manifest as mf
from compliance.emit.export.index_page import site_files
from compliance.emit.export.oscal import dumps, oscal_documents
from compliance.emit.export.oscal_common import iso
from compliance.emit.export.pdf_attachments import PdfAttachmentError, embedded_files
from compliance.emit.formats.coverage.json import JsonFormat
from compliance.emit.formats.gate.json import decision_dict, rule_dict
from compliance.emit.inputs import workspace_inputs
from compliance.emit.render.context import signoff_rows
from compliance.emit.render.environment import SourceLoader, overrides_shipped
from compliance.pipeline import Run

AUDIENCES = ("auditor", "regulator", "downstream")
DEFAULT_AUDIENCE = "auditor"
DOWNSTREAM_FRAMEWORK = "eu-ai-act-annex-xii"
"""Annex XII: the information a GPAI provider gives providers who integrate the model."""
INTERNAL_JURISDICTION = "ORG"

EVIDENCE_DIR = "repo"
REPORTS_DIR = "reports"
DOCUMENTS_DIR = "documents"
"""The Model Documentation Form (per audience) and the public training-content summary."""
OSCAL_DIR = "oscal"
COVERAGE = "coverage.json"
INDEX = "index.html"
ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)
"""Zip timestamps cannot go earlier."""


@dataclass(frozen=True)
class ReportFiles:
    """One rendered report to put in the packet."""

    kind: str
    html: str
    pdf: bytes


@dataclass
class Packet:
    """Every file of a packet in memory, keyed by its path inside the packet."""

    name: str
    audience: str
    when: datetime
    files: dict[str, bytes] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)


def packet_name(release_id: str, audience: str = DEFAULT_AUDIENCE) -> str:
    """`<release>-packet`, with the audience named unless it is the default auditor."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", release_id).strip("-.") or "release"
    return f"{safe}-packet" if audience == DEFAULT_AUDIENCE else f"{safe}-{audience}-packet"


def _repo_prefix(a: Assessment) -> str:
    return a.index.repo.to_repo


def _frameworks_by_evidence(a: Assessment) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for lc in a.workspace.controls:
        fws = {p[0] for ref in lc.control.satisfies if (p := parse_ref(ref)) is not None}
        for link in lc.control.evidence:
            out.setdefault(link.path, set()).update(fws)
    return out


def _linked_by(a: Assessment) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for lc in a.workspace.controls:
        for link in lc.control.evidence:
            out.setdefault(link.path, []).append(lc.control.id)
    return {p: sorted(set(ids)) for p, ids in out.items()}


def _withhold_evidence(a: Assessment, audience: str, frameworks: set[str]) -> str | None:
    """Why this evidence file is withheld from `audience`, or None to include it."""
    if audience == "downstream" and DOWNSTREAM_FRAMEWORK not in frameworks:
        return (
            "not Annex XII information for downstream providers "
            f"(supports {', '.join(sorted(frameworks)) or 'no requirement'})"
        )
    if audience == "regulator":
        cats = a.workspace.catalogs.catalogs
        public = {f for f in frameworks if cats[f].catalog.jurisdiction != INTERNAL_JURISDICTION}
        if not public:
            return "supports only the organisation's internal requirements"
    return None


def _withhold_document(audience: str, path: str) -> str | None:
    if audience != "downstream":
        return None
    if path.startswith(REPORTS_DIR + "/"):
        return "internal risk assessment and release decision: not for downstream providers"
    if path == f"{OSCAL_DIR}/catalog-{DOWNSTREAM_FRAMEWORK}.json":
        return None
    if path.startswith(OSCAL_DIR + "/") or path == COVERAGE:
        return "describes the whole internal assessment, beyond Annex XII"
    return None


def _read_evidence(run: Run, path: str, expected: str | None) -> bytes:
    try:
        data = run.evidence.read(path, mf.MAX_FILE_BYTES)
    except InputError as exc:
        message = "; ".join(p.message for p in exc.problems)
        raise InputError.single(path, f"cannot copy evidence into the packet: {message}") from None
    if expected is not None and mf.sha256_hex(data) != expected:
        raise InputError.single(
            path,
            "changed while the packet was being built",
            "rerun once nothing is writing to the evidence",
        )
    return data


INTERNAL_INPUT = (
    "internal workspace file (policy, controls, risk register, approvals, templates): "
    "not for downstream providers"
)


def _inputs(
    run: Run,
    audience: str,
    prefix: str,
    included: dict[str, tuple[str, bytes]],
    withheld: list[dict[str, Any]],
    evidence: list[dict[str, Any]],
    missing: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Every file the Run loaded or indexed, as the manifest's `inputs`; the ones that are
    not evidence copies are added to the packet with role "input" (or withheld)."""
    copied = {e["path"]: e for e in evidence}
    absent = {m["path"]: m for m in missing}
    held = {w["path"]: w for w in withheld}
    out: list[dict[str, Any]] = []
    for item in workspace_inputs(run):
        packet_path = f"{EVIDENCE_DIR}/{prefix}{item.path}"
        entry: dict[str, Any] = {
            "path": item.path,
            "repo_path": prefix + item.path,
            "read_as": list(item.read_as),
        }
        if item.path in run.index.records:
            if item.path in absent:
                entry |= {"packet_path": None, "missing": absent[item.path]["state"]}
            elif item.path in copied:
                ev = copied[item.path]
                entry |= {k: ev[k] for k in ("packet_path", "sha256", "size", "git_blob")}
            else:
                rec = run.index.records[item.path]
                reason = held.get(packet_path, {}).get("reason", "withheld")
                entry |= {"packet_path": None, "sha256": rec.sha256, "size": rec.size}
                entry |= {"git_blob": rec.blob, "withheld": reason}
            out.append(entry)
            continue
        data = _read_evidence(run, item.path, None)
        entry |= {"sha256": mf.sha256_hex(data), "size": len(data), "git_blob": blob_id(data)}
        if item.builtin:
            entry |= {"packet_path": None, "builtin": True}
        elif audience == "downstream":
            entry |= {"packet_path": None, "withheld": INTERNAL_INPUT}
            withheld.append({**mf.file_entry(packet_path, "input", data), "reason": INTERNAL_INPUT})
        else:
            entry["packet_path"] = packet_path
            included[packet_path] = ("input", data)
        out.append(entry)
    return out


MANIFEST_RULE_KEYS = (
    "rule", "kind", "severity", "passed", "waived", "message", "observed", "threshold",
)  # fmt: skip
"""What the manifest keeps of each rule's JSON (compliance.emit.formats.gate.json)."""


def _gate(decision: Decision) -> dict[str, Any]:
    return {
        "verdict": decision.verdict.value,
        "policy_defined": decision.policy_defined,
        "rules": [
            {k: v for k, v in rule_dict(r).items() if k in MANIFEST_RULE_KEYS}
            for r in decision.rules
        ],
        "notes": list(decision.notes),
    }


def _coverage(a: Assessment, audience: str) -> list[dict[str, Any]]:
    return [
        {
            "framework": fw.id,
            "title": fw.title,
            "version": fw.version,
            "counts": dict(fw.total.counts),
            "percent_covered": fw.total.percent,
        }
        for fw in a.frameworks
        if audience != "downstream" or fw.id == DOWNSTREAM_FRAMEWORK
    ]


def build_packet(
    run: Run,
    reports: list[ReportFiles] | None = None,
    audience: str = DEFAULT_AUDIENCE,
    documents: dict[str, bytes] | None = None,
) -> Packet:
    """Assemble every file of the packet for `audience`; nothing is written yet.
    `documents` (file name -> bytes) go under documents/: the caller gives only those the
    audience may see (emit.documents.packet_documents)."""
    if audience not in AUDIENCES:
        raise InputError.single(
            "--audience", f"unknown audience {audience!r}", ", ".join(AUDIENCES)
        )
    for ref in [r for r in reports or [] if not re.fullmatch(r"[a-z0-9-]+", r.kind)]:
        raise InputError.single("reports", f"report kind {ref.kind!r} is not a plain name")
    a, decision = run.assessment, run.decision
    ws = a.workspace
    when = run.output_date.when
    packet = Packet(packet_name(ws.project.release.id, audience), audience, when)
    candidates: dict[str, tuple[str, bytes]] = {}
    report_entries: list[dict[str, Any]] = []
    coverage_bytes = JsonFormat().format(a).encode("utf-8")
    candidates[COVERAGE] = ("coverage", coverage_bytes)
    for report in sorted(reports or [], key=lambda r: r.kind):
        pdf_path = f"{REPORTS_DIR}/{report.kind}.pdf"
        html_path = f"{REPORTS_DIR}/{report.kind}.html"
        candidates[pdf_path] = ("report", report.pdf)
        candidates[html_path] = ("report-html", report.html.encode("utf-8"))
        try:
            attached = embedded_files(report.pdf)
        except PdfAttachmentError as exc:
            raise InputError.single(pdf_path, f"cannot read the PDF's attachments: {exc}") from None
        report_entries.append(
            {
                "kind": report.kind,
                "pdf": pdf_path,
                "html": html_path,
                "attachments": [
                    {
                        "name": name,
                        "sha256": mf.sha256_hex(data),
                        "size": len(data),
                        **({"same_as": COVERAGE} if data == coverage_bytes else {}),
                    }
                    for name, data in attached.items()
                ],
            }
        )
    for name, doc in oscal_documents(run).items():
        candidates[f"{OSCAL_DIR}/{name}"] = ("oscal", dumps(doc))
    for name, data in sorted((documents or {}).items()):
        if "/" in name or not re.fullmatch(r"[a-z0-9.-]+", name):
            raise InputError.single("documents", f"document name {name!r} is not a plain name")
        candidates[f"{DOCUMENTS_DIR}/{name}"] = ("document", data)

    withheld: list[dict[str, Any]] = []
    included: dict[str, tuple[str, bytes]] = {}
    for path, (role, data) in sorted(candidates.items()):
        reason = _withhold_document(audience, path)
        if reason:
            withheld.append({**mf.file_entry(path, role, data), "reason": reason})
        else:
            included[path] = (role, data)
    if audience == "downstream":
        report_entries = []

    prefix = _repo_prefix(a)
    fws = _frameworks_by_evidence(a)
    linked = _linked_by(a)
    problems: list[Problem] = []
    evidence: list[dict[str, Any]] = []
    missing: list[dict[str, Any]] = []
    for path, rec in sorted(a.index.records.items()):
        if "\n" in path or "\r" in path:
            problems.append(Problem(path, message="a line break in an evidence path"))
            continue
        if rec.sha256 is None:
            missing.append(
                {
                    "path": path,
                    "state": rec.state.value,
                    "detail": rec.detail,
                    "linked_by": linked.get(path, []),
                }
            )
            continue
        packet_path = f"{EVIDENCE_DIR}/{prefix}{path}"
        entry = {
            "path": path,
            "repo_path": prefix + path,
            "packet_path": packet_path,
            "sha256": rec.sha256,
            "size": rec.size,
            "git_blob": rec.blob,
            "state": rec.state.value,
            "last_commit": (
                {"sha": rec.last_commit.sha, "date": iso(rec.last_commit.author_date)}
                if rec.last_commit
                else None
            ),
            "evidence_date": rec.evidence_date.isoformat() if rec.evidence_date else None,
            "linked_by": linked.get(path, []),
        }
        reason = _withhold_evidence(a, audience, fws.get(path, set()))
        if reason:
            withheld.append(
                {
                    "path": packet_path,
                    "role": "evidence",
                    "sha256": rec.sha256,
                    "size": rec.size,
                    "reason": reason,
                }
            )
            continue
        included[packet_path] = ("evidence", _read_evidence(run, path, rec.sha256))
        evidence.append(entry)
    if problems:
        raise InputError(problems)
    inputs = _inputs(run, audience, prefix, included, withheld, evidence, missing)
    total = sum(len(data) for _, data in included.values())
    if total > mf.MAX_TOTAL_BYTES or len(included) > mf.MAX_FILES:
        raise InputError.single(
            "packet",
            f"{len(included)} files, {total} bytes: more than a packet may hold "
            f"({mf.MAX_FILES} files, {mf.MAX_TOTAL_BYTES} bytes)",
            "link less evidence, or split the workspace",
        )

    head = a.index.repo.head
    manifest: dict[str, Any] = {
        "schema": mf.SCHEMA,
        "tool": {"name": "compliance-docs", "version": __version__},
        "audience": audience,
        "organisation": ws.project.organisation.name,
        "system": {"name": ws.project.system.name, "version": ws.project.system.version},
        "release": ws.project.release.id,
        "created": iso(when),
        "workspace": {
            "commit": head.sha if head else None,
            "commit_date": iso(head.committer_date) if head else None,
            "branch": a.index.repo.branch,
            "shallow": a.index.repo.shallow,
            "path_in_repo": prefix.rstrip("/"),
            "assessment_date": a.assessment_date.isoformat(),
            # A draft assessed uncommitted changes to these inputs: not the commit alone.
            "draft": run.draft,
            "modified_inputs": list(run.modified_inputs) if run.draft else [],
        },
        "coverage": _coverage(a, audience),
        "gate": (
            _gate(decision)
            if audience != "downstream"
            else {"withheld": "the internal release decision is not for downstream providers"}
        ),
        "report_kinds": sorted(r.kind for r in reports or []),
        "reports": report_entries,
        "evidence": evidence,
        "inputs": inputs,
        "missing_evidence": missing,
        "withheld": sorted(withheld, key=lambda w: w["path"]),
        "retention": mf.retention_periods(),
        "files": [],
    }
    # The site describes everything but itself, the manifest and SHA256SUMS, which describe it.
    included.update(_site(run, manifest, included, packet.name, coverage_bytes))
    manifest["files"] = [
        mf.file_entry(path, role, data) for path, (role, data) in sorted(included.items())
    ]
    manifest_bytes = dumps(manifest)
    files = {path: data for path, (_, data) in included.items()}
    files[mf.MANIFEST] = manifest_bytes
    files[mf.SUMS] = mf.sums_text(files)
    packet.files = dict(sorted(files.items()))
    packet.manifest = manifest
    return packet


def _site(
    run: Run,
    manifest: dict[str, Any],
    included: dict[str, tuple[str, bytes]],
    name: str,
    coverage_bytes: bytes,
) -> dict[str, tuple[str, bytes]]:
    """index.html and site/: what this audience is given, browsable offline."""
    ws = run.assessment.workspace
    committed = None
    if run.evidence.committed and not overrides_shipped(ws.root):
        committed = SourceLoader(run.evidence.exists, run.evidence.read)
    internal = manifest["audience"] != "downstream"
    return site_files(
        manifest,
        included,
        name,
        ws.root,
        committed,
        coverage=json.loads(coverage_bytes),
        gate=decision_dict(run.decision, run.assessment) if internal else None,
        signoffs=signoff_rows(run) if internal else None,
    )


def zip_bytes(packet: Packet) -> bytes:
    """The packet as a zip: sorted entries under one folder, fixed times and permissions."""
    when = max(packet.when, ZIP_EPOCH).astimezone(UTC)
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path, data in sorted(packet.files.items()):
            info = zipfile.ZipInfo(f"{packet.name}/{path}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            zf.writestr(info, data, compresslevel=6)
    return buf.getvalue()


def _write_folder(packet: Packet, target: Path) -> None:
    """Write the folder beside its final place, then swap it in: never half a packet."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    epoch = packet.when.timestamp()
    try:
        for path, data in packet.files.items():
            full = tmp.joinpath(*path.split("/"))
            full.parent.mkdir(parents=True, exist_ok=True)
            full.write_bytes(data)
            os.chmod(full, 0o644)
            os.utime(full, (epoch, epoch))
        os.chmod(tmp, 0o755)
        # A directory cannot be renamed over a non-empty one: move the previous packet
        # aside first. Another build may slip its own folder in between; then move that
        # aside too and try again (both builds of one commit hold the same bytes).
        for attempt in range(20):
            old = None
            if target.exists():
                old = target.with_name(f".{target.name}.old-{os.getpid()}-{attempt}")
                with contextlib.suppress(FileNotFoundError):
                    os.replace(target, old)
            try:
                os.replace(tmp, target)
            except OSError as exc:
                if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST) or attempt == 19:
                    raise
                continue
            finally:
                if old is not None:
                    shutil.rmtree(old, ignore_errors=True)
            break
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(tmp)
        raise


def write_packet(packet: Packet, out: Path) -> tuple[Path, Path]:
    """Write `<name>.zip` and the folder `<name>/` into `out`; returns both paths."""
    zip_path = out / f"{packet.name}.zip"
    folder = out / packet.name
    data = zip_bytes(packet)
    _write_folder(packet, folder)
    atomic_write(zip_path, data)
    return zip_path, folder


REPORT_KINDS = ("risk-assessment", "go-no-go")


def _reports_for(ctx: Any) -> list[ReportFiles]:
    """The reports of this build: read back if an earlier target wrote both files, else render."""
    reports: list[ReportFiles] = []
    for kind in REPORT_KINDS:
        done = getattr(ctx, "reports", {}).get(kind)
        if done is not None:  # rendered by an earlier target of this build
            html, pdf_path = done
            reports.append(ReportFiles(kind, html, pdf_path.read_bytes()))
            continue
        written = {p.suffix: p for p in ctx.outputs.get(kind, [])}
        if ".pdf" in written and ".html" in written:
            html = written[".html"].read_text("utf-8")
            reports.append(ReportFiles(kind, html, written[".pdf"].read_bytes()))
            continue
        from compliance.emit.render import render_report

        rendered = render_report(ctx.run, kind, page_size=ctx.page_size, progress=ctx.progress)
        ctx.warnings.extend(f"{kind}: {w}" for w in rendered.warnings)
        reports.append(ReportFiles(kind, rendered.html, rendered.pdf))
    return reports


def packet_target(ctx: Any) -> list[Path]:
    """The `packet` build target: `<release>-packet.zip` and the same as a folder."""
    from compliance.emit.documents import packet_documents

    audience = getattr(ctx, "audience", None) or DEFAULT_AUDIENCE
    packet = build_packet(ctx.run, _reports_for(ctx), audience, packet_documents(ctx, audience))
    ctx.progress(f"packet: writing {packet.name}")
    return list(write_packet(packet, ctx.out))
