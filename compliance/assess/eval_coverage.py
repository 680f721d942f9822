"""The evaluation coverage matrix: which harm categories were evaluated in which languages.

Every evaluation log and metrics file the workspace holds (see `evaluation_paths`) is read
once through the run's EvidenceStore. A figure sliced by both `harm_category` and
`language` (and, where present, `modality`) fills one cell of the matrix; the cell lists
each figure with its n and 95% interval. A cell's n adds up its files: within one file the
largest n among the cell's figures counts (several metrics of one file rest on the same
samples), and the files' counts are summed.

The required rows and columns are the release's declared harm categories (every
`harm_category` of risks/) and languages (`system.languages`), or those an `eval-coverage`
gate rule lists. A required cell with no figure is *empty*; one with fewer samples than the
minimum is *thin*. A `harm_category` slice value outside the taxonomies in use is an input
error with a "did you mean".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from compliance.assess.statistics import THIN_SAMPLE_MINIMUM, proportion
from compliance.core.errors import InputError, Problem, ProblemCollector
from compliance.core.wording import count, scientific
from compliance.link.readers import EvaluationResult, Metric
from compliance.link.readers.tabular import read_table, table_format
from compliance.link.store import EvidenceStore
from compliance.load.workspace import Workspace, harm_category_problem
from compliance.models.gate import EvalCoverageRule, MetricRule, SliceParityRule
from compliance.models.project import EvidenceKind

HARM = "harm_category"
LANGUAGE = "language"
MODALITY = "modality"
CELL_KEYS = frozenset({HARM, LANGUAGE, MODALITY})


@dataclass(frozen=True, slots=True)
class Figure:
    """One metric of one file in one cell, with its n and 95% interval (None if unknown)."""

    path: str
    metric: str
    value: float
    n: int | None
    low: float | None
    high: float | None
    interval: str
    """How the interval was obtained: 'reported by the file', 'wilson', or 'none'."""

    def describe(self) -> str:
        text = f"{self.metric} {scientific(self.value, digits=4)}"
        if self.low is not None and self.high is not None:
            text += f" (95% CI {scientific(self.low, digits=4)}-{scientific(self.high, digits=4)})"
        return text + f", n={self.n if self.n is not None else '?'} [{self.path}]"


@dataclass(frozen=True, slots=True)
class Cell:
    """One harm category x language (x modality) cell."""

    harm_category: str
    language: str
    modality: str | None
    figures: tuple[Figure, ...]

    @property
    def n(self) -> int:
        """Samples behind the cell: per file the largest n of its figures, summed over files."""
        per_file: dict[str, int] = {}
        for f in self.figures:
            per_file[f.path] = max(per_file.get(f.path, 0), f.n or 0)
        return sum(per_file.values())

    @property
    def label(self) -> str:
        text = f"{self.harm_category} x {self.language}"
        return text + (f" x {self.modality}" if self.modality else "")


@dataclass(frozen=True)
class EvalCoverage:
    """The matrix, its required rows and columns, and the files it was read from."""

    files: tuple[str, ...]
    harm_categories: tuple[str, ...]
    """Required rows (declared or given by a rule)."""
    languages: tuple[str, ...]
    """Required columns."""
    cells: tuple[Cell, ...]
    minimum: int
    """Samples a cell needs not to count as thin."""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def cell(self, harm_category: str, language: str) -> list[Cell]:
        """The cells (one per modality) of one harm category and language."""
        return [c for c in self.cells if (c.harm_category, c.language) == (harm_category, language)]

    def required(self) -> list[tuple[str, str, list[Cell]]]:
        return [
            (h, lang, self.cell(h, lang)) for h in self.harm_categories for lang in self.languages
        ]

    def empty(self) -> list[tuple[str, str]]:
        """Required cells with no figure at all."""
        return [(h, lang) for h, lang, cells in self.required() if not cells]

    def thin(self, minimum: int | None = None) -> list[Cell]:
        """Required cells with a figure but fewer samples than `minimum`."""
        need = self.minimum if minimum is None else minimum
        return [c for _, _, cells in self.required() for c in cells if c.n < need]

    def rows(self) -> tuple[str, ...]:
        """Required harm categories, then any other evaluated one, in order."""
        seen = dict.fromkeys(self.harm_categories)
        seen.update(dict.fromkeys(sorted({c.harm_category for c in self.cells})))
        return tuple(seen)

    def columns(self) -> tuple[str, ...]:
        seen = dict.fromkeys(self.languages)
        seen.update(dict.fromkeys(sorted({c.language for c in self.cells})))
        return tuple(seen)

    def notices(self) -> list[str]:
        """One line each for the empty and thin required cells, for `check`."""
        out = []
        empty = self.empty()
        if empty:
            out.append(
                f"evaluation coverage: {count(len(empty), 'empty cell')} (harm category x language "
                "with no evaluated sample): " + ", ".join(f"{h} x {lang}" for h, lang in empty)
            )
        thin = self.thin()
        if thin:
            out.append(
                f"evaluation coverage: {count(len(thin), 'thin cell')} (fewer than {self.minimum} "
                "samples): " + ", ".join(f"{c.label} n={c.n}" for c in thin)
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: the documented shape of `evaluation_coverage`."""
        return {
            "files": list(self.files),
            "harm_categories": list(self.harm_categories),
            "languages": list(self.languages),
            "minimum_samples": self.minimum,
            "cells": [
                {
                    "harm_category": c.harm_category,
                    "language": c.language,
                    "modality": c.modality,
                    "n": c.n,
                    "required": c.harm_category in self.harm_categories
                    and c.language in self.languages,
                    "thin": c.n < self.minimum,
                    "figures": [
                        {
                            "path": f.path,
                            "metric": f.metric,
                            "value": f.value,
                            "n": f.n,
                            "ci_low": f.low,
                            "ci_high": f.high,
                            "interval": f.interval,
                        }
                        for f in c.figures
                    ],
                }
                for c in self.cells
            ],
            "empty": [{"harm_category": h, "language": lang} for h, lang in self.empty()],
            "thin": [
                {"harm_category": c.harm_category, "language": c.language, "modality": c.modality}
                for c in self.thin()
            ],
            "notes": list(self.notes),
        }


def evaluation_paths(ws: Workspace) -> list[str]:
    """Every evaluation file the workspace names: the gate's metric, slice-parity and
    eval-coverage rules, and control evidence links of kind `evaluation`."""
    paths: set[str] = {
        link.path
        for lc in ws.controls
        for link in lc.control.evidence
        if link.kind == EvidenceKind.EVALUATION
    }
    policy = ws.project.gate
    if policy is not None:
        for rule in policy.rules:
            if isinstance(rule, MetricRule | SliceParityRule):
                paths.add(rule.evidence)
            elif isinstance(rule, EvalCoverageRule) and rule.evidence:
                paths.update(rule.evidence)
    return sorted(paths)


def coverage_rule(ws: Workspace) -> EvalCoverageRule | None:
    """The first eval-coverage rule of the gate policy, which sets the check's minimum."""
    policy = ws.project.gate
    if policy is None:
        return None
    return next((r for r in policy.rules if isinstance(r, EvalCoverageRule)), None)


def declared_harm_categories(ws: Workspace) -> tuple[str, ...]:
    """The release's harm categories: every risk's harm_category, in register order."""
    return tuple(dict.fromkeys(lr.risk.harm_category for lr in ws.risks))


def evaluation_coverage(
    ws: Workspace,
    evidence: EvidenceStore,
    paths: Sequence[str] | None = None,
    harm_categories: Sequence[str] | None = None,
    languages: Sequence[str] | None = None,
    minimum: int | None = None,
) -> EvalCoverage:
    """The matrix over `paths` (default: evaluation_paths); InputError for an unknown
    harm_category slice value. Files that cannot be read are left out with a note (the gate
    reports their problems at the rule that names them)."""
    rule = coverage_rule(ws)
    if paths is None:
        paths = evaluation_paths(ws)
    if harm_categories is None:
        harm_categories = (rule.harm_categories if rule else None) or declared_harm_categories(ws)
    if languages is None:
        languages = (rule.languages if rule else None) or ws.project.system.languages
    if minimum is None:
        minimum = rule.min_samples if rule else THIN_SAMPLE_MINIMUM
    problems = ProblemCollector()
    notes: list[str] = []
    figures: dict[tuple[str, str, str | None], list[Figure]] = {}
    read: list[str] = []
    for path in paths:
        try:
            ev = evidence.evaluation(path)
        except InputError as exc:
            first = exc.problems[0].message if exc.problems else "unreadable"
            notes.append(f"{path} is not in the matrix: {first}")
            continue
        if not ev.usable:
            notes.append(f"{path} is not in the matrix: run status {ev.status!r} or invalidated")
            continue
        read.append(path)
        _check_categories(ws, evidence, ev, problems)
        for m in ev.metrics:
            if HARM not in m.slice or LANGUAGE not in m.slice or not set(m.slice) <= CELL_KEYS:
                continue
            key = (m.slice[HARM], m.slice[LANGUAGE], m.slice.get(MODALITY))
            figures.setdefault(key, []).append(_figure(path, m))
    problems.raise_if_any()
    cells = tuple(
        Cell(h, lang, mod, tuple(figures[(h, lang, mod)]))
        for h, lang, mod in sorted(figures, key=lambda k: (k[0], k[1], k[2] or ""))
    )
    return EvalCoverage(
        tuple(read), tuple(harm_categories), tuple(languages), cells, minimum, tuple(notes)
    )


def _figure(path: str, m: Metric) -> Figure:
    if m.ci_low is not None and m.ci_high is not None:
        return Figure(path, m.name, m.value, m.samples, m.ci_low, m.ci_high, "reported by the file")
    if m.samples and 0 <= m.value <= 1:
        est = proportion(round(m.value * m.samples), m.samples)
        return Figure(path, m.name, m.value, m.samples, est.low, est.high, "wilson")
    return Figure(path, m.name, m.value, m.samples, None, None, "none")


def _check_categories(
    ws: Workspace, evidence: EvidenceStore, ev: EvaluationResult, problems: ProblemCollector
) -> None:
    """Every harm_category slice value of `ev` is a category of the taxonomies in use."""
    values = sorted({m.slice[HARM] for m in ev.metrics if HARM in m.slice})
    if values:
        for problem in category_problems(ws, ev.path, lambda: evidence.read(ev.path), values):
            problems.add(problem)


def category_problems(
    ws: Workspace, path: str, data: Callable[[], bytes], values: Iterable[str]
) -> list[Problem]:
    """ "Did you mean" problems for the unknown harm_category values of one file, each at its
    first cell (line and column) in a CSV or JSON Lines file, else at the file."""
    unknown = [
        v
        for v in dict.fromkeys(values)
        if harm_category_problem(ws.taxonomies, v, path, None, None)
    ]
    if not unknown:
        return []
    located = _locate(path, data, unknown)
    out = []
    for value in unknown:
        line, column = located.get(value, (None, None))
        problem = harm_category_problem(ws.taxonomies, value, path, line, column)
        if problem is not None:
            out.append(problem)
    return out


def _locate(
    path: str, data: Callable[[], bytes], values: Iterable[str]
) -> dict[str, tuple[int, int]]:
    """Line and column of each value's first harm_category cell in a CSV or JSON Lines file."""
    wanted = set(values)
    try:
        table_format(path)
        table = read_table(path, data(), ProblemCollector(), "")
    except InputError:
        return {}  # another format (JSON, an Inspect log): the problem names the file only
    out: dict[str, tuple[int, int]] = {}
    for row in table.rows:
        cell = row.get(HARM) or row.get(f"slice:{HARM}")
        if cell is not None and isinstance(cell.value, str) and cell.value.strip() in wanted:
            out.setdefault(cell.value.strip(), (cell.line, cell.column))
    return out
