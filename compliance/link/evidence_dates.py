"""The date a piece of evidence represents, when the file itself declares one."""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date
from functools import lru_cache
from typing import IO

import yaml

from compliance.core.errors import Problem

FRONT_MATTER = re.compile(rb"\A(?:\xef\xbb\xbf)?---\r?\n(.*?)\r?\n(?:---|\.\.\.)\r?\n", re.S)
DATE_KEYS = ("as_of", "date", "effective_date", "last_reviewed")
HEAD_LIMIT = 65536
"""How much of a file the evidence index hands over (see evidence._hash_file)."""
EVAL_HEADER_LIMIT = 16 * 1024 * 1024
"""The most of a .eval archive's header entry read for its run date (compressed and not)."""
INSPECT_HEAD = re.compile(rb'^\s*\{\s*"version"\s*:\s*\d')
CREATED = re.compile(rb'(?<!\\)"created"\s*:\s*"([0-9T:.+\-Z ]{10,40})"')


ACCEPTED_FORM = "write the date as YYYY-MM-DD (e.g. as_of: 2024-01-15)"
KEY_LINE = re.compile(r"(['\"]?)([A-Za-z0-9_][A-Za-z0-9_ .\-]{0,63}?)\1[ \t]*:(?=[ \t]|$)(.*)")
"""A top-level `key: value` line of front matter (key optionally quoted)."""
DATE_VALUE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ][ \t]*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?[ \t]*(?:[Zz]|[+-]\d{1,2}(?::?\d{2})?)?)?"
)
"""YYYY-MM-DD, optionally followed by a YAML timestamp's time (the day is what counts)."""
LOOSE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _squash(key: str) -> str:
    return re.sub(r"[\s_.\-]", "", key.lower())


_SQUASHED = {_squash(k): k for k in DATE_KEYS}


@lru_cache(maxsize=4096)
def _meant_date_key(key: str) -> str | None:
    """The date key `key` was probably meant to be (`as-of`, `asof`, `As_Of`, `date_as_of`).

    Memoised: thousands of documents share a handful of front-matter keys (title, owner,
    status), and the similarity test per key was a fifth of a cold index.
    """
    if key in DATE_KEYS:
        return None
    squashed = _squash(key)
    candidates = {squashed}
    for affix in ("date", "dated"):
        if squashed.startswith(affix):
            candidates.add(squashed[len(affix) :])
        if squashed.endswith(affix):
            candidates.add(squashed[: -len(affix)])
    for candidate in candidates:
        if candidate in _SQUASHED:
            return _SQUASHED[candidate]
    from compliance.core.suggest import closest

    near = closest(squashed, list(_SQUASHED), cutoff=0.85)
    return _SQUASHED[near] if near is not None else None


def _value_text(rest: str) -> tuple[str, int]:
    """The value after `key:` without quotes or a trailing comment, and its offset in `rest`."""
    stripped = rest.lstrip(" \t")
    offset = len(rest) - len(stripped)
    if stripped[:1] in ("'", '"'):
        close = stripped.find(stripped[0], 1)
        if close > 0:
            return stripped[1:close], offset + 1
        return stripped, offset
    comment = re.search(r"[ \t]#", stripped)
    if stripped.startswith("#"):
        return "", offset
    if comment is not None:
        stripped = stripped[: comment.start()]
    return stripped.rstrip(" \t\r"), offset


def _parse_day(key: str, value: str) -> tuple[date | None, str, str]:
    """(the day, "", "") for a valid value, else (None, what is wrong, what to do)."""
    if not value or value in ("~", "null", "Null", "NULL"):
        return None, f"'{key}' declares no date", ACCEPTED_FORM + ", or remove the key"
    match = DATE_VALUE.fullmatch(value)
    if match is not None:
        try:
            return date(*(int(g) for g in match.groups()[:3])), "", ""
        except ValueError:
            return None, f"'{key}: {value}' is not a real date", ACCEPTED_FORM
    loose = LOOSE_ISO.fullmatch(value)
    if loose is not None:
        try:
            fixed = date(*(int(g) for g in loose.groups())).isoformat()
        except ValueError:
            return None, f"'{key}: {value}' is not a real date", ACCEPTED_FORM
        return None, f"'{key}: {value}' is not in the form YYYY-MM-DD", f"write {key}: {fixed}"
    return None, f"'{key}: {value}' is not a date in the form YYYY-MM-DD", ACCEPTED_FORM


@dataclass(frozen=True)
class Declared:
    """What a file's front matter declares: a date, or why its date cannot be read."""

    day: date | None = None
    problem: Problem | None = None


def read_front_matter_date(path: str, head: bytes) -> Declared:
    """The date markdown front matter declares under as_of, date, effective_date or last_reviewed.

    Read line by line (no YAML: thousands of documents are indexed, and every problem needs
    its line): top-level `key: value` lines only. A date key whose value is not YYYY-MM-DD
    (a YAML timestamp's time part is allowed and ignored), is empty, is not a real day, or
    is given twice, and a key that looks like a date key but is not one (`as-of`, `asof`,
    `As_Of`, `date_as_of`), is a problem at its line and column: a date that cannot be read
    must never let the file's commit date speak for it in silence.
    """
    match = FRONT_MATTER.match(head)
    if not match:
        return Declared()
    text = match.group(1).decode("utf-8", "replace")
    first_line = 2  # the opening --- is line 1
    found: dict[str, date] = {}
    for number, line in enumerate(text.split("\n"), start=first_line):
        line = line.rstrip("\r")
        key_line = KEY_LINE.fullmatch(line)
        if key_line is None:
            continue
        key, rest = key_line.group(2).rstrip(" \t"), key_line.group(3)
        if key not in DATE_KEYS:
            meant = _meant_date_key(key)
            if meant is not None:
                return Declared(
                    problem=Problem(
                        path,
                        number,
                        1,
                        f"'{key}' is not a date key the tool reads",
                        f"did you mean '{meant}'? (date keys: {', '.join(DATE_KEYS)})",
                    )
                )
            continue
        value, offset = _value_text(rest)
        column = key_line.start(3) + offset + 1
        day, message, hint = _parse_day(key, value)
        if day is None:
            return Declared(problem=Problem(path, number, column, message, hint))
        if key in found:
            return Declared(
                problem=Problem(path, number, 1, f"'{key}' is declared twice", "keep one")
            )
        found[key] = day
    day = next((found[k] for k in DATE_KEYS if k in found), None)
    return Declared(day)


def front_matter(head: bytes) -> dict[str, object]:
    """YAML front matter of a markdown file as a dict, or {} when absent or unreadable."""
    match = FRONT_MATTER.match(head)
    if not match:
        return {}
    text = match.group(1).decode("utf-8", "replace")
    # libyaml when present (the index reads thousands of these); PyYAML for text with tabs,
    # which libyaml accepts in places PyYAML refuses, so both give the same dates.
    fast = getattr(yaml, "CSafeLoader", None)
    loader = fast if fast is not None and "\t" not in text else yaml.SafeLoader
    try:
        data = yaml.load(text, Loader=loader)
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError):
        # ValueError: a date off the calendar (2026-13-45) or an integer past Python's
        # digit limit. A bad front matter leaves the file's commit date to speak for it.
        return {}
    return data if isinstance(data, dict) else {}


def _may_have_created(data: bytes) -> bool:
    """False only when no JSON reading of `data` can have a "created" key.

    Every reader takes the run time from a key named "created" (the Inspect log's
    eval.created, the metrics file's top-level created). In UTF-8 JSON that key is either
    the bytes `"created"` or is spelled with a `\\u` escape, so a file with neither has no
    run date: most JSON evidence (configs, exports, dataset statistics) is skipped without
    being parsed and validated as an evaluation log. A file that is not UTF-8 has no
    date either way (every reader refuses it).
    """
    return b'"created"' in data or b"\\u" in data


Parsed = dict[str, tuple[bytes, object]]
"""Evaluation logs read in full for their run date: path -> (the bytes read, the
EvaluationResult or the InputError). The evidence store takes a result over when it reads
the same bytes (link/store.py), so a log is parsed once per run."""


def _run_date(path: str, data: bytes, parsed: Parsed | None = None) -> date | None:
    """An evaluation file's run time as a UTC date, or None if it is not one or has none."""
    from compliance.core.errors import InputError
    from compliance.link.readers import read_evaluation

    if not _may_have_created(data):
        return None
    try:
        result = read_evaluation(path, data)
    except InputError as exc:
        if parsed is not None:
            parsed[path] = (data, exc)
        return None  # the gate reads the file in full and reports what is wrong with it
    if parsed is not None:
        parsed[path] = (data, result)
    created = result.created
    return created.astimezone(UTC).date() if created is not None else None


Opener = Callable[[], IO[bytes]]
"""Opens the evidence file for reading (binary); the caller closes it."""


def _eval_archive_date(path: str, open_file: Opener) -> date | None:
    """A .eval archive's run date from its central directory and one header entry.

    Only the zip's end records, its central directory and the header entry (at most
    EVAL_HEADER_LIMIT bytes) are read: a log with many samples can be gigabytes.
    """
    from compliance.core.errors import InputError
    from compliance.core.text import decode_text
    from compliance.link.readers.base import load_json
    from compliance.link.readers.inspect_log import (
        HEADER_ENTRY,
        START_ENTRY,
        read_member,
        result_from_header,
    )

    with open_file() as fh:
        try:
            with zipfile.ZipFile(fh) as archive:
                members = {info.filename: info for info in archive.infolist()}
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, struct.error):
            return None  # the gate reads the file in full and reports what is wrong with it
        info = members.get(HEADER_ENTRY) or members.get(START_ENTRY)
        if info is None or info.compress_size > EVAL_HEADER_LIMIT:
            return None
        # The entry's bytes with its local header, as a small archive of its own for the
        # bounded reader (which checks signature, sizes and checksum).
        fh.seek(info.header_offset)
        local = fh.read(30)
        if len(local) < 30:
            return None
        name_len, extra_len = struct.unpack_from("<HH", local, 26)
        rest = fh.read(name_len + extra_len + info.compress_size)
        entry = zipfile.ZipInfo(info.filename)
        for attr in ("compress_type", "compress_size", "file_size", "CRC", "flag_bits"):
            setattr(entry, attr, getattr(info, attr))
        entry.header_offset = 0
    try:
        raw = read_member(path, local + rest, entry, EVAL_HEADER_LIMIT)
        header = load_json(path, decode_text(path, raw))
        if info.filename == START_ENTRY and isinstance(header, dict):
            header = {"version": header.get("version"), "eval": header.get("eval")}
        created = result_from_header(path, "inspect-eval", header).created
    except (InputError, ValueError, RecursionError):
        return None
    return created.astimezone(UTC).date() if created is not None else None


def evaluation_date(
    path: str, head: bytes, open_file: Opener | None = None, parsed: Parsed | None = None
) -> date | None:
    """An evaluation log's run time: freshness of an evaluation is when it ran, not committed.

    A .json file that fits in `head` is read in full; a larger Inspect log is searched for
    its first "created" (the eval's, written near the top). A .eval archive keeps its header
    at the end of the zip: only its directory and header entry are read, through `open_file`.
    """
    lower = path.lower()
    if lower.endswith(".eval"):
        if open_file is None:
            return None
        try:
            return _eval_archive_date(path, open_file)
        except OSError:
            return None  # the index already records unreadable files
    if not lower.endswith(".json"):
        return None
    if len(head) < HEAD_LIMIT:
        return _run_date(path, head, parsed)
    if INSPECT_HEAD.match(head) and (match := CREATED.search(head)):
        from compliance.link.readers.base import parse_created

        created = parse_created(match.group(1).decode("ascii"))
        return created.astimezone(UTC).date() if created is not None else None
    return None


def declare(
    path: str, head: bytes, open_file: Opener | None = None, parsed: Parsed | None = None
) -> Declared:
    """The date a file declares (markdown front matter, an evaluation log's run time), or
    the problem with the date its front matter declares.

    Markdown: as_of, date, effective_date or last_reviewed in the front matter (see
    read_front_matter_date). Evaluation logs (Inspect .json/.eval, metrics JSON with
    "created"): the run time.
    """
    lower = path.lower()
    if lower.endswith((".json", ".eval")):
        return Declared(evaluation_date(path, head, open_file, parsed))
    if not lower.endswith((".md", ".markdown")):
        return Declared()
    return read_front_matter_date(path, head)


def declared_date(path: str, head: bytes, open_file: Opener | None = None) -> date | None:
    """The date a file declares, or None (also when its declared date is malformed)."""
    return declare(path, head, open_file).day
