"""The git-backed evidence index, on real repositories with known history."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest

from compliance.core.errors import InputError
from compliance.core.paths import UnsafePath, safe_relative, safe_resolved
from compliance.emit.coverage_data import record_dict
from compliance.link.evidence import EvidenceState, build_index, build_index_at
from compliance.link.evidence_dates import declared_date
from compliance.load.sources import GitTreeSource

LFS_OID = "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393"
LFS_POINTER = f"version https://git-lfs.github.com/spec/v1\noid sha256:{LFS_OID}\nsize 52428800\n"


def test_committed_file_has_blob_sha256_and_last_commit(git_repo):
    repo = git_repo()
    repo.write("evidence/a.md", "first\n")
    repo.write("evidence/b.md", "bee\n")
    first = repo.commit("add a and b", date="2026-01-10T08:00:00+00:00")
    repo.write("evidence/a.md", "second\n")
    second = repo.commit("change a", date="2026-03-05T17:30:00+01:00")
    repo.write("other.txt", "unrelated\n")
    repo.commit("unrelated", date="2026-04-01T00:00:00+00:00")

    index = build_index(repo.root, ["evidence/a.md", "evidence/b.md"])
    a, b = index.get("evidence/a.md"), index.get("evidence/b.md")
    assert a.state == EvidenceState.COMMITTED
    assert a.sha256 == hashlib.sha256(b"second\n").hexdigest()
    assert a.blob == repo.git("hash-object", "evidence/a.md")
    assert a.size == 7
    assert a.last_commit.sha == second
    assert a.last_commit.author_date.isoformat() == "2026-03-05T17:30:00+01:00"
    assert a.evidence_date == date(2026, 3, 5)
    assert b.last_commit.sha == first
    assert index.repo.head.committer_date.date() == date(2026, 4, 1)
    assert [c.summary for c in index.repo.history] == ["unrelated", "change a", "add a and b"]


def test_modified_untracked_and_missing_files_are_told_apart(git_repo):
    repo = git_repo()
    repo.write("e/mod.md", "v1\n")
    repo.commit("one")
    repo.write("e/mod.md", "v2\n")
    repo.write("e/new.md", "new\n")
    index = build_index(repo.root, ["e/mod.md", "e/new.md", "e/gone.md"])
    assert index.get("e/mod.md").state == EvidenceState.MODIFIED
    assert index.get("e/new.md").state == EvidenceState.UNTRACKED
    assert index.get("e/new.md").last_commit is None
    assert index.get("e/gone.md").state == EvidenceState.MISSING


def test_staged_but_uncommitted_file_is_not_committed(git_repo):
    repo = git_repo()
    repo.write("x.md", "x\n")
    repo.commit("one")
    repo.write("y.md", "y\n")
    repo.git("add", "y.md")
    assert build_index(repo.root, ["y.md"]).get("y.md").state == EvidenceState.UNTRACKED


def test_directory_where_file_expected_is_not_a_file(git_repo):
    repo = git_repo()
    repo.write("e/dir/inner.md", "x\n")
    repo.commit("one")
    assert build_index(repo.root, ["e/dir"]).get("e/dir").state == EvidenceState.NOT_A_FILE


def test_front_matter_date_is_the_evidence_date(git_repo):
    repo = git_repo()
    repo.write("e/doc.md", "---\nas_of: 2025-06-30\n---\n# Doc\n")
    repo.commit("one", date="2026-02-01T00:00:00+00:00")
    rec = build_index(repo.root, ["e/doc.md"]).get("e/doc.md")
    assert rec.declared == date(2025, 6, 30)
    assert rec.evidence_date == date(2025, 6, 30)


def test_git_lfs_pointer_is_flagged_not_hashed_as_evidence(git_repo):
    repo = git_repo()
    repo.write(
        "e/big.bin",
        "version https://git-lfs.github.com/spec/v1\noid sha256:" + "a" * 64 + "\nsize 123456789\n",
    )
    repo.commit("lfs")
    rec = build_index(repo.root, ["e/big.bin"]).get("e/big.bin")
    assert rec.state == EvidenceState.LFS_POINTER
    assert "git lfs pull" in rec.detail


def test_workspace_in_a_subdirectory_of_the_repository(git_repo):
    repo = git_repo()
    repo.write("sub/ws/e/a.md", "a\n")
    sha = repo.commit("one")
    rec = build_index(repo.root / "sub/ws", ["e/a.md"]).get("e/a.md")
    assert rec.state == EvidenceState.COMMITTED and rec.last_commit.sha == sha


def test_file_name_with_newline_and_spaces_is_indexed(git_repo):
    repo = git_repo()
    name = "e/odd name\nwith newline.md"
    repo.write(name, "odd\n")
    sha = repo.commit("odd")
    rec = build_index(repo.root, [name]).get(name)
    assert rec.state == EvidenceState.COMMITTED and rec.last_commit.sha == sha


def test_not_a_git_repository_is_a_clear_error(tmp_path):
    with pytest.raises(InputError) as info:
        build_index(tmp_path, ["a.md"])
    assert "not inside a git repository" in str(info.value)


def test_repository_without_commits_marks_everything_untracked(git_repo):
    repo = git_repo()
    repo.write("a.md", "a\n")
    index = build_index(repo.root, ["a.md"])
    assert index.repo.head is None
    assert index.get("a.md").state == EvidenceState.UNTRACKED


def test_shallow_clone_reports_truncated_history(git_repo, tmp_path):
    origin = git_repo("origin")
    origin.write("e/old.md", "old\n")
    origin.commit("old", date="2025-01-01T00:00:00+00:00")
    origin.write("e/new.md", "new\n")
    origin.commit("new", date="2026-01-01T00:00:00+00:00")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{origin.root}", str(clone)], check=True
    )
    index = build_index(clone, ["e/old.md", "e/new.md"])
    assert index.repo.shallow
    old = index.get("e/old.md")
    # The boundary commit shows every file as added: its date is only a lower bound.
    assert old.state == EvidenceState.COMMITTED
    assert old.history_truncated and old.evidence_date is None
    assert index.repo.shallow_boundary[0].committer_date.date() == date(2026, 1, 1)


def test_one_pass_over_history_serves_many_files(git_repo):
    repo = git_repo()
    for i in range(300):
        repo.write(f"e/f{i:03}.md", f"{i}\n")
    repo.commit("bulk", date="2026-01-01T00:00:00+00:00")
    for i in range(0, 300, 3):
        repo.write(f"e/f{i:03}.md", f"{i} changed\n")
    second = repo.commit("changes", date="2026-02-01T00:00:00+00:00")
    index = build_index(repo.root, [f"e/f{i:03}.md" for i in range(300)])
    assert index.get("e/f000.md").last_commit.sha == second
    assert index.get("e/f001.md").last_commit.author_date.date() == date(2026, 1, 1)


def test_a_git_lfs_pointer_records_its_claims_and_keeps_its_own_hashes_apart(git_repo):
    repo = git_repo()
    repo.write("e/red-team.pdf", LFS_POINTER)
    repo.commit("pointer only")
    rec = build_index(repo.root, ["e/red-team.pdf"]).get("e/red-team.pdf")
    assert rec.state == EvidenceState.LFS_POINTER
    assert rec.sha256 is None and rec.blob is None and rec.size is None
    assert rec.lfs is not None
    assert (rec.lfs.oid, rec.lfs.size) == (f"sha256:{LFS_OID}", 52428800)
    assert rec.lfs.pointer_sha256 == hashlib.sha256(LFS_POINTER.encode()).hexdigest()
    assert rec.lfs.pointer_blob == repo.git("hash-object", "e/red-team.pdf")
    shown = record_dict(rec)
    assert shown["sha256"] is None and shown["git_blob"] is None
    assert shown["lfs_pointer"]["claimed_oid"] == f"sha256:{LFS_OID}"
    assert shown["lfs_pointer"]["pointer_size"] == len(LFS_POINTER)


def test_a_git_lfs_pointer_at_a_revision_is_not_hashed_as_the_evidence_either(git_repo):
    repo = git_repo()
    repo.write("e/red-team.pdf", LFS_POINTER)
    repo.commit("pointer only")
    rec = build_index_at(GitTreeSource(repo.root, "HEAD"), ["e/red-team.pdf"]).get("e/red-team.pdf")
    assert rec.state == EvidenceState.LFS_POINTER and rec.sha256 is None
    assert rec.lfs is not None and rec.lfs.size == 52428800


def test_a_committed_symlink_is_committed_and_hashed_by_its_target(git_repo):
    repo = git_repo()
    repo.write("e/card.md", "card\n")
    (repo.root / "e" / "current.md").symlink_to("card.md")
    sha = repo.commit("link", date="2026-01-10T00:00:00+00:00")
    rec = build_index(repo.root, ["e/current.md"]).get("e/current.md")
    assert rec.state == EvidenceState.COMMITTED, rec.detail
    assert rec.sha256 == hashlib.sha256(b"card\n").hexdigest()
    assert rec.blob == repo.git("hash-object", "e/card.md")
    assert rec.link is not None and rec.link.target == "e/card.md"
    # git stores a link as a blob of its target's name
    assert rec.link.link_blob == repo.git("rev-parse", "HEAD:e/current.md")
    assert rec.last_commit.sha == sha
    assert record_dict(rec)["symlink"] == {
        "target": "e/card.md",
        "link_git_blob": rec.link.link_blob,
    }


def test_a_retargeted_symlink_reads_as_modified(git_repo):
    repo = git_repo()
    repo.write("e/card.md", "card\n")
    repo.write("e/other.md", "other\n")
    (repo.root / "e" / "current.md").symlink_to("card.md")
    repo.commit("link")
    (repo.root / "e" / "current.md").unlink()
    (repo.root / "e" / "current.md").symlink_to("other.md")
    rec = build_index(repo.root, ["e/current.md"]).get("e/current.md")
    assert rec.state == EvidenceState.MODIFIED and "points elsewhere" in rec.detail


def test_a_committed_symlink_whose_target_was_edited_reads_as_modified(git_repo):
    repo = git_repo()
    repo.write("e/card.md", "card\n")
    (repo.root / "e" / "current.md").symlink_to("card.md")
    repo.commit("link")
    repo.write("e/card.md", "edited\n")
    rec = build_index(repo.root, ["e/current.md"]).get("e/current.md")
    assert rec.state == EvidenceState.MODIFIED and "e/card.md" in rec.detail


def test_an_uncommitted_symlink_is_untracked(git_repo):
    repo = git_repo()
    repo.write("e/card.md", "card\n")
    repo.commit("card")
    (repo.root / "e" / "current.md").symlink_to("card.md")
    rec = build_index(repo.root, ["e/current.md"]).get("e/current.md")
    assert rec.state == EvidenceState.UNTRACKED and "symlink" in rec.detail


def test_a_file_reached_through_a_symlinked_folder_is_compared_at_its_real_path(git_repo):
    repo = git_repo()
    repo.write("e/2026/card.md", "card\n")
    (repo.root / "e" / "latest").symlink_to("2026")
    repo.commit("folder link")
    rec = build_index(repo.root, ["e/latest/card.md"]).get("e/latest/card.md")
    assert rec.state == EvidenceState.COMMITTED, rec.detail
    assert rec.link is not None and rec.link.target == "e/2026/card.md"
    assert rec.link.link_blob is None  # the path's last part is not itself a link


def test_a_dangling_symlink_inside_is_missing_and_names_its_target(git_repo):
    repo = git_repo()
    repo.write("e/keep.md", "k\n")
    (repo.root / "e" / "gone.md").symlink_to("never-written.md")
    repo.commit("dangling")
    rec = build_index(repo.root, ["e/gone.md"]).get("e/gone.md")
    assert rec.state == EvidenceState.MISSING and "e/never-written.md" in rec.detail


def test_evidence_in_a_submodule_names_the_submodule_and_its_commit(git_repo):
    sub = git_repo("locker")
    sub.write("red-team.md", "report\n")
    pinned = sub.commit("report")
    repo = git_repo("main")
    repo.write("readme.md", "r\n")
    repo.git(
        "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub.root), "e/locker"
    )
    repo.commit("submodule")
    rec = build_index(repo.root, ["e/locker/red-team.md"]).get("e/locker/red-team.md")
    assert rec.state == EvidenceState.UNTRACKED
    assert f"inside submodule e/locker at commit {pinned[:12]}" in rec.detail
    assert "not indexed" in rec.detail


class CountingFile(io.BytesIO):
    """A file whose reads are counted, to show how much of it was looked at."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def eval_archive(created: str, samples_bytes: int) -> bytes:
    """An Inspect-style .eval zip: a large stored samples entry, the header at the end."""
    header = {
        "version": 2,
        "status": "success",
        "eval": {"task": "t", "model": "m", "created": created},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("samples/1_epoch_1.json", os.urandom(samples_bytes))
        archive.writestr("header.json", json.dumps(header), compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def test_an_eval_archive_run_date_reads_only_its_directory_and_header():
    data = eval_archive("2026-03-04T23:30:00-02:00", 8 * 1024 * 1024)
    opened: list[CountingFile] = []

    def open_file() -> CountingFile:
        opened.append(CountingFile(data))
        return opened[-1]

    assert declared_date("e/run.eval", data[:65536], open_file) == date(2026, 3, 5)
    assert sum(f.bytes_read for f in opened) < 64 * 1024


def test_an_eval_archive_has_the_same_date_in_the_working_tree_and_at_a_revision(git_repo):
    repo = git_repo()
    repo.write("e/run.eval", eval_archive("2026-02-10T08:00:00+00:00", 4096))
    repo.commit("eval", date="2026-06-01T00:00:00+00:00")
    here = build_index(repo.root, ["e/run.eval"]).get("e/run.eval")
    then = build_index_at(GitTreeSource(repo.root, "HEAD"), ["e/run.eval"]).get("e/run.eval")
    assert here.declared == then.declared == date(2026, 2, 10)


def test_a_damaged_eval_archive_has_no_declared_date_and_no_error(git_repo):
    repo = git_repo()
    repo.write("e/run.eval", eval_archive("2026-02-10T08:00:00+00:00", 4096)[:-30])
    repo.commit("cut short")
    rec = build_index(repo.root, ["e/run.eval"]).get("e/run.eval")
    assert rec.state == EvidenceState.COMMITTED and rec.declared is None


def test_safe_relative_checks_only_below_the_root_but_still_refuses_escaping_links(tmp_path):
    root = tmp_path / "ws"
    (root / "e" / "real").mkdir(parents=True)
    (root / "e" / "real" / "a.md").write_text("a\n")
    (root / "e" / "in").symlink_to("real")
    (root / "e" / "out").symlink_to(tmp_path)
    assert safe_resolved(root, "e/real/a.md") == (str(root / "e/real/a.md"), None)
    assert safe_resolved(root, "e//./in/a.md") == (str(root / "e/in/a.md"), "e/real/a.md")
    assert safe_relative(root, "e/not/yet/there.md") == root / "e/not/yet/there.md"
    with pytest.raises(UnsafePath, match="outside the workspace"):
        safe_relative(root, "e/out/secret.md")


def test_safe_relative_resolves_a_workspace_reached_through_a_link(tmp_path):
    (tmp_path / "real-ws" / "e").mkdir(parents=True)
    (tmp_path / "alias").symlink_to(tmp_path / "real-ws")
    full = safe_relative(tmp_path / "alias", "e/a.md")
    assert full == Path(os.path.realpath(tmp_path / "real-ws")) / "e" / "a.md"


@pytest.mark.parametrize("stat_size", [10, 3000, 5000], ids=["grew", "same", "shrank"])
def test_a_file_is_hashed_whole_whatever_size_its_stat_gave(tmp_path, stat_size):
    from compliance.core.git import blob_id
    from compliance.link.evidence import _hash_file

    content = b"abc" * 1000
    path = tmp_path / "f.md"
    path.write_bytes(content)
    sha256, blob, head = _hash_file(str(path), stat_size)
    assert sha256 == hashlib.sha256(content).hexdigest()
    assert head == content
    if stat_size >= len(content):  # read whole at once: the blob id is of the bytes read
        assert blob == blob_id(content)
