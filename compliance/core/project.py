"""Finding the workspace: the nearest folder at or above a path holding compliance.yaml.

Kept free of the models so that a cache hit (build, check) need not import them.
"""

from __future__ import annotations

from pathlib import Path

from compliance.core.errors import InputError

PROJECT_FILE = "compliance.yaml"


def nearest_project(start: Path) -> Path | None:
    """The nearest directory at or above `start` holding compliance.yaml, or None."""
    start = start.resolve()
    if start.is_file():
        start = start.parent
    for candidate in (start, *start.parents):
        if (candidate / PROJECT_FILE).is_file():
            return candidate
    return None


def find_project(start: Path) -> Path:
    """As nearest_project, but a clear error when there is none."""
    found = nearest_project(start)
    if found is None:
        where = start.resolve()
        raise InputError.single(
            str(where if where.is_dir() else where.parent),
            f"no {PROJECT_FILE} here or in any parent directory",
            "run `compliance init` to create one, or pass --project PATH",
        )
    return found
