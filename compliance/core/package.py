"""Where the tool's own files are: the package directory and the shipped data folders."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
"""The `compliance` package directory (its code is part of every cache key)."""

EXAMPLE = (
    "compliance.yaml",
    "model.yaml",
    "training-data.yaml",
    "controls",
    "risks",
    "evidence",
    "approvals",
)
"""The built-in example workspace: these entries of the repository root (setup.py ships
them in the wheel under compliance/_data/example/)."""


def shipped_dir(name: str) -> Path:
    """A shipped folder (`frameworks`, `templates`, `docs`, `example`): in the wheel, or
    at the source root (where the example is the root itself)."""
    installed = PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    if name == "example":
        return PACKAGE_DIR.parent
    return PACKAGE_DIR.parent / name


def example_entries() -> list[tuple[str, Path]]:
    """(name, path) of each top-level entry of the built-in example that exists."""
    root = shipped_dir("example")
    return [(name, root / name) for name in EXAMPLE if (root / name).exists()]
