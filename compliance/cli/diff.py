"""`compliance diff REF_A REF_B`: coverage, evidence, metrics, risks and decision changes."""

from __future__ import annotations

import json
from pathlib import Path

import click

from compliance.cli.common import format_option, guarded, project_option, project_root
from compliance.core.exit_codes import ExitCode


@click.command("diff")
@click.argument("ref_a")
@click.argument("ref_b")
@project_option
@format_option("table", "json", "markdown")
@guarded
def command(ref_a: str, ref_b: str, project: Path | None, fmt: str) -> ExitCode:
    """Compare two git refs of the workspace (read from git, nothing is checked out)."""
    from compliance.decide.release_diff import diff_dict, diff_markdown, diff_table
    from compliance.pipeline import compare

    result = compare(project_root(project), ref_a, ref_b)
    if fmt == "json":
        click.echo(json.dumps(diff_dict(result), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(diff_markdown(result), nl=False)
    else:
        click.echo(diff_table(result), nl=False)
    return ExitCode.OK
