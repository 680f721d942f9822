"""Helpers for the evaluation reader tests: the committed Inspect logs and zip surgery."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

from compliance.link.readers.inspect_log import read_member

INSPECT_DATA = Path(__file__).resolve().parents[2] / "data" / "inspect"
LOG_NAMES = (
    "safety_qa.json",
    "safety_qa.eval",
    "nan_metric.json",
    "crashing.eval",
    "invalidated.eval",
)


def inspect_log(name: str) -> bytes:
    """The bytes of one committed Inspect log."""
    return (INSPECT_DATA / name).read_bytes()


def archive_entries(data: bytes) -> dict[str, bytes]:
    """Every entry of an .eval archive, decompressed by the reader under test."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
    return {info.filename: read_member("x.eval", data, info, 1 << 30) for info in infos}


def rebuild_archive(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A new zip of the given entries, with a compression Python's zipfile can write."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def declare_size(data: bytes, entry: str, size: int) -> bytes:
    """The archive with `entry`'s uncompressed size rewritten in both of its zip headers."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(entry)
    struct.pack_into("<I", out, info.header_offset + 22, size)  # local file header
    name = entry.encode()
    central = -1
    position = data.find(b"PK\x01\x02")
    while position != -1:
        name_length = struct.unpack_from("<H", data, position + 28)[0]
        if data[position + 46 : position + 46 + name_length] == name:
            central = position
        position = data.find(b"PK\x01\x02", position + 4)
    assert central != -1, f"no central directory record for {entry}"
    struct.pack_into("<I", out, central + 24, size)
    return bytes(out)
