"""The risk assessment has substance (issue 13 item 6): each Annex XI item with the facts
and quoted sections that answer it, controls with titles, descriptions and owners, evidence
with hash, commit and age; evaluation results from every log; red-team findings as a table;
every gate input in the evidence index; a statement of applicability that gives reasons."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from compliance.emit.render.context import build_context
from compliance.emit.render.environment import make_environment, template_dirs
from compliance.pipeline import run
from tests.gitrepo import GitRepo

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ["compliance.yaml", "model.yaml", "training-data.yaml"]
FOLDERS = ["controls", "risks", "evidence", "approvals"]


def _example(repo: GitRepo) -> GitRepo:
    for name in EXAMPLE:
        shutil.copy(ROOT / name, repo.root / name)
    for folder in FOLDERS:
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, repo.root / folder)
    repo.commit("the example", date="2026-11-20T10:00:00+00:00")
    return repo


def _html(root: Path) -> str:
    result = run(root)
    ctx = build_context(result, "risk-assessment", "Pre-release risk assessment", "A4")
    ctx["fonts"] = {}
    env = make_environment(template_dirs(root))
    return env.get_template("risk-assessment.html").render(ctx)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture(scope="module")
def example_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    repo = _example(GitRepo(tmp_path_factory.mktemp("example")))
    return _html(repo.root)


def _section(html: str, start_id: str, end_id: str) -> str:
    """The text between two headings of the report, found by their ids."""
    start = html.index(f'id="{start_id}"')
    return _text(html[start : html.index(f'id="{end_id}"', start)])


def test_each_annex_xi_item_shows_its_facts_quotes_controls_and_evidence(
    example_html: str,
) -> None:
    sec = _section(example_html, "sec-annex-xi", "sec-risks")
    for item in ("XI.1.1(a)", "XI.1.2(d)", "XI.2.1", "XI.2.2", "XI.2.3"):
        assert item in sec
    # a fact from model.yaml, and the model card's section quoted with its hash
    assert "Intended uses" in sec and "intended_uses" in sec
    assert "evidence/model-card.md § Intended tasks and integration" in sec
    # controls by title, description and owner, evidence with sha256, commit and age
    assert "CTL-DOC-01 Model card and technical documentation are maintained per release" in sec
    assert "owner Model Documentation Lead" in sec
    assert "The model card records intended tasks" in sec
    assert re.search(
        r"evidence/model-card\.md \(model-card\) [0-9a-f]{12} [0-9a-f]{8} \d{4}-\d\d-\d\d \d+ d",
        sec,
    )
    # the stale compute report and the missing energy report are named on their items
    assert "evidence stale: evidence/training/compute-report.md" in sec
    assert "evidence missing: evidence/training/energy-report.md" in sec
    assert "No control addresses this item." in sec  # XI.2.3


def test_evaluation_results_come_from_every_log_and_metrics_file(example_html: str) -> None:
    sec = _section(example_html, "eval-results", "eval-findings")
    for path in (
        "evidence/evaluations/inspect/multilingual-safety-qa.eval",
        "evidence/evaluations/refusal-by-language.csv",
        "evidence/evaluations/refusal-by-harm-and-language.csv",
    ):
        assert path in sec
    assert "model northwind/halcyon-2" in sec and "run 2026-11-24" in sec
    # metric, slice, value, n and the interval with its method
    assert re.search(r"refusal_rate language=sw 0\.902 900 0\.\d{3}–0\.\d{3}", sec)
    assert re.search(r"sha256 [0-9a-f]{12}", sec)


def test_red_team_findings_are_a_table_with_severity_category_status_and_retest(
    example_html: str,
) -> None:
    sec = _section(example_html, "eval-findings", "eval-reports")
    assert "14 findings (3 accepted, 11 fixed)" in sec
    assert re.search(r"RT-2026-001 Step-by-step synthesis route.* critical cbrn fixed passed", sec)
    assert re.search(r"RT-2026-005 .* medium cyber-offence accepted failed 2026-10-30 on rc3", sec)
    assert sec.index("RT-2026-001") < sec.index("RT-2026-005")  # most severe first


def test_the_red_team_and_evaluation_reports_are_reproduced_not_named(example_html: str) -> None:
    sec = _section(example_html, "eval-reports", "sec-coverage")
    assert "Jailbreak success rate fell from 7.9% to 1.6%" in sec
    assert "see the appendix" not in _text(example_html)


def test_every_gate_input_appears_in_the_evidence_index(example_html: str) -> None:
    sec = _section(example_html, "app-index", "app-docs")
    for path in (
        "evidence/evaluations/refusal-by-language.csv",
        "evidence/evaluations/self-harm-classifier/predictions.csv",
        "evidence/incidents/incident-log.csv",
        "risks/register.yaml",
    ):
        assert path in sec
    assert "gate rule refusal-language-parity" in sec and "read by CTL-EVAL-01" in sec


def test_the_statement_of_applicability_gives_the_rule_or_justification(
    example_html: str,
) -> None:
    sec = _section(example_html, "sec-scope", "sec-annex-xi")
    assert "in scope; addressed by" not in sec
    assert "GPAI model with systemic risk (Art. 51, 55)" in sec
    assert "provider of a general-purpose AI model (Art. 3(63), 53)" in sec
    assert "declared not applicable by Head of AI Governance on 2026-10-15" in sec


def test_the_risk_register_numbers_the_risks_the_heat_maps_place(example_html: str) -> None:
    assert "RISK-SELFHARM" not in "".join(re.findall(r"<svg.*?</svg>", example_html, re.S))
    assert "…" not in "".join(re.findall(r"<svg.*?</svg>", example_html, re.S))
    sizes = [float(s) for s in re.findall(r'font-size="([0-9.]+)"', example_html)]
    assert min(sizes) >= 10  # CSS px: 7.5 pt


def test_a_bad_findings_file_stops_the_build_with_its_location(
    git_repo: Callable[..., GitRepo],
) -> None:
    repo = _example(git_repo())
    path = repo.root / "evidence/red-team/findings.yaml"
    path.write_text(path.read_text("utf-8").replace("severity: critical", "severity: dire", 1))
    repo.commit("typo", date="2026-11-21T10:00:00+00:00")
    from compliance.core.errors import InputError

    with pytest.raises(InputError) as exc:
        _html(repo.root)
    problem = exc.value.problems[0]
    assert problem.path == "evidence/red-team/findings.yaml" and problem.line == 11
