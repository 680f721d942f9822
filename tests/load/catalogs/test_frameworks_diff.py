"""`compliance frameworks diff OLD NEW`: what changed between editions, what to re-review."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from compliance.assess.catalog_diff import word_diff
from compliance.cli.main import main


def edition(version: str, requirements: list[dict[str, Any]], cid: str = "policy") -> str:
    doc = {
        "schema_version": 1,
        "id": cid,
        "title": "Internal AI policy",
        "publisher": "Example Org",
        "version": version,
        "published": "2026-01-01",
        "source_url": "https://example.invalid/policy",
        "requirements": requirements,
    }
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


OLD_REQS: list[dict[str, Any]] = [
    {"id": "P.1", "kind": "group", "title": "Testing", "text": "Before release:"},
    {
        "id": "P.1.a",
        "parent": "P.1",
        "title": "Evaluate",
        "text": "the model is evaluated against the documented criteria and metrics;",
    },
    {"id": "P.1.b", "parent": "P.1", "title": "Red team", "text": "the model is red-teamed."},
    {"id": "P.2", "title": "Licence", "text": "The licence is recorded."},
    {"id": "P.3", "title": "Energy", "text": "Energy use is recorded."},
]


def new_reqs() -> list[dict[str, Any]]:
    reqs = [dict(r) for r in OLD_REQS if r["id"] != "P.2"]
    reqs[1]["text"] = (
        "the model is evaluated against the documented criteria, metrics and thresholds;"
    )
    reqs[3]["applicability"] = ["systemic-risk"]
    reqs.append({"id": "P.4", "title": "Incidents", "text": "Serious incidents are reported."})
    return reqs


@pytest.fixture
def editions(tmp_path: Path) -> tuple[Path, Path]:
    old = tmp_path / "policy-2026-01.yaml"
    new = tmp_path / "policy-2026-06.yaml"
    old.write_text(edition("2026-01", OLD_REQS), encoding="utf-8")
    new.write_text(edition("2026-06", new_reqs()), encoding="utf-8")
    return old, new


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    (root / "controls").mkdir(parents=True)
    (root / "compliance.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    (root / "controls" / "testing.yaml").write_text(
        """\
schema_version: 1
controls:
  - id: CTL-EVAL-01
    title: Evaluations
    owner: Safety Lead
    satisfies: ["policy:P.1.a", "nist-ai-rmf-1.0:MEASURE 2.1"]
  - id: CTL-LIC-01
    title: Licence register
    owner: Legal
    satisfies: ["policy:P.2"]
  - id: CTL-UNTOUCHED
    title: Red team
    owner: Safety Lead
    satisfies: ["policy:P.1.b", "other:P.2"]
""",
        encoding="utf-8",
    )
    return root


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["frameworks", "diff", *map(str, args)])


def test_identical_editions_exit_0_and_say_nothing_changed(
    editions: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    old, _ = editions
    result = run(old, old)
    assert result.exit_code == 0, result.output
    assert "no requirement was added, removed or changed" in result.stdout


def test_added_removed_and_reworded_requirements_are_listed_with_a_word_diff(
    editions: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*editions)
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert "policy: 2026-01  ->  2026-06" in out
    assert "+ P.4  Incidents" in out
    assert "- P.2  Licence" in out
    assert "~ P.1.a  Evaluate" in out
    assert "[-criteria and metrics;-]{+criteria, metrics and thresholds;+}" in out
    assert "* P.3  Energy  (applicability)" in out
    assert "no compliance.yaml found" in out


def test_json_output_has_added_removed_and_changed_with_old_and_new_text(
    editions: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*editions, "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["catalog"] == "policy"
    assert (data["old"]["version"], data["new"]["version"]) == ("2026-01", "2026-06")
    assert [r["id"] for r in data["added"]] == ["P.4"]
    assert data["removed"] == [
        {"id": "P.2", "title": "Licence", "text": "The licence is recorded.", "parent": None}
    ]
    reworded, moved = data["changed"]
    assert reworded["id"] == "P.1.a" and reworded["reworded"] is True
    assert reworded["fields"] == ["text"]
    assert reworded["old"]["text"].endswith("criteria and metrics;")
    assert reworded["new"]["text"].endswith("metrics and thresholds;")
    assert "{+criteria, metrics and thresholds;+}" in reworded["text_diff"]
    assert (moved["id"], moved["reworded"], moved["fields"]) == ("P.3", False, ["applicability"])
    assert data["controls"] == [] and data["workspace_checked"] is False


def test_controls_referencing_changed_or_removed_requirements_are_listed(
    editions: tuple[Path, Path], workspace: Path
) -> None:
    result = run(*editions, "--project", workspace, "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["workspace_checked"] is True
    assert data["controls"] == [
        {
            "id": "CTL-EVAL-01",
            "path": "controls/testing.yaml",
            "line": 3,
            "references": [{"ref": "policy:P.1.a", "reason": "reworded (text)"}],
        },
        {
            "id": "CTL-LIC-01",
            "path": "controls/testing.yaml",
            "line": 7,
            "references": [{"ref": "policy:P.2", "reason": "removed"}],
        },
    ]


def test_the_workspace_is_found_upward_from_the_current_directory(
    editions: tuple[Path, Path], workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workspace / "evidence").mkdir()
    monkeypatch.chdir(workspace / "evidence")
    result = run(*editions)
    assert result.exit_code == 1, result.output
    assert "controls to re-review (2):" in result.stdout
    assert "CTL-LIC-01  (controls/testing.yaml:7)" in result.stdout
    assert "policy:P.2: removed" in result.stdout
    assert "CTL-UNTOUCHED" not in result.stdout


def test_a_control_under_a_reworded_heading_is_listed_for_review(
    tmp_path: Path, workspace: Path
) -> None:
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(edition("1", OLD_REQS), encoding="utf-8")
    reqs = [dict(r) for r in OLD_REQS]
    reqs[0]["text"] = "Before release and after every major update:"
    new.write_text(edition("2", reqs), encoding="utf-8")
    result = run(old, new, "--project", workspace)
    assert result.exit_code == 1, result.output
    assert "policy:P.1.a: under reworded heading P.1" in result.stdout
    assert "policy:P.1.b: under reworded heading P.1" in result.stdout


def test_editions_of_different_catalogs_are_refused_with_the_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text(edition("1", OLD_REQS), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(edition("1", OLD_REQS, cid="other"), encoding="utf-8")
    result = run("a.yaml", "b.yaml")
    assert result.exit_code == 2
    assert "b.yaml:2:5: catalog id 'other' differs from 'policy' in a.yaml" in result.stderr
    assert result.stdout == ""


def test_an_invalid_edition_is_refused_with_its_location_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text(edition("1", OLD_REQS), encoding="utf-8")
    broken = edition("2", OLD_REQS).replace("title: Energy", "title: Energy\n  titel: typo")
    (tmp_path / "b.yaml").write_text(broken, encoding="utf-8")
    result = run("a.yaml", "b.yaml")
    assert result.exit_code == 2
    assert "error: b.yaml:" in result.stderr and "titel" in result.stderr
    assert "Traceback" not in result.output


def test_a_missing_edition_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text(edition("1", OLD_REQS), encoding="utf-8")
    result = run("a.yaml", "missing.yaml")
    assert result.exit_code == 2
    assert "missing.yaml: file not found" in result.stderr


def test_a_project_path_without_compliance_yaml_exits_2(
    editions: tuple[Path, Path], tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(*editions, "--project", empty)
    assert result.exit_code == 2
    assert "no compliance.yaml" in result.stderr


def test_an_invalid_controls_file_in_the_workspace_exits_2(
    editions: tuple[Path, Path], workspace: Path
) -> None:
    (workspace / "controls" / "bad.yaml").write_text("schema_version: 1\ncontrols: 3\n")
    result = run(*editions, "--project", workspace)
    assert result.exit_code == 2
    assert "controls/bad.yaml:2" in result.stderr


def test_a_shipped_catalog_diffed_with_itself_has_no_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from compliance.load.catalogs import shipped_dir

    monkeypatch.chdir(tmp_path)
    path = shipped_dir("frameworks") / "nist-ai-600-1.yaml"
    result = run(path, path, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["added"] == data["removed"] == data["changed"] == []


def test_word_diff_keeps_short_context_and_elides_long_unchanged_runs() -> None:
    old = "one two three four five six seven eight nine ten eleven twelve"
    new = "one two three four five six SEVEN eight nine ten eleven twelve"
    assert word_diff(old, new, context=2) == "… five six [-seven-]{+SEVEN+} eight nine …"


def test_word_diff_shows_pure_insertions_and_deletions() -> None:
    assert word_diff("a b c", "a b x c") == "a b {+x+} c"
    assert word_diff("a b c", "a c") == "a [-b-] c"
    assert word_diff("", "new text") == "{+new text+}"
