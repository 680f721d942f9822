"""`compliance build`: render the reports (and any other registered target) into build/."""

from __future__ import annotations

import contextlib
import gc
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from compliance.cli.common import (
    guarded,
    no_cache_option,
    project_option,
    project_root,
    revision,
    say_draft,
    worktree_option,
)
from compliance.core.exit_codes import ExitCode


@contextlib.contextmanager
def _long_lived_objects() -> Iterator[Callable[[], None]]:
    """A `settle()` that moves every object alive now out of the garbage collector's sight.

    The workspace and the assessment (millions of objects on a large workspace) live until
    the build ends, yet each full collection walked them all again: about 2.5 s of a large
    build outside WeasyPrint. Frozen objects are still freed by reference counting; only
    cycles among them wait for the unfreeze at the end. A caller that froze objects itself
    is left alone.
    """
    if gc.get_freeze_count():
        yield lambda: None
        return
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


def _progress(enabled: bool) -> Callable[[str], None]:
    """Progress lines on a terminal; silent when stderr is piped or captured."""

    def say(message: str) -> None:
        if enabled:
            click.echo(f"… {message}", err=True)

    return say


PACKET_AUDIENCE = {"ai-office": "regulator", "authorities": "regulator"}
"""The Model Documentation Form's regulator audiences get the packet's regulator view."""


def _split_incident_ids(targets: list[str]) -> tuple[list[str], list[str]]:
    """`incident-report ID [ID...]`: the words after incident-report that are not targets
    are incident ids."""
    from compliance.emit.build import TARGETS

    names: list[str] = []
    ids: list[str] = []
    after = False
    for word in targets:
        if word == "incident-report":
            after = True
            names.append(word)
        elif after and word not in TARGETS:
            ids.append(word)
        else:
            after = False if word in TARGETS else after
            names.append(word)
    return names, ids


class _BuildCommand(click.Command):
    """`build`, whose help lists the targets from the registry in compliance.emit.build."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_help_text(ctx, formatter)
        from compliance.emit.build import TARGETS

        with formatter.section("Targets (default: every one)"):
            formatter.write_dl([(t.name, t.description) for t in TARGETS.values()])


@click.command("build", cls=_BuildCommand)
@click.argument("targets", nargs=-1, metavar="[TARGET]...")
@project_option
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Output directory (default: build/ in the workspace).",
)
@click.option("--html", "html", is_flag=True, help="Also write the HTML of each report.")
@click.option(
    "--page-size",
    type=click.Choice(["A4", "letter"], case_sensitive=False),
    default=None,
    help="Paper size (default: report.page_size in compliance.yaml, else A4).",
)
@click.option(
    "--audience",
    type=click.Choice(["auditor", "regulator", "ai-office", "authorities", "downstream"]),
    default=None,
    help="Who the outputs are for. Packet: auditor (default), regulator (also ai-office, "
    "authorities), downstream; withheld items are listed with their sha256 and reason. "
    "Model Documentation Form: ai-office, authorities or downstream builds that version; "
    "regulator builds ai-office and authorities; auditor or none builds all three.",
)
@worktree_option
@no_cache_option(".cache/ in the output folder")
@guarded
def command(
    targets: tuple[str, ...],
    project: Path | None,
    out: Path | None,
    html: bool,
    page_size: str | None,
    audience: str | None,
    worktree: bool,
    no_cache: bool,
) -> ExitCode:
    """Render the reports, the Model Documentation Form, the training-content summary and
    the auditor packet into build/ (default: every target below), for the last commit;
    with --worktree, DRAFTs that include uncommitted changes.

    Example: compliance build risk-assessment go-no-go --html --page-size letter
    """
    from compliance.emit.render import build_cache

    with build_cache.bypassed() if no_cache else contextlib.nullcontext():
        return _build(targets, project, out, html, page_size, audience, worktree)


def _build(
    targets: tuple[str, ...],
    project: Path | None,
    out: Path | None,
    html: bool,
    page_size: str | None,
    audience: str | None,
    worktree: bool,
) -> ExitCode:
    from compliance.emit.render import build_cache

    say = _progress(sys.stderr.isatty())
    started_ns = time.time_ns()
    root = project_root(project)
    out_dir = out if out is not None else root / "build"
    size = None if page_size is None else ("A4" if page_size.upper() == "A4" else "letter")
    options = {
        "targets": sorted(set(targets)),
        "out": str(out_dir.resolve()),
        "html": html,
        "page_size": size,
        "audience": audience,
        "worktree": worktree,
    }
    cached = build_cache.cached_build(root, out_dir, options)
    if cached is not None:
        # Nothing the build reads has changed and every output still hashes as written.
        say("nothing changed since the last build; outputs verified")
        for path in cached.paths:
            click.echo(path)
        for warning in cached.warnings:
            click.echo(f"warning: {warning}", err=True)
        return ExitCode.OK

    from compliance.emit.build import BuildContext, build, check_targets
    from compliance.pipeline import run

    # Check target names before the (slower) assessment, so a typo fails fast.
    build_names, incident_ids = _split_incident_ids(list(targets))
    check_targets(build_names)
    inputs = build_cache.Inputs()
    with _long_lived_objects() as settle:
        settle()  # the modules imported so far
        with build_cache.recording(inputs):
            if worktree:
                say("assessing the working tree (a DRAFT if any input is uncommitted)")
                result = run(root, source=build_cache.RecordingSource(root, inputs))
                for rel in result.index.records:
                    build_cache.note_file(root / rel)
            else:
                # The committed tree: HEAD, in the cache's key, determines every input.
                say("assessing the last commit")
                result = run(root, revision(worktree))
            settle()
            ctx = BuildContext(
                run=result,
                out=out_dir,
                page_size=size,
                html=html,
                audience=PACKET_AUDIENCE.get(audience, audience or "auditor"),
                form_audience=audience,
                progress=say,
                incident_ids=incident_ids,
            )
            written = build(ctx, build_names)
        for path in written:
            click.echo(str(path))
        for warning in ctx.warnings:
            click.echo(f"warning: {warning}", err=True)
        say_draft(result)
        build_cache.remember_build(
            root, out_dir, options, inputs, written, ctx.warnings, started_ns
        )
    return ExitCode.OK
