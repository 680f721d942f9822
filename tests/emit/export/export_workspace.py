"""A small but complete workspace in a real git repository, for export and packet tests."""

from __future__ import annotations

from typing import Any

PROJECT = """\
schema_version: 1
organisation:
  name: Example Org
  contact_role: Compliance Lead
system:
  name: example-model
  version: 1.0.0
  description: A fictional general-purpose model.
  general_purpose: true
  training_compute_flop: 1.0e+23
release:
  id: example-model-1.0.0
frameworks:
  - eu-ai-act-annex-xi
  - eu-ai-act-annex-xii
  - nist-ai-rmf-1.0
evidence:
  max_age_days: 365
"""

CONTROLS = """\
schema_version: 1
controls:
  - id: CTL-DOC-01
    title: Model documentation is maintained
    owner: Model Documentation Lead
    satisfies:
      - eu-ai-act-annex-xi:XI.1.1(a)
      - eu-ai-act-annex-xii:XII.1(a)
    evidence:
      - path: evidence/model-card.md
        kind: model-card
      - path: evidence/red team/report ü.md
        kind: red-team-report
  - id: CTL-GOV-01
    title: Risk governance policy
    owner: Safety Lead
    satisfies:
      - nist-ai-rmf-1.0:GOVERN 1.1
      - eu-ai-act-annex-xii:XII.1(b)
    evidence:
      - path: evidence/policy.md
        kind: policy
      - path: evidence/not-yet-written.md
"""

RISKS = """\
schema_version: 1
risks:
  - id: RISK-001
    title: Model produces harmful instructions
    harm_category: cbrn
    likelihood: 3
    severity: 4
    mitigations: [CTL-DOC-01]
    owner: Safety Lead
"""

CROSSWALK = """\
schema_version: 1
id: eu-ai-act-annex-xi--eu-ai-act-annex-xii
source: eu-ai-act-annex-xi
target: eu-ai-act-annex-xii
method: expert-judgement
mappings:
  - source: XI.1.1(a)
    target: XII.1(a)
    relation: equivalent
    rationale: Both ask for the intended tasks and the systems the model integrates into.
    confidence: high
"""

EVIDENCE = {
    "evidence/model-card.md": "---\nas_of: 2026-01-10\n---\n# Model card\n\nIntended tasks.\n",
    "evidence/red team/report ü.md": "# Red-team report\n\nNothing found.\n",
    "evidence/policy.md": "# Risk policy\n\nWe govern risk.\n",
    "evidence/evals/run.json": '{"accuracy": 0.91}\n',
}

FILES: dict[str, str] = {
    "compliance.yaml": PROJECT,
    "controls/controls.yaml": CONTROLS,
    "risks/register.yaml": RISKS,
    "frameworks/crosswalks/eu-ai-act-annex-xi--eu-ai-act-annex-xii.yaml": CROSSWALK,
    ".gitignore": "build/\n",
    **EVIDENCE,
}

COMMIT_DATE = "2026-03-01T10:00:00+01:00"


def populate(repo: Any) -> str:
    """Write the workspace into `repo` (a tests.conftest.GitRepo) and commit it."""
    for rel, text in FILES.items():
        repo.write(rel, text)
    return repo.commit("example workspace", date=COMMIT_DATE)
