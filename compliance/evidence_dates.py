"""The date a piece of evidence represents, when the file itself declares one."""

from __future__ import annotations

import re
from datetime import date, datetime

import yaml

FRONT_MATTER = re.compile(rb"\A(?:\xef\xbb\xbf)?---\r?\n(.*?)\r?\n(?:---|\.\.\.)\r?\n", re.S)
DATE_KEYS = ("as_of", "date", "effective_date", "last_reviewed")


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
    try:
        data = yaml.safe_load(match.group(1).decode("utf-8", "replace"))
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def declared_date(path: str, head: bytes) -> date | None:
    """A markdown file's front-matter date (as_of, date, effective_date, last_reviewed)."""
    if not path.lower().endswith((".md", ".markdown")):
        return None
    meta = front_matter(head)
    for key in DATE_KEYS:
        found = _as_date(meta.get(key))
        if found is not None:
            return found
    return None
