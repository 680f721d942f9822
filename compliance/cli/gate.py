"""`compliance gate`: the go / no-go decision; exit 0 GO, 1 NO-GO, 3 CONDITIONAL GO."""

from __future__ import annotations

from pathlib import Path

import click

from compliance.cli.common import (
    format_option,
    guarded,
    project_option,
    project_root,
    revision,
    say_draft,
    worktree_option,
)
from compliance.core.exit_codes import ExitCode
from compliance.decide.decision import Verdict

EXIT = {
    Verdict.GO: ExitCode.OK,
    Verdict.NO_GO: ExitCode.FINDINGS,
    Verdict.CONDITIONAL_GO: ExitCode.CONDITIONAL,
    # without a policy nothing was decided: a usage error, never a pass a CI job takes as GO
    Verdict.NOT_DECIDED: ExitCode.INVALID_INPUT,
}


@click.command("gate")
@project_option
@format_option("gate")
@worktree_option
@guarded
def command(project: Path | None, fmt: str, worktree: bool) -> ExitCode:
    """The release decision for the last commit: exit 0 GO, 1 NO-GO, 3 CONDITIONAL GO,
    2 invalid input. With --worktree, a DRAFT decision that includes uncommitted changes.

    \b
    Example:
      compliance gate
      compliance gate --format json > decision.json
    """
    from compliance.emit.formats import render
    from compliance.pipeline import run

    result = run(project_root(project), revision(worktree))
    decision = result.decision
    click.echo(render("gate", fmt, result), nl=False)
    say_draft(result)
    if not decision.policy_defined:
        click.echo(
            "error: compliance.yaml has no gate policy; add a `gate:` section "
            "(`compliance docs gate` explains it)",
            err=True,
        )
    return EXIT[decision.verdict]
