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
    from compliance.emit.model_documentation import form_data, to_json, to_markdown
    from compliance.emit.render import render_document

    written: list[Path] = []
    for audience in FORM_AUDIENCES.get(ctx.form_audience, tuple(Audience)):
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
        written.append(_write(ctx, f"{stem}.pdf", rendered.pdf))
        written.append(_write(ctx, f"{stem}.json", json_text))
        written.append(_write(ctx, f"{stem}.md", md_text))
        if ctx.html:
            written.append(_write(ctx, f"{stem}.html", rendered.html))
        ctx.warnings.extend(f"{stem}: {w}" for w in rendered.warnings)
    return written


def training_summary_target(ctx: BuildContext) -> list[Path]:
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
    written = [
        _write(ctx, "training-summary.pdf", rendered.pdf),
        _write(ctx, "training-summary.json", json_text),
        _write(ctx, "training-summary.md", md_text),
    ]
    if ctx.html:
        written.append(_write(ctx, "training-summary.html", rendered.html))
    ctx.warnings.extend(f"training-summary: {w}" for w in rendered.warnings)
    return written


def training_summary_precheck(ctx: BuildContext) -> None:
    """Refuse before anything is written: no training-data.yaml, or a confidential value
    in a part the public summary publishes."""
    from compliance.emit.training_summary import refuse_confidential, require_training_data

    refuse_confidential(require_training_data(ctx.run), ctx.run)
