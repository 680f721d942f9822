"""Red-team findings files are read once, by the pipeline: every command refuses a bad one
at its line and column, harm categories are those of the taxonomies in use, and `check`
summarises the findings only when a findings file exists."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.cli.main import main
from compliance.core.errors import InputError
from compliance.link.red_team import category_problems
from compliance.load.taxonomies import load_taxonomies
from compliance.load.yaml_files import load_model
from compliance.models.red_team import FindingsFile
from compliance.pipeline import run
from tests.gitrepo import GitRepo

ROOT = Path(__file__).resolve().parents[2]
FINDINGS = "evidence/red-team/findings.yaml"


def _example(repo: GitRepo) -> GitRepo:
    for name in ("compliance.yaml", "model.yaml", "training-data.yaml"):
        shutil.copy(ROOT / name, repo.root / name)
    for folder in ("controls", "risks", "evidence", "approvals"):
        shutil.copytree(ROOT / folder, repo.root / folder)
    repo.commit("the example", date="2026-11-20T10:00:00+00:00")
    return repo


def _edit(repo: GitRepo, old: str, new: str) -> None:
    path = repo.root / FINDINGS
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    repo.commit("edit the findings", date="2026-11-21T10:00:00+00:00")


def _cli(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--project", str(root)])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _example(GitRepo(tmp_path_factory.mktemp("example"))).root


def test_the_run_holds_the_example_findings_parsed(example: Path) -> None:
    result = run(example)
    assert [f.path for f in result.red_team] == [FINDINGS]
    assert len(result.red_team[0].data.findings) == 14


def test_check_gate_and_build_all_refuse_a_malformed_findings_file_at_its_line(
    git_repo: Callable[..., GitRepo],
) -> None:
    repo = _example(git_repo())
    _edit(repo, "severity: critical", "severity: dire")
    for args in (
        ["check", "--no-cache"],
        ["gate"],
        ["build", "risk-assessment"],
    ):
        code, out, err = _cli(repo.root, *args)
        assert code == 2, (args, out, err)
        assert f"{FINDINGS}:11:" in err, (args, err)
        assert "Traceback" not in out + err
    assert not (repo.root / "build" / "risk-assessment.pdf").exists()


def test_an_unknown_harm_category_is_refused_with_did_you_mean_at_its_value(
    git_repo: Callable[..., GitRepo],
) -> None:
    repo = _example(git_repo())
    _edit(repo, "harm_category: cbrn", "harm_category: cbrm")
    with pytest.raises(InputError) as exc:
        run(repo.root)
    (problem,) = exc.value.problems
    assert (problem.path, problem.line, problem.column) == (FINDINGS, 12, 20)
    assert "unknown harm category 'cbrm'" in problem.message
    assert "did you mean 'cbrn'?" in problem.hint
    code, _, err = _cli(repo.root, "check", "--no-cache")
    assert code == 2 and f"{FINDINGS}:12:20: unknown harm category 'cbrm'" in err


def test_check_counts_the_findings_and_the_open_ones_by_severity(
    git_repo: Callable[..., GitRepo],
) -> None:
    repo = _example(git_repo())
    # RT-2026-001 (critical) reopened: its passed retest stays on record.
    _edit(
        repo,
        "severity: critical\n    harm_category: cbrn\n    status: fixed",
        "severity: critical\n    harm_category: cbrn\n    status: open",
    )
    _, text, _ = _cli(repo.root, "check", "--no-cache")
    assert (
        "red-team findings: 14, 10 fixed and retested, 3 accepted, 1 open (1 critical) "
        f"({FINDINGS})" in " ".join(text.split())  # the line wraps at 100 columns
    )
    _, out, _ = _cli(repo.root, "check", "--no-cache", "--format", "json")
    (summary,) = json.loads(out)["red_team_findings"]
    assert summary == {
        "path": FINDINGS,
        "findings": 14,
        "fixed": 10,
        "accepted": 3,
        "open": 1,
        "open_by_severity": {"critical": 1, "high": 0, "medium": 0, "low": 0},
    }


def test_check_says_nothing_of_red_team_findings_without_a_findings_file(
    starter: GitRepo,
) -> None:
    assert run(starter.root).red_team == ()
    _, text, _ = _cli(starter.root, "check", "--no-cache")
    assert "red-team findings" not in text
    _, out, _ = _cli(starter.root, "check", "--no-cache", "--format", "json")
    assert "red_team_findings" not in json.loads(out)


TAXONOMIES = load_taxonomies()
ONE = """\
schema_version: 1
exercise: an exercise
findings:
  - id: RT-1
    title: a finding
    severity: low
    harm_category: {category}
    status: open
    found: 2026-09-01
    found_by: internal red team
    retest: {{result: not-retested}}
"""


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.sampled_from(TAXONOMIES.category_ids),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz-:", min_size=1, max_size=20),
    )
)
def test_a_harm_category_is_accepted_exactly_when_a_taxonomy_in_use_knows_it(
    category: str,
) -> None:
    text = ONE.format(category=json.dumps(category))
    data, parsed = load_model(FindingsFile, "f.yaml", text.encode())
    problems = category_problems(TAXONOMIES, "f.yaml", data, parsed)
    known, _ = TAXONOMIES.check(category)
    if known:
        assert problems == []
    else:
        (problem,) = problems
        assert (problem.path, problem.line, problem.column) == ("f.yaml", 7, 20)
        assert repr(category) in problem.message
