"""`compliance verify` names each path once: in an unreadable packet's error and in findings."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from packet_helpers import Built, rewrite_zip, zip_member

from compliance.cli.main import main
from compliance.cli.verify import finding_lines
from compliance.core.exit_codes import ExitCode
from compliance.emit.export.verify import Finding

EVIDENCE = "repo/evidence/model-card.md"


def verify(*args: str):
    return CliRunner().invoke(main, ["verify", *args])


def _unreadable(tmp_path: Path, kind: str) -> Path:
    if kind == "missing":
        return tmp_path / "missing.zip"
    if kind == "not a zip":
        path = tmp_path / "notzip.zip"
        path.write_text("hello")
        return path
    if kind == "no manifest":
        path = tmp_path / "nomanifest.zip"
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("packet/x.txt", "x")
        return path
    path = tmp_path / "empty-folder"
    path.mkdir()
    return path


@pytest.mark.parametrize("kind", ["missing", "not a zip", "no manifest", "empty folder"])
def test_an_unreadable_packet_is_named_once(tmp_path: Path, kind: str) -> None:
    packet = _unreadable(tmp_path, kind)
    result = verify(str(packet))
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert result.output.count(packet.name) == 1, result.output


def test_a_tampered_file_is_named_on_one_line_only(built: Built, tmp_path: Path) -> None:
    name = built.prefix + EVIDENCE
    data = bytearray(zip_member(built.zip, name))
    data[3] ^= 0x01
    tampered = tmp_path / "tampered.zip"
    rewrite_zip(built.zip, tampered, {name: bytes(data)})
    result = verify(str(tampered), "--repo", str(built.repo))
    assert result.exit_code == ExitCode.FINDINGS
    lines = result.stdout.splitlines()
    assert lines
    named = [line for line in lines if EVIDENCE in line]
    assert len(named) == 1, result.stdout
    # every finding of the file is still said, on that line
    assert "SHA256SUMS" in named[0] and "manifest.json" in named[0]
    assert len({line.split(": ")[1] for line in lines}) == len(lines)


def test_findings_of_one_path_join_into_one_line() -> None:
    lines = finding_lines(
        [
            Finding("a.md", "altered", "sha256 1, SHA256SUMS says 2"),
            Finding("b.md", "missing", "listed in manifest.json"),
            Finding("a.md", "differs-from-git", "blob 3 at abc"),
        ]
    )
    assert lines == [
        "altered: a.md: sha256 1, SHA256SUMS says 2; differs-from-git: blob 3 at abc",
        "missing: b.md: listed in manifest.json",
    ]


def test_verify_project_checks_the_copies_against_the_workspace_repository(built: Built) -> None:
    result = verify(str(built.zip), "--project", str(built.repo))
    assert result.exit_code == ExitCode.OK, result.output
    assert "match git" in result.output
