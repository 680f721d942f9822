"""The check cache: reused when nothing changed, invalidated by any change, never required."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from compliance.cli.check_cache import cached_check
from compliance.cli.main import main
from compliance.link import evidence_cache as cache
from compliance.link.evidence import build_index
from compliance.link.evidence_cache import CACHE_DIR, EvidenceCache

PATHS = ["evidence/eval.md", "evidence/model-card.md"]


def run_check(root: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--project", str(root), *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def rewrite_same_size(path: Path, text: str) -> None:
    """Replace the content with text of the same length, as a later edit would."""
    old = path.stat()
    assert len(text.encode()) == old.st_size
    path.write_text(text)
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns + 1_000_000_000))


def cached_index(root: Path) -> Any:
    store = EvidenceCache(root)
    index = build_index(root, PATHS, cache=store)
    store.save()
    return index


@pytest.mark.usefixtures("trust_fresh_files")
def test_unchanged_workspace_reuses_the_stored_output(workspace):
    first = run_check(workspace.root)
    hit = cached_check(workspace.root, "table")
    assert hit is not None and hit == (first[1], first[0])
    assert run_check(workspace.root) == first


@pytest.mark.usefixtures("trust_fresh_files")
def test_cached_index_equals_the_index_computed_from_scratch(workspace):
    fresh = build_index(workspace.root, PATHS)
    cached_index(workspace.root)  # fills the cache
    again = cached_index(workspace.root)  # served from it
    assert again.records == fresh.records
    assert again.repo.history == fresh.repo.history


@pytest.mark.usefixtures("trust_fresh_files")
def test_a_changed_evidence_file_invalidates_its_entry_and_the_output(workspace):
    run_check(workspace.root)
    cached_index(workspace.root)
    card = workspace.root / "evidence/eval.md"
    new = "# Evaluation\n\nAll bad!!\n"
    rewrite_same_size(card, new)
    assert cached_check(workspace.root, "table") is None
    record = cached_index(workspace.root).get("evidence/eval.md")
    assert record.sha256 == hashlib.sha256(new.encode()).hexdigest()
    assert record.state == "modified"
    code, out = run_check(workspace.root)
    assert "evidence uncommitted: evidence/eval.md" in out and code == 1


@pytest.mark.usefixtures("trust_fresh_files")
def test_a_new_commit_invalidates_git_facts_and_output(workspace):
    run_check(workspace.root)
    before = cached_index(workspace.root).get("evidence/eval.md").last_commit
    workspace.write("evidence/eval.md", "# Evaluation\n\nRe-run, still good.\n")
    sha = workspace.commit("re-run evaluation", date="2026-03-01T09:00:00+00:00")
    assert cached_check(workspace.root, "table") is None
    after = cached_index(workspace.root).get("evidence/eval.md").last_commit
    assert before is not None and after is not None
    assert after.sha == sha != before.sha


@pytest.mark.usefixtures("trust_fresh_files")
def test_a_new_control_file_invalidates_the_output(workspace):
    run_check(workspace.root)
    workspace.write(
        "controls/more.yaml",
        "schema_version: 1\ncontrols:\n  - id: CTL-X\n    title: X\n    owner: Safety Lead\n"
        "    satisfies: [eu-ai-act-annex-xi:XI.1.1(b)]\n    evidence: [evidence/eval.md]\n",
    )
    assert cached_check(workspace.root, "table") is None
    assert "CTL-X" in run_check(workspace.root, "--format", "json")[1]


@pytest.mark.usefixtures("trust_fresh_files")
@pytest.mark.parametrize(
    "garbage",
    [
        b"\x00\xff not json",
        b"[1, 2, 3]",
        json.dumps({"format": cache.FORMAT, "files": {"evidence/eval.md": [[1], 2, 3]}}).encode(),
        json.dumps({"format": cache.FORMAT, "key": "x", "commits": "nope", "blobs": []}).encode(),
        json.dumps(
            {"format": cache.FORMAT, "digest": "0", "files": 5, "output": "forged", "exit": 0}
        ).encode(),
    ],
)
def test_a_corrupted_cache_file_is_ignored(workspace, garbage):
    expected = run_check(workspace.root, "--no-cache")
    folder = workspace.root / CACHE_DIR
    folder.mkdir(parents=True)
    for name in ("evidence-files.json", "evidence-git.json", "check-table.json"):
        (folder / name).write_bytes(garbage)
    assert run_check(workspace.root) == expected
    assert run_check(workspace.root) == expected


@pytest.mark.usefixtures("trust_fresh_files")
def test_a_forged_output_with_a_stale_digest_is_not_shown(workspace):
    expected = run_check(workspace.root)
    path = workspace.root / CACHE_DIR / "check-table.json"
    entry = json.loads(path.read_text())
    entry["output"], entry["exit"] = "all covered\n", 0
    entry["digest"] = "0" * 64
    path.write_text(json.dumps(entry))
    assert run_check(workspace.root) == expected


@pytest.mark.usefixtures("trust_fresh_files")
def test_unwritable_build_directory_still_checks(workspace):
    expected = run_check(workspace.root, "--no-cache")
    (workspace.root / "build").write_text("a file where the build folder should be\n")
    assert run_check(workspace.root) == expected
    assert (workspace.root / "build").is_file()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
@pytest.mark.usefixtures("trust_fresh_files")
def test_read_only_workspace_still_checks(workspace):
    expected = run_check(workspace.root, "--no-cache")
    modes = {}
    for path in [workspace.root, *workspace.root.rglob("*")]:
        if ".git" not in path.parts:
            modes[path] = path.stat().st_mode
            path.chmod(modes[path] & ~0o222)
    try:
        assert run_check(workspace.root) == expected
        assert not (workspace.root / "build").exists()
    finally:
        for path, mode in modes.items():
            path.chmod(mode)


def test_no_cache_flag_reads_and_writes_nothing(workspace):
    run_check(workspace.root, "--no-cache")
    assert not (workspace.root / CACHE_DIR).exists()


def test_a_file_written_just_now_is_not_remembered(workspace):
    workspace.write("evidence/eval.md", "# Evaluation\n\nJust edited.\n")
    cached_index(workspace.root)
    stored = json.loads((workspace.root / CACHE_DIR / "evidence-files.json").read_text())
    assert "evidence/eval.md" not in stored["files"]
    assert cached_check(workspace.root, "table") is None
