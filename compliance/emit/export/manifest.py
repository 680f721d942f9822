"""The packet manifest and SHA256SUMS: what an auditor checks, by hand or with `verify`.

Trust is layered without a hash cycle: each PDF embeds the renderer's manifest.json
(evidence hashes and commit) and coverage.json, written before the packet exists; the
packet manifest records each PDF's sha256 and the sha256 of each file embedded in it;
SHA256SUMS records the sha256 of every file including the packet manifest.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
SCHEMA = "compliance-docs/packet-manifest/1"
MAX_FILE_BYTES = 2 * 1024**3
"""The largest file a packet may hold: the build refuses a larger one, and `verify` never
inflates a zip member beyond it (nor beyond the size manifest.json declares, plus a margin)."""
MAX_TOTAL_BYTES = 8 * 1024**3
"""The largest a whole packet may be, uncompressed: the same bound on both sides."""
MAX_FILES = 100_000
_SUM_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")


RETENTION_FIGURES = {
    "serious-incident-documentation-retention-years": (
        "serious-incident documentation (Commitment 9), from the date of the documentation or "
        "of the serious incident, whichever is later"
    ),
    "additional-documentation-retention-years": (
        "documentation under Commitment 10 (Safety and Security Chapter), after the model has "
        "been placed on the market"
    ),
}
"""The Code of Practice's retention periods the manifest states (frameworks/data/)."""


def retention_periods() -> list[dict[str, Any]]:
    """How long the packet's kinds of documentation are kept, each with its source."""
    from compliance.load.figures import figure

    out = []
    for figure_id, what in RETENTION_FIGURES.items():
        fig = figure(figure_id)
        out.append({"what": what, "at_least": f"{fig.value} {fig.unit}"} | fig.as_dict())
    return out


def sha256_hex(data: bytes) -> str:
    """Hex sha256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def file_entry(path: str, role: str, data: bytes) -> dict[str, Any]:
    """One packet file as the manifest lists it."""
    return {"path": path, "role": role, "sha256": sha256_hex(data), "size": len(data)}


def sums_text(files: dict[str, bytes]) -> bytes:
    """`sha256sum` output for the given files, sorted by path (text mode, two spaces)."""
    lines = [f"{sha256_hex(data)}  {path}\n" for path, data in sorted(files.items())]
    return "".join(lines).encode("utf-8")


def parse_sums(text: bytes) -> dict[str, str]:
    """Path -> sha256 from a SHA256SUMS file; ValueError naming the first bad line."""
    out: dict[str, str] = {}
    for number, raw in enumerate(text.decode("utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        match = _SUM_LINE.match(raw)
        if match is None:
            raise ValueError(f"line {number} is not '<sha256>  <path>'")
        sha, path = match.groups()
        if path in out:
            raise ValueError(f"line {number} lists {path!r} twice")
        out[path] = sha
    return out
