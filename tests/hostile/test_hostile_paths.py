"""Hostile evidence paths: nothing outside the workspace is read, odd files are named plainly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile_helpers import REPO_ROOT, assert_input_error, cli, controls_with_evidence

CONTROLS = "controls/documentation.yaml"
LFS_POINTER = (
    b"version https://git-lfs.github.com/spec/v1\n"
    b"oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
    b"size 52428800\n"
)


def link(starter, *paths: str) -> None:
    """Point the starter's one control at `paths`."""
    starter.write(CONTROLS, controls_with_evidence(*paths))


def evidence_json(starter) -> dict[str, dict]:
    """The `evidence` section of `check --format json`, by path."""
    result = cli(starter.root, "check", "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return {e["path"]: e for e in json.loads(result.stdout)["evidence"]}


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("../outside.md", "'..' is not allowed"),
        ("evidence/../../outside.md", "'..' is not allowed"),
        ("/etc/passwd", "absolute paths are not allowed"),
        ("~/notes.md", "absolute paths are not allowed"),
        ("C:/Windows/win.ini", "absolute paths are not allowed"),
        ("evidence\\model-card.md", "backslashes are not allowed"),
        ("evidence/new\nline.md", "control character U+000A"),
        ("evidence/esc\x1b[2Jape.md", "control character U+001B"),
    ],
    ids=["dotdot", "nested-dotdot", "absolute", "home", "drive", "backslash", "newline", "ansi"],
)
def test_evidence_paths_leaving_or_confusing_the_workspace_are_refused_at_their_line(
    starter,
    path: str,
    why: str,
) -> None:
    link(starter, "evidence/model-card.md", path)
    result = cli(starter.root, "check")
    stderr = assert_input_error(result.exit_code, result.stdout, result.stderr, CONTROLS, 10)
    assert why in stderr


def test_a_symlink_out_of_the_repository_is_refused_and_its_target_not_read(
    starter,
    tmp_path: Path,
) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("TOP-SECRET-CONTENT\n")
    (starter.root / "evidence" / "linked.md").symlink_to(secret)
    link(starter, "evidence/linked.md")
    result = cli(starter.root, "check")
    stderr = assert_input_error(result.exit_code, result.stdout, result.stderr, CONTROLS, 9)
    assert "resolves outside the workspace" in stderr and "TOP-SECRET" not in stderr


def test_a_symlinked_directory_out_of_the_repository_is_refused(starter, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "card.md").write_text("outside\n")
    (starter.root / "evidence" / "shared").symlink_to(tmp_path / "elsewhere")
    link(starter, "evidence/shared/card.md")
    result = cli(starter.root, "check")
    assert_input_error(result.exit_code, result.stdout, result.stderr, CONTROLS, 9)


def test_a_symlink_loop_is_refused_not_followed_forever(starter) -> None:
    (starter.root / "evidence" / "a.md").symlink_to("b.md")
    (starter.root / "evidence" / "b.md").symlink_to("a.md")
    link(starter, "evidence/a.md")
    result = cli(starter.root, "check")
    stderr = assert_input_error(result.exit_code, result.stdout, result.stderr, CONTROLS, 9)
    assert "symlink loop" in stderr


def test_a_symlink_that_stays_inside_is_accepted_and_hashed_by_its_target(starter) -> None:
    (starter.root / "evidence" / "current.md").symlink_to("model-card.md")
    link(starter, "evidence/current.md", "evidence/model-card.md")
    starter.commit("link inside")
    records = evidence_json(starter)
    assert records["evidence/current.md"]["sha256"] == records["evidence/model-card.md"]["sha256"]


def test_a_committed_symlink_inside_the_repository_counts_as_committed(starter) -> None:
    (starter.root / "evidence" / "current.md").symlink_to("model-card.md")
    link(starter, "evidence/current.md", "evidence/model-card.md")
    starter.commit("link inside")
    assert evidence_json(starter)["evidence/current.md"]["state"] == "committed"


def test_a_directory_where_a_file_is_expected_is_named_as_such(starter) -> None:
    (starter.root / "evidence" / "reports").mkdir()
    (starter.root / "evidence" / "reports" / "a.md").write_text("a\n")
    link(starter, "evidence/reports")
    starter.commit("a folder as evidence")
    record = evidence_json(starter)["evidence/reports"]
    assert record["state"] == "not-a-file" and record["sha256"] is None
    assert "directory" in record["detail"]


def test_odd_file_names_elsewhere_in_the_repository_do_not_disturb_the_check(starter) -> None:
    # Names git and the file system allow but YAML cannot name: a line break, bytes that
    # are not UTF-8, a name that looks like a terminal escape.
    for name in (b"new\nline.md", b"caf\xe9.md", b"\xff\xfe.md", b"\x1b[31mred.md"):
        (starter.root / "evidence").joinpath(os.fsdecode(name)).write_bytes(b"x\n")
    starter.commit("odd names", date="2026-02-02T09:00:00+00:00")
    records = evidence_json(starter)
    assert list(records) == ["evidence/model-card.md"]
    assert records["evidence/model-card.md"]["state"] == "committed"


def test_a_path_that_is_not_valid_unicode_is_refused_at_its_line(starter) -> None:
    # The YAML escape \udcff is how a non-UTF-8 byte would have to be spelled.
    starter.write(CONTROLS, controls_with_evidence("x").replace('"x"', '"evidence/\\udcff.md"'))
    (starter.root / "evidence").joinpath(os.fsdecode(b"\xff.md")).write_bytes(b"x\n")
    result = cli(starter.root, "check")
    assert_input_error(result.exit_code, result.stdout, result.stderr, CONTROLS, 9)


def test_a_git_lfs_pointer_is_reported_as_a_pointer_not_as_evidence(starter) -> None:
    starter.write("evidence/red-team.pdf", LFS_POINTER)
    link(starter, "evidence/red-team.pdf")
    starter.commit("pointer only")
    result = cli(starter.root, "check")
    assert result.exit_code == 1
    assert "Git LFS pointer" in result.stdout and "git lfs pull" in result.stdout
    record = evidence_json(starter)["evidence/red-team.pdf"]
    assert record["state"] == "lfs-pointer"


def test_a_git_lfs_pointer_is_not_hashed_as_the_evidence(starter) -> None:
    starter.write("evidence/red-team.pdf", LFS_POINTER)
    link(starter, "evidence/red-team.pdf")
    starter.commit("pointer only")
    record = evidence_json(starter)["evidence/red-team.pdf"]
    assert record["sha256"] is None


PEAK_PROBE = """
import re, sys
from pathlib import Path
from compliance.link.evidence import build_index

def peak() -> int:
    return int(re.search(r"VmHWM:\\s+(\\d+)", Path("/proc/self/status").read_text()).group(1))

before = peak()
index = build_index(Path(sys.argv[1]), [sys.argv[2]])
record = index.records[sys.argv[2]]
print(record.state.value, record.size, record.sha256, peak() - before)
"""


def index_in_subprocess(root: Path, rel: str) -> tuple[str, int, str, int]:
    """State, size, sha256 and peak-memory growth (KiB) of indexing one file, in a fresh process."""
    out = subprocess.run(
        [sys.executable, "-c", PEAK_PROBE, str(root), rel],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        timeout=300,
    ).stdout.split()
    return out[0], int(out[1]), out[2], int(out[3])


# sha256 of 2 GiB of zero bytes: the sparse file below reads back as zeros.
ZEROS_2GIB = "a7c744c13cc101ed66c29f672f92455547889cc586ce6d44fe76ae824958ea51"


@pytest.mark.slow
def test_a_2_gb_evidence_file_is_hashed_in_constant_memory(starter) -> None:
    big = starter.root / "evidence" / "weights-audit.bin"
    with big.open("wb") as fh:
        fh.truncate(2 * 1024**3)  # sparse: no disk space used, reads back as zeros
    start = time.monotonic()
    state, size, sha256, growth_kib = index_in_subprocess(
        starter.root, "evidence/weights-audit.bin"
    )
    elapsed = time.monotonic() - start
    assert (state, size, sha256) == ("untracked", 2 * 1024**3, ZEROS_2GIB)
    assert growth_kib < 32 * 1024, f"peak memory grew by {growth_kib // 1024} MiB"
    assert elapsed < 120


def test_a_large_eval_archive_is_not_read_whole_into_memory(starter) -> None:
    big = starter.root / "evidence" / "run.eval"
    with big.open("wb") as fh:
        fh.truncate(256 * 1024**2)
    state, size, _sha, growth_kib = index_in_subprocess(starter.root, "evidence/run.eval")
    assert (state, size) == ("untracked", 256 * 1024**2)
    assert growth_kib < 32 * 1024, f"peak memory grew by {growth_kib // 1024} MiB"
