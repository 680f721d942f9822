"""Load a whole workspace and link its references: the first two stages of the pipeline."""

from __future__ import annotations

import gc
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from compliance.core.errors import InputError, Problem, ProblemCollector
from compliance.core.paths import PathResolver, UnsafePath, safe_relative
from compliance.core.project import PROJECT_FILE
from compliance.core.suggest import suggest
from compliance.load.catalogs import CatalogSet, LoadedCatalog, load_catalogs
from compliance.load.sources import DiskSource, FileSource
from compliance.load.taxonomies import TaxonomySet, load_taxonomies
from compliance.load.yaml_files import Parsed, load_model
from compliance.models.catalog import RequirementKind
from compliance.models.model_facts import ModelFacts
from compliance.models.project import (
    Control,
    ControlsFile,
    EvidenceLink,
    ProjectFile,
    Risk,
    RisksFile,
)
from compliance.models.training_data import TrainingDataFile

CONTROL_CHAR = re.compile("[\x00-\x1f\x7f-\x9f]")
"""Unicode category Cc, exactly (U+0000-U+001F, U+007F-U+009F); a regex, not a loop."""


@dataclass(frozen=True)
class Located:
    """Where an item was defined: file and line, for errors and SARIF."""

    path: str
    line: int | None
    column: int | None


@dataclass
class LoadedControl:
    control: Control
    where: Located
    parsed: Parsed
    index: int
    evidence_origin: list[int] | None = None
    """For each of control.evidence, its index in the file's evidence list (a glob there
    expands to several links); None when nothing was expanded."""

    def evidence_loc(self, j: int) -> tuple[str | int, ...]:
        """The YAML location of the j-th evidence link (a glob's matches share its line)."""
        origin = self.evidence_origin[j] if self.evidence_origin is not None else j
        return ("controls", self.index, "evidence", origin)


@dataclass
class LoadedRisk:
    risk: Risk
    where: Located
    category_at: Located | None = None
    """Where its harm_category value stands, for "did you mean" errors."""
    parsed: Parsed | None = None
    """The register file it came from, to locate its systemic-risk tiers."""
    index: int = 0
    """Its position in the file's `risks` list."""

    def line_of(self, *loc: str | int) -> Located:
        """Where a value under this risk stands (the risk's own line when unknown)."""
        if self.parsed is None:
            return self.where
        line, col = self.parsed.where(("risks", self.index, *loc))
        return Located(self.where.path, line, col)


@dataclass
class Workspace:
    """Everything the user wrote, validated and cross-checked."""

    root: Path
    source: FileSource
    project: ProjectFile
    project_parsed: Parsed
    catalogs: CatalogSet
    controls: list[LoadedControl] = field(default_factory=list)
    risks: list[LoadedRisk] = field(default_factory=list)
    taxonomies: TaxonomySet = field(default_factory=TaxonomySet)
    """The harm taxonomies in use (compliance.yaml `taxonomies`, default all loaded)."""
    evidence_globs: list[str] = field(default_factory=list)
    """The glob patterns controls list as evidence (their matches are in control.evidence)."""
    model_facts: ModelFacts | None = None
    """model.yaml: the Model Documentation Form's fields, when the workspace has it."""
    model_facts_parsed: Parsed | None = None
    training_data: TrainingDataFile | None = None
    """training-data.yaml: the training-content summary's sources, when present."""
    training_data_parsed: Parsed | None = None
    paths: PathResolver | None = None
    """The evidence paths as checked while loading: the index resolves each path once."""

    def in_scope(self) -> list[LoadedCatalog]:
        """Catalogs named in compliance.yaml, in the order given there."""
        return [self.catalogs.catalogs[f] for f in self.project.framework_ids]

    def control(self, control_id: str) -> LoadedControl | None:
        return next((c for c in self.controls if c.control.id == control_id), None)


def _located(label: str, parsed: Parsed, loc: tuple[str | int, ...]) -> Located:
    line, col = parsed.where(loc)
    return Located(label, line, col)


def _check_requirement_refs(ws: Workspace, collector: ProblemCollector) -> None:
    cats = ws.catalogs
    for lc in ws.controls:
        for j, ref in enumerate(lc.control.satisfies):
            line, col = lc.parsed.where(("controls", lc.index, "satisfies", j))
            resolved = cats.resolve(ref)
            if resolved is None:
                message, hint = cats.explain_unknown(ref)
                collector.add(Problem(lc.where.path, line, col, message, hint))
                continue
            loaded, req = resolved
            if not loaded.is_assessable(req):
                kids = [c.id for c in loaded.children.get(req.id, [])][:4]
                what = "informative context" if req.kind == RequirementKind.CONTEXT else "a heading"
                hint = (
                    f"reference its points instead, e.g. {', '.join(kids)}"
                    if kids
                    else "reference an assessable requirement"
                )
                collector.add(Problem(lc.where.path, line, col, f"{ref!r} is {what}", hint))
            elif loaded.catalog.id not in ws.project.framework_ids:
                collector.add(
                    Problem(
                        lc.where.path,
                        line,
                        col,
                        f"{ref!r} belongs to {loaded.catalog.id!r}, which is not in scope",
                        f"add {loaded.catalog.id!r} to 'frameworks' in {PROJECT_FILE}",
                    )
                )
    for i, na in enumerate(ws.project.not_applicable):
        if cats.resolve(na.requirement) is None:
            message, hint = cats.explain_unknown(na.requirement)
            line, col = ws.project_parsed.where(("not_applicable", i, "requirement"))
            collector.add(Problem(PROJECT_FILE, line, col, message, hint))


GLOB_CHARS = frozenset("*?[")
_GLOB_CHAR = re.compile(r"[*?\[]")
"""One of GLOB_CHARS (a regex search: a per-character loop over 10k paths took 0.5 s)."""


def is_glob(path: str) -> bool:
    """Whether an evidence path is a glob pattern (`*`, `?`, `[...]`, `**`)."""
    return _GLOB_CHAR.search(path) is not None


def glob_base(pattern: str) -> str:
    """The folder of a pattern before its first wildcard segment ("" for the workspace)."""
    parts = pattern.split("/")
    fixed = next(i for i, part in enumerate(parts) if is_glob(part))
    return "/".join(parts[:fixed])


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A pattern as a regex over workspace paths: `*` and `?` stay within one folder,
    `[...]` is a character class, a `**` segment spans any number of folders."""
    out: list[str] = []
    parts = pattern.split("/")
    for k, part in enumerate(parts):
        last = k == len(parts) - 1
        if part == "**":
            out.append("(?:[^/]+/)*[^/]+" if last else "(?:[^/]+/)*")
            continue
        i = 0
        while i < len(part):
            c = part[i]
            if c == "*":
                out.append("[^/]*")
            elif c == "?":
                out.append("[^/]")
            elif c == "[" and (close := part.find("]", i + 2)) != -1:
                body = part[i + 1 : close]
                negate = body[:1] == "!"
                body = body[1:] if negate else body
                out.append("[" + ("^" if negate else "") + body.replace("\\", "\\\\") + "]")
                i = close
            else:
                out.append(re.escape(c))
            i += 1
        if not last:
            out.append("/")
    return re.compile("".join(out))


def _expands(ws: Workspace, path: str) -> bool:
    """Whether a linked path is a glob to expand: it has wildcards, no control characters
    (refused later as unsafe), and no file has exactly that name (`report[1].md`)."""
    if not is_glob(path) or any(unicodedata.category(c) == "Cc" for c in path):
        return False
    try:
        return not ws.source.exists(path)
    except (OSError, ValueError):
        return True


def _expand_evidence_globs(ws: Workspace, collector: ProblemCollector) -> None:
    """Replace each glob in a control's evidence list by the files it matches, sorted.

    Matches are files of the assessed source (the working tree or the git tree), inside the
    workspace; a match reached through a symlink that leaves it is refused, and a glob must
    match at least one file. Each match keeps the glob's kind, maximum age and description.
    """
    listed: dict[str, list[str]] = {}
    patterns: set[str] = set()
    for lc in ws.controls:
        links = lc.control.evidence
        if not any(_expands(ws, link.path) for link in links):
            continue
        expanded: list[EvidenceLink] = []
        origin: list[int] = []
        seen: set[str] = set()
        for j, link in enumerate(links):
            if not _expands(ws, link.path):
                if link.path not in seen:
                    seen.add(link.path)
                    expanded.append(link)
                    origin.append(j)
                continue
            line, col = lc.parsed.where(("controls", lc.index, "evidence", j, "path"))
            pattern = link.path
            patterns.add(pattern)
            try:
                if pattern.startswith("/") or ".." in pattern.split("/"):
                    raise UnsafePath("a glob must stay inside the workspace (no '..', no '/')")
                base = glob_base(pattern)
                safe_relative(ws.root, base or ".")
            except UnsafePath as exc:
                collector.add(
                    Problem(
                        lc.where.path,
                        line,
                        col,
                        f"evidence glob {pattern!r} is refused: {exc}",
                        "give a pattern inside the workspace, relative to compliance.yaml",
                    )
                )
                continue
            if base not in listed:
                listed[base] = ws.source.list(base or ".", ("",))
            regex = glob_regex(pattern)
            matches = [p for p in listed[base] if regex.fullmatch(p)]
            if not matches:
                collector.add(
                    Problem(
                        lc.where.path,
                        line,
                        col,
                        f"evidence glob {pattern!r} matches no file",
                        "a glob must match at least one file in the workspace (committed "
                        "files when a revision is assessed); fix the pattern or add the files",
                    )
                )
                continue
            for match in matches:
                try:
                    safe_relative(ws.root, match)
                except UnsafePath as exc:
                    collector.add(
                        Problem(
                            lc.where.path,
                            line,
                            col,
                            f"evidence glob {pattern!r} matches {match!r}, which is refused: {exc}",
                            "keep evidence inside the workspace",
                        )
                    )
                    continue
                if match not in seen:
                    seen.add(match)
                    expanded.append(link.model_copy(update={"path": match}))
                    origin.append(j)
        lc.control = lc.control.model_copy(update={"evidence": expanded})
        lc.evidence_origin = origin
    ws.evidence_globs = sorted(patterns)


def _check_evidence_paths(ws: Workspace, collector: ProblemCollector) -> None:
    resolve = ws.paths = PathResolver(ws.root)
    for lc in ws.controls:
        for j, link in enumerate(lc.control.evidence):
            try:
                resolve(link.path)
                found = CONTROL_CHAR.search(link.path)
                control = found.group() if found is not None else None
                if control is not None:
                    # A line break or escape sequence in a linked path could forge lines in
                    # terminals, text reports and the packet's line-based manifest.
                    raise UnsafePath(
                        f"control character U+{ord(control):04X} in the path; "
                        "rename the file without it"
                    )
            except UnsafePath as exc:
                line, col = lc.parsed.where(lc.evidence_loc(j))
                collector.add(
                    Problem(
                        lc.where.path,
                        line,
                        col,
                        f"evidence path {link.path!r} is refused: {exc}",
                        "give a path inside the workspace, relative to compliance.yaml",
                    )
                )


def _check_frameworks(ws: Workspace, collector: ProblemCollector) -> None:
    seen: set[str] = set()
    for i, scope in enumerate(ws.project.frameworks):
        fw = scope.id
        line, col = ws.project_parsed.where(("frameworks", i))
        if fw in seen:
            collector.add(
                Problem(PROJECT_FILE, line, col, f"framework {fw!r} listed twice", "keep one")
            )
        seen.add(fw)
        if fw not in ws.catalogs.catalogs:
            hint = suggest(fw, ws.catalogs.catalogs)
            known = f"known: {', '.join(sorted(ws.catalogs.catalogs))}"
            collector.add(
                Problem(
                    PROJECT_FILE, line, col, f"unknown framework {fw!r}", f"{hint} {known}".strip()
                )
            )
            continue
        _check_tailoring(ws, i, ws.catalogs.catalogs[fw], collector)


def _check_tailoring(
    ws: Workspace, index: int, loaded: LoadedCatalog, collector: ProblemCollector
) -> None:
    """Every id, group and risk a tailoring names exists in its catalog."""
    scope = ws.project.frameworks[index]
    by_id = loaded.by_id
    groups = {r.id for r in loaded.catalog.requirements if r.id in loaded.children}
    risks = {r.id for r in loaded.catalog.requirements if r.kind == RequirementKind.CONTEXT}
    for key, selectors in (("include", scope.include), ("exclude", scope.exclude)):
        for j, sel in enumerate(selectors):
            for kind, names, known in (
                ("ids", sel.ids, set(by_id)),
                ("groups", sel.groups, groups),
                ("risks", sel.risks, risks),
            ):
                for k, name in enumerate(names):
                    if name in known:
                        continue
                    line, col = ws.project_parsed.where(("frameworks", index, key, j, kind, k))
                    what = {"ids": "requirement", "groups": "group", "risks": "risk"}[kind]
                    collector.add(
                        Problem(
                            PROJECT_FILE,
                            line,
                            col,
                            f"unknown {what} {name!r} in framework {loaded.catalog.id!r}",
                            suggest(name, sorted(known))
                            or f"see `compliance frameworks show {loaded.catalog.id}`",
                        )
                    )


def _taxonomies_in_use(
    ws: Workspace, loaded: TaxonomySet, collector: ProblemCollector
) -> TaxonomySet:
    """The taxonomies compliance.yaml names (all loaded ones when it names none)."""
    named = ws.project.taxonomies
    if named is None:
        return loaded
    used = TaxonomySet()
    for i, tid in enumerate(named):
        line, col = ws.project_parsed.where(("taxonomies", i))
        found = loaded.get(tid)
        if found is None:
            hint = suggest(tid, loaded.taxonomies)
            known = f"known: {', '.join(sorted(loaded.taxonomies))}"
            collector.add(
                Problem(
                    PROJECT_FILE, line, col, f"unknown taxonomy {tid!r}", f"{hint} {known}".strip()
                )
            )
        elif tid in used.taxonomies:
            collector.add(Problem(PROJECT_FILE, line, col, f"taxonomy {tid!r} listed twice"))
        else:
            used.taxonomies[tid] = found
    return used


def harm_category_problem(
    taxonomies: TaxonomySet, value: str, path: str, line: int | None, column: int | None
) -> Problem | None:
    """A "did you mean" problem when `value` is no category of the taxonomies in use."""
    if not taxonomies.taxonomies:
        return None  # the taxonomies themselves failed to load; that error is reported
    known, hints = taxonomies.check(value)
    if known:
        return None
    in_use = ", ".join(sorted(taxonomies.taxonomies))
    hint = " ".join(hints) if hints else f"see the categories of {in_use}"
    return Problem(
        path,
        line,
        column,
        f"unknown harm category {value!r} (taxonomies in use: {in_use})",
        f"{hint}; or add its taxonomy to 'taxonomies' in {PROJECT_FILE}",
    )


def _check_harm_categories(ws: Workspace, collector: ProblemCollector) -> None:
    for lr in ws.risks:
        at = lr.category_at or lr.where
        problem = harm_category_problem(
            ws.taxonomies, lr.risk.harm_category, at.path, at.line, at.column
        )
        if problem is not None:
            collector.add(problem)


def _check_ids(ws: Workspace, collector: ProblemCollector, all_controls: bool = True) -> None:
    first: dict[str, Located] = {}
    for lc in ws.controls:
        cid = lc.control.id
        if cid in first:
            prev = first[cid]
            collector.add(
                Problem(
                    lc.where.path,
                    lc.where.line,
                    lc.where.column,
                    f"duplicate control id {cid!r}",
                    f"already defined at {prev.path}:{prev.line}",
                )
            )
        else:
            first[cid] = lc.where
    risk_first: dict[str, Located] = {}
    control_ids = set(first)
    for lr in ws.risks:
        rid = lr.risk.id
        if rid in risk_first:
            prev = risk_first[rid]
            collector.add(
                Problem(
                    lr.where.path,
                    lr.where.line,
                    lr.where.column,
                    f"duplicate risk id {rid!r}",
                    f"already defined at {prev.path}:{prev.line}",
                )
            )
        else:
            risk_first[rid] = lr.where
        for cid in lr.risk.mitigations:
            # With a controls file unreadable, "unknown control" would be noise: the file's
            # own error is the one to fix first.
            if cid not in control_ids and all_controls:
                hint = suggest(cid, control_ids) or "mitigations list control ids from controls/"
                collector.add(
                    Problem(
                        lr.where.path,
                        lr.where.line,
                        lr.where.column,
                        f"risk {rid!r} names unknown control {cid!r}",
                        hint,
                    )
                )


def load_workspace(root: Path, source: FileSource | None = None) -> Workspace:
    """Load compliance.yaml, controls, risks and catalogs; raise every problem at once."""
    # Loading makes hundreds of thousands of objects that all stay alive (parsed values,
    # positions, models), and every few thousand of them the cyclic garbage collector
    # walked everything made so far: ~30% of the load on a large workspace, for almost no
    # garbage. It runs again once loading is done.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_workspace(root, source)
    finally:
        if enabled:
            gc.enable()


MODEL_FILE = "model.yaml"
TRAINING_DATA_FILE = "training-data.yaml"

M = TypeVar("M", bound=BaseModel)


def _optional(
    source: FileSource, rel: str, model: type[M], collector: ProblemCollector
) -> tuple[M, Parsed] | None:
    """An optional workspace file, validated when it exists."""
    if not source.exists(rel):
        return None
    try:
        return load_model(model, rel, source.read(rel))
    except InputError as exc:
        collector.extend(exc)
        return None


def _load_workspace(root: Path, source: FileSource | None) -> Workspace:
    source = source or DiskSource(root)
    collector = ProblemCollector()
    if not source.exists(PROJECT_FILE):
        rev = getattr(source, "rev", None)
        if rev is not None:
            raise InputError.single(
                str(root / PROJECT_FILE),
                f"not present at revision {rev}",
                "pick a revision that has a committed workspace",
            )
        raise InputError.single(
            str(root / PROJECT_FILE), "file not found", "run `compliance init` to create one"
        )
    project: ProjectFile | None = None
    project_parsed: Parsed | None = None
    try:
        project, project_parsed = load_model(ProjectFile, PROJECT_FILE, source.read(PROJECT_FILE))
    except InputError as exc:
        collector.extend(exc)
    catalogs = CatalogSet()
    try:
        catalogs = load_catalogs(source)
    except InputError as exc:
        collector.extend(exc)
    controls: list[LoadedControl] = []
    all_controls = True
    for rel in source.list("controls", (".yaml", ".yml")):
        try:
            cf, parsed = load_model(ControlsFile, rel, source.read(rel))
        except InputError as exc:
            collector.extend(exc)
            all_controls = False
            continue
        for i, c in enumerate(cf.controls):
            controls.append(LoadedControl(c, _located(rel, parsed, ("controls", i)), parsed, i))
    risks: list[LoadedRisk] = []
    for rel in source.list("risks", (".yaml", ".yml")):
        try:
            rf, parsed = load_model(RisksFile, rel, source.read(rel))
        except InputError as exc:
            collector.extend(exc)
            continue
        risks.extend(
            LoadedRisk(
                r,
                _located(rel, parsed, ("risks", i)),
                _located(rel, parsed, ("risks", i, "harm_category")),
                parsed,
                i,
            )
            for i, r in enumerate(rf.risks)
        )
    facts = _optional(source, MODEL_FILE, ModelFacts, collector)
    training = _optional(source, TRAINING_DATA_FILE, TrainingDataFile, collector)
    if project is None or project_parsed is None:
        collector.raise_if_any()
        raise AssertionError("unreachable")  # pragma: no cover
    ws = Workspace(root, source, project, project_parsed, catalogs, controls, risks)
    try:
        ws.taxonomies = _taxonomies_in_use(ws, load_taxonomies(source), collector)
    except InputError as exc:
        collector.extend(exc)
    _check_harm_categories(ws, collector)
    if facts is not None:
        ws.model_facts, ws.model_facts_parsed = facts
    if training is not None:
        ws.training_data, ws.training_data_parsed = training
    _check_frameworks(ws, collector)
    _check_ids(ws, collector, all_controls)
    check_systemic_risks(ws, collector, all_controls)
    _check_requirement_refs(ws, collector)
    _expand_evidence_globs(ws, collector)
    _check_evidence_paths(ws, collector)
    collector.raise_if_any()
    return ws


def check_systemic_risks(
    ws: Workspace, collector: ProblemCollector, all_controls: bool = True
) -> None:
    """A systemic risk names a specified systemic risk of the Code, known controls and
    existing, safe evaluation files; tier ids are unique across the register."""
    from compliance.models.systemic_risk import SPECIFIED_PARENT, SPECIFIED_SYSTEMIC_RISKS

    controls = {lc.control.id for lc in ws.controls}
    taxonomy = ws.taxonomies.get(SPECIFIED_SYSTEMIC_RISKS)
    specified = (
        sorted(c.id for c in taxonomy.children.get(SPECIFIED_PARENT, []))
        if taxonomy is not None
        else []
    )
    tiers: dict[str, Located] = {}

    def add(at: Located, message: str, hint: str = "") -> None:
        collector.add(Problem(at.path, at.line, at.column, message, hint))

    for lr in ws.risks:
        sr = lr.risk.systemic
        if sr is None:
            continue
        at = lr.line_of("systemic", "category")
        if taxonomy is None:
            add(
                at,
                f"systemic risk category {sr.category!r} needs the {SPECIFIED_SYSTEMIC_RISKS} "
                "taxonomy, which is not in use",
                f"add {SPECIFIED_SYSTEMIC_RISKS} to 'taxonomies' in {PROJECT_FILE}",
            )
        elif sr.category not in specified:
            hint = suggest(sr.category, specified)
            add(
                at,
                f"{sr.category!r} is not a specified systemic risk of the Code of Practice",
                f"{hint} name one of: {', '.join(specified)}".strip(),
            )
        for t, tier in enumerate(sr.tiers):
            where = lr.line_of("systemic", "tiers", t, "id")
            if tier.id in tiers:
                prev = tiers[tier.id]
                add(
                    where,
                    f"duplicate tier id {tier.id!r}",
                    f"already used at {prev.path}:{prev.line}",
                )
            tiers.setdefault(tier.id, where)
            for m, cid in enumerate(tier.mitigations):
                if cid not in controls and all_controls:
                    hint = suggest(cid, controls) or "mitigations list control ids from controls/"
                    add(
                        lr.line_of("systemic", "tiers", t, "mitigations", m),
                        f"tier {tier.id!r} of risk {lr.risk.id!r} names unknown control {cid!r}",
                        hint,
                    )
            for k, ind in enumerate(tier.indicators):
                here = lr.line_of("systemic", "tiers", t, "indicators", k, "evidence")
                try:
                    safe_relative(ws.root, ind.evidence)
                except UnsafePath as exc:
                    add(here, f"unsafe evaluation path {ind.evidence!r}: {exc}")
                    continue
                if not ws.source.exists(ind.evidence):
                    add(
                        here,
                        f"tier {tier.id!r} names evaluation {ind.evidence!r}, which does not exist",
                        "name an evaluation log or metrics file under evidence/",
                    )
