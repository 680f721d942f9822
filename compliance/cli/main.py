"""The `compliance` command: parse, call, print, exit. No logic lives here."""

from __future__ import annotations

import importlib
import textwrap
from pathlib import Path

import click

from compliance import __version__
from compliance.cli.common import (
    Group,
    format_option,
    guarded,
    no_cache_option,
    project_option,
    project_root,
)
from compliance.core.errors import InputError
from compliance.core.exit_codes import ExitCode
from compliance.decide.decision import Decision, Verdict


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="compliance")
def main() -> None:
    """Regulatory coverage, release gates and audit-ready evidence for AI model releases.

    Every command takes --project PATH (default: the nearest compliance.yaml upward).

    \b
    Example:
      compliance check --project path/to/workspace
      compliance gate --format json
    """


@main.command()
@click.argument("directory", type=click.Path(path_type=Path), required=False)
@project_option(help="The folder to scaffold, as DIRECTORY (default: the current directory).")
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.option(
    "--example",
    is_flag=True,
    help="Copy the full built-in example (Halcyon-2) instead of the starter.",
)
@guarded
def init(directory: Path | None, project: Path | None, force: bool, example: bool) -> ExitCode:
    """Scaffold a workspace: a commented compliance.yaml with a starter gate policy,
    controls/, risks/, evidence/ (with a metrics CSV) and an approval record example.
    The workspace is DIRECTORY, or --project, or the current directory.

    Example: `compliance init && git add -A && git commit -m workspace && compliance gate`;
    `compliance init --example demo/` copies the built-in example workspace."""
    from compliance.emit.scaffold import copy_example, scaffold

    if directory is not None and project is not None and directory != project:
        raise click.UsageError("give the workspace folder once: DIRECTORY or --project")
    directory = directory if directory is not None else project
    if directory is None:
        directory = Path(".")

    written = copy_example(directory, force=force) if example else scaffold(directory, force=force)
    for path in written:
        click.echo(f"created {path}", err=True)
    click.echo(
        "next: read the comments in compliance.yaml, commit, then run `compliance check` and "
        "`compliance gate`; `compliance docs` lists the guides",
        err=True,
    )
    return ExitCode.OK


@main.command()
@click.argument("topic", required=False)
@project_option(help="Accepted like every command's; the guides ship with the tool.")
@guarded
def docs(topic: str | None, project: Path | None) -> ExitCode:
    """Print a user guide (markdown) shipped with the tool; without TOPIC, list the topics.
    The guides ship with the tool, so --project is accepted but changes nothing.

    Example: `compliance docs gate`."""
    from compliance.core.docs import read_topic, topics

    if topic is None:
        click.echo("Topics (`compliance docs TOPIC`):")
        for name, title in topics():
            click.echo(f"  {name:<16} {title}")
        return ExitCode.OK
    click.echo(read_topic(topic), nl=False)
    return ExitCode.OK


@main.command()
@project_option
@format_option("coverage")
@no_cache_option("build/.cache/ in the workspace")
@guarded
def check(project: Path | None, fmt: str, no_cache: bool) -> ExitCode:
    """Validate everything, print coverage and the gate verdict; exit 1 on gaps or gate
    failures (NO-GO or CONDITIONAL GO), 2 on invalid input. Assesses the working tree, and
    says so when it differs from the last commit.

    \b
    Example:
      compliance check
      compliance check --format json --no-cache > coverage.json
    """
    from compliance.core.collector import collector_paused

    # All that check makes lives until it prints: the cyclic collector would only walk it.
    with collector_paused():
        return _check(project, fmt, no_cache)


def _check(project: Path | None, fmt: str, no_cache: bool) -> ExitCode:
    import time

    from compliance.cli import check_cache as cache

    started = time.time_ns()
    root = project_root(project)
    hit = None if no_cache else cache.cached_check(root, fmt)
    if hit is not None:
        click.echo(hit[0], nl=False)
        return ExitCode(hit[1])
    from compliance.emit.draft import differs_line
    from compliance.emit.formats import render
    from compliance.load.inputs import only_assessed
    from compliance.pipeline import run

    result = run(root, cache=not no_cache, keep_gate_error=True)
    assessment = result.assessment
    # check reads the working tree; it says which of its inputs are not HEAD's.
    differs = tuple(only_assessed(result.modified_inputs, result.inputs)) if result.commit else ()
    note = differs_line(result, list(differs)) or ""
    from compliance.assess.incident_clocks import workspace_clocks

    clocks = workspace_clocks(result.workspace, result.evidence, assessment.assessment_date)
    output = render(
        "coverage",
        fmt,
        assessment,
        differs=differs,
        differs_note=note,
        incidents=tuple(clocks),
        red_team=result.red_team,
    )
    if result.gate_error is not None:
        # Coverage is still worth printing when an evaluation log is broken; the gate's
        # problems then make the run exit 2. JSON output is then the error object alone.
        if fmt != "json":
            click.echo(output, nl=False)
        raise result.gate_error
    decision = result.decision if result.decision.policy_defined else None
    gate_failed = decision is not None and decision.verdict in (
        Verdict.NO_GO,
        Verdict.CONDITIONAL_GO,
    )
    if decision is not None and fmt in ("table", "markdown"):
        output += _gate_line(decision)
    code = ExitCode.FINDINGS if assessment.has_findings or gate_failed else ExitCode.OK
    click.echo(output, nl=False)
    if not no_cache:
        cache.remember_check(root, fmt, assessment, output, code, started)
    return code


def _gate_line(decision: Decision) -> str:
    """One line on the gate for `check`; `compliance gate` has the details."""
    failing = [r.rule for r in (*decision.blocking_failures, *decision.conditions)]
    detail = f" (failing: {', '.join(failing)})" if failing else ""
    text = f"gate: {decision.verdict.value}{detail}; run `compliance gate` for details"
    return "\n".join(textwrap.wrap(text, 100, subsequent_indent="  ")) + "\n"


@main.command()
@project_option
@click.option("--framework", default=None, help="Only this framework id.")
@click.option(
    "--signatory",
    is_flag=True,
    help="The Code of Practice signatory view: the measures per Art. 53/55 obligation and "
    "the obligations per measure (docs/signatory.md).",
)
@format_option("coverage")
@guarded
def gaps(project: Path | None, framework: str | None, signatory: bool, fmt: str) -> ExitCode:
    """List gaps and partially covered requirements, with crosswalk hints.

    \b
    Example:
      compliance gaps --framework eu-ai-act-annex-xi --format markdown
      compliance gaps --signatory
    """
    from compliance.emit.formats import names, render
    from compliance.pipeline import run

    if signatory and (framework is not None or fmt not in names("signatory")):
        raise InputError.single(
            "--signatory",
            "the signatory view takes neither --framework nor --format " + fmt,
            f"use --format {' | '.join(names('signatory'))}",
        )
    assessment = run(project_root(project), gate=False).assessment
    if signatory:
        view = assessment.signatory
        if view is None:
            raise InputError.single(
                "--signatory",
                "compliance.yaml declares no Code of Practice signature",
                "add code_of_practice: {chapters: [...]} (docs/signatory.md)",
            )
        click.echo(render("signatory", fmt, view), nl=False)
        return ExitCode.FINDINGS if view.has_findings else ExitCode.OK
    known = [fw.id for fw in assessment.frameworks]
    if framework is not None and framework not in known:
        from compliance.core.suggest import suggest

        hint = suggest(framework, known)
        raise InputError.single(
            "--framework",
            f"{framework!r} is not in scope",
            f"{hint} in scope: {', '.join(known)}".strip(),
        )
    click.echo(render("coverage", fmt, assessment, framework=framework, gaps_only=True), nl=False)
    results = [
        r for fw in assessment.frameworks if framework in (None, fw.id) for r in fw.requirements
    ]
    return (
        ExitCode.FINDINGS if any(r.status in ("gap", "partial") for r in results) else (ExitCode.OK)
    )


@main.group()
def frameworks() -> None:
    """Inspect the regulatory catalogs.

    \b
    Example:
      compliance frameworks list
      compliance frameworks show eu-ai-act-annex-xi XI.2.1
    """


def _catalogs(project: Path | None):  # type: ignore[no-untyped-def]
    from compliance.core.project import nearest_project
    from compliance.load.catalogs import load_catalogs
    from compliance.load.sources import DiskSource

    root = nearest_project(project if project is not None else Path.cwd())
    return load_catalogs(DiskSource(root) if root is not None else None)


@frameworks.command("list")
@project_option
@format_option("catalog_list")
@guarded
def frameworks_list(project: Path | None, fmt: str) -> ExitCode:
    """List the built-in catalogs and the workspace's own.

    \b
    Example:
      compliance frameworks list --format json
    """
    from compliance.emit.formats import render

    click.echo(render("catalog_list", fmt, _catalogs(project)), nl=False)
    return ExitCode.OK


@frameworks.command("show")
@click.argument("framework_id")
@click.argument("requirement", required=False)
@project_option
@format_option("catalog_show")
@guarded
def frameworks_show(
    framework_id: str, requirement: str | None, project: Path | None, fmt: str
) -> ExitCode:
    """Show a catalog, or one requirement with its text and crosswalk neighbours.

    \b
    Example:
      compliance frameworks show nist-ai-rmf-1.0 "MEASURE 2.7"
    """
    from compliance.emit.formats import render

    cats = _catalogs(project)
    if framework_id not in cats.catalogs:
        from compliance.core.suggest import suggest

        raise InputError.single(
            "FRAMEWORK_ID",
            f"unknown framework {framework_id!r}",
            f"{suggest(framework_id, cats.catalogs)} known: "
            f"{', '.join(sorted(cats.catalogs))}".strip(),
        )
    loaded = cats.catalogs[framework_id]
    if requirement is not None:
        ref = f"{framework_id}:{requirement}"
        if cats.resolve(ref) is None:
            message, hint = cats.explain_unknown(ref)
            raise InputError.single("REQUIREMENT", message, hint)
    click.echo(render("catalog_show", fmt, (loaded, cats, requirement)), nl=False)
    return ExitCode.OK


@frameworks.command("diff")
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@project_option
@format_option("catalog_diff")
@guarded
def frameworks_diff(old: Path, new: Path, project: Path | None, fmt: str) -> ExitCode:
    """Added, removed and reworded requirements between two editions of a catalog.

    \b
    Example:
      compliance frameworks diff old/eu-ai-act-annex-xi.yaml new/eu-ai-act-annex-xi.yaml
    """
    from compliance.assess.catalog_diff import catalog_diff
    from compliance.emit.formats import render

    result = catalog_diff(old, new, project)
    click.echo(render("catalog_diff", fmt, result), nl=False)
    return ExitCode.FINDINGS if result.has_changes else ExitCode.OK


@main.command()
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Directory to write the JSON Schemas into (default: schemas/ in the workspace).",
)
@project_option
@guarded
def schema(out: Path | None, project: Path | None) -> ExitCode:
    """Write JSON Schemas of every file format the tool reads (compliance.yaml, controls,
    risks, approvals, model.yaml, training-data.yaml, catalogs, crosswalks, taxonomies,
    metrics files, incident logs, labels, predictions), for editor autocompletion. Every
    property carries a description; the CSV formats' schemas describe one row.

    \b
    Example:
      compliance schema --out schemas/
    """
    from compliance.emit.schemas import write_schemas

    if out is None:
        out = project_root(project) / "schemas"
    for path in write_schemas(out):
        click.echo(f"wrote {path}", err=True)
    return ExitCode.OK


COMMAND_MODULES = ("build", "gate", "export", "verify", "diff")
"""Commands that live in compliance/cli/<name>.py, each exposing `command`."""

for _name in COMMAND_MODULES:
    main.add_command(importlib.import_module(f"compliance.cli.{_name}").command)

if __name__ == "__main__":  # pragma: no cover
    main()
