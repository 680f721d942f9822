"""Plain metrics files a team writes or exports itself: JSON and CSV.

Both carry one metric per entry or row: `metric` and `value` (required), optional `ci_low`,
`ci_high`, `samples`, `scorer`, and slice columns. The slice columns are `language`,
`harm_category` and `attack_type`, plus any column named `slice:NAME` (CSV) or any key of
a `slice` object (JSON); an empty slice cell means the row is not sliced by that column.

JSON is either a bare list of entries or an object:
    {"task": ..., "task_version": ..., "model": ..., "created": "2025-01-31T12:00:00Z",
     "dataset": ..., "status": "success", "metrics": [{"metric": ..., "value": ...}]}
A file asserts its own numbers, so its status is "success" unless it says otherwise.

CSV comes in two shapes (docs/evidence-formats.md). Long: a `metric` and a `value` column,
one metric per row. Wide, as spreadsheets and evaluation harnesses export it: slice
columns, a `samples` (or `n`) column, and one column per metric, e.g.
`language,harmful_request_refusal_rate,samples`. Both are read through the one located CSV
reader (compliance.link.readers.tabular). NaN and infinity are refused in both formats and
in JSON (a file a team writes asserts finite numbers). CSV has no place for run facts:
task, model and created are unknown (freshness then comes from the file's last commit).
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

from compliance.core.errors import InputError, Problem, ProblemCollector
from compliance.core.text import decode_text
from compliance.core.wording import plural
from compliance.link.readers.base import (
    EvaluationReader,
    load_json,
    number,
    parse_created,
    suffix,
)
from compliance.link.readers.model import (
    USABLE_STATUS,
    EvaluationFormat,
    EvaluationResult,
    Metric,
)
from compliance.link.readers.tabular import Table, read_table

SLICE_COLUMNS = ("language", "harm_category", "attack_type")
SLICE_PREFIX = "slice:"
REQUIRED = ("metric", "value")
OPTIONAL = ("ci_low", "ci_high", "samples", "scorer")
TOP_LEVEL_KEYS = (
    "task",
    "task_version",
    "model",
    "created",
    "dataset",
    "status",
    "invalidated",
    "samples_total",
    "samples_completed",
    "metrics",
)
_CSV_EXPECTED = (
    "a header row with metric,value and optionally ci_low, ci_high, samples, scorer, "
    f"{', '.join(SLICE_COLUMNS)} or slice:NAME columns"
)


class _Row:
    """One entry's raw fields and where it came from, before validation."""

    def __init__(self, fields: dict[str, Any], line: int | None, label: str) -> None:
        self.fields = fields
        self.line = line
        self.label = label


class MetricsJsonReader(EvaluationReader):
    """A JSON file of metrics: a bare list, or an object with run facts and `metrics`."""

    format: ClassVar[EvaluationFormat] = "metrics-json"
    description: ClassVar[str] = 'metrics JSON (.json: a list of {"metric": ..., "value": ...})'

    def can_read(self, path: str, head: bytes) -> bool:
        """Any other .json file; its content is checked when read."""
        return suffix(path) == ".json"

    def read(self, path: str, data: bytes) -> EvaluationResult:
        """Validate every entry, reporting all bad ones at once."""
        document = load_json(path, decode_text(path, data))
        facts: dict[str, Any] = {}
        if isinstance(document, dict):
            unknown = sorted(set(document) - set(TOP_LEVEL_KEYS))
            if unknown:
                raise InputError.single(
                    path,
                    f"unknown top-level {plural(len(unknown), 'key')}: {', '.join(unknown)}",
                    hint=f"expected only {', '.join(TOP_LEVEL_KEYS)}",
                )
            if "metrics" not in document:
                raise InputError.single(
                    path, 'no "metrics" list', hint='expected {"metrics": [{"metric": ...}]}'
                )
            facts, entries = document, document["metrics"]
        else:
            entries = document
        if not isinstance(entries, list):
            raise InputError.single(
                path,
                f"metrics must be a list, found {_kind(entries)}",
                hint='expected [{"metric": "accuracy", "value": 0.9}, ...]',
            )
        if not entries:
            raise InputError.single(path, "no metrics", hint="expected at least one entry")
        rows: list[_Row] = []
        problems = ProblemCollector()
        for index, entry in enumerate(entries):
            label = f"metrics[{index}]"
            if not isinstance(entry, dict):
                problems.add(
                    Problem(path, message=f"{label}: expected an object, found {_kind(entry)}")
                )
                continue
            fields = dict(entry)
            nested = fields.pop("slice", None)
            if nested is not None:
                if not isinstance(nested, dict) or not all(
                    isinstance(v, str) for v in nested.values()
                ):
                    problems.add(
                        Problem(
                            path,
                            message=f"{label}.slice: expected an object of text values",
                            hint='e.g. "slice": {"region": "eu"}',
                        )
                    )
                    continue
                fields.update({SLICE_PREFIX + k: v for k, v in nested.items()})
            rows.append(_Row(fields, None, label))
        metrics, warnings = _build_metrics(path, rows, problems, from_csv=False)
        problems.raise_if_any()
        return _result(path, self.format, facts, metrics, warnings)


class MetricsCsvReader(EvaluationReader):
    """A CSV file of metrics, one per row, with a header row."""

    format: ClassVar[EvaluationFormat] = "metrics-csv"
    description: ClassVar[str] = "metrics CSV (.csv with columns metric,value)"

    def can_read(self, path: str, head: bytes) -> bool:
        """Any .csv file."""
        return suffix(path) == ".csv"

    def read(self, path: str, data: bytes) -> EvaluationResult:
        """Validate every row, reporting all bad ones at once with their line numbers.

        A header with a `metric` (or `value`) column is the long format, one metric per
        row; any other header is the wide format, one metric per column (see _wide_rows).
        """
        problems = ProblemCollector()
        table = read_table(path, data, problems, _CSV_EXPECTED)
        columns = list(table.columns)
        if "metric" in columns or "value" in columns:
            _check_columns(path, columns, table.header_line)
            rows = [
                _Row(
                    {name: cell.value for name, cell in row.cells.items() if cell.value},
                    row.line,
                    f"row {row.line}",
                )
                for row in table.rows
            ]
        else:
            rows = _wide_rows(path, table, problems)
        metrics, warnings = _build_metrics(path, rows, problems, from_csv=True)
        problems.raise_if_any()
        return _result(path, self.format, {}, metrics, warnings)


WIDE_COUNT = ("samples", "n")
"""Columns of a wide metrics CSV that hold the row's sample count."""
WIDE_ROW_TEXT = ("scorer",)


def _wide_rows(path: str, table: Table, problems: ProblemCollector) -> list[_Row]:
    """Long-format rows from a wide CSV: slice columns, a count column, one column per metric.

    `language,harmful_request_refusal_rate,samples` gives one metric per row and metric
    column, sliced by the row's slice cells, with the row's count as its samples. An empty
    metric cell means that row did not measure that metric. ci_low and ci_high are allowed
    when the file has exactly one metric column.
    """
    columns = list(table.columns)
    slices = [c for c in columns if c in SLICE_COLUMNS or c.startswith(SLICE_PREFIX)]
    counts = [c for c in columns if c in WIDE_COUNT]
    interval = [c for c in columns if c in ("ci_low", "ci_high")]
    reserved = {*slices, *counts, *interval, *WIDE_ROW_TEXT}
    metrics = [c for c in columns if c and c not in reserved]
    line = table.header_line
    if len(counts) > 1:
        problems.add(
            Problem(path, line, 1, "both 'samples' and 'n' columns", "keep one count column")
        )
    if not metrics:
        problems.add(
            Problem(
                path,
                line,
                1,
                "no metric column",
                f"expected {_CSV_EXPECTED} (long format), or slice columns, a samples (or n) "
                "column and one column per metric (wide format)",
            )
        )
    if interval and len(metrics) > 1:
        problems.add(
            Problem(
                path,
                line,
                1,
                "ci_low/ci_high columns in a wide file with several metric columns",
                "an interval column is only unambiguous with one metric column; use the long "
                "format (metric,value,ci_low,ci_high) for intervals of several metrics",
            )
        )
    if problems.problems:
        return []
    count = counts[0] if counts else None
    rows: list[_Row] = []
    for row in table.rows:
        shared: dict[str, Any] = {}
        for name in [*slices, *interval, *WIDE_ROW_TEXT]:
            cell = row.get(name)
            if cell is not None and cell.value:
                shared[name] = cell.value
        if count is not None and (cell := row.get(count)) is not None and cell.value:
            shared["samples"] = cell.value
        for metric in metrics:
            cell = row.get(metric)
            if cell is None or not cell.value:
                continue
            label = f"row {row.line}, column {metric!r}"
            rows.append(_Row({**shared, "metric": metric, "value": cell.value}, row.line, label))
    if not rows and table.rows:
        problems.add(Problem(path, line, 1, "no metric values below the header", _CSV_EXPECTED))
    return rows


def _check_columns(path: str, columns: list[str], line: int | None) -> None:
    """Every column is known, none repeats, and metric and value are present."""
    known = set(REQUIRED) | set(OPTIONAL) | set(SLICE_COLUMNS)
    problems = ProblemCollector()
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            problems.add(Problem(path, line, message=f"column {column!r} appears twice"))
        seen.add(column)
        is_slice = column.startswith(SLICE_PREFIX) and len(column) > len(SLICE_PREFIX)
        if column not in known and not is_slice:
            problems.add(
                Problem(
                    path,
                    line,
                    message=f"unknown column {column!r}",
                    hint=f"expected {_CSV_EXPECTED}; name a custom slice column slice:{column}",
                )
            )
    for column in REQUIRED:
        if column not in seen:
            problems.add(
                Problem(path, line, message=f"missing column {column!r}", hint=_CSV_EXPECTED)
            )
    problems.raise_if_any()


def _build_metrics(
    path: str, rows: list[_Row], problems: ProblemCollector, *, from_csv: bool
) -> tuple[list[Metric], list[str]]:
    """Validated metrics from raw rows; each bad row adds a problem instead of stopping."""
    metrics: list[Metric] = []
    warnings: list[str] = []
    first_seen: dict[tuple[str, tuple[tuple[str, str], ...]], str] = {}
    known = set(REQUIRED) | set(OPTIONAL) | set(SLICE_COLUMNS)
    for row in rows:
        errors: list[str] = []

        unknown = sorted(k for k in row.fields if k not in known and not k.startswith(SLICE_PREFIX))
        if unknown:
            errors.append(
                f"unknown {plural(len(unknown), 'key')} {', '.join(unknown)}; "
                "expected metric, value, "
                f"{', '.join(OPTIONAL)}, {', '.join(SLICE_COLUMNS)} or a slice object"
            )
        name = row.fields.get("metric")
        if name is None or name == "":
            errors.append("metric is missing; expected the metric's name")
        elif not isinstance(name, str) or not name.strip():
            errors.append(f"metric must be a name, found {_kind(name)}")
        parse_number = _csv_float if from_csv else number
        value = _field(row, errors, "value", parse_number, "a number; expected e.g. 0.93")
        if row.fields.get("value") is None:
            errors.append("value is missing; expected a number such as 0.93")
        ci_low = _field(row, errors, "ci_low", parse_number, "a number")
        ci_high = _field(row, errors, "ci_high", parse_number, "a number")
        parse_count = _csv_int if from_csv else _json_int
        samples = _field(row, errors, "samples", parse_count, "a whole number >= 0")
        scorer = _field(row, errors, "scorer", _text, "text")
        slice_: dict[str, str] = {}
        for key, raw in row.fields.items():
            if key in SLICE_COLUMNS or key.startswith(SLICE_PREFIX):
                if not isinstance(raw, str):
                    errors.append(f"{key} must be text, found {_kind(raw)}")
                elif raw:
                    slice_[key.removeprefix(SLICE_PREFIX)] = raw
        for key, parsed in (("value", value), ("ci_low", ci_low), ("ci_high", ci_high)):
            if parsed is not None and not math.isfinite(parsed):
                errors.append(
                    f"{key} {_show(row.fields.get(key))} is not a finite number; NaN and "
                    "infinity are refused in metrics files: write the measured number, "
                    "or leave the metric out"
                )
        if errors or value is None or not math.isfinite(value):
            problems.add(Problem(path, row.line, message=f"{row.label}: " + "; ".join(errors)))
            continue
        if ci_low is not None and ci_high is not None and ci_low > ci_high:
            errors.append(f"ci_low {ci_low} is above ci_high {ci_high}")
        if errors or value is None or not isinstance(name, str):
            problems.add(Problem(path, row.line, message=f"{row.label}: " + "; ".join(errors)))
            continue
        name = name.strip()
        ident = (name, tuple(sorted(slice_.items())))
        if ident in first_seen:
            problems.add(
                Problem(
                    path,
                    row.line,
                    message=f"{row.label}: metric {name} {slice_ or '(overall)'} "
                    f"repeats {first_seen[ident]}",
                    hint="each metric and slice may appear once",
                )
            )
            continue
        first_seen[ident] = row.label
        if (ci_low is not None and ci_low > value) or (ci_high is not None and ci_high < value):
            warnings.append(f"{row.label}: {name} = {value} lies outside its interval")
        metrics.append(Metric(name, value, slice_, ci_low, ci_high, samples, scorer))
    return metrics, warnings


def _field(row: _Row, errors: list[str], key: str, parse: Any, expected: str) -> Any:
    """One optional field parsed, or None; a bad value is recorded in `errors`, not raised."""
    raw = row.fields.get(key)
    if raw is None:
        return None
    parsed = parse(raw)
    if parsed is None:
        errors.append(f"{key} {_show(raw)} is not {expected}")
    return parsed


def _result(
    path: str,
    fmt: EvaluationFormat,
    facts: dict[str, Any],
    metrics: list[Metric],
    warnings: list[str],
) -> EvaluationResult:
    """The result, with the optional run facts of a JSON object checked."""
    problems = ProblemCollector()

    def text(key: str) -> str | None:
        """An optional text fact (a number is accepted for task_version)."""
        value = facts.get(key)
        if value is None:
            return None
        if key == "task_version" and number(value) is not None:
            return str(value)
        if not isinstance(value, str):
            problems.add(Problem(path, message=f"{key}: expected text, found {_kind(value)}"))
            return None
        return value

    def count(key: str) -> int | None:
        """An optional sample count."""
        value = facts.get(key)
        if value is not None and _json_int(value) is None:
            problems.add(Problem(path, message=f"{key}: expected a whole number >= 0"))
            return None
        return value

    created = None
    if facts.get("created") is not None:
        created = parse_created(facts["created"])
        if created is None:
            problems.add(
                Problem(
                    path,
                    message=f"created {_show(facts['created'])} is not a date and time with "
                    "a timezone",
                    hint='expected ISO 8601, e.g. "2025-01-31T12:00:00Z" or "2025-01-31"',
                )
            )
    elif fmt == "metrics-json":
        warnings.append(
            "no created date: the run time is unknown, "
            "so freshness falls back to the file's last commit"
        )
    invalidated = facts.get("invalidated", False)
    if not isinstance(invalidated, bool):
        problems.add(Problem(path, message="invalidated: expected true or false"))
        invalidated = False
    status = text("status") or USABLE_STATUS
    result = EvaluationResult(
        path=path,
        format=fmt,
        task=text("task"),
        task_version=text("task_version"),
        model=text("model"),
        status=status,
        created=created,
        dataset=text("dataset"),
        samples_total=count("samples_total"),
        samples_completed=count("samples_completed"),
        invalidated=invalidated,
        metrics=metrics,
        warnings=warnings,
    )
    problems.raise_if_any()
    if status != USABLE_STATUS:
        warnings.append(
            f"run status is {status!r}, not {USABLE_STATUS!r}: its metrics do not count as evidence"
        )
    if invalidated:
        warnings.append("the file marks this run invalidated: its metrics do not count as evidence")
    return result


def _text(value: object) -> str | None:
    """A non-empty string, or None."""
    return value if isinstance(value, str) and value else None


def _csv_float(text: str) -> float | None:
    """A CSV cell as a number, or None."""
    try:
        return float(text)
    except ValueError:
        return None


def _csv_int(text: str) -> int | None:
    """A CSV cell as a non-negative whole number, or None."""
    return int(text) if text.isascii() and text.isdigit() else None


def _json_int(value: object) -> int | None:
    """A JSON value as a non-negative whole number, or None."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def _kind(value: object) -> str:
    """The JSON name of a value's type, for messages."""
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def _show(value: object) -> str:
    """A short rendering of a bad value for a message."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
