"""Render reports: Jinja2 templates -> HTML -> PDF/A-3b, safely and reproducibly."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from compliance.assess import Assessment
from compliance.decision import Decision
from compliance.render.attachments import coverage_json, manifest_json
from compliance.render.context import build_context
from compliance.render.environment import make_environment, template_dirs
from compliance.render.fetcher import SafeFetcher, find_fonts
from compliance.render.pdf import EmbeddedFile, write_pdf

REPORTS = {
    "risk-assessment": ("risk-assessment.html", "Pre-release risk assessment"),
    "go-no-go": ("go-no-go.html", "Go / no-go release decision"),
}


@dataclass(frozen=True)
class Rendered:
    """One report: its HTML (for a browser), its PDF bytes, and what was refused or warned."""

    html: str
    pdf: bytes
    warnings: list[str]


def render_report(
    a: Assessment,
    decision: Decision,
    kind: str,
    page_size: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> Rendered:
    """Render one report kind ('risk-assessment' or 'go-no-go') to HTML and PDF."""
    say = progress or (lambda _msg: None)
    template_name, title = REPORTS[kind]
    size = page_size or a.workspace.project.report.page_size.value
    dirs = template_dirs(a.workspace.root)
    fonts = find_fonts()
    say(f"{kind}: collecting")
    ctx = build_context(a, decision, kind, title, size)
    ctx["fonts"] = {role: p.as_uri() for role, p in fonts.items()}
    say(f"{kind}: writing HTML")
    html = make_environment(dirs).get_template(template_name).render(ctx)
    fetcher = SafeFetcher(a.workspace.root, dirs, tuple(fonts.values()))
    doc = ctx["doc"]
    attachments = [
        EmbeddedFile("coverage.json", coverage_json(a), "Coverage per requirement (JSON)"),
        EmbeddedFile(
            "manifest.json", manifest_json(a, doc), "Evidence files with sha256 and git commits"
        ),
    ]
    say(f"{kind}: laying out pages")
    pdf, warnings = write_pdf(
        html, dirs[0], fetcher, attachments, doc.date, f"{doc.document_id}/{doc.commit}"
    )
    notes = [f"refused to load {r}" for r in fetcher.refused]
    notes += [w for w in warnings if not any(r.split(":", 1)[0] in w for r in fetcher.refused)]
    return Rendered(html, pdf, notes)
