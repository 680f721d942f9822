"""Shared pieces of the CLI: error handling, the --project option, loading and assessing."""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from compliance.errors import InputError
from compliance.exit_codes import ExitCode

if TYPE_CHECKING:
    from compliance.assess import Assessment
    from compliance.decision import Decision


def _fail_input(error: InputError) -> None:
    for problem in sorted(error.problems):
        click.echo(f"error: {problem}", err=True)
    n = len(error.problems)
    click.echo(f"{n} problem{'s' if n != 1 else ''} found; nothing was written.", err=True)


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn our errors into exit codes and messages; never show a user a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            code = fn(*args, **kwargs)
        except InputError as exc:
            _fail_input(exc)
            sys.exit(ExitCode.INVALID_INPUT)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted; outputs already written are intact", err=True)
            sys.exit(130)
        except Exception as exc:
            if os.environ.get("COMPLIANCE_DEBUG"):
                traceback.print_exc()
            click.echo(
                f"internal error: {exc.__class__.__name__}: {exc}\n"
                "This is a bug in compliance-docs; rerun with COMPLIANCE_DEBUG=1 and report it.",
                err=True,
            )
            sys.exit(ExitCode.INTERNAL_ERROR)
        sys.exit(int(code if code is not None else ExitCode.OK))

    return wrapper


def project_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--project",
        "project",
        type=click.Path(path_type=Path, file_okay=True, dir_okay=True),
        default=None,
        help="Workspace directory or its compliance.yaml (default: nearest one upward).",
    )(fn)


def project_root(project: Path | None) -> Path:
    from compliance.workspace import find_project

    return find_project(project if project is not None else Path.cwd())


def assess_project(project: Path | None, cache: bool = True) -> Assessment:
    from compliance.assess import assess
    from compliance.workspace import load_workspace

    return assess(load_workspace(project_root(project)), cache=cache)


def assess_and_decide(
    project: Path, cache: bool = True
) -> tuple[Assessment, Decision | InputError | None]:
    """The assessment (its index also covering the gate's files) and, if a policy exists,
    the gate's decision or the input error that prevented it."""
    from compliance.assess import assess
    from compliance.cache import EvidenceCache
    from compliance.evidence import build_index
    from compliance.gate import decide, gate_paths
    from compliance.workspace import load_workspace

    ws = load_workspace(project_root(project))
    paths = {link.path for lc in ws.controls for link in lc.control.evidence}
    paths |= set(gate_paths(ws))
    store = EvidenceCache(ws.root) if cache else None
    index = build_index(ws.root, sorted(paths), cache=store)
    if store is not None:
        store.save()
    assessment = assess(ws, index)
    if ws.project.gate is None:
        return assessment, None
    try:
        return assessment, decide(assessment)
    except InputError as exc:
        # Coverage is still worth printing when an evaluation log is broken; the gate's
        # problems travel with the assessment and make the run exit 2.
        return assessment, exc


def format_option(*names: str) -> Callable[..., Any]:
    """--format with the first name as default."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(names),
        default=names[0],
        show_default=True,
        help="Output format.",
    )
