"""Fixtures for the OSCAL export tests: one committed workspace, assessed once per session."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from export_workspace import COMMIT_DATE, FILES, populate

from compliance.assess.coverage import Assessment
from compliance.pipeline import Run, run
from tests.gitrepo import GIT_ENV


@pytest.fixture(scope="session")
def shared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed workspace that no test modifies (tests that edit use `workspace_root`)."""
    root = tmp_path_factory.mktemp("oscal") / "ws"
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    env = {
        **os.environ,
        **GIT_ENV,
        "GIT_AUTHOR_DATE": COMMIT_DATE,
        "GIT_COMMITTER_DATE": COMMIT_DATE,
    }
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "ws"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    return root


@pytest.fixture(scope="session")
def shared_run(shared_root: Path) -> Run:
    """The pipeline run of the shared workspace at its commit (read-only)."""
    return run(shared_root, gate=False)


@pytest.fixture(scope="session")
def assessment(shared_run: Run) -> Assessment:
    """The assessment of the shared workspace at its commit (read-only)."""
    return shared_run.assessment


@pytest.fixture
def workspace_root(git_repo: Callable[..., object]) -> Path:
    """A private copy of the workspace that a test may edit."""
    repo = git_repo("ws")
    populate(repo)
    return repo.root  # type: ignore[attr-defined,no-any-return]
