"""Shared fixtures: real throwaway git repositories with commits at set dates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from compliance.emit.scaffold import FILES
from tests.gitrepo import GIT_ENV, GitRepo

__all__ = ["GIT_ENV", "GitRepo"]


@pytest.fixture
def git_repo(tmp_path: Path) -> Callable[..., GitRepo]:
    """Factory for fresh git repositories under tmp_path."""
    counter = iter(range(1000))

    def make(name: str | None = None) -> GitRepo:
        return GitRepo(tmp_path / (name or f"repo{next(counter)}"))

    return make


@pytest.fixture
def starter(git_repo: Callable[..., GitRepo]) -> GitRepo:
    """A repository holding the `compliance init` starter workspace, committed."""
    repo = git_repo()
    for rel, text in FILES.items():
        repo.write(rel, text)
    repo.commit("starter workspace", date="2026-02-01T09:00:00+00:00")
    return repo
