"""Fixtures for the packet and verify tests: one packet built per session, copied per test."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from packet_helpers import Built, make_packet, populate

from tests.gitrepo import GIT_ENV


class _Repo:
    """Just enough of tests/conftest.py's GitRepo for a session-scoped repository."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.env = {**os.environ, **GIT_ENV}
        root.mkdir(parents=True)
        self._git("init", "-q", "-b", "main")

    def _git(self, *args: str, date: str | None = None) -> None:
        env = dict(self.env)
        if date:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
        subprocess.run(["git", *args], cwd=self.root, env=env, check=True, capture_output=True)

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self, message: str, date: str) -> None:
        self._git("add", "-A")
        self._git("commit", "-q", "-m", message, date=date)


@pytest.fixture(scope="session")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A committed workspace and its auditor packet; never modified by a test."""
    base = tmp_path_factory.mktemp("pristine")
    repo = _Repo(base / "ws")
    populate(repo)
    zip_path, folder = make_packet(repo.root, base / "out")
    return Built(repo.root, zip_path, folder)


@pytest.fixture
def built(pristine: Built, tmp_path: Path) -> Built:
    """A private copy of the pristine packet (zip and folder) that a test may tamper with."""
    zip_path = tmp_path / pristine.zip.name
    shutil.copy2(pristine.zip, zip_path)
    folder = tmp_path / pristine.folder.name
    shutil.copytree(pristine.folder, folder)
    return Built(pristine.repo, zip_path, folder)
