"""Inspect AI evaluation logs: `.json` logs and `.eval` archives (zip, zstd by default).

Metric naming: every metric is named "scorer/metric", where scorer is the score's name in
`results.scores[]` and metric is its key in that score's `metrics` (what Inspect's viewer
shows). A `grouped(metric, "language")` metric becomes the inner metric's name with a slice,
e.g. "includes/accuracy" with slice {"language": "sw"}; its "all" aggregate (computed over
all samples) is the overall figure, with an empty slice. A plain name such as "accuracy"
also finds "includes/accuracy" when only one scorer reports "accuracy"
(EvaluationResult.resolve_name).

Samples: a log that carries its samples (every .eval entry under samples/, the "samples"
list of a .json) is read down to each sample's id, epoch, scalar metadata, numeric score
values, error and invalidation (SampleRecord). They give the mean-of-scores figures
(`accuracy`, `mean`) their sample counts and successes, and let a rule slice by any
metadata key (EvaluationResult.by / find). The overall figure also carries the scorer's
own `stderr` metric.

Only a run with status "success" whose samples were not invalidated counts as evidence
(EvaluationResult.usable); other runs are still read, so a report can say why they do not.
"""

from __future__ import annotations

import importlib.util
import io
import math
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, ClassVar

import zstandard

from compliance.core.errors import InputError
from compliance.core.text import decode_text
from compliance.link.readers.base import (
    EvaluationReader,
    load_json,
    non_finite_warning,
    number,
    parse_created,
    suffix,
)
from compliance.link.readers.model import (
    SAMPLE_SLICEABLE,
    USABLE_STATUS,
    EvaluationFormat,
    EvaluationResult,
    Metric,
    SampleRecord,
    per_sample_values,
    sample_metric,
)

MAX_ENTRY_BYTES = 256 * 1024 * 1024
"""The most a single archive entry may expand to; more is refused as a likely zip bomb."""

HEADER_ENTRY = "header.json"
START_ENTRY = "_journal/start.json"
SAMPLES_DIR = "samples/"
SUMMARIES_DIR = "_journal/summaries/"

_STORED, _DEFLATED, _ZSTANDARD = 0, 8, 93
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
_LOCAL_SIGNATURE = b"PK\x03\x04"
_INSPECT_JSON_START = re.compile(rb'\s*\{\s*"version"\s*:\s*\d')
_INSPECT_JSON_EVAL = re.compile(rb'"eval"\s*:\s*\{')


def inspect_ai_installed() -> bool:
    """Whether the optional inspect_ai package can be imported."""
    return importlib.util.find_spec("inspect_ai") is not None


class _InspectReader(EvaluationReader):
    """What the JSON and archive readers share: the choice of parser and the conversion."""

    def __init__(
        self, *, use_inspect_ai: bool | None = None, max_entry_bytes: int = MAX_ENTRY_BYTES
    ) -> None:
        # None: use inspect_ai when it is installed, since it migrates logs written by older
        # Inspect versions; the built-in reader covers the current documented format.
        self.use_inspect_ai = inspect_ai_installed() if use_inspect_ai is None else use_inspect_ai
        self.max_entry_bytes = max_entry_bytes

    def _via_inspect_ai(self, path: str, data: bytes, log_format: str) -> dict[str, Any]:
        """The log header as read by inspect_ai's read_eval_log, as plain Python values."""
        from inspect_ai.log import read_eval_log

        try:
            log = read_eval_log(io.BytesIO(data), header_only=True, format=log_format)  # type: ignore[arg-type]
        except Exception as exc:  # any failure of a third-party parser is a bad input file
            raise InputError.single(
                path,
                f"inspect_ai could not read this log: {type(exc).__name__}: {_first_line(exc)}",
                hint=f"expected an Inspect AI .{log_format} log",
            ) from None
        return log.model_dump(exclude={"samples", "reductions", "location", "etag"})


class InspectJsonReader(_InspectReader):
    """An Inspect AI log written with log_format="json"."""

    format: ClassVar[EvaluationFormat] = "inspect-json"
    description: ClassVar[str] = 'Inspect AI log (.json with an "eval" object)'

    def can_read(self, path: str, head: bytes) -> bool:
        """A .json file that opens like an Inspect log (version, status, eval come first)."""
        if suffix(path) != ".json":
            return False
        head = head.lstrip()
        # The substring test first: a regex search over every head took a tenth of a large
        # index, and most JSON evidence names no "eval" at all.
        return bool(_INSPECT_JSON_START.match(head)) or (
            b'"eval"' in head and bool(_INSPECT_JSON_EVAL.search(head))
        )

    def read(self, path: str, data: bytes) -> EvaluationResult:
        """Read the header fields and results; the samples are not needed for metrics."""
        document = load_json(path, decode_text(path, data))
        raw_samples = document.get("samples") if isinstance(document, dict) else None
        samples = parse_samples(path, raw_samples or [])
        if self.use_inspect_ai:
            header = self._via_inspect_ai(path, data, "json")
            return result_from_header(path, self.format, header, samples)
        return result_from_header(path, self.format, document, samples)


class InspectEvalReader(_InspectReader):
    """An Inspect AI `.eval` archive: a zip whose entries are JSON, zstd-compressed by default."""

    format: ClassVar[EvaluationFormat] = "inspect-eval"
    description: ClassVar[str] = "Inspect AI log archive (.eval)"

    def can_read(self, path: str, head: bytes) -> bool:
        """Claimed by extension, so that a damaged archive still gets an archive error."""
        return suffix(path) == ".eval"

    def read(self, path: str, data: bytes) -> EvaluationResult:
        """Read header.json (or, for a run that never finished, the journal's start.json)."""
        members = _zip_members(path, data)
        if self.use_inspect_ai:
            # inspect_ai would decompress without a size bound; hand it only the entries it
            # needs for the header, already decompressed by the bounded reader below.
            trimmed = _rebuild_header_archive(path, data, members, self.max_entry_bytes)
            header = self._via_inspect_ai(path, trimmed, "eval")
        else:
            header = _header_from_archive(path, data, members, self.max_entry_bytes)
        samples = _samples_from_archive(path, data, members, self.max_entry_bytes)
        return result_from_header(path, self.format, header, samples)


def _samples_from_archive(
    path: str, data: bytes, members: Mapping[str, zipfile.ZipInfo], limit: int
) -> tuple[SampleRecord, ...]:
    """Every samples/*.json entry of the archive, each size-checked, in name order."""
    entries = []
    total = 0
    for name in sorted(members):
        if not name.startswith(SAMPLES_DIR) or not name.endswith(".json"):
            continue
        info = members[name]
        total += info.file_size
        if total > limit:
            raise InputError.single(
                path,
                f"the archive's samples expand to {total} bytes, over the limit of {limit}",
                hint="refused as a possible zip bomb; split the evaluation into several logs",
            )
        entries.append(_member_json(path, data, info, limit))
    return parse_samples(path, entries)


_SCORE_LETTERS = {"C": 1.0, "I": 0.0, "P": 0.5, "N": 0.0}
"""Inspect's CORRECT, INCORRECT, PARTIAL and NOANSWER score values, as its metrics count them."""
_SCORE_WORDS = {"yes": 1.0, "true": 1.0, "no": 0.0, "false": 0.0}


def score_number(value: object) -> float | None:
    """A sample score's value as a number, as Inspect's accuracy and mean count it."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        result = number(value)
        return result if result is not None and math.isfinite(result) else None
    if isinstance(value, str):
        text = value.strip()
        if text in _SCORE_LETTERS:
            return _SCORE_LETTERS[text]
        if text.lower() in _SCORE_WORDS:
            return _SCORE_WORDS[text.lower()]
        try:
            parsed = float(text)
        except ValueError:
            return None
        return parsed if math.isfinite(parsed) else None
    return None


def _metadata_text(value: object) -> str | None:
    """A scalar metadata value as slice text; None for lists, objects and null."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and math.isfinite(value):
        return str(value)
    return None


def parse_samples(path: str, entries: list[Any]) -> tuple[SampleRecord, ...]:
    """The samples of a log (as parsed JSON), reduced to what slicing and pairing need."""
    if not isinstance(entries, list):
        raise _wrong_type(path, "samples", "a list", entries)
    out = []
    for index, entry in enumerate(entries):
        where = f"samples[{index}]"
        if not isinstance(entry, dict):
            raise _wrong_type(path, where, "an object", entry)
        ident = entry.get("id")
        if isinstance(ident, bool) or not isinstance(ident, str | int):
            raise _wrong_type(path, f"{where}.id", "a text or integer id", ident)
        epoch = entry.get("epoch", 1)
        epoch = epoch if isinstance(epoch, int) and not isinstance(epoch, bool) else 1
        metadata = entry.get("metadata") or {}
        if not isinstance(metadata, dict):
            raise _wrong_type(path, f"{where}.metadata", "an object", metadata)
        scores = entry.get("scores") or {}
        if not isinstance(scores, dict):
            raise _wrong_type(path, f"{where}.scores", "an object", scores)
        out.append(
            SampleRecord(
                id=str(ident),
                epoch=epoch,
                metadata={
                    str(k): text
                    for k, v in metadata.items()
                    if (text := _metadata_text(v)) is not None
                },
                scores={
                    str(k): score_number(v.get("value")) if isinstance(v, dict) else None
                    for k, v in scores.items()
                },
                errored=entry.get("error") is not None,
                invalidated=entry.get("invalidation") is not None,
            )
        )
    return tuple(out)


def _header_from_archive(
    path: str, data: bytes, members: Mapping[str, zipfile.ZipInfo], limit: int
) -> Any:
    """The log header: header.json, or start.json for a run that never wrote one."""
    if HEADER_ENTRY in members:
        return _member_json(path, data, members[HEADER_ENTRY], limit)
    if START_ENTRY in members:
        start = _member_json(path, data, members[START_ENTRY], limit)
        if not isinstance(start, dict):
            raise InputError.single(path, f"{START_ENTRY} is not a JSON object")
        # the same header inspect_ai builds from the journal: no status yet, no results
        return {"version": start.get("version"), "eval": start.get("eval"), "status": "started"}
    raise _no_header(path)


def _no_header(path: str) -> InputError:
    """The error for an archive without a log header."""
    return InputError.single(
        path,
        f"archive has neither {HEADER_ENTRY} nor {START_ENTRY}",
        hint="expected an Inspect AI .eval log",
    )


def _member_json(path: str, data: bytes, info: zipfile.ZipInfo, limit: int) -> Any:
    """One archive entry parsed as JSON; errors name the entry inside the archive."""
    raw = read_member(path, data, info, limit)
    try:
        return load_json(f"{path}!{info.filename}", decode_text(f"{path}!{info.filename}", raw))
    except InputError as exc:
        # keep the archive's own path first, so the user knows which file to look at
        raise InputError.single(path, f"entry {info.filename}: {exc.problems[0].message}") from None


def _zip_members(path: str, data: bytes) -> dict[str, zipfile.ZipInfo]:
    """The archive's entries by name, from its central directory (last entry of a name wins)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, struct.error) as exc:
        raise InputError.single(
            path,
            f"not a readable .eval archive, it may be truncated or corrupted ({exc})",
            hint="expected an Inspect AI .eval log (a zip archive); re-copy the original file",
        ) from None
    # Inspect appends a re-logged entry under the same name; readers take the newest one.
    return {info.filename: info for info in infos}


def read_member(path: str, data: bytes, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Decompress one entry from the raw archive bytes, never producing more than `limit`."""
    entry = info.filename
    if info.file_size > limit:
        raise InputError.single(
            path,
            f"entry {entry} would expand to {info.file_size} bytes, over the limit of {limit}",
            hint="refused as a possible zip bomb; an Inspect log header is far smaller",
        )
    if info.flag_bits & 0x1:
        raise InputError.single(path, f"entry {entry} is encrypted", hint="expected a plain .eval")
    offset = info.header_offset
    if offset < 0 or offset + _LOCAL_HEADER.size > len(data):
        raise _corrupt(path, entry, "its local header lies outside the file")
    fields = _LOCAL_HEADER.unpack_from(data, offset)
    if fields[0] != _LOCAL_SIGNATURE:
        raise _corrupt(path, entry, "its local header signature is wrong")
    start = offset + _LOCAL_HEADER.size + fields[9] + fields[10]
    compressed = data[start : start + info.compress_size]
    if len(compressed) != info.compress_size:
        raise _corrupt(path, entry, "its compressed data is cut short")

    # Decompress at most one byte more than declared, so a lying size is caught cheaply.
    cap = info.file_size + 1
    if info.compress_type == _STORED:
        raw = compressed
    elif info.compress_type == _DEFLATED:
        try:
            raw = zlib.decompressobj(-zlib.MAX_WBITS).decompress(compressed, cap)
        except zlib.error as exc:
            raise _corrupt(path, entry, f"deflate data is invalid ({exc})") from None
    elif info.compress_type == _ZSTANDARD:
        raw = _zstd_decompress(path, entry, compressed, cap)
    else:
        raise InputError.single(
            path,
            f"entry {entry} uses zip compression method {info.compress_type}",
            hint="expected stored, deflate or zstandard (Inspect's default)",
        )
    if len(raw) != info.file_size:
        raise _corrupt(
            path, entry, f"it expands to {len(raw)} bytes, not the {info.file_size} declared"
        )
    if zlib.crc32(raw) != info.CRC:
        raise _corrupt(path, entry, "its checksum does not match")
    return raw


def _zstd_decompress(path: str, entry: str, compressed: bytes, cap: int) -> bytes:
    """Zstandard data, across every frame (Inspect splits large entries), up to `cap` bytes."""
    chunks: list[bytes] = []
    size = 0
    try:
        reader = zstandard.ZstdDecompressor().stream_reader(
            io.BytesIO(compressed), read_across_frames=True
        )
        with reader:
            while size < cap:
                chunk = reader.read(min(cap - size, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
    except zstandard.ZstdError as exc:
        raise _corrupt(path, entry, f"zstandard data is invalid ({exc})") from None
    return b"".join(chunks)


def _corrupt(path: str, entry: str, why: str) -> InputError:
    """The error for a damaged archive entry."""
    return InputError.single(
        path,
        f"archive entry {entry} is corrupted or truncated: {why}",
        hint="re-copy the original .eval file",
    )


def _rebuild_header_archive(
    path: str, data: bytes, members: Mapping[str, zipfile.ZipInfo], limit: int
) -> bytes:
    """A small stored zip of the entries inspect_ai reads for a header, each size-checked."""
    if HEADER_ENTRY not in members and START_ENTRY not in members:
        raise _no_header(path)
    buffer = io.BytesIO()
    total = 0
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as out:
        for name, info in members.items():
            if name.startswith((SAMPLES_DIR, SUMMARIES_DIR)) or name.endswith("/"):
                continue  # samples are not needed for a header, and may be large
            raw = read_member(path, data, info, limit)
            total += len(raw)
            if total > limit:
                raise InputError.single(
                    path,
                    f"the archive's header entries expand to over {limit} bytes",
                    hint="refused as a possible zip bomb; an Inspect log header is far smaller",
                )
            out.writestr(name, raw)
    return buffer.getvalue()


def result_from_header(
    path: str, fmt: EvaluationFormat, header: Any, samples: tuple[SampleRecord, ...] = ()
) -> EvaluationResult:
    """Convert an Inspect log header (parsed JSON or inspect_ai's model dump) to a result;
    the samples, when the log carries them, give every mean-of-scores figure its counts."""
    if not isinstance(header, dict) or not isinstance(header.get("eval"), dict):
        raise InputError.single(
            path,
            'no "eval" object at the top level',
            hint='expected an Inspect AI log: {"version": 2, "status": ..., "eval": {...}}',
        )
    spec: dict[str, Any] = header["eval"]
    warnings: list[str] = []

    status = header.get("status") or "started"
    if not isinstance(status, str):
        raise _wrong_type(path, "status", "a string", status)
    invalidated = header.get("invalidated", False)
    if not isinstance(invalidated, bool):
        raise _wrong_type(path, "invalidated", "true or false", invalidated)

    created = parse_created(spec.get("created"))
    if created is None:
        warnings.append(
            "eval.created is missing or has no timezone: the run time is unknown, "
            "so freshness falls back to the file's last commit"
        )
    dataset = spec.get("dataset") if isinstance(spec.get("dataset"), dict) else {}
    task_version = spec.get("task_version", 0)

    results = header.get("results")
    if results is not None and not isinstance(results, dict):
        raise _wrong_type(path, "results", "an object", results)
    total = _opt_int(path, results, "total_samples") if results else None
    completed = _opt_int(path, results, "completed_samples") if results else None
    metrics = _metrics(path, results.get("scores", []) if results else [], warnings)
    metrics = _with_counts(metrics, samples)

    if status != USABLE_STATUS:
        error = header.get("error")
        reason = error.get("message") if isinstance(error, dict) else None
        warnings.append(
            f"run status is {status!r}, not {USABLE_STATUS!r}"
            + (f" ({reason})" if isinstance(reason, str) and reason else "")
            + ": its metrics do not count as evidence"
        )
    elif results is None:
        warnings.append("the log has no results: no scorer ran")
    if invalidated:
        warnings.append(
            "samples of this run were invalidated after it ran: "
            "its metrics do not count as evidence until the run is repeated"
        )
    if total is not None and completed is not None and completed < total:
        warnings.append(f"only {completed} of {total} samples completed")

    return EvaluationResult(
        path=path,
        format=fmt,
        task=_opt_str(spec.get("task")),
        task_version=None if task_version is None else str(task_version),
        model=_opt_str(spec.get("model")),
        status=status,
        created=created,
        dataset=_opt_str(dataset.get("name")) or _opt_str(dataset.get("location")),
        samples_total=total,
        samples_completed=completed,
        invalidated=invalidated,
        metrics=metrics,
        warnings=warnings,
        samples=samples,
    )


def _with_counts(metrics: list[Metric], samples: tuple[SampleRecord, ...]) -> list[Metric]:
    """Attach what the log knows about each mean-of-scores figure: the scorer's own stderr
    (overall), and from the samples the count and, for 0/1 scores, the successes."""
    stderrs = {
        m.scorer: m.value
        for m in metrics
        if not m.slice and m.name.rsplit("/", 1)[-1] == "stderr" and math.isfinite(m.value)
    }
    out = []
    for m in metrics:
        if m.name.rsplit("/", 1)[-1] not in SAMPLE_SLICEABLE or m.scorer is None:
            out.append(m)
            continue
        update: dict[str, Any] = {}
        if not m.slice and m.scorer in stderrs:
            update["stderr"] = stderrs[m.scorer]
        values = list(per_sample_values(samples, m.scorer, m.slice).values()) if samples else []
        if values:
            counted = sample_metric(m.name, m.scorer, m.slice, values)
            # the log's own count for the overall figure wins; a slice's count is the samples'
            if m.samples is None or m.samples == counted.samples:
                update["samples"] = counted.samples
                update["successes"] = counted.successes
        out.append(replace(m, **update) if update else m)
    return out


def _metrics(path: str, scores: Any, warnings: list[str]) -> list[Metric]:
    """Every scorer's metrics, named by the module's rule, duplicates folded."""
    if not isinstance(scores, list):
        raise _wrong_type(path, "results.scores", "a list", scores)
    found: dict[tuple[str, tuple[tuple[str, str], ...]], Metric] = {}
    out: list[Metric] = []
    for index, score in enumerate(scores):
        where = f"results.scores[{index}]"
        if not isinstance(score, dict):
            raise _wrong_type(path, where, "an object", score)
        scorer = _opt_str(score.get("name")) or _opt_str(score.get("scorer"))
        if scorer is None:
            raise _wrong_type(path, f"{where}.name", "a scorer name", score.get("name"))
        scored = score.get("scored_samples")
        scored = scored if isinstance(scored, int) and not isinstance(scored, bool) else None
        entries = score.get("metrics") or {}
        if not isinstance(entries, dict):
            raise _wrong_type(path, f"{where}.metrics", "an object", entries)
        for key, entry in entries.items():
            if not isinstance(entry, dict):
                raise _wrong_type(path, f"{where}.metrics.{key}", "an object", entry)
            value = number(entry.get("value"))
            if value is None:
                raise _wrong_type(
                    path, f"{where}.metrics.{key}.value", "a number", entry.get("value")
                )
            name, slice_ = _metric_name(scorer, str(key), entry)
            metric = Metric(
                name=name,
                value=value,
                slice=slice_,
                samples=None if slice_ else scored,
                scorer=scorer,
            )
            ident = (name, tuple(sorted(slice_.items())))
            if ident in found:
                # grouped(..., all="samples") repeats the overall figure of a plain metric
                if _same(found[ident].value, value):
                    continue
                warnings.append(f"metric {name} {slice_ or ''} is reported twice, differently")
            found[ident] = metric
            out.append(metric)
            if (text := non_finite_warning(name, slice_, value)) is not None:
                warnings.append(text)
    return out


def _metric_name(scorer: str, key: str, entry: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """The metric's full name and slice; see the module docstring for the rule."""
    params = entry.get("params")
    params = params if isinstance(params, dict) else {}
    group_key = params.get("group_key")
    inner = params.get("metric")
    if not (isinstance(group_key, str) and isinstance(inner, dict)):
        return f"{scorer}/{key}", {}
    inner_name = inner.get("name")
    if not isinstance(inner_name, str) or not inner_name:
        return f"{scorer}/{key}", {}
    # a registry name may carry a package prefix ("pkg/metric"); "/" separates the scorer
    name = f"{scorer}/{inner_name.rsplit('/', 1)[-1]}"
    label = entry.get("name")
    label = label if isinstance(label, str) else key
    aggregate = params.get("all", "samples")
    if aggregate is not False and label == params.get("all_label", "all"):
        # "samples" recomputes the metric over everything: the overall figure. "groups" is
        # a mean of the group figures, a different number, so it keeps its own slice label.
        return name, ({} if aggregate == "samples" else {group_key: label})
    return name, {group_key: label}


def _same(a: float, b: float) -> bool:
    """Equal, counting NaN as equal to NaN."""
    return a == b or (math.isnan(a) and math.isnan(b))


def _opt_str(value: object) -> str | None:
    """A non-empty string, else None."""
    return value if isinstance(value, str) and value else None


def _opt_int(path: str, mapping: dict[str, Any], key: str) -> int | None:
    """An optional non-negative integer field of `results`."""
    value = mapping.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _wrong_type(path, f"results.{key}", "a non-negative integer", value)
    return value


def _wrong_type(path: str, where: str, expected: str, found: object) -> InputError:
    """The error for a field of the wrong kind."""
    shown = type(found).__name__ if found is not None else "nothing"
    return InputError.single(
        path, f"{where}: expected {expected}, found {shown}", hint="expected an Inspect AI log"
    )


def _first_line(exc: BaseException) -> str:
    """The first line of an exception's message (pydantic's run to many lines)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else "no details"
