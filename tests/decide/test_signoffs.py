"""Sign-offs are voided only by changes to the workspace's inputs (issue 11, item 5).

A monorepo: the workspace lives in `compliance/` beside the product's source code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.emit.scaffold import FILES
from compliance.pipeline import run
from tests.conftest import GitRepo

RELEASE = "example-model-0.1.0"
POLICY = """\
gate:
  rules:
    - id: signed
      kind: sign-off
      roles: [Head of Safety]
"""


def approval(commit: str) -> str:
    return (
        f"schema_version: 1\nrelease: {RELEASE}\ncommit: {commit}\nrole: Head of Safety\n"
        "name: A. Person\ndate: 2026-02-03\ndecision: approved\n"
    )


@pytest.fixture
def monorepo(tmp_path: Path) -> GitRepo:
    """Source code and a workspace; the candidate commit approved in a later commit."""
    repo = GitRepo(tmp_path / "mono")
    repo.write("src/app.py", "print('hello')\n")
    for rel, text in FILES.items():
        repo.write(f"ws/{rel}", text)
    repo.write("ws/compliance.yaml", FILES["compliance.yaml"] + POLICY)
    candidate = repo.commit("release candidate", "2026-02-02T10:00:00+00:00")
    repo.write("ws/approvals/safety.yaml", approval(candidate))
    repo.commit("sign-off", "2026-02-03T10:00:00+00:00")
    return repo


def signed(repo: GitRepo):
    decision = run(repo.root / "ws", "HEAD").decision
    return next(r for r in decision.rules if r.rule == "signed")


def test_an_unrelated_commit_in_a_monorepo_leaves_the_approval_valid(monorepo: GitRepo) -> None:
    monorepo.write("src/app.py", "print('hello, world')\n")
    monorepo.write("README.md", "# product\n")
    monorepo.commit("product work", "2026-02-04T10:00:00+00:00")
    r = signed(monorepo)
    assert r.passed, r.notes
    assert any("no workspace input changed since" in n for n in r.notes)


def test_a_file_in_the_workspace_that_is_not_an_input_voids_nothing(monorepo: GitRepo) -> None:
    monorepo.write("ws/notes/meeting.md", "# minutes\n")
    monorepo.write("ws/controls/README.md", "how we write controls\n")
    monorepo.commit("notes", "2026-02-04T10:00:00+00:00")
    assert signed(monorepo).passed


def test_a_change_to_linked_evidence_voids_the_approval_and_names_the_file(
    monorepo: GitRepo,
) -> None:
    monorepo.write("ws/evidence/model-card.md", "---\nas_of: 2026-02-04\n---\n# changed\n")
    monorepo.commit("late change to the model card", "2026-02-04T10:00:00+00:00")
    r = signed(monorepo)
    assert not r.passed
    assert any(
        "void:" in n and "1 workspace input has changed since: evidence/model-card.md" in n
        for n in r.notes
    ), r.notes


@pytest.mark.parametrize(
    "rel",
    ["compliance.yaml", "controls/documentation.yaml", "risks/register.yaml", "templates/x.html"],
)
def test_a_change_to_the_project_controls_risks_or_templates_voids_it(
    monorepo: GitRepo, rel: str
) -> None:
    path = monorepo.root / "ws" / rel
    before = path.read_text() if path.exists() else ""
    monorepo.write(f"ws/{rel}", before + "\n# edited\n")
    monorepo.commit("edit", "2026-02-04T10:00:00+00:00")
    r = signed(monorepo)
    assert not r.passed
    assert any(rel in n for n in r.notes), r.notes


def test_the_version_history_lists_only_commits_that_changed_inputs(monorepo: GitRepo) -> None:
    monorepo.write("src/app.py", "print('v2')\n")
    monorepo.commit("Caches share one git_state key function", "2026-02-04T10:00:00+00:00")
    monorepo.write("ws/evidence/model-card.md", "# card v2\n")
    monorepo.commit("Model card v2", "2026-02-05T10:00:00+00:00")
    for revision in ("HEAD", None):  # the committed tree and the working tree agree
        history = [c.summary for c in run(monorepo.root / "ws", revision).index.repo.history]
        assert history == ["Model card v2", "release candidate"], history
