"""Labelled classifier predictions: a safety classifier's output next to the gold label.

CSV with a header row, or JSON Lines with the same keys, one item per row:

    item,gold,predicted,harm_category,language,reference_style
    q-001,unsafe,unsafe,self-harm,en,direct
    q-002,safe,unsafe,self-harm,sw,indirect

Required: `item` (each once) and `gold` (the true label), and exactly one of `predicted`
(the classifier's label) or `score` (a finite number; the caller gives the threshold at or
above which a score counts as positive). Every other column is a slice, such as
`harm_category`, `language` or `reference_style` (direct or indirect); an empty slice value
means the row is not sliced by that column. Every problem is reported as path:line:col.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from compliance.core.errors import ProblemCollector
from compliance.link.readers.tabular import (
    Cell,
    Row,
    TableFormat,
    as_text,
    describe,
    problem,
    read_table,
)

REQUIRED = ("item", "gold")
OUTPUTS = ("predicted", "score")
REFERENCE_STYLES = ("direct", "indirect")
EXPECTED = (
    "a header row item,gold and either predicted or score, plus slice columns such as "
    'harm_category, language, reference_style; or JSON Lines like {"item": "q-1", '
    '"gold": "unsafe", "score": 0.93}'
)

OutputKind = Literal["predicted", "score"]


@dataclass(frozen=True, slots=True)
class PredictionRecord:
    """One item: its gold label, and the classifier's label or score."""

    item: str
    gold: str
    predicted: str | None
    score: float | None
    slices: Mapping[str, str]
    line: int


@dataclass(frozen=True, slots=True)
class PredictionSet:
    """Every prediction in one file, in file order; `kind` says which output it carries."""

    path: str
    format: TableFormat
    kind: OutputKind
    records: tuple[PredictionRecord, ...]
    slice_columns: tuple[str, ...]


def read_predictions(path: str, data: bytes) -> PredictionSet:
    """Parse and validate a predictions file; InputError lists every problem."""
    problems = ProblemCollector()
    table = read_table(path, data, problems, EXPECTED)
    kind = _kind(path, table.columns, table.header_line, table.format, problems)
    if kind is None:
        # _kind reports a problem whenever it cannot tell the kind
        problems.raise_if_any()
        raise AssertionError("unreachable: no output kind and no problem reported")
    records: list[PredictionRecord] = []
    first_seen: dict[str, int] = {}
    for row in table.rows:
        record = _record(path, row, kind, table.format, problems)
        if record is None:
            continue
        if record.item in first_seen:
            problems.add(
                problem(
                    path,
                    row.get("item") or row,
                    f"item {record.item!r} repeats line {first_seen[record.item]}",
                    "each item may appear once",
                )
            )
            continue
        first_seen[record.item] = row.line
        records.append(record)
    problems.raise_if_any()
    slices = tuple(c for c in table.columns if c not in REQUIRED and c not in OUTPUTS)
    return PredictionSet(path, table.format, kind, tuple(records), slices)


def _kind(
    path: str,
    columns: tuple[str, ...],
    header_line: int | None,
    fmt: TableFormat,
    problems: ProblemCollector,
) -> OutputKind | None:
    """Which output the file carries; in CSV the header must also name the required columns."""
    where = Cell(None, header_line or 1, 1)
    if fmt == "csv":
        missing = [name for name in REQUIRED if name not in columns]
        for name in missing:
            problems.add(problem(path, where, f"missing column {name!r}", EXPECTED))
        if missing:
            return None
    present = [name for name in OUTPUTS if name in columns]
    if len(present) == 1:
        return "predicted" if present[0] == "predicted" else "score"
    if fmt == "csv" or not present:
        what = "both predicted and score" if present else "neither predicted nor score"
        problems.add(
            problem(
                path,
                where,
                f"the file has {what}",
                "give exactly one: predicted labels, or scores with a threshold",
            )
        )
        return None
    # JSON Lines with rows of both kinds: the key seen first decides, and each row using
    # the other one is reported at its own line below
    return "predicted" if columns.index("predicted") < columns.index("score") else "score"


def _record(
    path: str, row: Row, kind: OutputKind, fmt: TableFormat, problems: ProblemCollector
) -> PredictionRecord | None:
    """A validated record, or None after adding its problems."""
    before = len(problems.problems)
    values: dict[str, str] = {}
    for name in REQUIRED:
        cell = row.get(name)
        if cell is None:
            problems.add(problem(path, row, f"missing key {name!r}", EXPECTED))
            continue
        text = as_text(cell.value)
        if text is None:
            problems.add(
                problem(path, cell, f"{name} {describe(cell.value)} is not text", "expected text")
            )
        elif not text:
            problems.add(problem(path, cell, f"{name} is empty", f"expected the {name}"))
        else:
            values[name] = text
    other = "score" if kind == "predicted" else "predicted"
    if (stray := row.get(other)) is not None and stray.value not in (None, ""):
        problems.add(
            problem(
                path,
                stray,
                f"this row gives {other}, but the file gives {kind}",
                "give exactly one of predicted or score in the whole file",
            )
        )
    predicted: str | None = None
    score: float | None = None
    cell = row.get(kind)
    if cell is None:
        problems.add(problem(path, row, f"missing key {kind!r}", EXPECTED))
    elif kind == "predicted":
        predicted = as_text(cell.value)
        if not predicted:
            problems.add(
                problem(
                    path,
                    cell,
                    f"predicted {describe(cell.value)} is not a label",
                    "expected the classifier's label",
                )
            )
    else:
        score = _score(cell.value, from_csv=fmt == "csv")
        if score is None:
            problems.add(
                problem(
                    path,
                    cell,
                    f"score {describe(cell.value)} is not a finite number",
                    "expected a number such as 0.93; NaN and infinity are refused",
                )
            )
    slices: dict[str, str] = {}
    for name, slice_cell in row.cells.items():
        if name in REQUIRED or name in OUTPUTS:
            continue
        text = as_text(slice_cell.value)
        if text is None:
            problems.add(
                problem(
                    path,
                    slice_cell,
                    f"{name} {describe(slice_cell.value)} is not text",
                    "expected text",
                )
            )
        elif name == "reference_style" and text and text not in REFERENCE_STYLES:
            problems.add(
                problem(
                    path,
                    slice_cell,
                    f"reference_style {text!r} is not one of {', '.join(REFERENCE_STYLES)}",
                )
            )
        elif text:
            slices[name] = text
    if len(problems.problems) != before:
        return None
    return PredictionRecord(
        item=values["item"],
        gold=values["gold"],
        predicted=predicted,
        score=score,
        slices=slices,
        line=row.line,
    )


def _score(value: object, *, from_csv: bool) -> float | None:
    """A finite number from CSV text or a JSON number (JSON text or true/false is not one)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        if not from_csv:
            return None
        try:
            number = float(value)
        except ValueError:
            return None
    elif isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None
