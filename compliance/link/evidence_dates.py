"""The date a piece of evidence represents, when the file itself declares one."""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import IO

import yaml

FRONT_MATTER = re.compile(rb"\A(?:\xef\xbb\xbf)?---\r?\n(.*?)\r?\n(?:---|\.\.\.)\r?\n", re.S)
DATE_KEYS = ("as_of", "date", "effective_date", "last_reviewed")
HEAD_LIMIT = 65536
"""How much of a file the evidence index hands over (see evidence._hash_file)."""
EVAL_HEADER_LIMIT = 16 * 1024 * 1024
"""The most of a .eval archive's header entry read for its run date (compressed and not)."""
INSPECT_HEAD = re.compile(rb'^\s*\{\s*"version"\s*:\s*\d')
CREATED = re.compile(rb'(?<!\\)"created"\s*:\s*"([0-9T:.+\-Z ]{10,40})"')


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


FLAT_LINE = re.compile(
    r"([A-Za-z_][A-Za-z0-9_]{0,63}):"
    r"(?: +([A-Za-z0-9][^\x00-\x1f\x7f-\x9f:#\"'\\\u2028\u2029\ufeff-\uffff\ud800-\udfff]{0,199}))?"
)
"""One `key: plain words` line whose YAML meaning is certain (see _flat_dates)."""
ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")
LOOKS_TIMESTAMP = re.compile(r"\d{4}-\d")


def _flat_dates(text: str) -> dict[str, object] | None:
    """The date keys of a front matter made only of `key: plain words` lines, else None.

    Most front matter is a handful of such lines, and building it through YAML was the
    largest cost of indexing thousands of documents. Only text whose YAML meaning is
    certain takes this path: no quotes, colons, comments, tabs or nesting; every value
    shaped like a timestamp is a valid YYYY-MM-DD under a date key (YAML would make it a
    date, and an invalid one fails the whole document). Anything else returns None and is
    read by YAML as before.
    """
    found: dict[str, object] = {}
    for line in text.split("\n"):
        if not line:
            continue
        match = FLAT_LINE.fullmatch(line)
        if match is None:
            return None
        key, value = match.group(1), (match.group(2) or "").rstrip(" ")
        if LOOKS_TIMESTAMP.match(value):
            if key not in DATE_KEYS or not ISO_DAY.fullmatch(value):
                return None
            try:
                found[key] = date.fromisoformat(value)
            except ValueError:
                return None
        elif key in DATE_KEYS:
            if value:
                return None  # a number, a word, yes/no: YAML's resolution decides
            found[key] = None
    return found


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


def _run_date(path: str, data: bytes) -> date | None:
    """An evaluation file's run time as a UTC date, or None if it is not one or has none."""
    from compliance.core.errors import InputError
    from compliance.link.readers import read_evaluation

    if not _may_have_created(data):
        return None
    try:
        created = read_evaluation(path, data).created
    except InputError:
        return None  # the gate reads the file in full and reports what is wrong with it
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


def evaluation_date(path: str, head: bytes, open_file: Opener | None = None) -> date | None:
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
        return _run_date(path, head)
    if INSPECT_HEAD.match(head) and (match := CREATED.search(head)):
        from compliance.link.readers.base import parse_created

        created = parse_created(match.group(1).decode("ascii"))
        return created.astimezone(UTC).date() if created is not None else None
    return None


def declared_date(path: str, head: bytes, open_file: Opener | None = None) -> date | None:
    """The date a file declares: markdown front matter, or an evaluation log's run time.

    Markdown: as_of, date, effective_date or last_reviewed in the front matter. Evaluation
    logs (Inspect .json/.eval, metrics JSON with "created"): the run time.
    """
    if path.lower().endswith((".json", ".eval")):
        return evaluation_date(path, head, open_file)
    if not path.lower().endswith((".md", ".markdown")):
        return None
    match = FRONT_MATTER.match(head)
    if not match:
        return None
    flat = _flat_dates(match.group(1).decode("utf-8", "replace"))
    meta = flat if flat is not None else front_matter(head)
    for key in DATE_KEYS:
        found = _as_date(meta.get(key))
        if found is not None:
            return found
    return None
