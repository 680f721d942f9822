"""Fixtures for the taxonomy tests: the shipped taxonomies, and an in-memory workspace."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.catalogs import shipped_dir
from compliance.taxonomies import TaxonomySet, load_taxonomies


class MemorySource:
    """A workspace held in a dict of repository-relative paths to bytes."""

    def __init__(self, files: dict[str, str | bytes]) -> None:
        self.files = {
            path: data.encode("utf-8") if isinstance(data, str) else data
            for path, data in files.items()
        }

    def list(self, folder: str, suffixes: tuple[str, ...]) -> list[str]:
        base = "" if folder in ("", ".") else folder.rstrip("/") + "/"
        return sorted(p for p in self.files if p.startswith(base) and p.endswith(suffixes))

    def read(self, path: str) -> bytes:
        return self.files[path]

    def exists(self, path: str) -> bool:
        return path in self.files


@pytest.fixture(scope="session")
def taxonomies() -> TaxonomySet:
    """Every built-in taxonomy and taxonomy crosswalk, validated by the real loader."""
    return load_taxonomies(None)


@pytest.fixture(scope="session")
def taxonomies_dir() -> Path:
    return shipped_dir("frameworks") / "taxonomies"
