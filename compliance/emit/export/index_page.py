"""index.html: what is in the packet and how to check it by hand, for the auditor."""

from __future__ import annotations

from html import escape
from typing import Any

from compliance.emit.export.manifest import MANIFEST, SUMS, sha256_hex

ROLES = {
    "report": "Report (PDF/A-3, with embedded coverage.json and manifest.json)",
    "report-html": "Report as HTML (the source the PDF was laid out from)",
    "evidence": "Evidence file, copied byte for byte from the repository",
    "oscal": "OSCAL document (machine-readable, NIST format)",
    "coverage": "Coverage per requirement (JSON)",
}

STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
line-height:1.45;color:#111}
table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border-bottom:1px solid #ccc;padding:.25rem .4rem;text-align:left;vertical-align:top}
code,pre{font-family:ui-monospace,monospace;font-size:.85rem}
pre{background:#f4f4f4;padding:.6rem;overflow-x:auto}
.hash{word-break:break-all}
"""


def _rows(rows: list[list[str]]) -> str:
    return "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)


def index_html(manifest: dict[str, Any], files: dict[str, tuple[str, bytes]], name: str) -> bytes:
    """The auditor's guide to the packet; every value escaped, no scripts, no fetches."""
    e = escape
    ws = manifest["workspace"]
    system = manifest["system"]
    commit = ws["commit"] or "(no commit)"
    file_rows = [
        [
            f"<code>{e(path)}</code>",
            e(ROLES.get(role, role)),
            str(len(data)),
            f'<code class="hash">{sha256_hex(data)}</code>',
        ]
        for path, (role, data) in sorted(files.items())
    ]
    withheld_rows = [
        [
            f"<code>{e(w['path'])}</code>",
            e(w["reason"]),
            f'<code class="hash">{e(w["sha256"])}</code>',
        ]
        for w in manifest["withheld"]
    ]
    missing_rows = [
        [f"<code>{e(m['path'])}</code>", e(m["detail"] or m["state"]), e(", ".join(m["linked_by"]))]
        for m in manifest["missing_evidence"]
    ]
    coverage_rows = [
        [
            e(c["framework"]),
            *(str(c["counts"].get(k, 0)) for k in ("covered", "partial", "gap", "not-applicable")),
            "-" if c["percent_covered"] is None else f"{c['percent_covered']}%",
        ]
        for c in manifest["coverage"]
    ]
    gate = manifest["gate"]
    verdict = e(gate.get("verdict", "withheld: " + gate.get("withheld", "")))
    attachments = "".join(
        f"<li><code>{e(r['pdf'])}</code>: "
        + ", ".join(
            f"<code>{e(a['name'])}</code> sha256 <code>{e(a['sha256'])}</code>"
            for a in r["attachments"]
        )
        + "</li>"
        for r in manifest["reports"]
    )
    evidence_example = next((ev for ev in manifest["evidence"]), None)
    git_example = ""
    if evidence_example is not None and ws["commit"]:
        git_example = (
            f"# the copy's git blob id ...\n"
            f"git hash-object {e(evidence_example['packet_path'])}\n"
            f"# ... equals the blob at the assessed commit in the team's repository\n"
            f"git -C /path/to/repository ls-tree {e(commit)} -- "
            f"{e(evidence_example['repo_path'])}"
        )
    draft = ""
    if ws.get("draft"):
        listed = ", ".join(f"<code>{e(p)}</code>" for p in ws.get("modified_inputs", []))
        draft = (
            '<p style="border:2px solid #b71c1c;padding:6px;color:#7f1010"><strong>DRAFT: '
            "not a release packet.</strong> The working tree was assessed with uncommitted "
            f"changes to these inputs: {listed or 'everything (no commit yet)'}. The evidence "
            "copies and reports show those changes, not the commit named below.</p>"
        )
    sections = [
        f"<h1>Audit packet: {e(system['name'])} {e(system['version'])}"
        + (" (DRAFT)" if draft else "")
        + "</h1>",
        draft,
        "<p>Release <strong>"
        + e(manifest["release"])
        + "</strong> of "
        + e(manifest["organisation"])
        + ", assessed at commit <code>"
        + e(commit)
        + "</code> ("
        + e(ws["commit_date"] or "no date")
        + "), prepared for the <strong>"
        + e(manifest["audience"])
        + "</strong> by compliance-docs "
        + e(manifest["tool"]["version"])
        + ".</p>",
        "<h2>How to verify this packet by hand</h2>",
        "<p>Every file is listed with its SHA-256 in <code>"
        + SUMS
        + "</code>, including <code>"
        + MANIFEST
        + "</code>. From inside this folder:</p>",
        f"<pre>cd {e(name)}\nsha256sum -c {SUMS}            # GNU/Linux\n"
        f"shasum -a 256 -c {SUMS}        # macOS\n"
        f"find . -type f ! -name {SUMS} | sed 's|^\\./||' | sort   # compare with the list below"
        "</pre>",
        "<p>Each line must end in <code>OK</code>. A file present here but not listed in "
        "<code>" + SUMS + "</code> was added after the packet was built.</p>",
        "<p>The PDFs vouch for the evidence: each embeds the renderer's <code>manifest.json</code> "
        "(every evidence file's SHA-256 and git commit) and <code>coverage.json</code>. "
        "<code>" + MANIFEST + "</code> records the SHA-256 of each embedded file, so a replaced "
        "PDF or an edited manifest shows up. To extract them (poppler-utils):</p>",
        (
            "<pre>pdfdetach -saveall -o /tmp/attached/ reports/risk-assessment.pdf\n"
            "sha256sum /tmp/attached/*</pre>"
            if attachments
            else ""
        ),
        f"<ul>{attachments}</ul>" if attachments else "<p>This packet holds no PDFs.</p>",
        "<p>To check that the evidence is what the repository holds at the assessed commit:</p>",
        f"<pre>{git_example}</pre>" if git_example else "",
        "<p>Or all at once with the tool: <code>compliance verify "
        + e(name)
        + ".zip --repo /path/to/repository</code> (exit 0 intact, 1 tampered or incomplete, "
        "2 unreadable).</p>",
        f"<h2>Coverage</h2><p>Release decision: <strong>{verdict}</strong></p>",
        "<table><tr><th>Framework</th><th>Covered</th><th>Partial</th><th>Gap</th>"
        "<th>N/A</th><th>% covered</th></tr>" + _rows(coverage_rows) + "</table>",
        "<h2>Files</h2><table><tr><th>Path</th><th>What</th><th>Bytes</th><th>SHA-256</th></tr>"
        + _rows(file_rows)
        + "</table>",
    ]
    if withheld_rows:
        sections.append(
            "<h2>Withheld from this audience</h2><p>Not included, listed so nothing is dropped "
            "silently; the SHA-256 lets you match a copy obtained separately.</p>"
            "<table><tr><th>Path</th><th>Reason</th><th>SHA-256</th></tr>"
            + _rows(withheld_rows)
            + "</table>"
        )
    if missing_rows:
        sections.append(
            "<h2>Evidence linked but not available</h2>"
            "<table><tr><th>Path</th><th>State</th><th>Linked by</th></tr>"
            + _rows(missing_rows)
            + "</table>"
        )
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Audit packet {e(name)}</title><style>{STYLE}</style></head><body>\n"
        + "\n".join(s for s in sections if s)
        + "\n</body></html>\n"
    )
    return page.encode("utf-8")
