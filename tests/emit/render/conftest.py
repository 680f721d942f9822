"""Fixtures: a real git workspace, and PDFs built once per module and shared by its tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from render_helpers import make_workspace, run_build


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("ws"))


@pytest.fixture(scope="module")
def built(workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both reports built twice, in separate processes, into two directories."""
    outs = {}
    for name in ("first", "second"):
        out = tmp_path_factory.mktemp(name)
        result = run_build(workspace, "--out", str(out), "--html")
        assert result.returncode == 0, result.stderr
        outs[name] = out
    return outs
