"""`compliance verify` catches every kind of tampering and names the file."""

from __future__ import annotations

import shutil
import stat
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from packet_helpers import Built, raw_zip, rewrite_zip, zip_member

from compliance.cli.main import main
from compliance.emit.export.verify import PacketUnreadable, verify_packet

EVIDENCE = "repo/evidence/model-card.md"


def run_verify(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["verify", *args])
    return result.exit_code, result.output


def kinds(path: Path, repo: Path | None = None) -> set[tuple[str, str]]:
    return {(f.kind, f.path) for f in verify_packet(path, repo).findings}


def test_an_untouched_packet_verifies_as_zip_and_as_folder_and_against_git(built: Built) -> None:
    for target in (built.zip, built.folder):
        code, out = run_verify(str(target), "--repo", str(built.repo))
        assert code == 0, out
        assert "intact" in out
    assert verify_packet(built.zip, built.repo).repo_checked == 3


def test_a_changed_byte_in_an_evidence_copy_is_reported_by_path(
    built: Built, tmp_path: Path
) -> None:
    name = built.prefix + EVIDENCE
    data = bytearray(zip_member(built.zip, name))
    data[3] ^= 0x01
    tampered = tmp_path / "tampered.zip"
    rewrite_zip(built.zip, tampered, {name: bytes(data)})
    code, out = run_verify(str(tampered))
    assert code == 1
    assert f"altered: {EVIDENCE}" in out
    assert ("differs-from-git", EVIDENCE) in kinds(tampered, built.repo)


def test_a_changed_byte_in_the_folder_copy_is_reported_too(built: Built) -> None:
    path = built.folder / EVIDENCE
    path.write_bytes(path.read_bytes().replace(b"Intended", b"intended"))
    assert ("altered", EVIDENCE) in kinds(built.folder)


def test_a_replaced_pdf_is_caught_by_hash_and_by_its_attachments(
    built: Built, tmp_path: Path
) -> None:
    other = zip_member(built.zip, built.prefix + "reports/risk-assessment.pdf")
    tampered = tmp_path / "tampered.zip"
    rewrite_zip(built.zip, tampered, {built.prefix + "reports/go-no-go.pdf": other})
    found = kinds(tampered)
    assert ("altered", "reports/go-no-go.pdf") in found
    code, out = run_verify(str(tampered))
    assert code == 1 and "reports/go-no-go.pdf" in out


def test_a_pdf_replaced_by_one_without_attachments_is_reported(built: Built) -> None:
    from weasyprint import HTML

    (built.folder / "reports/go-no-go.pdf").write_bytes(HTML(string="<p>forged</p>").write_pdf())
    findings = [str(f) for f in verify_packet(built.folder).findings]
    assert any(
        "reports/go-no-go.pdf" in f and "embedded file coverage.json is gone" in f for f in findings
    )


def test_a_deleted_file_is_reported_as_missing(built: Built, tmp_path: Path) -> None:
    tampered = tmp_path / "tampered.zip"
    rewrite_zip(built.zip, tampered, {built.prefix + "oscal/poam.json": None})
    code, out = run_verify(str(tampered))
    assert code == 1
    assert "missing: oscal/poam.json" in out


def test_an_added_file_is_reported_as_extra(built: Built, tmp_path: Path) -> None:
    tampered = tmp_path / "tampered.zip"
    rewrite_zip(built.zip, tampered, {}, add={built.prefix + "repo/evidence/new.md": b"later"})
    assert ("extra", "repo/evidence/new.md") in kinds(tampered)
    (built.folder / "notes.txt").write_text("added by hand")
    assert ("extra", "notes.txt") in kinds(built.folder)


def test_an_edited_manifest_is_caught_by_the_sums(built: Built) -> None:
    path = built.folder / "manifest.json"
    path.write_bytes(path.read_bytes().replace(b'"auditor"', b'"regulator"'))
    code, out = run_verify(str(built.folder))
    assert code == 1
    assert "altered: manifest.json" in out


def test_evidence_swapped_with_manifest_and_sums_rewritten_is_still_caught_by_the_pdfs(
    built: Built,
) -> None:
    import hashlib
    import json

    from compliance.emit.export.manifest import sums_text

    forged = b"# Model card\n\nSomething else entirely.\n"
    (built.folder / EVIDENCE).write_bytes(forged)
    manifest = json.loads((built.folder / "manifest.json").read_text())
    sha = hashlib.sha256(forged).hexdigest()
    for entry in manifest["files"] + manifest["evidence"]:
        if entry.get("path") == EVIDENCE or entry.get("packet_path") == EVIDENCE:
            entry["sha256"], entry["size"] = sha, len(forged)
    (built.folder / "manifest.json").write_text(json.dumps(manifest))
    files = {
        p.relative_to(built.folder).as_posix(): p.read_bytes()
        for p in built.folder.rglob("*")
        if p.is_file() and p.name != "SHA256SUMS"
    }
    (built.folder / "SHA256SUMS").write_bytes(sums_text(files))
    found = kinds(built.folder, built.repo)
    assert ("mismatch", EVIDENCE) in found
    assert ("differs-from-git", EVIDENCE) in found


def test_a_deleted_manifest_leaves_the_packet_incomplete(built: Built) -> None:
    (built.folder / "manifest.json").unlink()
    code, out = run_verify(str(built.folder))
    assert code == 1
    assert "missing: manifest.json" in out


def test_the_repo_check_reports_a_commit_the_repository_does_not_have(
    built: Built, git_repo: object
) -> None:
    other = git_repo("other")  # type: ignore[operator]
    other.commit("unrelated")
    code, out = run_verify(str(built.zip), "--repo", str(other.root))
    assert code == 1
    assert "not found" in out


def _refused(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "hostile.zip"
    path.write_bytes(data)
    before = sorted(p.name for p in tmp_path.parent.iterdir())
    code, out = run_verify(str(path))
    assert code == 2, out
    assert sorted(p.name for p in tmp_path.parent.iterdir()) == before
    return out


def test_zip_entries_that_climb_out_with_dotdot_are_refused(tmp_path: Path) -> None:
    out = _refused(tmp_path, raw_zip([("p/manifest.json", b"{}"), ("p/../../evil.txt", b"x")]))
    assert "zip slip" in out and "evil.txt" in out
    assert not (tmp_path.parent / "evil.txt").exists()


def test_zip_entries_with_absolute_paths_are_refused(tmp_path: Path) -> None:
    out = _refused(tmp_path, raw_zip([("/etc/evil", b"x")]))
    assert "absolute path" in out


def test_symlink_entries_are_refused(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("p/manifest.json")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    out = _refused(tmp_path, raw_zip([(link, b"/etc/passwd")]))
    assert "symbolic link" in out


def test_a_zip_bomb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    out = _refused(tmp_path, raw_zip([("p/manifest.json", b"\0" * (64 * 1024 * 1024))]))
    assert "zip bomb" in out


def test_the_total_uncompressed_size_is_bounded(built: Built) -> None:
    with pytest.raises(PacketUnreadable, match="more than 1000 bytes"):
        verify_packet(built.zip, max_total=1000)


def test_a_file_that_is_not_a_zip_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "packet.zip"
    path.write_text("not a zip")
    code, out = run_verify(str(path))
    assert code == 2
    assert "not a readable zip" in out


def test_a_folder_with_a_symlink_is_refused(built: Built) -> None:
    (built.folder / "link").symlink_to("/etc/passwd")
    code, out = run_verify(str(built.folder))
    assert code == 2
    assert "symbolic link" in out


def test_a_packet_copied_elsewhere_still_verifies(built: Built, tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere" / "packet.zip"
    copy.parent.mkdir()
    shutil.copy(built.zip, copy)
    assert verify_packet(copy).intact
