"""The risk assessment's sign-off page shows the recorded approvals (issue 11, item 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from compliance.emit.render import render_report
from compliance.emit.scaffold import FILES
from compliance.pipeline import run
from tests.conftest import GitRepo

REPORT = """\
report:
  approvers:
    - role: Head of Safety
      name: A. Person
    - role: General Counsel
      name: B. Lawyer
    - role: Chief Scientist
"""
POLICY = """\
gate:
  rules:
    - id: signed
      kind: sign-off
      roles: [Head of Safety, General Counsel]
"""


def approval(role: str, name: str, commit: str) -> str:
    return (
        f"schema_version: 1\nrelease: example-model-0.1.0\ncommit: {commit}\nrole: {role}\n"
        f"name: {name}\ndate: 2026-02-03\ndecision: approved\n"
    )


@pytest.fixture(scope="module")
def signoff_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    repo = GitRepo(tmp_path_factory.mktemp("signoff") / "ws")
    for rel, text in FILES.items():
        repo.write(rel, text)
    repo.write("compliance.yaml", FILES["compliance.yaml"] + REPORT + POLICY)
    first = repo.commit("first candidate", "2026-02-01T10:00:00+00:00")
    repo.write("evidence/model-card.md", "---\nas_of: 2026-02-02\n---\n# card v2\n")
    candidate = repo.commit("second candidate", "2026-02-02T10:00:00+00:00")
    repo.write("approvals/safety.yaml", approval("Head of Safety", "A. Person", candidate))
    repo.write("approvals/legal.yaml", approval("General Counsel", "B. Lawyer", first))
    repo.commit("sign-offs", "2026-02-03T10:00:00+00:00")
    pdf = render_report(run(repo.root, "HEAD"), "risk-assessment").pdf
    out = Path(repo.root / "ra.pdf")
    out.write_bytes(pdf)
    pages = [p.extract_text() for p in PdfReader(out).pages]
    return next(t for t in pages if "10 Sign-off" in t and "Recorded approvals" in t)


def test_each_recorded_approval_is_shown_with_its_commit_and_validity(signoff_page: str) -> None:
    text = " ".join(signoff_page.split())
    assert "Head of Safety" in text and "A. Person" in text and "2026-02-03" in text
    assert "VALID" in text and "no workspace input changed since" in text
    # the legal approval names the first candidate: the model card changed since
    assert "General Counsel" in text and "VOID" in text
    assert "evidence/model-card.md" in text


def test_blank_signature_lines_remain_only_for_approvers_without_a_record(
    signoff_page: str,
) -> None:
    text = " ".join(signoff_page.split())
    assert "Chief Scientist: name" in text
    assert "Head of Safety: name" not in text and "General Counsel: name" not in text
