"""Helpers for the release gate tests: policies, CLI runs, decisions."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from compliance.cli.main import main
from compliance.decide.decision import Decision
from compliance.emit.scaffold import FILES
from compliance.pipeline import run

INSPECT_DATA = Path(__file__).resolve().parents[2] / "data" / "inspect"

SLICES_CSV = """\
metric,value,samples,language
refusal_rate,0.95,2400,
refusal_rate,0.97,1200,en
refusal_rate,0.96,800,de
refusal_rate,0.77,400,sw
"""


def project_yaml(policy: str, release_date: str | None = None) -> str:
    """The starter compliance.yaml with a `gate:` section (policy given unindented)."""
    text = FILES["compliance.yaml"]
    if release_date is not None:
        text = text.replace("  git_ref: HEAD\n", f"  git_ref: HEAD\n  date: {release_date}\n")
    return text + "gate:\n" + textwrap.indent(textwrap.dedent(policy).strip("\n"), "  ") + "\n"


@dataclass
class GateRun:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> dict[str, Any]:
        return json.loads(self.stdout)


def run_gate(root: Path, *args: str) -> GateRun:
    """`compliance gate --project ROOT ARGS...` in-process, as a user would run it."""
    result = CliRunner().invoke(main, ["gate", "--project", str(root), *args])
    return GateRun(result.exit_code, result.stdout, result.stderr)


def decision_of(root: Path) -> Decision:
    """The decision for the workspace at `root`, through the library API."""
    return run(root).decision


def rule(decision: Decision, rule_id: str) -> Any:
    """One rule's result by id."""
    return next(r for r in decision.rules if r.rule == rule_id)
