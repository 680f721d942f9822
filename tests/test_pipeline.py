"""One pipeline run per command: the evidence index is built once, each log parsed once,
and every output of a build carries the one output date."""

from __future__ import annotations

import io
import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from compliance.cli.main import main
from compliance.link import evidence
from compliance.link.readers import READERS
from tests.test_golden_outputs import build_golden_repo


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The frozen example workspace, committed at a fixed date."""
    return build_golden_repo(tmp_path / "ws")


def test_one_build_indexes_once_and_parses_each_log_once(example: Path, tmp_path, monkeypatch):
    indexes: list[int] = []
    parses: Counter[str] = Counter()
    for name in ("build_index", "build_index_at"):
        original = getattr(evidence, name)

        def counted(*args, _original=original, **kwargs):
            indexes.append(1)
            return _original(*args, **kwargs)

        monkeypatch.setattr(evidence, name, counted)
        monkeypatch.setattr(f"compliance.pipeline.{name}", counted)
    for reader in READERS:
        original_read = type(reader).read

        def read(self, path, data, _original=original_read):
            parses[path] += 1
            return _original(self, path, data)

        monkeypatch.setattr(type(reader), "read", read)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--project", str(example), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(indexes) == 1
    assert parses, "the example's gate reads evaluation logs"
    assert set(parses.values()) == {1}, parses


def _pdf_dates(pdf: bytes) -> set[str]:
    info = PdfReader(io.BytesIO(pdf)).metadata
    return {str(info.get(key))[2:10] for key in ("/CreationDate", "/ModDate") if info.get(key)}


def test_every_date_in_a_packet_is_the_source_date_epoch(example: Path, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--project", str(example), "--out", str(out)])
    assert result.exit_code == 0, result.output
    (packet_zip,) = out.glob("*-packet.zip")
    with zipfile.ZipFile(packet_zip) as archive:
        entries = archive.infolist()
        assert {e.date_time[:3] for e in entries} == {(2023, 11, 14)}
        names = [e.filename for e in entries]
        manifest_name = next(n for n in names if n.endswith("/manifest.json"))
        manifest = json.loads(archive.read(manifest_name))
        pdfs = [archive.read(n) for n in names if n.endswith(".pdf")]
        oscal = [json.loads(archive.read(n)) for n in names if "/oscal/" in n]
    assert pdfs and oscal
    for pdf in pdfs:
        assert _pdf_dates(pdf) == {"20231114"}
    stamps = {v for k, v in _walk(manifest) if k == "created"}
    assert stamps and all(str(s).startswith("2023-11-14") for s in stamps), stamps
    for doc in oscal:
        modified = {v for k, v in _walk(doc) if k == "last-modified"}
        assert modified == {"2023-11-14T22:13:20Z"}


def _walk(value, key=None):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v, key)
    else:
        yield key, value
