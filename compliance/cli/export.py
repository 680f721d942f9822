"""`compliance export oscal`: the assessment as OSCAL JSON documents."""

from __future__ import annotations

from pathlib import Path

import click

from compliance.cli.common import guarded, project_option, project_root
from compliance.core.exit_codes import ExitCode


@click.group("export")
def command() -> None:
    """Export the assessment in standard formats."""


@command.command("oscal")
@project_option
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Directory for the documents (default: build/oscal/ in the workspace).",
)
@guarded
def oscal(project: Path | None, out: Path | None) -> ExitCode:
    """Write OSCAL 1.1.3 catalogs, component definition, assessment results and POA&M."""
    from compliance.emit.export.oscal import write_oscal
    from compliance.pipeline import run

    root = project_root(project)
    target = out if out is not None else root / "build" / "oscal"
    for path in write_oscal(run(root, gate=False), target):
        click.echo(f"wrote {path}", err=True)
    return ExitCode.OK
