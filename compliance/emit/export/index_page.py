"""The packet's browsable site: index.html and a few pages under site/, for the auditor.

The pages are templates (`packet-index.html`, `packet-requirements.html`, `packet-gate.html`,
`packet-files.html`, sharing `packet-site-layout.html`; shipped in templates/, overridable
by the workspace's templates/ like every report template), rendered with the same
sandboxed, autoescaping Jinja2 environment as the reports: every value is escaped. The
site works offline from `file://`: one stylesheet and one small script of the packet's
own (`site/site.css`, `site/filter.js`), no font, no CDN, no fetch; a Content Security
Policy in every page forbids anything else. Every link points at a file in the packet
(the evidence copies, the reports, the OSCAL files, the other pages).

Each page is built from what the packet itself holds: the manifest, coverage.json's data,
the gate's rules (their JSON shape) and the sign-off records; an audience that is not
given something (a downstream provider is not given the release decision, the internal
controls or frameworks other than Annex XII) does not find it in the site either.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from compliance.core.wording import count, plural
from compliance.emit.export.manifest import MANIFEST, SUMS, sha256_hex
from compliance.emit.render.environment import SourceLoader, make_environment, template_dirs
from compliance.emit.render.record import accountability, awaiting_signoff, verdict_reason

TEMPLATE = "packet-index.html"
INDEX = "index.html"
SITE_DIR = "site"
REQUIREMENTS = f"{SITE_DIR}/requirements.html"
GATE = f"{SITE_DIR}/gate.html"
FILES = f"{SITE_DIR}/files.html"
PAGES = {
    INDEX: TEMPLATE,
    REQUIREMENTS: "packet-requirements.html",
    GATE: "packet-gate.html",
    FILES: "packet-files.html",
}
"""Packet path -> template of every page of the site."""
ASSETS = {
    f"{SITE_DIR}/site.css": "packet-site.css",
    f"{SITE_DIR}/filter.js": "packet-site.js",
}
"""Packet path -> template folder file copied as it is (not rendered)."""
STATUSES = ("covered", "partial", "gap", "not-applicable")

ROLES = {
    "report": "Report (PDF/A-3, with embedded coverage.json and manifest.json)",
    "report-html": "Report as HTML (the source the PDF was laid out from)",
    "evidence": "Evidence file, copied byte for byte from the repository",
    "input": "Workspace file the assessment read (policy, controls, risks, approvals...)",
    "oscal": "OSCAL document (machine-readable, NIST format)",
    "coverage": "Coverage per requirement (JSON)",
    "index": "This site's landing page",
    "site": "A page or asset of this site",
}


def _count_controls(node: Any) -> int:
    """Controls (requirements) anywhere below an OSCAL catalog node."""
    if isinstance(node, list):
        return sum(_count_controls(n) for n in node)
    if not isinstance(node, dict):
        return 0
    own = node.get("controls", [])
    return len(own) + _count_controls(own) + _count_controls(node.get("groups", []))


def oscal_description(name: str, data: bytes) -> str:
    """What one OSCAL file holds, in a sentence of its own (read from the document)."""
    try:
        doc = json.loads(data)
        (model, body), *_ = doc.items()
        title = body.get("metadata", {}).get("title", "")
    except (ValueError, AttributeError):
        return f"OSCAL document {name}"
    if model == "catalog":
        groups = len(body.get("groups", []))
        return (
            f"The catalog {title}: {count(_count_controls(body), 'requirement')} in "
            f"{count(groups, 'group')}, with their text; the other OSCAL files cite its ids."
        )
    if model == "profile":
        imports = body.get("imports", [{}])
        src = imports[0].get("href", "") if imports else ""
        selections = [sel for imp in imports for sel in imp.get("include-controls", [])]
        picked = sum(len(sel.get("with-ids", [])) for sel in selections)
        scope = f"{count(picked, 'requirement')} selected" if picked else "every requirement"
        return f"The tailoring of {src} for this system: {scope}, exclusions with their reasons."
    if model == "component-definition":
        comps = body.get("components", [])
        impls = [ci for c in comps for ci in c.get("control-implementations", [])]
        n = sum(len(ci.get("implemented-requirements", [])) for ci in impls)
        names = ", ".join(c.get("title", "") for c in comps)
        return (
            f"The system {names} as a component: how the team's controls implement "
            f"{count(n, 'requirement')} of {count(len(impls), 'catalog')}."
        )
    if model == "assessment-results":
        results = body.get("results", [])
        findings = sum(len(r.get("findings", [])) for r in results)
        observations = sum(len(r.get("observations", [])) for r in results)
        return (
            f"This assessment's results: {count(len(results), 'result')} (one per framework), "
            f"{count(findings, 'finding')} (each requirement's status) and "
            f"{count(observations, 'observation')} (the evidence examined, with hashes)."
        )
    if model == "plan-of-action-and-milestones":
        items = len(body.get("poam-items", []))
        return (
            f"The plan of action and milestones: {count(items, 'item')}, one for each "
            "requirement that is a gap or only partly covered, with its risk and remediation."
        )
    if model == "mapping-collection":
        maps = body.get("mappings", [])
        n = sum(len(m.get("maps", [])) for m in maps)
        pairs = ", ".join(
            f"{m.get('source-resource', {}).get('href', '?')} to "
            f"{m.get('target-resource', {}).get('href', '?')}"
            for m in maps
        )
        return f"A crosswalk: {count(n, 'relationship')} between the requirements of {pairs}."
    return f"OSCAL {model}: {title}"


def _href_from(page: str) -> Callable[[str], str]:
    """A function giving the relative, percent-encoded link from `page` to a packet path."""
    depth = page.count("/")

    def href(target: str, anchor: str = "") -> str:
        url = "../" * depth + quote(target, safe="/")
        return url + ("#" + quote(anchor, safe="") if anchor else "")

    return href


def _where(manifest: dict[str, Any]) -> dict[str, str]:
    """Workspace path -> its copy in the packet, for every evidence file and input copied."""
    out: dict[str, str] = {}
    for item in [*manifest.get("inputs", []), *manifest["evidence"]]:
        if item.get("packet_path"):
            out[item["path"]] = item["packet_path"]
    return out


def _requirements(
    coverage: dict[str, Any] | None, manifest: dict[str, Any], where: dict[str, str]
) -> list[dict[str, Any]]:
    """The frameworks this audience is given, each requirement with controls and evidence."""
    given = {c["framework"] for c in manifest["coverage"]}
    show_controls = manifest["audience"] != "downstream"
    out = []
    for fw in (coverage or {}).get("frameworks", []):
        if fw["id"] not in given:
            continue
        rows = []
        for req in fw["requirements"]:
            evidence: dict[str, dict[str, Any]] = {}
            for ctl in req["controls"]:
                for ev in ctl["evidence"]:
                    evidence.setdefault(ev["path"], {**ev, "packet_copy": where.get(ev["path"])})
            rows.append(
                {
                    **req,
                    "controls": req["controls"] if show_controls else [],
                    "evidence_files": list(evidence.values()),
                }
            )
        out.append({**fw, "rows": rows})
    return out


def _gate_rules(gate: dict[str, Any] | None, where: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for rule in (gate or {}).get("rules", []):
        inputs = [{**e, "packet_copy": where.get(e["path"])} for e in rule.get("evidence", [])]
        loc = rule.get("location") or ""
        file = loc.rsplit(":", 1)[0] if loc else ""
        out.append(
            {
                **rule,
                "inputs": inputs,
                "location_copy": where.get(file),
                # owner, due date and before/after release in words, as the go/no-go says them
                "accountable": accountability(
                    rule.get("owner"), rule.get("due"), rule.get("binds")
                ),
            }
        )
    return out


def _reason(gate: dict[str, Any] | None, rules: list[dict[str, Any]]) -> str | None:
    """The verdict's one-sentence reason, as page 1 of the go/no-go gives it (None if withheld)."""
    if gate is None:
        return None
    blocking = gate["summary"]["blocking_failures"]
    signoff_rules = {r["rule"] for r in rules if r["kind"] == "sign-off"}
    return verdict_reason(
        gate["verdict"],
        gate["notes"],
        blocking,
        len(gate["summary"]["conditions"]),
        awaiting_signoff(blocking, signoff_rules),
    )


def site_context(
    manifest: dict[str, Any],
    files: dict[str, tuple[str, bytes]],
    name: str,
    coverage: dict[str, Any] | None = None,
    gate: dict[str, Any] | None = None,
    signoffs: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """What every page may show: the manifest, the files with their roles, the coverage,
    the gate's rules and the sign-offs (the last three None when withheld)."""
    ws = manifest["workspace"]
    where = _where(manifest)
    example = next(iter(manifest["evidence"]), None)
    rules = _gate_rules(gate, where)
    failed = [r for r in rules if r["outcome"] == "failed"]
    withheld_gate = manifest["gate"].get("withheld")
    verdict = manifest["gate"].get("verdict") or "withheld"
    requirements = _requirements(coverage, manifest, where)
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
        "other_inputs": [i for i in manifest.get("inputs", []) if i["read_as"] != ["evidence"]],
        "verdict": verdict,
        "verdict_class": verdict.lower().replace(" ", "-"),
        "reason": _reason(gate, rules),
        "gate_withheld": withheld_gate,
        "gate_notes": manifest["gate"].get("notes", []),
        "rules": rules,
        "conditions": [r for r in failed if r["severity"] == "condition"],
        "blocking": [r for r in failed if r["severity"] == "blocking"],
        "waivers": (gate or {}).get("waivers", []),
        "signoff_rules": [r for r in rules if r["kind"] == "sign-off"],
        "signoffs": signoffs or [],
        "requirements": requirements,
        "statuses": STATUSES,
        "total_requirements": sum(len(fw["rows"]) for fw in requirements),
        "git_example": example if example is not None and ws["commit"] else None,
        "site_pages": {"requirements": REQUIREMENTS, "gate": GATE, "files": FILES},
        "plural": plural,  # the noun alone for n: {{ plural(n, "is", "are") }}
        "oscal": [
            {
                "path": path,
                "description": oscal_description(path, data),
                "sha256": sha256_hex(data),
                "size": len(data),
            }
            for path, (role, data) in sorted(files.items())
            if role == "oscal"
        ],
        "other_files": [
            {
                "path": path,
                "what": ROLES.get(role, role),
                "size": len(data),
                "sha256": sha256_hex(data),
            }
            for path, (role, data) in sorted(files.items())
            if role != "evidence"
        ],
    }


def site_files(
    manifest: dict[str, Any],
    files: dict[str, tuple[str, bytes]],
    name: str,
    workspace: Path,
    committed: SourceLoader | None = None,
    *,
    coverage: dict[str, Any] | None = None,
    gate: dict[str, Any] | None = None,
    signoffs: list[dict[str, Any]] | None = None,
) -> dict[str, tuple[str, bytes]]:
    """Every page and asset of the site: packet path -> (role, bytes).

    `files` is what the packet holds besides the site, the manifest and SHA256SUMS (the
    site's own files are listed in those two, which describe it). `committed` serves the
    workspace's template overrides from the assessed commit.
    """
    dirs = template_dirs(workspace)
    env = make_environment(dirs[-1:] if committed is not None else dirs, committed)
    out: dict[str, tuple[str, bytes]] = {}
    for path, template in sorted(ASSETS.items()):
        source, _, _ = env.loader.get_source(env, template)  # type: ignore[union-attr]
        out[path] = ("site", source.encode("utf-8"))
    context = site_context(manifest, {**files, **out}, name, coverage, gate, signoffs)
    for path, template in PAGES.items():
        page = env.get_template(template).render(
            {**context, "page": path, "href": _href_from(path)}
        )
        out[path] = ("index" if path == INDEX else "site", page.encode("utf-8"))
    return dict(sorted(out.items()))
