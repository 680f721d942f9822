"""`compliance export oscal`: the assessment as OSCAL JSON documents."""

from __future__ import annotations

from pathlib import Path

import click

from compliance.cli_support import assess_project, guarded, project_option, project_root
from compliance.exit_codes import ExitCode


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
    from compliance.export.oscal import write_oscal

    assessment = assess_project(project)
    target = out if out is not None else project_root(project) / "build" / "oscal"
    for path in write_oscal(assessment, target):
        click.echo(f"wrote {path}", err=True)
    return ExitCode.OK
