"""Rows of a CSV or JSON Lines evidence file, each value located at its line and column.

The shared ground of the label and prediction readers. It follows the approach of the plain
metrics CSV reader (compliance/evaluations/plain_metrics.py): Python's csv module in strict
mode, blank rows skipped, a row starting on the line after the previous one ended (a quoted
value may span lines), and every problem collected rather than the first one raised. On top
of that it finds the column each value starts at, so a message can say path:line:col.

Which format a file is follows its extension: `.csv`, or `.jsonl` / `.ndjson` (one JSON
object per line, with the same keys a CSV header would name).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from compliance.core.errors import InputError, Problem, ProblemCollector

TableFormat = Literal["csv", "jsonl"]
JSONL_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True, slots=True)
class Cell:
    """One value and where it starts. CSV values are stripped text; JSON values as parsed."""

    value: Any
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: its cells by column name, and the line it starts on."""

    line: int
    cells: dict[str, Cell]

    def get(self, name: str) -> Cell | None:
        """The cell of column `name`, or None if the row has no such key."""
        return self.cells.get(name)


@dataclass(frozen=True, slots=True)
class Table:
    """A whole file's rows. `columns` is the CSV header, or the JSON keys in order seen."""

    path: str
    format: TableFormat
    columns: tuple[str, ...]
    header_line: int | None
    rows: tuple[Row, ...]


def table_format(path: str) -> TableFormat:
    """The format a path's extension names; InputError for any other extension."""
    name = path.rsplit("/", 1)[-1].lower()
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    raise InputError.single(
        path, "unknown file type", hint="expected a .csv file or JSON Lines (.jsonl, .ndjson)"
    )


def read_table(
    path: str, data: bytes, problems: ProblemCollector, expected: str, *, short_rows: bool = False
) -> Table:
    """Parse `data` as CSV or JSON Lines; fatal problems raise, row problems are collected.

    `expected` describes the file's shape for hints, e.g. "a header row item,annotator,label".
    `short_rows` accepts a CSV row with fewer fields than the header (trackers leave trailing
    optional cells out): the missing cells are absent from the row. More fields is always
    a problem.
    """
    fmt = table_format(path)
    text = _decode(path, data)
    if fmt == "csv":
        return _read_csv(path, text, problems, expected, short_rows)
    return _read_jsonl(path, text, problems, expected)


def problem(path: str, cell: Cell | Row, message: str, hint: str = "") -> Problem:
    """A Problem located at a cell (line and column) or at the start of a row."""
    if isinstance(cell, Row):
        return Problem(path, cell.line, 1, message, hint)
    return Problem(path, cell.line, cell.column, message, hint)


def _decode(path: str, data: bytes) -> str:
    """UTF-8 text; a leading BOM (as spreadsheets write) is dropped."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.single(
            path,
            f"not UTF-8 text (invalid byte at offset {exc.start})",
            hint="save the file as UTF-8",
        ) from None


def _read_csv(
    path: str, text: str, problems: ProblemCollector, expected: str, short_rows: bool = False
) -> Table:
    physical = io.StringIO(text, newline="").readlines()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    header_line: int | None = None
    rows: list[Row] = []
    previous_end = 0
    try:
        for cells in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            starts = _cell_starts("".join(physical[start - 1 : previous_end]), start)
            if header is None:
                header, header_line = [c.strip() for c in cells], start
                _check_header(path, header, starts, problems)
                continue
            if len(cells) != len(header) and not (short_rows and len(cells) < len(header)):
                problems.add(
                    Problem(
                        path,
                        start,
                        1,
                        f"row has {len(cells)} fields, the header has {len(header)}",
                        "quote values that contain commas",
                    )
                )
                continue
            located = {
                name: Cell(value.strip(), *starts[i])
                for i, (name, value) in enumerate(zip(header, cells, strict=False))
                if name
            }
            rows.append(Row(start, located))
    except csv.Error as exc:
        raise InputError.single(
            path, f"not valid CSV: {exc}", hint=expected, line=reader.line_num or None
        ) from None
    if header is None:
        raise InputError.single(path, "the file is empty", hint=f"expected {expected}")
    if not rows and not problems.problems:
        raise InputError.single(
            path, "the header has no data rows below it", hint=expected, line=header_line
        )
    return Table(path, "csv", tuple(header), header_line, tuple(rows))


def _check_header(
    path: str, header: list[str], starts: list[tuple[int, int]], problems: ProblemCollector
) -> None:
    seen: set[str] = set()
    for name, (line, column) in zip(header, starts, strict=False):
        if not name:
            problems.add(Problem(path, line, column, "a column has no name"))
        elif name in seen:
            problems.add(Problem(path, line, column, f"column {name!r} appears twice"))
        seen.add(name)


def _cell_starts(raw: str, first_line: int) -> list[tuple[int, int]]:
    """(line, column) where each field of one CSV record starts, quotes respected."""
    starts = [(first_line, 1)]
    line, column = first_line, 1
    in_quotes = False
    at_field_start = True
    index = 0
    while index < len(raw):
        char = raw[index]
        step = 1
        if in_quotes:
            if char == '"':
                if raw[index + 1 : index + 2] == '"':
                    step = 2  # an escaped quote inside a quoted field
                else:
                    in_quotes = False
            at_field_start = False
        elif char == '"' and at_field_start:
            in_quotes = True
            at_field_start = False
        elif char == ",":
            starts.append((line, column + 1))
            at_field_start = True
        elif char not in "\r\n":
            at_field_start = False
        if char == "\n" or (char == "\r" and raw[index + 1 : index + 2] != "\n"):
            line, column = line + 1, 1
        else:
            column += step
        index += step
    return starts


_SCALARS = (str, int, float, bool, type(None))


def _read_jsonl(path: str, text: str, problems: ProblemCollector, expected: str) -> Table:
    rows: list[Row] = []
    columns: dict[str, None] = {}
    for number, raw in enumerate(io.StringIO(text, newline="").readlines(), start=1):
        stripped = raw.strip()
        if not stripped:
            continue
        indent = len(raw) - len(raw.lstrip())
        try:
            entry = json.loads(stripped, object_pairs_hook=_unique_keys)
        except json.JSONDecodeError as exc:
            problems.add(
                Problem(path, number, indent + exc.colno, f"not valid JSON: {exc.msg}", expected)
            )
            continue
        except (ValueError, RecursionError) as exc:
            problems.add(Problem(path, number, indent + 1, f"not valid JSON: {exc}", expected))
            continue
        if not isinstance(entry, dict):
            problems.add(
                Problem(path, number, indent + 1, "expected a JSON object on this line", expected)
            )
            continue
        cells: dict[str, Cell] = {}
        nested = False
        for key, value in entry.items():
            column = _key_column(raw, key, indent + 1)
            if not isinstance(value, _SCALARS):
                nested = True
                problems.add(
                    Problem(
                        path,
                        number,
                        column,
                        f"{key}: expected text or a number, found a nested "
                        f"{'list' if isinstance(value, list) else 'object'}",
                    )
                )
                continue
            cells[key] = Cell(value, number, column)
            columns.setdefault(key, None)
        if not nested:  # a row with a nested value is reported once, then left out
            rows.append(Row(number, cells))
    if not rows and not problems.problems:
        raise InputError.single(path, "the file has no JSON objects", hint=f"expected {expected}")
    return Table(path, "jsonl", tuple(columns), None, tuple(rows))


class _RepeatedKey(ValueError):
    """A JSON object names the same key twice (json.loads would keep only the last)."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _RepeatedKey(f"key {key!r} appears twice")
        seen[key] = value
    return seen


def _key_column(raw: str, key: str, fallback: int) -> int:
    """The column where `"key":` stands on a JSON line (the fallback if it is spelled
    with escapes). Values are flat, so an unescaped quoted key followed by a colon can only
    be the key itself."""
    pattern = r"(?<!\\)" + re.escape(json.dumps(key, ensure_ascii=False)) + r"\s*:"
    found = re.search(pattern, raw)
    return found.start() + 1 if found else fallback


def as_text(value: Any) -> str | None:
    """A cell as text: CSV text stripped, JSON text, whole number or true/false spelled out,
    "" for JSON null; None for anything else (a fractional number is no label or name)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int):
        return str(value)
    return None


def describe(value: Any) -> str:
    """A short rendering of a bad value for a message."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
