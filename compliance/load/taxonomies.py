"""Harm taxonomies: shipped and workspace vocabularies for `harm_category`, with crosswalks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from compliance.core.errors import InputError, Problem, ProblemCollector
from compliance.core.package import shipped_dir
from compliance.core.suggest import closest, suggest
from compliance.load.layered import layered_files, shadowing
from compliance.load.sources import DiskSource, FileSource
from compliance.load.yaml_files import Parsed, load_model, parse_yaml
from compliance.models.taxonomy import (
    HarmCategory,
    Taxonomy,
    TaxonomyCrosswalk,
    tree_problems,
)

FOLDER = "taxonomies"
"""Under `frameworks/`, shipped and in a workspace."""
CROSSWALKS = "crosswalks"
"""Under `frameworks/taxonomies/`."""
SUFFIXES = (".yaml", ".yml")


@dataclass
class LoadedTaxonomy:
    taxonomy: Taxonomy
    path: str
    parsed: Parsed
    builtin: bool

    @cached_property
    def by_id(self) -> dict[str, HarmCategory]:
        return {c.id: c for c in self.taxonomy.categories}

    @cached_property
    def children(self) -> dict[str | None, list[HarmCategory]]:
        out: dict[str | None, list[HarmCategory]] = {}
        for cat in self.taxonomy.categories:
            out.setdefault(cat.parent, []).append(cat)
        return out

    def leaves(self) -> list[HarmCategory]:
        """Categories with no sub-categories (a group heading is not a leaf)."""
        return [c for c in self.taxonomy.categories if not self.children.get(c.id)]

    def position(self, index: int) -> tuple[int | None, int | None]:
        return self.parsed.where(("categories", index))


@dataclass
class LoadedTaxonomyCrosswalk:
    crosswalk: TaxonomyCrosswalk
    path: str
    parsed: Parsed


@dataclass
class TaxonomySet:
    taxonomies: dict[str, LoadedTaxonomy] = field(default_factory=dict)
    crosswalks: list[LoadedTaxonomyCrosswalk] = field(default_factory=list)

    def get(self, taxonomy: str) -> LoadedTaxonomy | None:
        return self.taxonomies.get(taxonomy)

    @cached_property
    def category_ids(self) -> list[str]:
        """Every category id of every taxonomy, once each, sorted."""
        return sorted({cid for lt in self.taxonomies.values() for cid in lt.by_id})

    def resolve(self, value: str) -> list[tuple[LoadedTaxonomy, HarmCategory]]:
        """The categories `value` names: a bare id (in any taxonomy) or TAXONOMY:ID."""
        taxonomy, sep, cid = value.partition(":")
        if sep:
            lt = self.taxonomies.get(taxonomy)
            return [(lt, lt.by_id[cid])] if lt is not None and cid in lt.by_id else []
        return [(lt, lt.by_id[value]) for lt in self.taxonomies.values() if value in lt.by_id]

    def check(self, value: str) -> tuple[bool, list[str]]:
        """Whether `value` is a known harm category, else "did you mean" suggestions."""
        if self.resolve(value):
            return True, []
        taxonomy, sep, cid = value.partition(":")
        if sep:
            lt = self.taxonomies.get(taxonomy)
            if lt is None:
                hint = suggest(taxonomy, self.taxonomies)
                known = f"known taxonomies: {', '.join(sorted(self.taxonomies))}"
                return False, [h for h in (hint, known) if h]
            match = _normalised_match(cid, lt.by_id) or closest(cid, lt.by_id)
            return False, [f"did you mean {taxonomy + ':' + match!r}?"] if match else []
        match = _normalised_match(value, self.category_ids)
        hint = f"did you mean {match!r}?" if match else suggest(value, self.category_ids)
        return False, [hint] if hint else []


def _normalised_match(word: str, choices: Iterable[str]) -> str | None:
    """The choice `word` equals once case, spaces and underscores are set aside."""
    wanted = word.strip().lower().replace("_", "-").replace(" ", "-")
    return next((c for c in choices if c == wanted), None)


def _load_taxonomy(source: FileSource, rel: str, label: str, builtin: bool) -> LoadedTaxonomy:
    data = source.read(rel)
    try:
        taxonomy, parsed = load_model(Taxonomy, label, data)
    except InputError as exc:
        raise _located(exc, label, data) from None
    return LoadedTaxonomy(taxonomy, label, parsed, builtin)


def _located(exc: InputError, label: str, data: bytes) -> InputError:
    """Duplicate ids and unknown parents pointed at their own line, not the file's top."""
    try:
        parsed = parse_yaml(label, data)
    except InputError:
        return exc
    raw = parsed.data.get("categories") if isinstance(parsed.data, dict) else None
    if not isinstance(raw, list):
        return exc
    entries = [
        (item.get("id"), item.get("parent")) if isinstance(item, dict) else (None, None)
        for item in raw
    ]
    located = []
    for i, name, message in tree_problems(entries):
        line, col = parsed.where(("categories", i, name))
        hint = (
            "category ids must be unique within a taxonomy"
            if name == "id"
            else "list the parent first, or fix its id"
        )
        if name == "parent":
            known = [e[0] for e in entries[:i] if isinstance(e[0], str)]
            parent = entries[i][1]
            hint = suggest(str(parent), known) or hint
        located.append(Problem(label, line, col, message, hint))
    if not located:
        return exc
    # The model's own summary of the same problems sits at the top of the file: drop it.
    others = [p for p in exc.problems if p.message != "invalid value for '(top level)'"]
    return InputError(others + located)


def _check_crosswalk(lx: LoadedTaxonomyCrosswalk, taxes: TaxonomySet) -> list[Problem]:
    problems: list[Problem] = []
    cw = lx.crosswalk
    for end, taxonomy in (("source", cw.source), ("target", cw.target)):
        if taxonomy not in taxes.taxonomies:
            line, col = lx.parsed.where((end,))
            hint = suggest(taxonomy, taxes.taxonomies)
            known = f"known: {', '.join(sorted(taxes.taxonomies))}"
            problems.append(
                Problem(
                    lx.path,
                    line,
                    col,
                    f"crosswalk {end} {taxonomy!r} is not a known taxonomy",
                    "; ".join(h for h in (hint, known) if h),
                )
            )
    if problems:
        return problems
    for i, m in enumerate(cw.mappings):
        for end, taxonomy in (("source", cw.source), ("target", cw.target)):
            cid = getattr(m, end)
            lt = taxes.taxonomies[taxonomy]
            if cid not in lt.by_id:
                line, col = lx.parsed.where(("mappings", i, end))
                hint = suggest(cid, lt.by_id) or f"see the categories of {lt.path}"
                problems.append(
                    Problem(
                        lx.path,
                        line,
                        col,
                        f"unknown category {cid!r} in taxonomy {taxonomy!r}",
                        hint,
                    )
                )
    return problems


def _taxonomy_files(source: FileSource, folder: str) -> list[str]:
    crosswalks = f"{folder}/{CROSSWALKS}/" if folder != "." else f"{CROSSWALKS}/"
    return [rel for rel in source.list(folder, SUFFIXES) if not rel.startswith(crosswalks)]


def load_taxonomies(workspace: FileSource | None = None) -> TaxonomySet:
    """Shipped taxonomies plus the workspace's own (`frameworks/taxonomies/`), checked.

    A workspace taxonomy may not reuse a shipped one's id; a file identical to a shipped
    one is counted once (the repository root is itself a workspace).
    """
    collector = ProblemCollector()
    taxes = TaxonomySet()
    shipped = DiskSource(shipped_dir("frameworks") / FOLDER)
    shipped_bytes: set[bytes] = set()
    for rel in _taxonomy_files(shipped, "."):
        try:
            loaded = _load_taxonomy(shipped, rel, f"<built-in>/frameworks/{FOLDER}/{rel}", True)
        except InputError as exc:
            collector.extend(exc)
            continue
        taxes.taxonomies[loaded.taxonomy.id] = loaded
        shipped_bytes.add(shipped.read(rel))
    ws_folder = f"frameworks/{FOLDER}"
    if workspace is not None:
        for rel in _taxonomy_files(workspace, ws_folder):
            if workspace.read(rel) in shipped_bytes:
                continue
            try:
                loaded = _load_taxonomy(workspace, rel, rel, False)
            except InputError as exc:
                collector.extend(exc)
                continue
            tid = loaded.taxonomy.id
            if tid in taxes.taxonomies:
                collector.add(shadowing("taxonomy", tid, rel, loaded, taxes.taxonomies[tid]))
                continue
            taxes.taxonomies[tid] = loaded
    crosswalk_files = layered_files(
        shipped,
        CROSSWALKS,
        f"<built-in>/frameworks/{FOLDER}",
        workspace,
        f"{ws_folder}/{CROSSWALKS}",
    )
    for label, data in crosswalk_files:
        try:
            cw, parsed = load_model(TaxonomyCrosswalk, label, data)
        except InputError as exc:
            collector.extend(exc)
            continue
        lx = LoadedTaxonomyCrosswalk(cw, label, parsed)
        problems = _check_crosswalk(lx, taxes)
        for p in problems:
            collector.add(p)
        if not problems:
            taxes.crosswalks.append(lx)
    collector.raise_if_any()
    return taxes
