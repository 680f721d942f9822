"""The CLI contract the README states, for every command: --project, an example in each help,
--no-cache wherever a cache is kept, and a quiet stop when the reader of stdout goes away."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from compliance.cli.main import main
from compliance.core.exit_codes import ExitCode

REPO_ROOT = Path(__file__).resolve().parents[2]

CACHED = {"check": "build/.cache", "build": ".cache"}
"""Commands that keep a cache, and where (relative to the workspace or --out)."""


def _walk(group: click.Group, prefix: tuple[str, ...] = ()):
    """(path, command) for the group itself and every command and subcommand below it."""
    yield prefix, group
    for name in sorted(group.commands):
        command = group.commands[name]
        if isinstance(command, click.Group):
            yield from _walk(command, (*prefix, name))
        else:
            yield (*prefix, name), command


ALL = [pytest.param(path, id=" ".join(path) or "compliance") for path, _ in _walk(main)]
LEAVES = [
    pytest.param(path, id=" ".join(path))
    for path, command in _walk(main)
    if not isinstance(command, click.Group)
]


def _command(path: tuple[str, ...]) -> click.Command:
    command: click.Command = main
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("path", LEAVES)
def test_every_command_takes_project(path: tuple[str, ...]) -> None:
    options = {opt for p in _command(path).params for opt in getattr(p, "opts", [])}
    assert "--project" in options
    assert "--project" in cli(*path, "--help").output


def test_every_project_option_is_the_one_shared_definition() -> None:
    from compliance.cli.common import PROJECT_HELP

    helps = {
        " ".join(path): next(p for p in command.params if p.name == "project")
        for path, command in _walk(main)
        if not isinstance(command, click.Group)
    }
    for name, option in helps.items():
        assert isinstance(option.type, click.Path), name
        assert option.default is None, name
    # the generic wording wherever the workspace means nothing more specific
    assert helps["gate"].help == PROJECT_HELP


@pytest.mark.parametrize("path", ALL)
def test_every_command_and_group_help_carries_an_example(path: tuple[str, ...]) -> None:
    result = cli(*path, "--help")
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
    # the example names the command it belongs to
    example = result.output.split("Example:", 1)[1]
    assert " ".join(("compliance", *path)) in " ".join(example.split())


def test_init_takes_the_folder_as_project(tmp_path: Path) -> None:
    target = tmp_path / "ws"
    result = cli("init", "--project", str(target))
    assert result.exit_code == 0, result.output
    assert (target / "compliance.yaml").is_file()
    clash = cli("init", str(tmp_path / "a"), "--project", str(tmp_path / "b"))
    assert clash.exit_code == ExitCode.INVALID_INPUT
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_schema_writes_into_the_project_without_out(starter) -> None:
    result = cli("schema", "--project", str(starter.root))
    assert result.exit_code == 0, result.output
    assert (starter.root / "schemas" / "compliance.schema.json").is_file()


def test_schema_out_still_wins_over_the_project(starter, tmp_path: Path) -> None:
    out = tmp_path / "elsewhere"
    assert cli("schema", "--project", str(starter.root), "--out", str(out)).exit_code == 0
    assert (out / "risks.schema.json").is_file()
    assert not (starter.root / "schemas").exists()


def test_docs_accepts_project(starter) -> None:
    result = cli("docs", "gate", "--project", str(starter.root))
    assert result.exit_code == 0 and "gate" in result.output.lower()


def test_export_oscal_and_frameworks_take_project(starter, tmp_path: Path) -> None:
    out = tmp_path / "oscal"
    result = cli("export", "oscal", "--project", str(starter.root), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert list(out.glob("*.json"))
    listed = cli("frameworks", "list", "--project", str(starter.root), "--format", "json")
    assert listed.exit_code == 0 and json.loads(listed.stdout)


def test_verify_project_checks_against_the_workspace_repository(tmp_path: Path) -> None:
    # an unreadable packet still says exit 2 with --project; the repository check itself
    # is exercised in tests/emit/verify/test_verify_output.py with a real packet
    result = cli("verify", str(tmp_path / "missing.zip"), "--project", str(tmp_path))
    assert result.exit_code == ExitCode.INVALID_INPUT


@pytest.mark.parametrize("path", LEAVES)
def test_no_cache_exactly_where_a_cache_is_kept(path: tuple[str, ...]) -> None:
    options = {opt for p in _command(path).params for opt in getattr(p, "opts", [])}
    assert ("--no-cache" in options) == (" ".join(path) in CACHED)


def test_commands_without_no_cache_write_no_cache(starter, tmp_path: Path) -> None:
    root = str(starter.root)
    for args in (
        ["gate", "--project", root],
        ["gaps", "--project", root],
        ["export", "oscal", "--project", root, "--out", str(tmp_path / "o")],
        ["diff", "HEAD", "HEAD", "--project", root],
        ["frameworks", "list", "--project", root],
    ):
        cli(*args)
        assert not (starter.root / "build" / ".cache").exists(), args


def test_check_no_cache_neither_reads_nor_writes_the_cache(starter) -> None:
    root = str(starter.root)
    fresh = cli("check", "--project", root, "--no-cache")
    assert not (starter.root / CACHED["check"]).exists()
    cli("check", "--project", root)  # fills the cache
    entries = sorted((starter.root / CACHED["check"]).iterdir())
    assert entries
    again = cli("check", "--project", root, "--no-cache")
    assert again.stdout == fresh.stdout and again.exit_code == fresh.exit_code


def test_build_no_cache_renders_again_and_writes_no_cache(starter, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["build", "go-no-go", "--project", str(starter.root), "--out", str(out)]
    first = cli(*args, "--no-cache")
    assert first.exit_code == 0, first.output
    assert (out / "go-no-go.pdf").is_file()
    assert not (out / CACHED["build"]).exists()
    cli(*args)  # fills the cache
    assert (out / CACHED["build"] / "build.json").is_file()
    before = (out / CACHED["build"] / "build.json").read_bytes()
    pdf = out / "go-no-go.pdf"
    os.utime(pdf, ns=(0, 0))
    again = cli(*args, "--no-cache")
    assert again.exit_code == 0, again.output
    assert pdf.stat().st_mtime_ns != 0  # written again, not kept from the cache
    assert (out / CACHED["build"] / "build.json").read_bytes() == before


def _piped(*args: str, stderr_too: bool = False) -> subprocess.CompletedProcess[bytes]:
    """Run the CLI with stdout (and stderr) into a pipe whose reader exits at once."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    env.pop("COMPLIANCE_DEBUG", None)
    cmd = [sys.executable, "-m", "compliance.cli", *args]
    reader = subprocess.Popen(["tail", "-c", "0"], stdin=subprocess.PIPE)
    assert reader.stdin is not None
    reader.stdin.close()  # the parent's copy
    reader.wait()  # the reader has gone: every write into the pipe now fails
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            cmd,
            stdout=write_end,
            stderr=write_end if stderr_too else subprocess.PIPE,
            env=env,
            timeout=120,
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    "args",
    [
        ("frameworks", "list"),
        ("frameworks", "show", "eu-ai-act-annex-xi"),
        ("docs", "gate"),
        ("--help",),
        ("gate", "--help"),
    ],
    ids=lambda a: " ".join(a),
)
def test_a_closed_pipe_is_a_quiet_exit_not_a_traceback(args: tuple[str, ...], starter) -> None:
    extra = ("--project", str(starter.root)) if args[0] == "frameworks" else ()
    result = _piped(*args, *extra)
    assert result.returncode == ExitCode.BROKEN_PIPE, result.stderr
    assert b"Traceback" not in result.stderr
    assert b"internal error" not in result.stderr
    assert b"Exception ignored" not in result.stderr


def test_schema_into_a_closed_pipe_with_stderr_too(starter, tmp_path: Path) -> None:
    result = _piped(
        "schema", "--out", str(tmp_path / "s"), "--project", str(starter.root), stderr_too=True
    )
    assert result.returncode in (ExitCode.OK, ExitCode.BROKEN_PIPE)
    assert result.returncode != ExitCode.INTERNAL_ERROR


def test_a_real_shell_pipeline_into_tail_c_0_ends_quietly(starter, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    script = (
        f'"{sys.executable}" -m compliance.cli frameworks list --project "{starter.root}" '
        f'2>"{tmp_path / "err"}" | tail -c 0; echo "${{PIPESTATUS[0]}}"'
    )
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env)
    status = int(done.stdout.strip())
    assert status in (ExitCode.OK, ExitCode.BROKEN_PIPE)  # OK if it wrote before tail left
    assert (tmp_path / "err").read_text() == ""
