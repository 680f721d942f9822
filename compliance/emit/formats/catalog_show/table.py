"""A catalog as an indented outline, or one requirement with its text and crosswalks."""

from __future__ import annotations

import textwrap
from typing import Any

from compliance.core.ids import format_ref
from compliance.load.catalogs import CatalogSet, LoadedCatalog, Neighbour


def _wrap(text: str, indent: int = 4) -> str:
    pad = " " * indent
    return "\n".join(
        textwrap.fill(p, 96, initial_indent=pad, subsequent_indent=pad)
        for p in text.splitlines()
        if p.strip()
    )


def catalog_text(loaded: LoadedCatalog) -> str:
    c = loaded.catalog
    lines = [c.title, f"{c.publisher}; {c.version}", c.source_url]
    if not c.verified:
        lines.append("note: some wording is not verified against the official source")
    lines.append("")
    depth: dict[str, int] = {}
    for req in c.requirements:
        d = depth[req.parent] + 1 if req.parent in depth else 0
        depth[req.id] = d
        flag = "" if req.verified else "  [unverified]"
        lines.append(f"{'  ' * d}{req.id}  {req.title}{flag}")
    return "\n".join(lines)


def requirement_text(loaded: LoadedCatalog, cats: CatalogSet, req_id: str) -> str:
    req = loaded.by_id[req_id]
    c = loaded.catalog
    conditions = sorted(a.value for a in loaded.applicability(req))
    lines = [
        f"{format_ref(c.id, req.id)}  {req.title}",
        f"  source: {c.short_title or c.title}, {req.source or req.id} ({loaded.source_url(req)})",
        f"  kind: {req.kind.value}; applies: {', '.join(conditions) or 'always'}",
    ]
    if req.parent:
        lines.append(f"  parent: {req.parent} {loaded.by_id[req.parent].title}")
    if not req.verified:
        lines.append(f"  UNVERIFIED wording: {req.note}")
    lines += ["", _wrap(req.text or "(no text)"), ""]
    neighbours = cats.neighbours.get(format_ref(c.id, req.id), [])
    if neighbours:
        lines.append(f"  crosswalk (each line reads: {req.id} <relation> <other requirement>):")
        lines += _crosswalk_lines(cats, neighbours)
    return "\n".join(lines)


def _crosswalk_lines(cats: CatalogSet, neighbours: list[Neighbour]) -> list[str]:
    """One entry per mapping with its rationale below; derived mappings folded into one."""
    methods = {lx.crosswalk.id: lx.crosswalk.method for lx in cats.crosswalks}
    groups: dict[tuple[str, ...], list[Neighbour]] = {}
    for n in neighbours:
        # A derived crosswalk repeats one rationale for every action of a subcategory;
        # listing them one per line buries the expert mappings, so fold them.
        derived = methods.get(n.crosswalk) == "derived"
        key = (n.crosswalk, n.relation) if derived else (n.crosswalk, n.relation, n.ref)
        groups.setdefault(key, []).append(n)
    lines: list[str] = []
    pad = " " * 17
    for group in groups.values():
        first = group[0]
        if len(group) == 1:
            lines.append(f"    {first.relation:<12} {first.ref}")
            why = first.rationale
        else:
            framework = first.ref.split(":", 1)[0]
            ids = ", ".join(n.ref.split(":", 1)[1] for n in group)
            head = f"    {first.relation:<12} {framework}: "
            lines.append(textwrap.fill(ids, 96, initial_indent=head, subsequent_indent=pad))
            why = f"{len(group)} mappings derived from the source document ({first.crosswalk})"
        method = methods.get(first.crosswalk, "")
        if method and method != "derived":
            why += f" ({method.replace('-', ' ')})"
        lines.append(textwrap.fill(why, 96, initial_indent=pad, subsequent_indent=pad))
    return lines


def render(value: tuple[LoadedCatalog, CatalogSet, str | None], **_options: Any) -> str:
    loaded, cats, requirement = value
    if requirement is not None:
        return requirement_text(loaded, cats, requirement) + "\n"
    return catalog_text(loaded) + "\n"
