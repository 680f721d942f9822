"""Stable identifiers for OSCAL: uuid5 from our ids, and ids mapped onto OSCAL tokens.

Re-exporting the same workspace must give the same uuids, so a diff of two exports shows
what changed in substance, not a reshuffle of random identifiers.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable
from typing import Any

# Fixed for ever: changing it changes every uuid we have ever exported.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://compliance-docs.invalid/oscal")

# OSCAL's token: ^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$. We emit ASCII only, a subset of it.
_TOKEN = re.compile(r"^[A-Za-z_][A-Za-z0-9.\-_]*$")
_NOT_TOKEN = re.compile(r"[^A-Za-z0-9.\-]+")


def stable_uuid(*parts: str) -> str:
    """A uuid5 derived from the given id parts (joined unambiguously)."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


def content_uuid(kind: str, body: Any) -> str:
    """A document uuid derived from its content: same content, same uuid; revised, new uuid."""
    digest = hashlib.sha256(
        json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()
    return stable_uuid("document", kind, digest)


def readable_token(raw: str) -> str:
    """`XI.1.1(a)` -> `XI.1.1_a`, `GOVERN 1.1` -> `GOVERN_1.1`: readable, not yet unique."""
    text = _NOT_TOKEN.sub("_", raw).strip("_") or "_"
    if not (text[0].isascii() and (text[0].isalpha() or text[0] == "_")):
        text = "_" + text
    return text


def token_map(raw_ids: Iterable[str], prefix: str = "") -> dict[str, str]:
    """Map ids onto distinct OSCAL tokens, deterministically and independent of order.

    Ids whose readable forms collide all get a short hash of their original id appended,
    so no id's token depends on which other ids happen to exist before it.
    """
    ids = sorted(set(raw_ids))
    readable = {raw: prefix + readable_token(raw) for raw in ids}
    counts: dict[str, int] = {}
    for tok in readable.values():
        counts[tok.lower()] = counts.get(tok.lower(), 0) + 1
    out: dict[str, str] = {}
    for raw, tok in readable.items():
        if counts[tok.lower()] > 1:
            tok = f"{tok}_{hashlib.sha256(raw.encode()).hexdigest()[:8]}"
        out[raw] = tok
    assert len(set(out.values())) == len(out), "token collision after disambiguation"
    return out


def role_token(role: str) -> str:
    """`Model Documentation Lead` -> `model-documentation-lead`."""
    text = re.sub(r"[^a-z0-9]+", "-", role.lower()).strip("-") or "role"
    return text if text[0].isalpha() else f"role-{text}"


def duplicate_identifiers(document: Any) -> list[str]:
    """Every `uuid` and every `id` used twice in one document (schemas do not check this)."""
    seen: dict[tuple[str, str], int] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("uuid", "id"):
                value = node.get(key)
                if isinstance(value, str):
                    seen[(key, value)] = seen.get((key, value), 0) + 1
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(document)
    return sorted(f"{key} {value!r} used {n} times" for (key, value), n in seen.items() if n > 1)
