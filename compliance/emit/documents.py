"""Build targets for the documents regulators read: the Model Documentation Form (one per
audience) and the public summary of training content. Each writes PDF/A, JSON and Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from compliance.core.atomic import atomic_write
from compliance.models.forms import Audience

BuildContext = Any
"""emit.build.BuildContext (not imported: build imports this module's targets)."""

FORM_AUDIENCES: dict[str | None, tuple[Audience, ...]] = {
    None: tuple(Audience),
    "auditor": tuple(Audience),
    "regulator": (Audience.AI_OFFICE, Audience.AUTHORITIES),
    "ai-office": (Audience.AI_OFFICE,),
    "authorities": (Audience.AUTHORITIES,),
    "downstream": (Audience.DOWNSTREAM,),
}
"""`build --audience X` -> the form versions built: each audience gets what it may see."""


def _quote_html(ctx: BuildContext):  # type: ignore[no-untyped-def]
    """A template function: a quoted evidence section as safe HTML (raw HTML off), without
    its first line when that is the cited heading (the quote's caption names it)."""
    from markupsafe import Markup

    from compliance.emit.render.markdown import render_markdown

    root = ctx.run.workspace.root

    def quote_html(text: str, path: str, heading: str | None) -> object:
        if heading is None:  # a line range may cut a table or a list: shown as written
            return Markup('<div class="lines">') + text + Markup("</div>")
        lines = text.splitlines()
        if (
            heading is not None
            and lines
            and lines[0].lstrip("#").strip() == heading.lstrip("#").strip()
        ):
            lines = lines[1:]
        return render_markdown("\n".join(lines), root, path, heading_offset=3)

    return quote_html


def _write(ctx: BuildContext, name: str, data: bytes | str) -> Path:
    path = ctx.out / name
    atomic_write(path, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def model_documentation_target(ctx: BuildContext) -> list[Path]:
    files = model_documentation_files(ctx, FORM_AUDIENCES.get(ctx.form_audience, tuple(Audience)))
    return [_write(ctx, name, data) for name, data in files.items()]


def model_documentation_files(
    ctx: BuildContext, audiences: tuple[Audience, ...], html: bool | None = None
) -> dict[str, bytes]:
    """The form for each of `audiences`: file name -> bytes (PDF, JSON, Markdown, and HTML
    when the build asks for it), in memory, for the build target and the packet."""
    from compliance.emit.model_documentation import form_data, to_json, to_markdown
    from compliance.emit.render import render_document

    files: dict[str, bytes] = {}
    for audience in audiences:
        data = form_data(ctx.run, audience)
        stem = f"model-documentation-{audience.value}"
        json_text, md_text = to_json(data), to_markdown(data)
        shown = sum(1 for s in data["sections"] if s["fields"])
        numbers = {"n_checks": shown + 1, "n_withheld": shown + 2, "n_versions": shown + 3}
        numbers["n_about"] = shown + 4
        ctx.progress(f"model-documentation: {audience.value}")
        rendered = render_document(
            ctx.run,
            "model-documentation.html",
            f"Model Documentation Form ({audience.value})",
            data["document_id"],
            {"form": data, "quote_html": _quote_html(ctx), **numbers},
            [
                (f"{stem}.json", json_text.encode(), "The filled form as JSON"),
                (f"{stem}.md", md_text.encode(), "The filled form as Markdown"),
            ],
            page_size=ctx.page_size,
            classification=f"For {data['audience_title']}",
        )
        files[f"{stem}.pdf"] = rendered.pdf
        files[f"{stem}.json"] = json_text.encode("utf-8")
        files[f"{stem}.md"] = md_text.encode("utf-8")
        if ctx.html if html is None else html:
            files[f"{stem}.html"] = rendered.html.encode("utf-8")
        ctx.warnings.extend(f"{stem}: {w}" for w in rendered.warnings)
    return files


def training_summary_target(ctx: BuildContext) -> list[Path]:
    return [_write(ctx, name, data) for name, data in training_summary_files(ctx).items()]


def training_summary_files(ctx: BuildContext, html: bool | None = None) -> dict[str, bytes]:
    """The public summary: file name -> bytes (PDF, JSON, Markdown, HTML when asked)."""
    from compliance.emit.render import render_document
    from compliance.emit.training_summary import summary_data, to_json, to_markdown

    data = summary_data(ctx.run)  # refuses (InputError) when a published field is confidential
    json_text, md_text = to_json(data), to_markdown(data)
    rendered = render_document(
        ctx.run,
        "training-summary.html",
        "Public summary of training content",
        data["document_id"],
        {"summary": data},
        [
            ("training-summary.json", json_text.encode(), "The summary as JSON"),
            ("training-summary.md", md_text.encode(), "The summary as Markdown"),
        ],
        page_size=ctx.page_size,
        classification="Public",
    )
    files = {
        "training-summary.pdf": rendered.pdf,
        "training-summary.json": json_text.encode("utf-8"),
        "training-summary.md": md_text.encode("utf-8"),
    }
    if ctx.html if html is None else html:
        files["training-summary.html"] = rendered.html.encode("utf-8")
    ctx.warnings.extend(f"training-summary: {w}" for w in rendered.warnings)
    return files


def packet_documents(ctx: BuildContext, packet_audience: str) -> dict[str, bytes]:
    """The documents a packet for `packet_audience` carries: the Model Documentation Form
    for each form audience it may see (auditor: all three; regulator: AI Office and
    authorities; downstream: downstream) and the public training-content summary, as PDF,
    JSON and Markdown. Files this build already wrote are read back, not rendered again."""
    run = ctx.run
    wanted: list[str] = []
    audiences: tuple[Audience, ...] = ()
    if run.workspace.model_facts is not None:
        audiences = FORM_AUDIENCES.get(packet_audience, tuple(Audience))
        wanted += [f"model-documentation-{a.value}{ext}" for a in audiences for ext in EXTENSIONS]
    if run.workspace.training_data is not None:
        wanted += [f"training-summary{ext}" for ext in EXTENSIONS]
    written = {
        p.name: p
        for target in ("model-documentation", "training-summary")
        for p in getattr(ctx, "outputs", {}).get(target, [])
    }
    out: dict[str, bytes] = {}
    missing_forms = tuple(
        a
        for a in audiences
        if any(f"model-documentation-{a.value}{ext}" not in written for ext in EXTENSIONS)
    )
    if missing_forms:
        out.update(model_documentation_files(ctx, missing_forms, html=False))
    if run.workspace.training_data is not None and any(
        f"training-summary{ext}" not in written for ext in EXTENSIONS
    ):
        training_summary_precheck(ctx)
        out.update(training_summary_files(ctx, html=False))
    for name in wanted:
        if name not in out and name in written:
            out[name] = written[name].read_bytes()
    return {name: out[name] for name in wanted if name in out}


EXTENSIONS = (".pdf", ".json", ".md")


def training_summary_precheck(ctx: BuildContext) -> None:
    """Refuse before anything is written: no training-data.yaml, or a confidential value
    in a part the public summary publishes."""
    from compliance.emit.training_summary import refuse_confidential, require_training_data

    refuse_confidential(require_training_data(ctx.run), ctx.run)
