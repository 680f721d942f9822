"""Coverage means content: a documentation requirement mapped to Model Documentation Form
fields is covered only when those fields are filled and the sections they (or a control's
evidence link) cite are still there, fresh, in the assessed commit."""

from __future__ import annotations

import re
from collections.abc import Callable

from click.testing import CliRunner

from compliance.assess.coverage import Status
from compliance.cli.main import main
from compliance.emit.model_documentation import form_data
from compliance.models.forms import Audience
from compliance.pipeline import run
from tests.emit.documents.docs_helpers import ROOT, example_workspace
from tests.gitrepo import GitRepo

CONTROLS = """\
schema_version: 1
controls:
  - id: CTL-DOC-01
    title: Model card is maintained per release
    owner: Model Documentation Lead
    satisfies:
      - eu-ai-act-annex-xi:XI.1.1(a)
      - eu-ai-act-annex-xi:XI.1.1(f)
    evidence:
      - path: evidence/model-card.md
        kind: model-card
  - id: CTL-DOC-02
    title: The licence section of the model card is kept
    owner: Model Documentation Lead
    satisfies:
      - eu-ai-act-annex-xi:XI.1.1(f)
    evidence:
      - {LICENCE_LINK}
"""


def _workspace(
    git_repo: Callable[..., GitRepo],
    model_yaml: str | None = None,
    licence_link: str = "evidence/model-card.md#Licence",
) -> GitRepo:
    repo = git_repo()
    repo.write("controls/documentation.yaml", CONTROLS.replace("{LICENCE_LINK}", licence_link))
    return example_workspace(repo, model_yaml)


def _status(repo: GitRepo, ref: str) -> tuple[Status, list[str]]:
    result = run(repo.root).assessment.result(ref)
    assert result is not None
    return result.status, result.reasons


def test_filled_fields_with_present_sections_leave_a_requirement_covered(
    git_repo: Callable[..., GitRepo],
) -> None:
    repo = _workspace(git_repo)
    assert _status(repo, "eu-ai-act-annex-xi:XI.1.1(a)") == (Status.COVERED, [])
    assert _status(repo, "eu-ai-act-annex-xi:XI.1.1(f)") == (Status.COVERED, [])


def test_an_empty_required_field_is_listed_by_the_form_and_makes_check_report_partial(
    git_repo: Callable[..., GitRepo],
) -> None:
    text = (ROOT / "model.yaml").read_text("utf-8")
    without = re.sub(r"\nintended_uses:\n(  .*\n)+", "\n", text)
    repo = _workspace(git_repo, without)
    status, reasons = _status(repo, "eu-ai-act-annex-xi:XI.1.1(a)")
    assert status == Status.PARTIAL
    assert reasons == [
        "Model Documentation Form field intended_uses (Intended uses) is empty in model.yaml"
    ]
    gaps = form_data(run(repo.root), Audience.AI_OFFICE)["gaps"]
    assert [g["id"] for g in gaps] == ["intended_uses"]
    result = CliRunner().invoke(main, ["check", "--project", str(repo.root), "--no-cache"])
    assert result.exit_code == 1, result.output
    flat = " ".join(result.output.split())
    assert re.search(
        r"XI\.1\.1\(a\) .* PARTIAL - Model Documentation Form field intended_uses", flat
    )
    # a requirement whose fields are all filled stays covered
    assert _status(repo, "eu-ai-act-annex-xi:XI.1.1(f)")[0] == Status.COVERED


def test_a_heading_cited_by_model_yaml_removed_in_a_later_commit_turns_the_requirement_partial(
    git_repo: Callable[..., GitRepo],
) -> None:
    repo = _workspace(git_repo)
    card = (repo.root / "evidence/model-card.md").read_text("utf-8")
    assert "## Intended tasks and integration" in card
    repo.write(
        "evidence/model-card.md",
        card.replace("## Intended tasks and integration", "## What it is for"),
    )
    repo.commit("model card: rename a section", date="2026-11-02T10:00:00+00:00")
    status, reasons = _status(repo, "eu-ai-act-annex-xi:XI.1.1(a)")
    assert status == Status.PARTIAL
    assert any(
        "model.yaml intended_uses cites evidence/model-card.md, heading "
        "'## Intended tasks and integration': heading not found" in r
        for r in reasons
    ), reasons


def test_a_heading_cited_by_a_control_link_removed_in_a_later_commit_turns_the_requirement_partial(
    git_repo: Callable[..., GitRepo],
) -> None:
    repo = _workspace(git_repo)
    assert _status(repo, "eu-ai-act-annex-xi:XI.1.1(f)")[0] == Status.COVERED
    card = (repo.root / "evidence/model-card.md").read_text("utf-8")
    # model.yaml cites "## Licence" too; the control's link cites it as path#Licence
    repo.write("evidence/model-card.md", card.replace("## Licence", "## Terms"))
    repo.commit("model card: licence section renamed", date="2026-11-02T10:00:00+00:00")
    status, reasons = _status(repo, "eu-ai-act-annex-xi:XI.1.1(f)")
    assert status == Status.PARTIAL
    assert any(
        r.startswith("cited section gone: heading not found: 'Licence' in evidence/model-card.md")
        and "controls/documentation.yaml:" in r
        for r in reasons
    ), reasons


def test_a_control_link_citing_a_line_range_past_the_end_is_partial(
    git_repo: Callable[..., GitRepo],
) -> None:
    repo = _workspace(git_repo, licence_link="{path: evidence/model-card.md, lines: '9000-9001'}")
    status, reasons = _status(repo, "eu-ai-act-annex-xi:XI.1.1(f)")
    assert status == Status.PARTIAL
    assert any(
        "line range 9000-9001 is past the end of evidence/model-card.md" in r for r in reasons
    )


def test_a_workspace_without_model_yaml_is_judged_by_its_control_evidence_only(
    git_repo: Callable[..., GitRepo],
) -> None:
    repo = _workspace(git_repo)
    repo.git("rm", "-q", "model.yaml")
    repo.commit("no model facts", date="2026-11-02T10:00:00+00:00")
    assert _status(repo, "eu-ai-act-annex-xi:XI.1.1(a)") == (Status.COVERED, [])
