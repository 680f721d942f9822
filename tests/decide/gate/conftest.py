"""Fixtures for the release gate: starter workspaces in real git repositories."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from gate_helpers import INSPECT_DATA


@pytest.fixture
def gate_ws(starter: Any) -> Any:
    """The starter workspace (committed 2026-02-01) ready to receive a policy and evidence."""
    return starter


@pytest.fixture
def inspect_log() -> Callable[[str], bytes]:
    """Bytes of one of the real Inspect logs in tests/data/inspect."""

    def read(name: str) -> bytes:
        return (INSPECT_DATA / name).read_bytes()

    return read
