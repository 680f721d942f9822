"""`compliance gate`: the go / no-go decision; exit 0 GO, 1 NO-GO, 3 CONDITIONAL GO."""

from __future__ import annotations

from pathlib import Path

import click

from compliance.cli.common import format_option, guarded, project_option, project_root
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
@guarded
def command(project: Path | None, fmt: str) -> ExitCode:
    """The release decision: exit 0 GO, 1 NO-GO, 3 CONDITIONAL GO, 2 invalid input."""
    from compliance.emit.formats import render
    from compliance.pipeline import run

    result = run(project_root(project))
    decision = result.decision
    click.echo(render("gate", fmt, (decision, result.assessment)), nl=False)
    if not decision.policy_defined:
        click.echo(
            "error: compliance.yaml has no gate policy; add a `gate:` section "
            "(`compliance docs gate` explains it)",
            err=True,
        )
    return EXIT[decision.verdict]
