"""Fixtures for the taxonomy tests: the shipped taxonomies, and an in-memory workspace."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.core.package import shipped_dir
from compliance.load.taxonomies import TaxonomySet, load_taxonomies


@pytest.fixture(scope="session")
def taxonomies() -> TaxonomySet:
    """Every built-in taxonomy and taxonomy crosswalk, validated by the real loader."""
    return load_taxonomies(None)


@pytest.fixture(scope="session")
def taxonomies_dir() -> Path:
    return shipped_dir("frameworks") / "taxonomies"
