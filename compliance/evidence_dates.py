"""The date a piece of evidence represents, when the file itself declares one."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime

import yaml

FRONT_MATTER = re.compile(rb"\A(?:\xef\xbb\xbf)?---\r?\n(.*?)\r?\n(?:---|\.\.\.)\r?\n", re.S)
DATE_KEYS = ("as_of", "date", "effective_date", "last_reviewed")
HEAD_LIMIT = 65536
"""How much of a file the evidence index hands over (see evidence._hash_file)."""
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


def _run_date(path: str, data: bytes) -> date | None:
    """An evaluation file's run time as a UTC date, or None if it is not one or has none."""
    from compliance.errors import InputError
    from compliance.evaluations import read_evaluation

    try:
        created = read_evaluation(path, data).created
    except InputError:
        return None  # the gate reads the file in full and reports what is wrong with it
    return created.astimezone(UTC).date() if created is not None else None


def evaluation_date(
    path: str, head: bytes, read_all: Callable[[], bytes] | None = None
) -> date | None:
    """An evaluation log's run time: freshness of an evaluation is when it ran, not committed.

    A .json file that fits in `head` is read in full; a larger Inspect log is searched for
    its first "created" (the eval's, written near the top). A .eval archive keeps its header
    at the end of the zip, so only it is read whole, lazily, through `read_all`.
    """
    lower = path.lower()
    if lower.endswith(".eval"):
        if read_all is None:
            return None
        try:
            return _run_date(path, read_all())
        except OSError:
            return None  # the index already records unreadable files
    if not lower.endswith(".json"):
        return None
    if len(head) < HEAD_LIMIT:
        return _run_date(path, head)
    if INSPECT_HEAD.match(head) and (match := CREATED.search(head)):
        from compliance.evaluations.base import parse_created

        created = parse_created(match.group(1).decode("ascii"))
        return created.astimezone(UTC).date() if created is not None else None
    return None


def declared_date(
    path: str, head: bytes, read_all: Callable[[], bytes] | None = None
) -> date | None:
    """The date a file declares: markdown front matter, or an evaluation log's run time.

    Markdown: as_of, date, effective_date or last_reviewed in the front matter. Evaluation
    logs (Inspect .json/.eval, metrics JSON with "created"): the run time.
    """
    if path.lower().endswith((".json", ".eval")):
        return evaluation_date(path, head, read_all)
    if not path.lower().endswith((".md", ".markdown")):
        return None
    meta = front_matter(head)
    for key in DATE_KEYS:
        found = _as_date(meta.get(key))
        if found is not None:
            return found
    return None
