"""The raw floor every figure is compared with; stdlib only, so that the bound's fresh
process (run.py, BOUND_SCRIPT) can do the same work without importing anything else."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path


def floor_work(root: Path, paths: list[str]) -> None:
    """The least any indexer must do: one history pass, one tree listing, one hash each."""
    for args in (["log", "--name-only", "-z", "--format=%H", "HEAD"], ["ls-files", "-s", "-z"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    for rel in paths:
        try:
            with (root / rel).open("rb") as fh:
                hashlib.file_digest(fh, "sha256")
        except OSError:
            pass  # missing files cost a failed open in both
