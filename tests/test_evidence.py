"""The git-backed evidence index, on real repositories with known history."""

from __future__ import annotations

import hashlib
import subprocess
from datetime import date

import pytest

from compliance.errors import InputError
from compliance.evidence import EvidenceState, build_index


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
