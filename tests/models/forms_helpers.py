"""Shared loaders for the shipped form data and the catalogs they reference."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
FORMS = ROOT / "frameworks" / "forms"
AUDIENCES = {"ai-office", "authorities", "downstream"}


def load_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def requirement_ids() -> set[str]:
    """Every FRAMEWORK:ID reference the shipped catalogs define."""
    out: set[str] = set()
    for name in ("eu-ai-act-annex-xi", "eu-ai-act-annex-xii", "eu-ai-act-gpai"):
        catalog = load_yaml(ROOT / "frameworks" / f"{name}.yaml")
        out.update(f"{catalog['id']}:{req['id']}" for req in catalog["requirements"])
    return out
