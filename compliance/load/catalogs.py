"""Built-in and workspace catalogs, crosswalks, and requirement lookup."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from compliance.core.errors import InputError, Problem, ProblemCollector
from compliance.core.ids import format_ref, parse_ref
from compliance.core.package import shipped_dir
from compliance.core.suggest import closest
from compliance.load.layered import layered_files, shadowing
from compliance.load.sources import DiskSource, FileSource
from compliance.load.yaml_files import Parsed, load_model
from compliance.models.catalog import (
    Applicability,
    Catalog,
    Crosswalk,
    Requirement,
    RequirementKind,
)

NOT_CATALOGS = ("crosswalks/", "forms/", "data/", "taxonomies/")
"""Folders of `frameworks/` that hold crosswalks, form field lists, data and taxonomies."""


@dataclass
class LoadedCatalog:
    catalog: Catalog
    path: str
    parsed: Parsed
    builtin: bool

    @cached_property
    def by_id(self) -> dict[str, Requirement]:
        return {r.id: r for r in self.catalog.requirements}

    @cached_property
    def children(self) -> dict[str | None, list[Requirement]]:
        out: dict[str | None, list[Requirement]] = {}
        for req in self.catalog.requirements:
            out.setdefault(req.parent, []).append(req)
        return out

    def position(self, index: int) -> tuple[int | None, int | None]:
        return self.parsed.where(("requirements", index))

    def ancestors(self, req: Requirement) -> list[Requirement]:
        """Parents from the nearest to the root."""
        chain: list[Requirement] = []
        current = req
        while current.parent is not None:
            current = self.by_id[current.parent]
            chain.append(current)
        return chain

    def applicability(self, req: Requirement) -> set[Applicability]:
        """The requirement's own conditions plus every ancestor's."""
        conditions = set(req.applicability)
        for anc in self.ancestors(req):
            conditions.update(anc.applicability)
        return conditions

    def source_url(self, req: Requirement) -> str:
        """The entry's own source URL, else its nearest ancestor's, else the catalog's."""
        for item in (req, *self.ancestors(req)):
            if item.source_url:
                return item.source_url
        return self.catalog.source_url

    def is_assessable(self, req: Requirement) -> bool:
        """A requirement (not a heading or context) with no assessable children."""
        return req.kind == RequirementKind.REQUIREMENT and not self.children.get(req.id)

    def assessable(self) -> Iterator[Requirement]:
        return (r for r in self.catalog.requirements if self.is_assessable(r))

    def top_group(self, req: Requirement) -> Requirement:
        chain = self.ancestors(req)
        return chain[-1] if chain else req


@dataclass
class LoadedCrosswalk:
    crosswalk: Crosswalk
    path: str
    parsed: Parsed


@dataclass(frozen=True)
class Neighbour:
    """A requirement in another catalog mapped to this one."""

    ref: str
    relation: str
    rationale: str
    crosswalk: str


@dataclass
class CatalogSet:
    catalogs: dict[str, LoadedCatalog] = field(default_factory=dict)
    crosswalks: list[LoadedCrosswalk] = field(default_factory=list)

    def get(self, framework: str) -> LoadedCatalog | None:
        return self.catalogs.get(framework)

    def resolve(self, ref: str) -> tuple[LoadedCatalog, Requirement] | None:
        parts = parse_ref(ref)
        if parts is None:
            return None
        loaded = self.catalogs.get(parts[0])
        if loaded is None or parts[1] not in loaded.by_id:
            return None
        return loaded, loaded.by_id[parts[1]]

    def explain_unknown(self, ref: str) -> tuple[str, str]:
        """Why `ref` does not resolve, and the closest valid reference."""
        parts = parse_ref(ref)
        if parts is None:
            return (
                f"{ref!r} is not a requirement reference",
                "expected FRAMEWORK-ID:REQUIREMENT-ID, e.g. eu-ai-act-annex-xi:XI.2.2",
            )
        framework, req_id = parts
        loaded = self.catalogs.get(framework)
        if loaded is None:
            match = closest(framework, self.catalogs, cutoff=0.5)
            hint = f"did you mean {match!r}? " if match else ""
            return (
                f"unknown framework {framework!r} in {ref!r}",
                f"{hint}known frameworks: {', '.join(sorted(self.catalogs))}",
            )
        ids = list(loaded.by_id)
        lowered = {i.lower().replace(" ", ""): i for i in ids}
        match = lowered.get(req_id.lower().replace(" ", "")) or closest(req_id, ids, cutoff=0.5)
        hint = (
            f"did you mean {format_ref(framework, match)!r}?"
            if match
            else f"see `compliance frameworks show {framework}`"
        )
        return f"unknown requirement {req_id!r} in framework {framework!r}", hint

    @cached_property
    def neighbours(self) -> dict[str, list[Neighbour]]:
        """For each requirement reference, the mapped requirements in other catalogs."""
        out: dict[str, list[Neighbour]] = {}
        inverse = {
            "subset-of": "superset-of",
            "superset-of": "subset-of",
            "equivalent": "equivalent",
            "intersects": "intersects",
        }
        for lx in self.crosswalks:
            cw = lx.crosswalk
            for m in cw.mappings:
                src = format_ref(cw.source, m.source)
                dst = format_ref(cw.target, m.target)
                out.setdefault(src, []).append(Neighbour(dst, m.relation.value, m.rationale, cw.id))
                out.setdefault(dst, []).append(
                    Neighbour(src, inverse[m.relation.value], m.rationale, cw.id)
                )
        return out


def _load_catalog_file(source: FileSource, path: str, label: str, builtin: bool) -> LoadedCatalog:
    catalog, parsed = load_model(Catalog, label, source.read(path))
    return LoadedCatalog(catalog, label, parsed, builtin)


def _check_crosswalk(lx: LoadedCrosswalk, cats: CatalogSet) -> list[Problem]:
    problems: list[Problem] = []
    cw = lx.crosswalk
    for end, framework in (("source", cw.source), ("target", cw.target)):
        if framework not in cats.catalogs:
            line, col = lx.parsed.where((end,))
            problems.append(
                Problem(
                    lx.path,
                    line,
                    col,
                    f"crosswalk {end} {framework!r} is not a known catalog",
                    f"known: {', '.join(sorted(cats.catalogs))}",
                )
            )
    if problems:
        return problems
    for i, m in enumerate(cw.mappings):
        for end, framework in (("source", cw.source), ("target", cw.target)):
            ref = format_ref(framework, getattr(m, end))
            if cats.resolve(ref) is None:
                message, hint = cats.explain_unknown(ref)
                line, col = lx.parsed.where(("mappings", i, end))
                problems.append(Problem(lx.path, line, col, message, hint))
    return problems


def load_catalogs(workspace: FileSource | None = None) -> CatalogSet:
    """Shipped catalogs plus the workspace's own; a workspace catalog may not shadow a built-in."""
    collector = ProblemCollector()
    cats = CatalogSet()
    shipped_root = shipped_dir("frameworks")
    shipped = DiskSource(shipped_root)
    shipped_bytes: dict[str, bytes] = {}
    for rel in shipped.list(".", (".yaml", ".yml")):
        if rel.startswith(NOT_CATALOGS):
            continue
        try:
            loaded = _load_catalog_file(shipped, rel, f"<built-in>/frameworks/{rel}", True)
        except InputError as exc:
            collector.extend(exc)
            continue
        cats.catalogs[loaded.catalog.id] = loaded
        shipped_bytes[loaded.catalog.id] = shipped.read(rel)
    if workspace is not None:
        for rel in workspace.list("frameworks", (".yaml", ".yml")):
            if rel.removeprefix("frameworks/").startswith(NOT_CATALOGS):
                continue
            data = workspace.read(rel)
            if data in shipped_bytes.values():
                continue  # the repository root is itself a workspace: same file, count once
            try:
                loaded = _load_catalog_file(workspace, rel, rel, False)
            except InputError as exc:
                collector.extend(exc)
                continue
            cid = loaded.catalog.id
            if cid in cats.catalogs:
                collector.add(shadowing("catalog", cid, rel, loaded, cats.catalogs[cid]))
                continue
            cats.catalogs[cid] = loaded
    crosswalk_files = layered_files(
        shipped, "crosswalks", "<built-in>/frameworks", workspace, "frameworks/crosswalks"
    )
    for label, data in crosswalk_files:
        try:
            cw, parsed = load_model(Crosswalk, label, data)
        except InputError as exc:
            collector.extend(exc)
            continue
        lx = LoadedCrosswalk(cw, label, parsed)
        problems = _check_crosswalk(lx, cats)
        for p in problems:
            collector.add(p)
        if not problems:
            cats.crosswalks.append(lx)
    collector.raise_if_any()
    return cats
