"""Every result the CLI prints, in every format: one small module per result kind and format.

A format is a module `compliance/emit/formats/<kind>/<name>.py` with a
`render(value, **options) -> str`. Adding a format is adding that file and one line to
REGISTRY; the CLI's `--format` choices and help come from here. Modules are imported
when used, so a cached `check` does not pay for the others.
"""

from __future__ import annotations

import importlib
from typing import Any

REGISTRY: dict[str, tuple[str, ...]] = {
    "coverage": ("table", "json", "markdown", "sarif"),
    "gate": ("table", "json", "sarif"),
    "release_diff": ("table", "json", "markdown"),
    "catalog_list": ("table", "json"),
    "catalog_show": ("table", "json"),
    "catalog_diff": ("table", "json"),
    "signatory": ("table", "json", "markdown"),
}
"""Result kind -> its formats, the first being the default."""


def names(kind: str) -> tuple[str, ...]:
    """The formats of one result kind, default first."""
    return REGISTRY[kind]


def render(kind: str, name: str, value: Any, **options: Any) -> str:
    """`value` (the result of that kind) as text in format `name`."""
    if name not in REGISTRY[kind]:
        raise ValueError(f"no {name!r} format for {kind}")
    module = importlib.import_module(f"{__name__}.{kind}.{name}")
    text: str = module.render(value, **options)
    return text
