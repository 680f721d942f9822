"""The input and output text of an evaluation log's samples, for the Model Report.

Measure 7.3, point (1)(f) of the Code of Practice asks for random samples of inputs and
outputs from each relevant model evaluation. Only logs that carry their samples have them
(Inspect .eval archives and .json logs); a metrics CSV or JSON holds aggregates only and
gives None, said as such in the report.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from compliance.core.text import decode_text
from compliance.link.readers.base import load_json
from compliance.link.readers.inspect_log import (
    MAX_ENTRY_BYTES,
    SAMPLES_DIR,
    _member_json,
    _zip_members,
)


@dataclass(frozen=True)
class IoSample:
    """One sample's input and output as text, its metadata and its scores as written."""

    id: str
    epoch: int
    input: str
    output: str
    metadata: dict[str, str]
    scores: dict[str, str]

    @property
    def key(self) -> str:
        return f"{self.id}#{self.epoch}"

    @property
    def digest(self) -> str:
        """sha256 of the sample's id, epoch, input and output (canonical JSON): what a
        redacted sample keeps, so a reader with the log can check it."""
        canonical = json.dumps(
            {"id": self.id, "epoch": self.epoch, "input": self.input, "output": self.output},
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _text(value: Any) -> str:
    """Inspect's input (text or a list of chat messages) or a message content as text."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, dict):
                content = item.get("content", item.get("text", ""))
                role = item.get("role")
                text = _text(content)
                parts.append(f"{role}: {text}" if role and isinstance(value[0], dict) else text)
            else:
                parts.append(_text(item))
        return "\n".join(p for p in parts if p)
    if isinstance(value, dict):
        return _text(value.get("text", value.get("content", "")))
    return "" if value is None else str(value)


def _output(entry: dict[str, Any]) -> str:
    output = entry.get("output")
    if isinstance(output, dict):
        if isinstance(output.get("completion"), str) and output["completion"]:
            return str(output["completion"])
        choices = output.get("choices")
        if isinstance(choices, list) and choices and isinstance(choices[0], dict):
            return _text(choices[0].get("message", {}))
    return ""


def _sample(entry: Any) -> IoSample | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str | int):
        return None
    epoch = entry.get("epoch", 1)
    metadata = entry.get("metadata") if isinstance(entry.get("metadata"), dict) else {}
    scores = entry.get("scores") if isinstance(entry.get("scores"), dict) else {}
    return IoSample(
        str(entry["id"]),
        epoch if isinstance(epoch, int) and not isinstance(epoch, bool) else 1,
        _text(entry.get("input")),
        _output(entry),
        {str(k): str(v) for k, v in (metadata or {}).items() if isinstance(v, str | int | float)},
        {
            str(k): str(v.get("value")) if isinstance(v, dict) else str(v)
            for k, v in (scores or {}).items()
        },
    )


def io_samples(path: str, data: bytes) -> tuple[IoSample, ...] | None:
    """Every sample of an Inspect log with its input and output; None for a format without
    samples. Unreadable entries are skipped (the evaluation reader reports the log's errors)."""
    lower = path.lower()
    entries: list[Any] = []
    if lower.endswith(".eval"):
        members = _zip_members(path, data)
        for name in sorted(members):
            if name.startswith(SAMPLES_DIR) and name.endswith(".json"):
                entries.append(_member_json(path, data, members[name], MAX_ENTRY_BYTES))
    elif lower.endswith(".json"):
        document = load_json(path, decode_text(path, data))
        raw = document.get("samples") if isinstance(document, dict) else None
        if not isinstance(raw, list):
            return None
        entries = raw
    else:
        return None
    found = [s for s in map(_sample, entries) if s is not None]
    return tuple(found) if found else None
