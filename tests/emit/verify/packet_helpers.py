"""Build real packets for the verify tests: a git workspace, small WeasyPrint PDFs, a zip."""

from __future__ import annotations

import io
import json
import sys
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "export"))

from export_workspace import populate

from compliance.emit.export.packet import ReportFiles, build_packet, write_packet
from compliance.emit.formats.coverage.json import JsonFormat
from compliance.emit.inputs import input_records
from compliance.pipeline import Run, run

__all__ = ["populate"]


@cache
def _pdf(kind: str, coverage: bytes, manifest: bytes) -> bytes:
    from weasyprint import HTML, Attachment

    html = HTML(string=f"<h1>{kind}</h1><p>A small real PDF for the packet tests.</p>")
    return html.write_pdf(
        pdf_variant="pdf/a-3b",
        attachments=[
            Attachment(string=coverage, name="coverage.json"),
            Attachment(string=manifest, name="manifest.json"),
        ],
        pdf_identifier=b"0" * 32,
    )


def reports_for(at: Run) -> list[ReportFiles]:
    """Two reports shaped like the renderer's: coverage.json and manifest.json embedded."""
    a = at.assessment
    coverage = JsonFormat().format(a).encode("utf-8")
    head = a.index.repo.head
    out = []
    for kind in ("go-no-go", "risk-assessment"):
        manifest = json.dumps(
            {
                "schema": "compliance-docs/pdf-manifest/1",
                "document": {"kind": kind},
                "workspace": {"commit": {"sha": head.sha if head else None}},
                "evidence": [
                    {"path": p, "sha256": r.sha256} for p, r in sorted(a.index.records.items())
                ],
                "inputs": input_records(at),
            },
            indent=2,
        ).encode()
        out.append(ReportFiles(kind, f"<h1>{kind}</h1>", _pdf(kind, coverage, manifest)))
    return out


def make_packet(root: Path, out: Path, audience: str = "auditor") -> tuple[Path, Path]:
    """Assess the workspace at `root` and write its packet (zip and folder) into `out`."""
    at = run(root, gate=False)
    packet = build_packet(at, reports_for(at), audience)
    return write_packet(packet, out)


def rewrite_zip(
    src: Path, dst: Path, change: dict[str, bytes | None], add: dict[str, bytes] | None = None
) -> None:
    """Copy a zip, replacing (bytes) or dropping (None) members, then adding new ones."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            if info.filename in change:
                data = change[info.filename]
                if data is not None:
                    zout.writestr(info, data)
                continue
            zout.writestr(info, zin.read(info))
        for name, data in (add or {}).items():
            zout.writestr(name, data)


def zip_member(path: Path, name: str) -> bytes:
    """One member's bytes."""
    with zipfile.ZipFile(path) as zf:
        return zf.read(name)


def raw_zip(entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    """A zip with exactly these entries, however hostile."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            zf.writestr(info, data)
    return buf.getvalue()


@dataclass
class Built:
    repo: Path
    zip: Path
    folder: Path

    @property
    def prefix(self) -> str:
        return self.folder.name + "/"
