"""The workspace's red-team findings files, read once for every command.

A findings file is a red-team evidence link whose path ends in .yaml or .yml
(compliance.link.readers.red_team). The pipeline reads each one that exists at the assessed
commit, so `check`, `gate` and `build` all refuse a malformed file (path:line:col, exit 2),
and checks every finding's harm_category against the taxonomies in use, as risks' are.
"""

from __future__ import annotations

from dataclasses import dataclass

from compliance.core.errors import InputError, Problem
from compliance.link.evidence import EvidenceIndex
from compliance.link.readers.red_team import is_findings_file
from compliance.link.store import EvidenceStore
from compliance.load.taxonomies import TaxonomySet
from compliance.load.workspace import Workspace, harm_category_problem
from compliance.load.yaml_files import Parsed, load_model
from compliance.models.project import EvidenceKind
from compliance.models.red_team import FindingSeverity, FindingsFile, FindingStatus


@dataclass(frozen=True)
class LoadedFindings:
    """One findings file as read at the assessed commit."""

    path: str
    data: FindingsFile

    def count(self, status: FindingStatus) -> int:
        return sum(1 for f in self.data.findings if f.status == status)

    def open_by_severity(self) -> dict[str, int]:
        """Open findings per severity, most severe first (every severity, zeros included)."""
        out = {s.value: 0 for s in reversed(FindingSeverity)}
        for f in self.data.findings:
            if f.status == FindingStatus.OPEN:
                out[f.severity.value] += 1
        return out


def findings_paths(ws: Workspace) -> list[str]:
    """Every findings file the workspace's controls link as red-team evidence."""
    return sorted(
        {
            link.path
            for lc in ws.controls
            for link in lc.control.evidence
            if link.kind == EvidenceKind.RED_TEAM and is_findings_file(link.path)
        }
    )


def category_problems(
    taxonomies: TaxonomySet, path: str, data: FindingsFile, parsed: Parsed
) -> list[Problem]:
    """Each finding whose harm_category no taxonomy in use knows, at its value's line and
    column, with the "did you mean" risks get."""
    out = []
    for i, finding in enumerate(data.findings):
        line, col = parsed.where(("findings", i, "harm_category"))
        problem = harm_category_problem(taxonomies, finding.harm_category, path, line, col)
        if problem is not None:
            out.append(problem)
    return out


def read_red_team(
    ws: Workspace, index: EvidenceIndex, evidence: EvidenceStore
) -> tuple[LoadedFindings, ...]:
    """Parse every linked findings file that exists (a missing one is a coverage matter).

    Raises one InputError with every problem of every file: schema errors at their line
    and column, and harm categories no taxonomy in use knows, with "did you mean".
    """
    out: list[LoadedFindings] = []
    problems: list[Problem] = []
    for path in findings_paths(ws):
        rec = index.records.get(path)
        if rec is None or rec.sha256 is None:
            continue
        try:
            data, parsed = load_model(FindingsFile, path, evidence.read(path))
        except InputError as exc:
            problems += exc.problems
            continue
        problems += category_problems(ws.taxonomies, path, data, parsed)
        out.append(LoadedFindings(path, data))
    if problems:
        raise InputError(problems)
    return tuple(out)
