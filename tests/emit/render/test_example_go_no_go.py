"""The built-in example's go/no-go report: page 1 is the decision record, the whole report
keeps to five pages.

Five, not three as before: page 1 became the decision record (conditions with owner, due
date and binds; sign-offs; key metrics with n and interval; incidents; what changed;
waivers); issue 14 added the harm-by-language coverage matrix and the annotator
agreement to the details (four pages then), and the systemic-risk rules merged from
issue 15 lengthen the rules table to 18 rules, which moves the signature block to page 5.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from compliance.cli.main import main

REPO_ROOT = Path(__file__).resolve().parents[3]


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_example_go_no_go_is_a_decision_record_awaiting_sign_off_in_at_most_five_pages(
    tmp_path,
):
    result = CliRunner().invoke(
        main, ["build", "go-no-go", "--project", str(REPO_ROOT), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.stderr
    reader = PdfReader(tmp_path / "go-no-go.pdf")
    assert 1 <= len(reader.pages) <= 5
    first = _squash(reader.pages[0].extract_text())
    # The example's only approval names an older commit whose inputs changed since: it is
    # void, and with a blocking sign-off rule the honest decision is NO-GO, awaiting it.
    assert "NO-GO" in first and "CONDITIONAL GO" not in first
    assert "Awaiting sign-off" in first
    # each condition with its owner, due date and whether it binds before or after release
    for rule, owner, due, binds in [
        ("evidence-fresh", "Head of Pretraining", "2026-12-14", "after release"),
        ("refusal-language-parity", "Evaluations Lead", "2027-01-31", "after release"),
        ("harm-language-coverage", "Evaluations Lead", "2026-12-31", "after release"),
        ("release-sign-off", "Head of AI Governance", "no due date set", "before release"),
    ]:
        assert rule in first
        assert owner in first and due in first and binds in first
    assert "Blocks release" in first
    # sign-offs: the void record with why, the missing role
    assert "0 of 2 required approvals valid" in first
    assert "Void" in first and "Missing" in first and "8a0e026d6dd1" in first
    # key metrics with n and interval
    assert "0.902" in first and "900" in first and "0.881–0.920" in first
    assert "reference_style=indirect" in first
    # open incidents by id, waivers, what changed
    assert "INC-2026-027" in first
    assert "nist-rmf-coverage" in first and "2027-03-31" in first
    assert "Since the last approved commit" in first
    # page 1 states the classification once (the running header leaves page 1 to it)
    assert first.count("CONFIDENTIAL") == 1
    rest = _squash(" ".join(p.extract_text() for p in reader.pages[1:]))
    assert "Evaluation coverage: harm category × language" in rest
    assert "Annotator agreement" in rest and "Krippendorff" in rest
    assert "evaluation-runs-complete" in rest
    # the signature block lists exactly the roles the sign-off rule requires
    sign = rest[rest.rindex("Sign-off") :]
    assert "Head of AI Governance: name" in sign and "Safety Review Board Chair: name" in sign
    assert "Chief Technology Officer" not in sign
