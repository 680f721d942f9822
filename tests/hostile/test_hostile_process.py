"""Processes at once and workspaces they may not write to: same answers, nothing written."""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_helpers import REPO_ROOT, cli_process

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE = 1
CAP_DAC_READ_SEARCH = 2
CAP_FOWNER = 3


def _drop_file_capabilities() -> None:
    """In the child before exec: take away root's power to ignore file permissions."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _as_plain_user() -> Callable[[], None] | None:
    """A preexec_fn under which file permissions bind, or None if none is needed."""
    return _drop_file_capabilities if os.geteuid() == 0 else None


def _set_writable(root: Path, writable: bool) -> None:
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames, ""]:
            path = Path(dirpath, name)
            if path.is_symlink():
                continue
            mode = path.stat().st_mode
            path.chmod(mode | 0o200 if writable else mode & ~0o222)


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def test_two_json_checks_at_once_give_the_same_valid_answer(starter) -> None:
    before = _snapshot(starter.root)
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    args = [sys.executable, "-m", "compliance.cli.main", "check", "--format", "json", "--project"]
    for _round in range(2):  # the second round may find whatever the first one left behind
        procs = [
            subprocess.Popen(
                [*args, str(starter.root)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for _ in range(2)
        ]
        outs = [p.communicate(timeout=120) for p in procs]
        assert [p.returncode for p in procs] == [1, 1], [err for _, err in outs]
        assert all("Traceback" not in err for _, err in outs)
        first, second = (json.loads(out) for out, _ in outs)
        assert first == second
    after = _snapshot(starter.root)
    # The evidence, the YAML and git's own files are untouched; only build/ may gain a cache.
    changed = {p for p in set(before) | set(after) if before.get(p) != after.get(p)}
    assert all(p.startswith(("build/", ".git/index")) for p in changed), changed


def test_a_read_only_workspace_can_still_be_checked(starter) -> None:
    preexec = _as_plain_user()
    _set_writable(starter.root, False)
    try:
        probe = subprocess.run(
            [sys.executable, "-c", f"open({str(starter.root / 'probe')!r}, 'w')"],
            capture_output=True,
            preexec_fn=preexec,
        )
        if probe.returncode == 0:
            pytest.skip("cannot make a directory read-only here (root with CAP_DAC_OVERRIDE?)")
        run = cli_process(starter.root, "check", "--format", "json", preexec_fn=preexec)
        assert run.returncode == 1, run.stderr
        assert "Traceback" not in run.stderr and "internal error" not in run.stderr
        report = json.loads(run.stdout)
        assert report["evidence"][0]["state"] == "committed"
        gaps = cli_process(starter.root, "gaps", "--format", "markdown", preexec_fn=preexec)
        assert gaps.returncode == 1 and "Traceback" not in gaps.stderr
    finally:
        _set_writable(starter.root, True)
