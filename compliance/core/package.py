"""Where the tool's own files are: the package directory and the shipped data folders."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
"""The `compliance` package directory (its code is part of every cache key)."""


def shipped_dir(name: str) -> Path:
    """The shipped `frameworks/` or `templates/`: inside the wheel, or at the source root."""
    installed = PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / name
