"""`compliance export oscal`: the assessment as OSCAL JSON documents."""

from __future__ import annotations

from pathlib import Path

import click

from compliance.cli.common import (
    guarded,
    project_option,
    project_root,
    revision,
    say_draft,
    worktree_option,
)
from compliance.core.exit_codes import ExitCode


@click.group("export")
def command() -> None:
    """Export the assessment in standard formats.

    \b
    Example:
      compliance export oscal --out build/oscal/
    """


@command.command("oscal")
@project_option
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Directory for the documents (default: build/oscal/ in the workspace).",
)
@worktree_option
@guarded
def oscal(project: Path | None, out: Path | None, worktree: bool) -> ExitCode:
    """Write OSCAL 1.1.3 catalogs, component definition, assessment results and POA&M
    for the last commit (with --worktree: a DRAFT including uncommitted changes).

    \b
    Example:
      compliance export oscal --project path/to/workspace --out build/oscal/
    """
    from compliance.emit.export.oscal import write_oscal
    from compliance.pipeline import run

    root = project_root(project)
    target = out if out is not None else root / "build" / "oscal"
    result = run(root, revision(worktree), gate=False)
    for path in write_oscal(result, target):
        click.echo(f"wrote {path}", err=True)
    say_draft(result)
    return ExitCode.OK
