"""Help and behaviour agree: build's targets from the registry, JSON errors on stdout,
fail → pass in the Markdown release diff."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from compliance.cli.common import ERROR_SCHEMA
from compliance.cli.main import main
from compliance.core.exit_codes import ExitCode
from compliance.emit.build import TARGETS
from compliance.emit.scaffold import FILES

POLICY = (
    "gate:\n  rules:\n"
    "    - {id: refusal, kind: metric, evidence: evidence/m.csv, metric: r, threshold: 0.9}\n"
)


def test_build_help_lists_every_registered_target_including_packet() -> None:
    result = CliRunner().invoke(main, ["build", "--help"])
    assert result.exit_code == 0
    assert "packet" in TARGETS
    for name, target in TARGETS.items():
        assert name in result.output
        assert target.description.split()[0] in result.output
    assert "Example" in result.output


@pytest.mark.parametrize("command", ["gate", "check"])
def test_format_json_prints_a_json_error_object_on_stdout_on_exit_2(starter, command) -> None:
    starter.write("compliance.yaml", FILES["compliance.yaml"] + POLICY)
    starter.write("evidence/m.csv", "metric,value\nr,high\n")
    starter.commit("broken metrics")
    args = [command, "--format", "json", "--project", str(starter.root)]
    if command == "check":
        args.append("--no-cache")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == ExitCode.INVALID_INPUT
    document = json.loads(result.stdout)
    assert document["schema"] == ERROR_SCHEMA
    (error,) = document["errors"]
    assert set(error) == {"path", "line", "column", "message", "hint"}
    assert (error["path"], error["line"]) == ("evidence/m.csv", 2)
    assert "error: evidence/m.csv:2" in result.stderr


def test_table_format_keeps_stdout_free_of_the_error(starter) -> None:
    starter.write("compliance.yaml", FILES["compliance.yaml"] + POLICY)
    starter.write("evidence/m.csv", "metric,value\nr,high\n")
    starter.commit("broken metrics")
    result = CliRunner().invoke(main, ["gate", "--project", str(starter.root)])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert result.stdout == ""


def test_the_markdown_release_diff_says_fail_and_pass_not_false_and_true(starter) -> None:
    starter.write("compliance.yaml", FILES["compliance.yaml"] + POLICY)
    starter.write("evidence/m.csv", "metric,value,samples\nr,0.5,100\n")
    starter.commit("failing", date="2026-02-02T09:00:00+00:00")
    starter.git("tag", "v1")
    starter.write("evidence/m.csv", "metric,value,samples\nr,0.95,100\n")
    starter.commit("passing", date="2026-02-03T09:00:00+00:00")
    starter.git("tag", "v2")
    result = CliRunner().invoke(
        main, ["diff", "v1", "v2", "--format", "markdown", "--project", str(starter.root)]
    )
    assert "fail → pass" in result.stdout, result.stdout + result.stderr
    assert "False" not in result.stdout and "True" not in result.stdout
