"""index.html: what is in the packet and how to check it by hand, for the auditor.

The page is the template `packet-index.html` (shipped in templates/, overridable by the
workspace's templates/ like every report template), rendered with the same sandboxed,
autoescaping Jinja2 environment as the reports: every value is escaped, no scripts run
and nothing is fetched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from compliance.emit.export.manifest import MANIFEST, SUMS, sha256_hex
from compliance.emit.render.environment import make_environment, template_dirs

TEMPLATE = "packet-index.html"

ROLES = {
    "report": "Report (PDF/A-3, with embedded coverage.json and manifest.json)",
    "report-html": "Report as HTML (the source the PDF was laid out from)",
    "evidence": "Evidence file, copied byte for byte from the repository",
    "input": "Workspace file the assessment read (policy, controls, risks, approvals...)",
    "oscal": "OSCAL document (machine-readable, NIST format)",
    "coverage": "Coverage per requirement (JSON)",
}


def index_context(
    manifest: dict[str, Any], files: dict[str, tuple[str, bytes]], name: str
) -> dict[str, Any]:
    """What the template shows: the manifest, the files with their roles, and the examples."""
    ws = manifest["workspace"]
    gate = manifest["gate"]
    example = next(iter(manifest["evidence"]), None)
    return {
        "name": name,
        "manifest": manifest,
        "workspace": ws,
        "system": manifest["system"],
        "commit": ws["commit"] or "(no commit)",
        "sums": SUMS,
        "manifest_name": MANIFEST,
        "reports": manifest["reports"],
        "inputs": manifest.get("inputs", []),
        "verdict": gate.get("verdict", "withheld: " + gate.get("withheld", "")),
        "git_example": example if example is not None and ws["commit"] else None,
        "files": [
            {
                "path": path,
                "what": ROLES.get(role, role),
                "size": len(data),
                "sha256": sha256_hex(data),
            }
            for path, (role, data) in sorted(files.items())
        ],
    }


def index_html(
    manifest: dict[str, Any],
    files: dict[str, tuple[str, bytes]],
    name: str,
    workspace: Path,
) -> bytes:
    """The auditor's guide to the packet; every value escaped, no scripts, no fetches."""
    env = make_environment(template_dirs(workspace))
    page = env.get_template(TEMPLATE).render(index_context(manifest, files, name))
    return page.encode("utf-8")
