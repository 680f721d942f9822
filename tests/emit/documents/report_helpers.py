"""A small real workspace for the Model Report and incident reports: the example's Inspect
log and incident log, linked from one control, committed in a throwaway git repository."""

from __future__ import annotations

import shutil

from docs_helpers import ROOT

from tests.gitrepo import GitRepo

PROJECT = """\
schema_version: 1
organisation:
  name: Northwind Labs Ltd (fictional)
  contact_role: Head of AI Governance
system:
  name: Halcyon-2
  version: 2.0.0
  general_purpose: true
  systemic_risk_declared: true
  training_compute_flop: 6.0e+24
release:
  id: halcyon-2.0.0
  date: 2026-11-30
frameworks:
  - eu-ai-act-gpai
report:
  model_report:
    redact_harm_categories: [{redact}]
"""
CONTROLS = """\
schema_version: 1
controls:
  - id: CTL-EVAL-01
    title: Pre-release safety evaluations
    owner: Evaluations Lead
    satisfies: [eu-ai-act-gpai:Art.55(1)(a)]
    evidence:
      - path: evidence/evaluations/inspect/multilingual-safety-qa.eval
        kind: evaluation
  - id: CTL-INC-01
    title: Serious incident tracking and reporting
    owner: Incident Response Lead
    satisfies: [eu-ai-act-gpai:Art.55(1)(c)]
    evidence:
      - path: evidence/incidents/incident-log.csv
        kind: incident-log
"""
EVAL = "evidence/evaluations/inspect/multilingual-safety-qa.eval"


def report_workspace(repo: GitRepo, redact: str = "cbrn, cyber-offence") -> GitRepo:
    repo.write("compliance.yaml", PROJECT.format(redact=redact))
    repo.write("controls/controls.yaml", CONTROLS)
    for rel in (
        EVAL,
        "evidence/incidents/incident-log.csv",
        "evidence/incidents/INC-2026-019.md",
        "evidence/incidents/INC-2026-029.md",
    ):
        (repo.root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / rel, repo.root / rel)
    repo.commit("workspace", date="2026-11-20T10:00:00+00:00")
    return repo


def other_log() -> bytes:
    """Another real Inspect log with samples (a different run of a safety task)."""
    return (ROOT / "tests" / "data" / "inspect" / "sliced_refusals.eval").read_bytes()
