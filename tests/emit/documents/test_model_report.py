"""`compliance build model-report`: Commitment 7's sections, seeded samples, redaction."""

from __future__ import annotations

import json
from pathlib import Path

from docs_helpers import build_docs, pdf_text
from report_helpers import EVAL, other_log, report_workspace

from compliance.emit.model_report import report_data
from compliance.load.figures import figure
from compliance.pipeline import run


def drawn(root: Path) -> list[dict]:
    (evaluation,) = report_data(run(root))["evaluations"]
    return evaluation["drawn"]


def test_two_builds_of_one_log_show_the_same_samples(git_repo, tmp_path: Path) -> None:
    repo = report_workspace(git_repo())
    first = build_docs(repo, tmp_path / "a", "model-report")
    second = build_docs(repo, tmp_path / "b", "model-report")
    a = json.loads(next(p for p in first if p.suffix == ".json").read_text("utf-8"))
    b = json.loads(next(p for p in second if p.suffix == ".json").read_text("utf-8"))
    assert a["evaluations"][0]["drawn"] == b["evaluations"][0]["drawn"]
    assert (
        len(a["evaluations"][0]["drawn"])
        == figure("model-report-random-samples-per-evaluation").value
    )


def test_a_changed_log_draws_other_samples(git_repo) -> None:
    repo = report_workspace(git_repo())
    before = {s["sha256"] for s in drawn(repo.root)}
    repo.write(EVAL, other_log())
    repo.commit("new evaluation run", date="2026-11-21T10:00:00+00:00")
    after = {s["sha256"] for s in drawn(repo.root)}
    assert before and after and before != after


def test_redacted_samples_keep_their_digest_and_lose_their_text(git_repo) -> None:
    plain = {s["id"]: s for s in drawn(report_workspace(git_repo(), redact="x").root)}
    redacted = drawn(report_workspace(git_repo(), redact="'*'").root)
    assert all(s["redacted"] and s["input"] is None and s["output"] is None for s in redacted)
    for s in redacted:
        assert s["sha256"] == plain[s["id"]]["sha256"]
        assert plain[s["id"]]["input"]  # the unredacted build shows the text


def test_only_the_listed_harm_categories_are_redacted(git_repo) -> None:
    for s in drawn(report_workspace(git_repo(), redact="cyber-offence").root):
        assert s["redacted"] == (s["metadata"].get("harm_category") == "cyber-offence")


def test_the_pdf_reads_back_with_the_commitment_7_sections_and_the_samples(
    git_repo, tmp_path: Path
) -> None:
    repo = report_workspace(git_repo(), redact="'*'")
    (pdf,) = [p for p in build_docs(repo, tmp_path, "model-report") if p.suffix == ".pdf"]
    text = " ".join(pdf_text(pdf).split())
    for title in (
        "Measure 7.1 Model description and behaviour",
        "Measure 7.2 Reasons for proceeding",
        "Measure 7.3 Documentation of systemic risk identification, analysis, and mitigation",
        "Measure 7.4 External reports",
        "Measure 7.5 Material changes to the systemic risk landscape",
        "Update history",
    ):
        assert title in text, title
    sample = drawn(repo.root)[0]
    assert sample["sha256"] in text.replace(" ", "") or sample["sha256"][:16] in text
    assert "Measure 7.3, point (1)(f)" in text and "INC-2026-029" in text
