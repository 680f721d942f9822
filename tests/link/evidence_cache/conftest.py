"""Fixtures for the cache tests: a committed starter workspace with two evidence files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from compliance.emit.scaffold import FILES
from compliance.link import evidence_cache as cache

CONTROLS = """\
schema_version: 1
controls:
  - id: CTL-DOC-01
    title: Model documentation is maintained
    owner: Model Documentation Lead
    satisfies:
      - eu-ai-act-annex-xi:XI.1.1(a)
    evidence:
      - path: evidence/model-card.md
        kind: model-card
      - path: evidence/eval.md
"""


@pytest.fixture
def workspace(git_repo: Callable[..., Any]) -> Any:
    """The starter workspace plus a second evidence file, committed, build/ ignored."""
    repo = git_repo()
    for rel, text in FILES.items():
        repo.write(rel, text)
    repo.write("controls/documentation.yaml", CONTROLS)
    repo.write("evidence/eval.md", "# Evaluation\n\nAll good.\n")
    repo.write(".gitignore", "build/\n")
    repo.commit("workspace", date="2026-02-01T09:00:00+00:00")
    return repo


@pytest.fixture
def trust_fresh_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cache files written a moment ago (tests write and check within one second)."""
    monkeypatch.setattr(cache, "RACY_NS", 0)
