"""Fixtures for the evaluation reader tests: the real Inspect logs in tests/data/inspect."""

from __future__ import annotations

import pytest
from evaluation_helpers import inspect_log


@pytest.fixture
def safety_eval() -> bytes:
    """The two-scorer run with per-language slices, as a zstd .eval archive."""
    return inspect_log("safety_qa.eval")


@pytest.fixture
def safety_json() -> bytes:
    """The same task as a .json log."""
    return inspect_log("safety_qa.json")
