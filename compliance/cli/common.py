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

from compliance.core.errors import InputError
from compliance.core.exit_codes import ExitCode

if TYPE_CHECKING:
    pass


ERROR_SCHEMA = "compliance-docs/error/1"


def error_document(error: InputError) -> dict[str, Any]:
    """The JSON object a `--format json` command prints on stdout when it exits 2."""
    return {
        "schema": ERROR_SCHEMA,
        "errors": [
            {
                "path": p.path,
                "line": p.line,
                "column": p.column,
                "message": p.message,
                "hint": p.hint,
            }
            for p in sorted(set(error.problems))
        ],
    }


def _fail_input(error: InputError, json_out: bool = False) -> None:
    if json_out:
        import json

        click.echo(json.dumps(error_document(error), ensure_ascii=False, indent=2))
    for problem in sorted(set(error.problems)):
        click.echo(f"error: {problem}", err=True)
    n = len(set(error.problems))
    click.echo(f"{n} problem{'s' if n != 1 else ''} found; nothing was written.", err=True)


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn our errors into exit codes and messages; never show a user a traceback.

    A command run with `--format json` also prints its input errors on stdout as one JSON
    object ({"schema": "compliance-docs/error/1", "errors": [...]}), so a script reading
    stdout always gets JSON.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            code = fn(*args, **kwargs)
        except InputError as exc:
            _fail_input(exc, json_out=kwargs.get("fmt") == "json")
            sys.exit(ExitCode.INVALID_INPUT)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except ImportError as exc:
            # A module that ships with the tool or one of its dependencies is missing or
            # broken: say which, never turn it into a verdict.
            if os.environ.get("COMPLIANCE_DEBUG"):
                traceback.print_exc()
            missing = exc.name or str(exc)
            click.echo(
                f"internal error: cannot import {missing!r} ({exc}).\n"
                "A dependency of compliance-docs is missing or broken: reinstall it "
                "(pip install --force-reinstall compliance-docs) and try again.",
                err=True,
            )
            sys.exit(ExitCode.INTERNAL_ERROR)
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


def worktree_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--worktree: assess uncommitted changes too; every output then says DRAFT."""
    return click.option(
        "--worktree",
        "worktree",
        is_flag=True,
        help="Assess the working tree, uncommitted changes included, instead of the last "
        "commit; every output is then marked DRAFT and lists the modified inputs.",
    )(fn)


def revision(worktree: bool) -> str | None:
    """What a release command assesses: the committed tree, or the working tree."""
    from compliance.pipeline import COMMITTED

    return None if worktree else COMMITTED


def say_draft(result: Any) -> None:
    """On stderr: that a run is a DRAFT, or which uncommitted inputs it left out."""
    from compliance.emit.draft import draft_line, skipped_line

    line = draft_line(result) or skipped_line(result)
    if line:
        click.echo(line, err=True)


def project_root(project: Path | None) -> Path:
    """The workspace --project names, else the nearest one upward (no models imported)."""
    from compliance.core.project import find_project

    return find_project(project if project is not None else Path.cwd())


def format_option(kind: str) -> Callable[..., Any]:
    """--format with the formats the registry has for this result kind, the first as default."""
    from compliance.emit.formats import names

    choices = names(kind)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help=f"Output format: {', '.join(choices)}.",
    )
