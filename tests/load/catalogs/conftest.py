"""Fixtures for the catalog and crosswalk tests: the shipped catalogs, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.load.catalogs import CatalogSet, load_catalogs, shipped_dir


@pytest.fixture(scope="session")
def shipped() -> CatalogSet:
    """Every built-in catalog and crosswalk, validated by the real loader."""
    return load_catalogs(None)


@pytest.fixture(scope="session")
def frameworks_dir() -> Path:
    return shipped_dir("frameworks")
