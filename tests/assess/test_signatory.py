"""The Code of Practice signatory view: measures per Art. 53/55 obligation and back, with
coverage rolled up both ways, from real workspaces in git repositories."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner

from compliance.assess.signatory import NOT_ASSESSED, SignatoryView
from compliance.cli.main import main
from compliance.pipeline import run

PROJECT = """\
schema_version: 1
organisation:
  name: Example Org
system:
  name: example-model
  version: 0.1.0
  general_purpose: true
  systemic_risk_declared: {systemic}
  training_compute_flop: 1.0e+24
release:
  id: example-model-0.1.0
  date: 2026-03-01
frameworks:
{frameworks}
{signature}
"""

CONTROLS = """\
schema_version: 1
controls:
  - id: CTL-DOC-01
    title: Model documentation is maintained
    owner: Model Documentation Lead
    satisfies:
      - eu-ai-act-gpai:Art.53(1)(a)
    evidence:
      - evidence/model-card.md
  - id: CTL-COPY
    title: Copyright policy honouring machine-readable reservations
    owner: Legal Counsel
    satisfies:
      - eu-ai-act-gpai:Art.53(1)(c)
      - gpai-cop-copyright:M1.3
    evidence:
      - evidence/model-card.md
"""


def workspace(
    starter: Any,
    frameworks: tuple[str, ...] = ("eu-ai-act-gpai", "gpai-cop-copyright"),
    chapters: str | None = "[copyright]",
    systemic: bool = False,
) -> Any:
    signature = f"code_of_practice:\n  chapters: {chapters}\n" if chapters else ""
    starter.write(
        "compliance.yaml",
        PROJECT.format(
            systemic=str(systemic).lower(),
            frameworks="\n".join(f"  - {f}" for f in frameworks),
            signature=signature,
        ),
    )
    starter.write("controls/documentation.yaml", CONTROLS)
    starter.commit("signatory workspace", date="2026-02-15T09:00:00+00:00")
    return starter


def view_of(repo: Any) -> SignatoryView:
    view = run(repo.root, gate=False).assessment.signatory
    assert view is not None
    return view


def test_an_obligation_lists_the_measures_implementing_it_with_their_coverage(starter) -> None:
    view = view_of(workspace(starter))
    row = next(o for o in view.obligations if o.ref == "eu-ai-act-gpai:Art.53(1)(c)")
    assert row.status == "covered"
    assert [m.ref for m in row.measures] == [f"gpai-cop-copyright:M1.{i}" for i in range(1, 6)]
    assert {m.ref: m.status for m in row.measures}["gpai-cop-copyright:M1.3"] == "covered"
    assert row.counts["covered"] == 1 and row.counts["gap"] == 4
    assert row.percent == 20.0


def test_a_measure_shows_the_obligations_it_serves_and_their_coverage(starter) -> None:
    view = view_of(workspace(starter))
    m13 = next(m for m in view.measures if m.ref == "gpai-cop-copyright:M1.3")
    assert [(o.ref, o.status) for o in m13.obligations] == [
        ("eu-ai-act-gpai:Art.53(1)(c)", "covered")
    ]
    # mapped by its own crosswalk entry, not only through Commitment 1: listed once
    assert m13.obligations[0].via == "M1.3"
    m11 = next(m for m in view.measures if m.ref == "gpai-cop-copyright:M1.1")
    assert m11.status == "gap" and m11.obligations[0].via == "C1"
    assert m11.percent == 100.0


def test_an_obligation_no_signed_measure_serves_is_listed_with_none(starter) -> None:
    view = view_of(workspace(starter))
    summary = next(o for o in view.obligations if o.ref == "eu-ai-act-gpai:Art.53(1)(d)")
    assert summary.measures == () and summary.percent is None
    # only the signed chapter's measures are listed
    assert {m.chapter for m in view.measures} == {"copyright"}


def test_a_paragraph_mapped_as_a_whole_is_its_own_row_rolled_up_from_its_points(starter) -> None:
    repo = workspace(
        starter,
        ("eu-ai-act-gpai", "gpai-cop-copyright", "gpai-cop-safety-security"),
        "[copyright, safety-security]",
        systemic=True,
    )
    view = view_of(repo)
    whole = next(o for o in view.obligations if o.ref == "eu-ai-act-gpai:Art.55(1)")
    assert whole.paragraph
    assert whole.status == "gap"  # no control claims any point of Art. 55(1)
    assert "gpai-cop-safety-security:M1.1" in [m.ref for m in whole.measures]
    point = next(o for o in view.obligations if o.ref == "eu-ai-act-gpai:Art.55(1)(c)")
    assert not point.paragraph
    assert [m.ref for m in point.measures] == [
        f"gpai-cop-safety-security:M9.{i}" for i in range(1, 5)
    ]
    assert view.notices == ()


def test_a_signed_chapter_not_in_scope_is_listed_not_assessed_and_said_so(starter) -> None:
    view = view_of(workspace(starter, chapters="[copyright, transparency]"))
    docs = next(o for o in view.obligations if o.ref == "eu-ai-act-gpai:Art.53(1)(a)")
    assert docs.measures and all(m.status == NOT_ASSESSED for m in docs.measures)
    assert docs.percent is None
    assert any(
        "gpai-cop-transparency is not in compliance.yaml frameworks" in n for n in view.notices
    )


def test_systemic_risk_without_the_safety_and_security_chapter_is_noted(starter) -> None:
    view = view_of(workspace(starter, systemic=True))
    assert any("Art. 55(2)" in n for n in view.notices)


def test_the_safety_chapter_signed_for_a_model_without_systemic_risk_is_noted(starter) -> None:
    view = view_of(workspace(starter, chapters="[copyright, safety-security]"))
    assert any("relevant only to providers" in n for n in view.notices)


def test_without_a_signature_there_is_no_view_and_the_json_says_null(starter) -> None:
    repo = workspace(starter, chapters=None)
    assert run(repo.root, gate=False).assessment.signatory is None
    out = CliRunner().invoke(main, ["check", "--format", "json", "--project", str(repo.root)])
    assert json.loads(out.stdout)["signatory"] is None


def test_check_prints_the_view_in_its_table_and_json(starter) -> None:
    repo = workspace(starter)
    table = CliRunner().invoke(main, ["check", "--no-cache", "--project", str(repo.root)])
    assert "GPAI Code of Practice signatory view (chapters: copyright)" in table.stdout
    assert "measures: 1 covered, 4 gap (20.0% covered)" in table.stdout
    out = CliRunner().invoke(
        main, ["check", "--format", "json", "--no-cache", "--project", str(repo.root)]
    )
    data = json.loads(out.stdout)["signatory"]
    assert data["chapters"] == ["copyright"]
    row = next(o for o in data["obligations"] if o["ref"] == "eu-ai-act-gpai:Art.53(1)(c)")
    assert row["measures_rollup"] == {
        "counts": {"covered": 1, "partial": 0, "gap": 4, "not-applicable": 0, NOT_ASSESSED: 0},
        "percent_covered": 20.0,
    }
    measure = next(m for m in data["measures"] if m["ref"] == "gpai-cop-copyright:M1.3")
    assert measure["obligations"][0]["status"] == "covered"


def test_gaps_signatory_prints_only_the_view_and_exits_1_on_a_measure_gap(starter) -> None:
    repo = workspace(starter)
    result = CliRunner().invoke(main, ["gaps", "--signatory", "--project", str(repo.root)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1].startswith("GPAI Code of Practice signatory view")
    md = CliRunner().invoke(
        main, ["gaps", "--signatory", "--format", "markdown", "--project", str(repo.root)]
    )
    assert "| `gpai-cop-copyright:M1.3` Measure 1.3" in md.stdout
    as_json = CliRunner().invoke(
        main, ["gaps", "--signatory", "--format", "json", "--project", str(repo.root)]
    )
    assert json.loads(as_json.stdout)["signatory"]["findings"] is True
    plain = CliRunner().invoke(main, ["gaps", "--project", str(repo.root)])
    assert "signatory view" not in plain.stdout  # `gaps` lists gaps; the view has its flag


def test_gaps_signatory_without_a_signature_or_with_sarif_is_invalid_input(starter) -> None:
    repo = workspace(starter, chapters=None)
    result = CliRunner().invoke(main, ["gaps", "--signatory", "--project", str(repo.root)])
    assert result.exit_code == 2
    assert "declares no Code of Practice signature" in result.stderr
    sarif = CliRunner().invoke(
        main, ["gaps", "--signatory", "--format", "sarif", "--project", str(repo.root)]
    )
    assert sarif.exit_code == 2 and "Traceback" not in sarif.output


def test_a_chapter_signed_twice_or_unknown_is_an_error_at_its_line(starter) -> None:
    repo = workspace(starter, chapters="[copyright, copyright]")
    result = CliRunner().invoke(main, ["check", "--project", str(repo.root)])
    assert result.exit_code == 2
    assert "compliance.yaml:" in result.stderr and "chapter listed twice: copyright" in (
        result.stderr
    )
    text = (repo.root / "compliance.yaml").read_text(encoding="utf-8")
    repo.write("compliance.yaml", text.replace("copyright]", "copyrite]"))
    result = CliRunner().invoke(main, ["check", "--project", str(repo.root)])
    assert result.exit_code == 2 and "copyrite" in result.stderr
