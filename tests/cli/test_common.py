"""The CLI's error contract: a broken dependency is a named internal error, never a verdict."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def _run_without(
    module: str, tmp_path: Path, root: Path, *args: str
) -> subprocess.CompletedProcess:
    """Run the CLI in a fresh interpreter where importing `module` fails."""
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / f"{module}.py").write_text(f"raise ImportError('{module} is broken here')\n")
    env = {**os.environ, "PYTHONPATH": f"{shadow}{os.pathsep}{REPO_ROOT}"}
    env.pop("COMPLIANCE_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "compliance.cli", *args, "--project", str(root)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_a_broken_pdf_library_is_an_internal_error_that_names_it(starter, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _run_without("weasyprint", tmp_path, starter.root, "build", "--out", str(out))
    assert result.returncode == 70, result.stderr
    assert "weasyprint" in result.stderr and "reinstall" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(out.glob("*.pdf"))  # no report, so no NOT DECIDED report either


def test_a_broken_yaml_library_never_turns_into_a_gate_verdict(starter, tmp_path: Path) -> None:
    result = _run_without("yaml", tmp_path, starter.root, "gate", "--format", "json")
    assert result.returncode == 70, result.stderr
    assert "'yaml'" in result.stderr or "yaml is broken" in result.stderr
    assert "NOT DECIDED" not in result.stdout and "GO" not in result.stdout
