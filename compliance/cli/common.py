"""Shared pieces of the CLI: error handling, the --project option, loading and assessing."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from compliance.core.errors import InputError
from compliance.core.exit_codes import ExitCode
from compliance.core.wording import count

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
    click.echo(f"{count(n, 'problem')} found; nothing was written.", err=True)


def quiet_broken_pipe() -> NoReturn:
    """The reader of our output went away (`| head`, `| tail -c 0`): stop quietly, as
    well-behaved Unix tools do. Output still buffered would fail again when Python flushes
    it at exit, so stdout and stderr are pointed at the null device first."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        # A stream that is not a real file (a test runner's capture) has nothing to flush.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(devnull, stream.fileno())
    sys.exit(ExitCode.BROKEN_PIPE)


def is_broken_pipe(exc: BaseException) -> bool:
    return isinstance(exc, BrokenPipeError) or (
        isinstance(exc, OSError) and exc.errno == errno.EPIPE
    )


class Group(click.Group):
    """A click group whose whole run (help and usage text included) stops quietly on a
    closed pipe, with exit 141 rather than click's 1 (which `check` and `gate` use for
    findings and NO-GO); every command below it gets the same from `guarded`."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except OSError as exc:
            if is_broken_pipe(exc):
                quiet_broken_pipe()
            raise

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            if is_broken_pipe(exc):
                quiet_broken_pipe()
            raise


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
        except OSError as exc:
            if is_broken_pipe(exc):
                quiet_broken_pipe()
            _internal_error(exc)
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
            _internal_error(exc)
        # Flush now, inside the guard: a closed pipe then stops quietly, not at exit.
        try:
            sys.stdout.flush()
        except OSError as exc:
            if is_broken_pipe(exc):
                quiet_broken_pipe()
            raise
        sys.exit(int(code if code is not None else ExitCode.OK))

    return wrapper


def _internal_error(exc: Exception) -> NoReturn:
    if os.environ.get("COMPLIANCE_DEBUG"):
        traceback.print_exc()
    click.echo(
        f"internal error: {exc.__class__.__name__}: {exc}\n"
        "This is a bug in compliance-docs; rerun with COMPLIANCE_DEBUG=1 and report it.",
        err=True,
    )
    sys.exit(ExitCode.INTERNAL_ERROR)


PROJECT_HELP = "Workspace directory or its compliance.yaml (default: nearest one upward)."


def project_option(fn: Callable[..., Any] | None = None, *, help: str = PROJECT_HELP) -> Any:
    """--project PATH, the one definition every command uses (`@project_option`, or
    `@project_option(help=...)` where the workspace means something more specific)."""

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        return click.option(
            "--project",
            "project",
            type=click.Path(path_type=Path, file_okay=True, dir_okay=True),
            default=None,
            help=help,
        )(f)

    return decorate(fn) if fn is not None else decorate


def no_cache_option(where: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--no-cache, for every command that keeps a cache (`where` names it)."""
    return click.option(
        "--no-cache",
        "no_cache",
        is_flag=True,
        help=f"Recompute everything; do not read or write the cache ({where}).",
    )


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
