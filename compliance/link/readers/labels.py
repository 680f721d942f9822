"""Annotator label files: who gave which label to which item.

CSV with a header row, or JSON Lines with the same keys, one label per row:

    item,annotator,label,harm_category
    q-001,ann-a,unsafe,self-harm
    q-001,ann-b,safe,self-harm

`item`, `annotator` and `label` are required columns; any other column (such as
`harm_category` or `language`) is kept as an extra attribute of the row. An annotator need
not label every item: leave the row out, or leave its label empty. Each (item, annotator)
pair may appear once, and an item's `harm_category`, which agreement is grouped by, must
be the same on every row of that item. Every problem is reported as path:line:col, all at
once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

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

REQUIRED = ("item", "annotator", "label")
ITEM_ATTRIBUTES = ("harm_category",)
"""Extra columns that describe the item, not the annotation: equal on all of an item's rows."""
EXPECTED = (
    "a header row item,annotator,label (plus optional columns such as harm_category), "
    'or JSON Lines like {"item": "q-1", "annotator": "a", "label": "unsafe"}'
)


@dataclass(frozen=True, slots=True)
class LabelRecord:
    """One annotator's label for one item; `label` is None when left empty."""

    item: str
    annotator: str
    label: str | None
    extra: Mapping[str, str]
    line: int


@dataclass(frozen=True, slots=True)
class LabelSet:
    """Every label in one file, in file order."""

    path: str
    format: TableFormat
    records: tuple[LabelRecord, ...]
    extra_columns: tuple[str, ...]

    @property
    def annotators(self) -> tuple[str, ...]:
        """Annotator ids in order of first appearance."""
        return tuple(dict.fromkeys(r.annotator for r in self.records))

    @property
    def items(self) -> tuple[str, ...]:
        """Item ids in order of first appearance."""
        return tuple(dict.fromkeys(r.item for r in self.records))


def read_labels(path: str, data: bytes) -> LabelSet:
    """Parse and validate a label file; InputError lists every problem with path:line:col."""
    problems = ProblemCollector()
    table = read_table(path, data, problems, EXPECTED)
    if table.format == "csv":
        missing = [name for name in REQUIRED if name not in table.columns]
        for name in missing:
            problems.add(
                problem(
                    path,
                    Cell(None, table.header_line or 1, 1),
                    f"missing column {name!r}",
                    EXPECTED,
                )
            )
        if missing:
            problems.raise_if_any()
    extra_columns = tuple(c for c in table.columns if c not in REQUIRED)
    records: list[LabelRecord] = []
    first_seen: dict[tuple[str, str], int] = {}
    item_attributes: dict[tuple[str, str], tuple[str, int]] = {}
    for row in table.rows:
        record = _record(path, row, problems)
        if record is None:
            continue
        key = (record.item, record.annotator)
        if key in first_seen:
            cell = row.get("annotator") or row
            problems.add(
                problem(
                    path,
                    cell,
                    f"item {record.item!r} is labelled twice by annotator "
                    f"{record.annotator!r} (first on line {first_seen[key]})",
                    "each (item, annotator) pair may appear once",
                )
            )
            continue
        first_seen[key] = row.line
        if not _consistent(path, row, record, item_attributes, problems):
            continue
        records.append(record)
    problems.raise_if_any()
    return LabelSet(path, table.format, tuple(records), extra_columns)


def _record(path: str, row: Row, problems: ProblemCollector) -> LabelRecord | None:
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
            continue
        if not text and name != "label":
            problems.add(problem(path, cell, f"{name} is empty", f"expected the {name}'s id"))
            continue
        values[name] = text
    extra: dict[str, str] = {}
    for name, cell in row.cells.items():
        if name in REQUIRED:
            continue
        text = as_text(cell.value)
        if text is None:
            problems.add(
                problem(path, cell, f"{name} {describe(cell.value)} is not text", "expected text")
            )
        elif text:
            extra[name] = text
    if len(problems.problems) != before:
        return None
    return LabelRecord(
        item=values["item"],
        annotator=values["annotator"],
        label=values["label"] or None,
        extra=extra,
        line=row.line,
    )


def _consistent(
    path: str,
    row: Row,
    record: LabelRecord,
    seen: dict[tuple[str, str], tuple[str, int]],
    problems: ProblemCollector,
) -> bool:
    """An item's attributes (harm_category) agree with its earlier rows."""
    ok = True
    for name in ITEM_ATTRIBUTES:
        value = record.extra.get(name, "")
        first = seen.setdefault((record.item, name), (value, row.line))
        if first[0] != value:
            problems.add(
                problem(
                    path,
                    row.get(name) or row,
                    f"item {record.item!r} has {name} {value or '(none)'!r} here but "
                    f"{first[0] or '(none)'!r} on line {first[1]}",
                    f"{name} belongs to the item: give it the same value on every row",
                )
            )
            ok = False
    return ok
