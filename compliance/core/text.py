"""Text files as users write them: UTF-8, a byte-order mark tolerated, bad bytes located."""

from __future__ import annotations

from compliance.core.errors import InputError


def decode_text(label: str, data: bytes) -> str:
    """UTF-8 (a BOM is tolerated) or an error naming the first bad byte's line and column."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise InputError.single(
            label,
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            "save the file as UTF-8",
            line,
            col,
        ) from None
