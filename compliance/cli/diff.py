"""`compliance diff REF_A REF_B`: coverage, evidence, metrics, risks and decision changes."""

from __future__ import annotations

from pathlib import Path

import click

from compliance.cli.common import format_option, guarded, project_option, project_root
from compliance.core.exit_codes import ExitCode


@click.command("diff")
@click.argument("ref_a")
@click.argument("ref_b")
@project_option
@format_option("release_diff")
@guarded
def command(ref_a: str, ref_b: str, project: Path | None, fmt: str) -> ExitCode:
    """Compare two git refs of the workspace (read from git, nothing is checked out).

    \b
    Example:
      compliance diff v1.0.0 v1.1.0 --format markdown
    """
    from compliance.emit.formats import render
    from compliance.pipeline import compare

    result = compare(project_root(project), ref_a, ref_b)
    click.echo(render("release_diff", fmt, result), nl=False)
    return ExitCode.OK
