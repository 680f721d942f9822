"""A glob in a control's evidence list expands to the files it matches, each assessed."""

from __future__ import annotations

import json

from click.testing import CliRunner

from compliance.cli.main import main
from compliance.core.exit_codes import ExitCode
from compliance.load.workspace import glob_regex, load_workspace

CONTROLS = """\
schema_version: 1
controls:
  - id: CTL-DOC-01
    title: Model documentation is maintained
    owner: Model Documentation Lead
    satisfies:
      - eu-ai-act-annex-xi:XI.1.1(a)
    evidence:
      - path: evidence/model-card.md
      - path: "{glob}"
        max_age_days: 30
"""
CARD = "---\nas_of: 2026-01-20\n---\n# Licence {}\n"


def _licences(starter, glob: str = "evidence/licence/*.md") -> None:
    starter.write("controls/documentation.yaml", CONTROLS.format(glob=glob))
    for name in ("zeta", "alpha", "mid"):
        starter.write(f"evidence/licence/{name}.md", CARD.format(name))
    starter.write("evidence/licence/notes.txt", "not markdown\n")
    starter.write("evidence/licence/old/nested.md", CARD.format("nested"))


def _cli(root, *args):
    return CliRunner().invoke(main, [*args, "--project", str(root)])


def test_a_glob_expands_to_its_matches_sorted_each_with_the_globs_settings(starter) -> None:
    _licences(starter)
    starter.commit("licences", date="2026-02-02T09:00:00+00:00")
    ws = load_workspace(starter.root)
    (lc,) = ws.controls
    paths = [link.path for link in lc.control.evidence]
    assert paths == [
        "evidence/model-card.md",
        "evidence/licence/alpha.md",
        "evidence/licence/mid.md",
        "evidence/licence/zeta.md",
    ]
    assert [link.max_age_days for link in lc.control.evidence] == [None, 30, 30, 30]
    assert ws.evidence_globs == ["evidence/licence/*.md"]


def test_each_match_is_indexed_and_assessed_at_the_globs_line(starter) -> None:
    _licences(starter)
    starter.commit("licences", date="2026-02-02T09:00:00+00:00")
    result = _cli(starter.root, "check", "--format", "json", "--no-cache")
    assert result.exit_code in (ExitCode.OK, ExitCode.FINDINGS), result.stderr
    data = json.loads(result.stdout)
    assert {e["path"] for e in data["evidence"]} >= {
        "evidence/licence/alpha.md",
        "evidence/licence/mid.md",
        "evidence/licence/zeta.md",
    }
    linked = {
        e["path"]: e["linked_at"]
        for fw in data["frameworks"]
        for r in fw["requirements"]
        for c in r["controls"]
        for e in c["evidence"]
    }
    assert linked["evidence/licence/alpha.md"] == "controls/documentation.yaml:10"
    assert linked["evidence/model-card.md"] == "controls/documentation.yaml:9"


def test_a_double_star_spans_folders(starter) -> None:
    _licences(starter, "evidence/licence/**/*.md")
    starter.commit("licences")
    (lc,) = load_workspace(starter.root).controls
    assert "evidence/licence/old/nested.md" in [link.path for link in lc.control.evidence]
    assert glob_regex("a/*.md").fullmatch("a/b/c.md") is None
    assert glob_regex("a/[!x]?.md").fullmatch("a/yz.md") is not None


def test_a_glob_that_matches_nothing_is_invalid_input_at_its_line(starter) -> None:
    _licences(starter, "evidence/licenses/*.md")
    starter.commit("typo")
    result = _cli(starter.root, "check")
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert (
        "error: controls/documentation.yaml:10:15: evidence glob 'evidence/licenses/*.md' "
        "matches no file"
    ) in result.stderr


def test_a_glob_leaving_the_workspace_is_refused(starter) -> None:
    _licences(starter, "../*.md")
    starter.commit("escape")
    result = _cli(starter.root, "check")
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "evidence glob '../*.md' is refused" in result.stderr


def test_a_match_through_a_symlink_leaving_the_workspace_is_refused(starter, tmp_path) -> None:
    _licences(starter)
    outside = tmp_path / "secret.md"
    outside.write_text("secret\n")
    (starter.root / "evidence/licence/link.md").symlink_to(outside)
    starter.commit("link out")
    result = _cli(starter.root, "check")
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "matches 'evidence/licence/link.md', which is refused" in result.stderr


def test_a_committed_revision_expands_the_glob_against_its_own_tree(starter) -> None:
    from compliance.load.sources import GitTreeSource

    _licences(starter)
    starter.commit("licences")
    (starter.root / "evidence/licence/uncommitted.md").write_text(CARD.format("new"))
    (lc,) = load_workspace(starter.root, GitTreeSource(starter.root, "HEAD")).controls
    assert "evidence/licence/uncommitted.md" not in [link.path for link in lc.control.evidence]


def test_a_new_match_invalidates_the_cached_check(starter) -> None:
    import os
    import time

    _licences(starter)
    starter.commit("licences")
    old = time.time() - 60
    for path in starter.root.rglob("*"):
        if ".git" not in path.parts:
            os.utime(path, (old, old), follow_symlinks=False)
    first = _cli(starter.root, "check", "--format", "json")
    assert "evidence/licence/new.md" not in first.stdout
    new = starter.root / "evidence/licence/new.md"
    new.write_text(CARD.format("new"))
    os.utime(new, (old, old))
    os.utime(new.parent, (old, old))
    second = _cli(starter.root, "check", "--format", "json")
    assert "evidence/licence/new.md" in second.stdout
