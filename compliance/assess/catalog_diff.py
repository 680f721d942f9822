"""What changed between two editions of a catalog, and which controls must be re-reviewed."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from compliance.core.errors import InputError
from compliance.core.ids import parse_ref
from compliance.load.sources import DiskSource
from compliance.load.yaml_files import Parsed, load_model
from compliance.models.catalog import Catalog, Requirement
from compliance.models.project import ControlsFile

CONTEXT_WORDS = 4
"""Unchanged words kept on each side of a change in a word diff; the rest is elided."""

REWORD_FIELDS = ("title", "text")
"""A change to these is a rewording: the obligation itself may read differently."""
OTHER_FIELDS = ("kind", "parent", "applicability", "risks", "refs")
"""A change to these moves or re-scopes a requirement without touching its words."""


@dataclass(frozen=True)
class Edition:
    """One catalog file as given on the command line."""

    path: str
    catalog: Catalog
    parsed: Parsed


@dataclass(frozen=True)
class Changed:
    """A requirement present in both editions whose words or placement differ."""

    old: Requirement
    new: Requirement
    fields: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.new.id

    @property
    def reworded(self) -> bool:
        return any(f in REWORD_FIELDS for f in self.fields)


@dataclass(frozen=True)
class AffectedControl:
    """A workspace control that references a removed or changed requirement."""

    control_id: str
    path: str
    line: int | None
    references: tuple[tuple[str, str], ...]
    """(requirement reference, why it needs review), in the order the control lists them."""


@dataclass
class CatalogDiff:
    """Added, removed and changed requirements between two editions of one catalog."""

    old: Edition
    new: Edition
    added: list[Requirement] = field(default_factory=list)
    removed: list[Requirement] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    workspace: str | None = None
    controls: list[AffectedControl] = field(default_factory=list)

    @property
    def catalog_id(self) -> str:
        return self.new.catalog.id

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def load_edition(path: Path) -> Edition:
    """Read and validate one catalog file; a missing or unreadable file is an InputError."""
    label = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        hint = "give the path of a catalog YAML file"
        raise InputError.single(label, "file not found", hint) from None
    except IsADirectoryError:
        hint = "give the path of a catalog YAML file"
        raise InputError.single(label, "is a directory", hint) from None
    except OSError as exc:
        raise InputError.single(label, f"cannot read: {exc.strerror}", "check the path") from None
    catalog, parsed = load_model(Catalog, label, data)
    return Edition(label, catalog, parsed)


def _differing(old: Requirement, new: Requirement) -> tuple[str, ...]:
    return tuple(f for f in (*REWORD_FIELDS, *OTHER_FIELDS) if getattr(old, f) != getattr(new, f))


def diff_editions(old: Edition, new: Edition) -> CatalogDiff:
    """Compare two editions of the same catalog (same id), requirement by requirement."""
    if old.catalog.id != new.catalog.id:
        line, col = new.parsed.where(("id",))
        raise InputError.single(
            new.path,
            f"catalog id {new.catalog.id!r} differs from {old.catalog.id!r} in {old.path}",
            "diff two editions of the same catalog",
            line,
            col,
        )
    before = {r.id: r for r in old.catalog.requirements}
    after = {r.id: r for r in new.catalog.requirements}
    result = CatalogDiff(old, new)
    # Catalog order is the document's order, so reports follow the text a reviewer reads.
    result.removed = [r for r in old.catalog.requirements if r.id not in after]
    result.added = [r for r in new.catalog.requirements if r.id not in before]
    for req in new.catalog.requirements:
        prior = before.get(req.id)
        if prior is not None and (fields := _differing(prior, req)):
            result.changed.append(Changed(prior, req, fields))
    return result


Opcode = tuple[str, int, int, int, int]


def _coalesce(opcodes: list[Opcode]) -> list[Opcode]:
    """Merge two changes separated by one unchanged word into one replacement.

    "[-criteria and metrics;-]{+criteria, metrics and thresholds;+}" reads better than
    the same change split around a shared "and".
    """
    out: list[Opcode] = []
    for op in opcodes:
        if (
            len(out) >= 2
            and op[0] != "equal"
            and out[-1][0] == "equal"
            and out[-1][2] - out[-1][1] == 1
            and out[-2][0] != "equal"
        ):
            out.pop()
            first = out.pop()
            op = ("replace", first[1], op[2], first[3], op[4])
        out.append(op)
    return out


def word_diff(old: str, new: str, context: int = CONTEXT_WORDS) -> str:
    """A compact word diff: `[-removed-]{+added+}`, long unchanged runs elided as `…`."""
    a, b = old.split(), new.split()
    out: list[str] = []
    opcodes = _coalesce(difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes())
    for i, (tag, a0, a1, b0, b1) in enumerate(opcodes):
        if tag == "equal":
            run = a[a0:a1]
            head = run[:context] if i > 0 else []
            tail = run[-context:] if i < len(opcodes) - 1 else []
            # Eliding a single word saves nothing: keep it.
            if len(run) <= len(head) + len(tail) + 1:
                out.extend(run)
            else:
                out.extend([*head, "…", *tail])
            continue
        # Like `git diff --word-diff`: a replacement prints as one token, old then new.
        removed = "[-" + " ".join(a[a0:a1]) + "-]" if a1 > a0 else ""
        added = "{+" + " ".join(b[b0:b1]) + "+}" if b1 > b0 else ""
        out.append(removed + added)
    return " ".join(out)


def _find_workspace(project: Path | None) -> Path | None:
    from compliance.core.project import find_project, nearest_project

    if project is not None:
        return find_project(project)  # an explicit --project that is wrong is an error
    return nearest_project(Path.cwd())


def attach_controls(result: CatalogDiff, root: Path) -> None:
    """Record the workspace controls that reference removed or changed requirements.

    Only the controls files are read, not the whole workspace: a control that names a
    requirement the new edition removed is exactly what this command must report, not
    refuse. A control under a changed heading is listed too, since the heading's words
    (an introductory sentence, an applicability condition) govern its points.
    """
    source = DiskSource(root)
    cid = result.catalog_id
    reasons: dict[str, str] = {r.id: "removed" for r in result.removed}
    for ch in result.changed:
        reasons[ch.id] = ("reworded" if ch.reworded else "changed") + f" ({', '.join(ch.fields)})"
    old_by_id = {r.id: r for r in result.old.catalog.requirements}

    def reason_for(req_id: str) -> str | None:
        if req_id in reasons:
            return reasons[req_id]
        seen: set[str] = set()
        current = old_by_id.get(req_id)
        while current is not None and current.parent is not None and current.id not in seen:
            seen.add(current.id)
            if current.parent in reasons:
                what = reasons[current.parent].split(" ")[0]
                return f"under {what} heading {current.parent}"
            current = old_by_id.get(current.parent)
        return None

    result.workspace = str(root)
    for rel in source.list("controls", (".yaml", ".yml")):
        controls_file, parsed = load_model(ControlsFile, rel, source.read(rel))
        for i, control in enumerate(controls_file.controls):
            refs: list[tuple[str, str]] = []
            for ref in control.satisfies:
                parts = parse_ref(ref)
                if parts is None or parts[0] != cid:
                    continue
                why = reason_for(parts[1])
                if why is not None:
                    refs.append((ref, why))
            if refs:
                line, _ = parsed.where(("controls", i))
                result.controls.append(AffectedControl(control.id, rel, line, tuple(refs)))


def catalog_diff(old_path: Path, new_path: Path, project: Path | None = None) -> CatalogDiff:
    """Diff two catalog files and, if a workspace is found, the controls to re-review."""
    result = diff_editions(load_edition(old_path), load_edition(new_path))
    root = _find_workspace(project)
    if root is not None:
        attach_controls(result, root)
    return result
