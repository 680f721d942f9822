"""Render reports: Jinja2 templates -> HTML -> PDF/A-3a, safely and reproducibly.

The heavy imports (WeasyPrint, Jinja2, the assessment) happen inside render_report, so
that a build answered from the build cache never pays for them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from compliance.pipeline import Run

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
    reused: bool = False
    """True when the PDF at the output path was made from identical inputs and kept."""


def render_report(
    run: Run,
    kind: str,
    page_size: str | None = None,
    progress: Callable[[str], None] | None = None,
    out: Path | None = None,
) -> Rendered:
    """Render one report kind ('risk-assessment' or 'go-no-go') to HTML and PDF.

    With `out`, the PDF already at `out/<kind>.pdf` is reused, without laying out a page,
    when the build cache shows it was made from exactly these inputs and it is intact.
    """
    from compliance.emit.inputs import input_records
    from compliance.emit.render import build_cache
    from compliance.emit.render import pdf as pdf_writer
    from compliance.emit.render.attachments import coverage_json, manifest_json
    from compliance.emit.render.context import build_context
    from compliance.emit.render.environment import (
        SourceLoader,
        make_environment,
        overrides_shipped,
        template_dirs,
    )
    from compliance.emit.render.fetcher import SafeFetcher
    from compliance.emit.render.fonts import find_fonts
    from compliance.emit.render.pdf import EmbeddedFile, write_pdf

    a = run.assessment
    say = progress or (lambda _msg: None)
    template_name, title = REPORTS[kind]
    size = page_size or a.workspace.project.report.page_size.value
    root = a.workspace.root
    committed = None
    # A committed tree: images, and template overrides, as committed, never the disk's.
    read = run.evidence.read if run.evidence.committed else None
    if read is not None and not overrides_shipped(root):
        dirs: tuple[Path, ...] = template_dirs(root)[-1:]
        committed = SourceLoader(run.evidence.exists, run.evidence.read)
    else:
        dirs = template_dirs(root)
    fonts = find_fonts()
    say(f"{kind}: collecting")
    ctx = build_context(run, kind, title, size)
    ctx["fonts"] = {role: p.as_uri() for role, p in fonts.items()}
    say(f"{kind}: writing HTML")
    html = make_environment(dirs, committed).get_template(template_name).render(ctx)
    doc = ctx["doc"]
    attachments = [
        EmbeddedFile("coverage.json", coverage_json(a), "Coverage per requirement (JSON)"),
        EmbeddedFile(
            "manifest.json",
            manifest_json(a, doc, input_records(run)),
            "Evidence files with sha256 and git commits",
        ),
    ]
    identity = f"{doc.document_id}/{doc.commit}"
    key = None
    if out is not None:
        key = build_cache.report_key(
            [
                kind,
                size,
                html,
                [
                    [f.name, f.description, f.relationship, hashlib.sha256(f.data).hexdigest()]
                    for f in attachments
                ],
                doc.date.isoformat(),
                identity,
                # a PDF of another variant (untagged PDF/A-3b before) is never reused
                pdf_writer.PDF_VARIANT,
                str(a.workspace.root.resolve()),
                "committed" if read is not None else "worktree",
            ],
            dirs,
            list(fonts.values()),
        )
        kept = build_cache.reusable_pdf(out, kind, key)
        if kept is not None:
            say(f"{kind}: unchanged, PDF kept")
            return Rendered(html, kept[0], kept[1], reused=True)
    fetcher = SafeFetcher(root, dirs, tuple(fonts.values()), read)
    say(f"{kind}: laying out pages")
    # Relative URLs in an override resolve inside the workspace's templates/ folder.
    base = root / "templates" if committed is not None else dirs[0]
    pdf, warnings = write_pdf(html, base, fetcher, attachments, doc.date, identity)
    notes = list(ctx["render_warnings"])
    notes += [f"refused to load {r}" for r in fetcher.refused]
    notes += [
        _shorten(w) for w in warnings if not any(r.split(":", 1)[0] in w for r in fetcher.refused)
    ]
    if out is not None and key is not None:
        build_cache.remember_pdf(out, kind, key, fetcher.fetched, pdf, notes)
    return Rendered(html, pdf, notes)


def _shorten(text: str, limit: int = 300) -> str:
    """A warning fit for a terminal: WeasyPrint quotes whole data: URLs in its messages."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def render_document(
    run: Run,
    template_name: str,
    title: str,
    document_id: str,
    values: dict[str, object],
    attachments: list[tuple[str, bytes, str]],
    page_size: str | None = None,
    classification: str | None = None,
) -> Rendered:
    """Render a document other than the two reports (the Model Documentation Form, the
    training-content summary) with the same base template, CSS, fonts and PDF/A writer.

    `values` are what the template lays out; `attachments` (name, bytes, description) are
    embedded in the PDF.
    """
    from compliance.emit.render.context import document_info
    from compliance.emit.render.environment import make_environment, template_dirs
    from compliance.emit.render.fetcher import SafeFetcher
    from compliance.emit.render.fonts import find_fonts
    from compliance.emit.render.pdf import EmbeddedFile, write_pdf

    ws = run.assessment.workspace
    size = page_size or ws.project.report.page_size.value
    dirs = template_dirs(ws.root)
    fonts = find_fonts()
    doc = document_info(run, template_name.removesuffix(".html"), title, size)
    doc.document_id = document_id
    if classification is not None:
        doc.classification = classification
    ctx: dict[str, object] = {
        "doc": doc,
        "fonts": {role: p.as_uri() for role, p in fonts.items()},
        **values,
    }
    html = make_environment(dirs).get_template(template_name).render(ctx)
    files = [EmbeddedFile(name, data, description) for name, data, description in attachments]
    fetcher = SafeFetcher(ws.root, dirs, tuple(fonts.values()))
    identity = f"{document_id}/{doc.commit}"
    pdf, warnings = write_pdf(html, dirs[0], fetcher, files, doc.date, identity)
    notes = [f"refused to load {r}" for r in fetcher.refused] + [_shorten(w) for w in warnings]
    return Rendered(html, pdf, notes)
