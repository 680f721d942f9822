"""Two editions of a catalog compared, as the report `frameworks diff` prints."""

from __future__ import annotations

from typing import Any

from compliance.assess.catalog_diff import REWORD_FIELDS, CatalogDiff, word_diff
from compliance.models.catalog import Requirement


def _title_line(mark: str, req: Requirement) -> str:
    return f"  {mark} {req.id}  {req.title}"


def diff_text(result: CatalogDiff) -> str:
    """The human-readable report of `compliance frameworks diff`."""
    old, new = result.old.catalog, result.new.catalog
    lines = [f"{result.catalog_id}: {old.version}  ->  {new.version}"]
    if not result.has_changes:
        lines.append("no requirement was added, removed or changed")
        return "\n".join(lines) + "\n"
    reworded = [c for c in result.changed if c.reworded]
    moved = [c for c in result.changed if not c.reworded]
    if result.added:
        lines += ["", f"added ({len(result.added)}):"]
        lines += [_title_line("+", r) for r in result.added]
    if result.removed:
        lines += ["", f"removed ({len(result.removed)}):"]
        lines += [_title_line("-", r) for r in result.removed]
    if reworded:
        lines += ["", f"reworded ({len(reworded)}):"]
        for ch in reworded:
            lines.append(_title_line("~", ch.new))
            for name in REWORD_FIELDS:
                if name in ch.fields:
                    diff = word_diff(getattr(ch.old, name), getattr(ch.new, name))
                    lines.append(f"      {name}: {diff}")
            others = [f for f in ch.fields if f not in REWORD_FIELDS]
            if others:
                lines.append(f"      also changed: {', '.join(others)}")
    if moved:
        lines += ["", f"changed without rewording ({len(moved)}):"]
        for ch in moved:
            lines.append(_title_line("*", ch.new) + f"  ({', '.join(ch.fields)})")
    lines.append("")
    if result.workspace is None:
        lines.append("no compliance.yaml found; pass --project to list controls to re-review")
    elif not result.controls:
        lines.append("no control in the workspace references a removed or changed requirement")
    else:
        lines.append(f"controls to re-review ({len(result.controls)}):")
        for ac in result.controls:
            where = f"{ac.path}:{ac.line}" if ac.line else ac.path
            lines.append(f"  {ac.control_id}  ({where})")
            lines += [f"      {ref}: {why}" for ref, why in ac.references]
    return "\n".join(lines) + "\n"


def render(result: CatalogDiff, **_options: Any) -> str:
    return diff_text(result)
