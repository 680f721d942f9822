"""Evidence ages in the risk assessment are measured at the assessment date (compliance.yaml
release.date, else the assessed commit's date); a file dated after it has no age there and
says so in words, never as a negative number of days."""

from __future__ import annotations

import re
from collections.abc import Callable

from compliance.emit.render.annex_xi import age_label
from compliance.pipeline import run
from tests.emit.render.test_risk_assessment_content import _example, _html, _text
from tests.gitrepo import GitRepo

FINDINGS = "evidence/red-team/findings.yaml"
SUMMARY = "evidence/red-team/red-team-summary.md"


def _evidence(result, path: str):
    return next(
        e
        for r in result.assessment.results()
        for c in r.controls
        for e in c.evidence
        if e.path == path
    )


def test_a_file_committed_or_dated_after_the_assessment_date_says_so_instead_of_a_negative_age(
    git_repo: Callable[..., GitRepo],
) -> None:
    repo = _example(git_repo())  # committed 2026-11-20; release.date is 2026-11-30
    findings = repo.root / FINDINGS
    findings.write_text(findings.read_text("utf-8") + "# retests re-read\n", "utf-8")
    summary = repo.root / SUMMARY
    summary.write_text(
        summary.read_text("utf-8").replace("as_of: 2026-11-12", "as_of: 2026-12-01"), "utf-8"
    )
    repo.commit("after the release date", date="2026-12-02T10:00:00+00:00")

    result = run(repo.root)
    assert result.assessment.assessment_date.isoformat() == "2026-11-30"
    committed, dated = _evidence(result, FINDINGS), _evidence(result, SUMMARY)
    assert (committed.age_days, dated.age_days) == (-2, -1)  # the data stays exact
    assert age_label(committed) == "committed after the assessment date"
    assert age_label(dated) == "dated after the assessment date"

    text = _text(_html(repo.root))
    assert not re.search(r"-\d+ d\b", text)
    assert "committed after the assessment date" in text
    assert "dated after the assessment date" in text


def test_a_file_older_than_the_assessment_date_shows_its_age_in_days(
    git_repo: Callable[..., GitRepo],
) -> None:
    repo = _example(git_repo())
    result = run(repo.root)
    assert age_label(_evidence(result, FINDINGS)) == "10 d"  # 2026-11-20 to 2026-11-30
    assert age_label(_evidence(result, SUMMARY)) == "18 d"  # as_of 2026-11-12
