"""Helpers for the hostile-input suite: run the CLI as a user would and judge its answer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result

from compliance.cli.main import main
from compliance.core.exit_codes import ExitCode

REPO_ROOT = Path(__file__).resolve().parents[2]

CONTROL = """\
schema_version: 1
controls:
  - id: CTL-DOC-01
    title: Model documentation is maintained
    owner: Model Documentation Lead
    satisfies:
      - eu-ai-act-annex-xi:XI.1.1(a)
    evidence:
{evidence}
"""


def controls_with_evidence(*paths: str) -> str:
    """The starter's controls file, its one control pointing at `paths` (YAML-quoted)."""
    lines = "\n".join(f"      - path: {_quote(p)}" for p in paths)
    return CONTROL.format(evidence=lines)


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\x1b", "\\e")
    return f'"{escaped}"'


def cli(root: Path, *args: str) -> Result:
    """`compliance ARGS --project ROOT` in-process, stdout and stderr kept apart."""
    return CliRunner().invoke(main, [*args, "--project", str(root)], catch_exceptions=False)


def cli_process(
    root: Path,
    *args: str,
    timeout: float = 60,
    python: tuple[str, ...] = ("-m", "compliance.cli.main"),
    **kwargs: object,
) -> subprocess.CompletedProcess[str]:
    """The same in a fresh interpreter, for what needs a real process (limits, users, races)."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    env.pop("COMPLIANCE_DEBUG", None)
    return subprocess.run(
        [sys.executable, *python, *args, "--project", str(root)],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        **kwargs,  # type: ignore[arg-type]
    )


def assert_input_error(
    code: int, stdout: str, stderr: str, file: str, line: int | None = None
) -> str:
    """Exit 2, the file (and line) named on stderr, nothing on stdout, no traceback."""
    assert code == ExitCode.INVALID_INPUT, (code, stderr)
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    assert stdout == "", stdout
    where = f"error: {file}:{line}:" if line is not None else f"error: {file}"
    assert where in stderr, stderr
    return stderr


# Peak memory is read from VmHWM: ru_maxrss survives exec on Linux, so a child forked from a
# big pytest process would report the parent's size rather than its own.
RSS_PROBE = (
    "import atexit, re, sys\n"
    "def _peak():\n"
    "    text = open('/proc/self/status').read()\n"
    "    print('maxrss', re.search(r'VmHWM:\\s+(\\d+)', text).group(1), file=sys.stderr)\n"
    "atexit.register(_peak)\n"
    "from compliance.cli.main import main\n"
    "main()\n"
)


def cli_peak_rss(root: Path, *args: str) -> tuple[int, str, int]:
    """Exit code, stderr and peak resident memory (KiB) of one CLI run in its own process."""
    run = cli_process(root, *args, python=("-c", RSS_PROBE))
    stderr, _, tail = run.stderr.rpartition("maxrss ")
    return run.returncode, stderr, int(tail.split()[0])
