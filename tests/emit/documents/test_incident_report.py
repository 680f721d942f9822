"""`compliance build incident-report ID`: Measure 9.2's information and 9.3's deadlines."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from docs_helpers import pdf_text
from report_helpers import report_workspace

from compliance.cli.main import main


def test_the_report_reads_back_with_deadlines_sources_and_the_record(
    git_repo, tmp_path: Path
) -> None:
    repo = report_workspace(git_repo())
    from compliance.emit.build import BuildContext, build
    from compliance.pipeline import run

    ctx = BuildContext(run=run(repo.root), out=tmp_path, incident_ids=["INC-2026-029"])
    written = build(ctx, ["incident-report"])
    text = " ".join(pdf_text(next(p for p in written if p.suffix == ".pdf")).split())
    assert "Serious incident report INC-2026-029" in text
    assert "2026-12-02" in text and "Measure 9.3, first paragraph, point (2)" in text
    assert "Commission's reporting template for serious incidents could not be confirmed" in text
    assert "The credential was revoked on 2026-11-27" in text  # from the record's Response
    assert "Not yet known" in text  # root cause: not in the record yet
    assert "Measure 9.4" in text  # the retention period


def test_an_unknown_incident_id_exits_2_with_a_suggestion_and_writes_nothing(
    git_repo, tmp_path: Path
) -> None:
    repo = report_workspace(git_repo())
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["build", "incident-report", "INC-2026-28", "--project", str(repo.root), "--out", str(out)],
    )
    assert result.exit_code == 2
    assert "did you mean 'INC-2026-029'?" in result.stderr or "INC-2026-0" in result.stderr
    assert "INC-2026-019, INC-2026-029" in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_incident_report_without_an_id_is_refused(git_repo, tmp_path: Path) -> None:
    repo = report_workspace(git_repo())
    result = CliRunner().invoke(
        main, ["build", "incident-report", "--project", str(repo.root), "--out", str(tmp_path)]
    )
    assert result.exit_code == 2 and "needs an incident id" in result.stderr


def test_a_default_build_leaves_incident_reports_out() -> None:
    from compliance.emit.build import TARGETS

    assert TARGETS["incident-report"].by_default is not None
    assert not TARGETS["incident-report"].by_default(None)  # type: ignore[arg-type]
