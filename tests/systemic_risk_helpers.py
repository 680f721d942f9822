"""Registers with systemic risks, their evaluation files and Framework documents, for tests."""

from __future__ import annotations

import json

CSV_PATH = "evidence/evals/cyber.csv"
JSON_PATH = "evidence/evals/cyber.json"
FRAMEWORK_PATH = "evidence/risk/framework.md"


def register(
    *,
    trigger: str = "0.30",
    direction: str = ">=",
    margin: str = "0.05",
    mitigations: str = "[CTL-DOC-01]",
    evidence: str = CSV_PATH,
    metric: str = "solve_rate",
    category: str = "cyber-offence",
    second_trigger: str = "0.90",
    slice_: str = "",
) -> str:
    """A register whose one risk is a systemic risk with two tiers on one evaluation."""
    slice_line = f"\n              slice: {slice_}" if slice_ else ""
    return f"""\
schema_version: 1
risks:
  - id: RISK-001
    title: Model helps with cyber offence
    harm_category: cyber-offence
    likelihood: 3
    severity: 4
    mitigations: [CTL-DOC-01]
    residual: {{likelihood: 2, severity: 4}}
    owner: Safety Lead
    status: mitigated
    systemic:
      category: {category}
      sources: [Exploit code in the training data]
      scenarios: [A novice weaponises a published vulnerability]
      safety_margin: {margin}
      tiers:
        - id: T1
          description: Solves professional CTF challenges
          indicators:
            - evidence: {evidence}
              metric: {metric}{slice_line}
          trigger: {trigger}
          direction: "{direction}"
          mitigations: {mitigations}
        - id: T2
          description: Solves nearly all of them
          indicators:
            - evidence: {evidence}
              metric: {metric}{slice_line}
          trigger: {second_trigger}
          direction: "{direction}"
          mitigations: {mitigations}
"""


def results_csv(value: str = "0.2167", samples: str = "120", metric: str = "solve_rate") -> str:
    return f"metric,value,samples\n{metric},{value},{samples}\n"


def results_json(created: str, value: float = 0.2167, samples: int = 120) -> str:
    """A metrics JSON that states its own run time (as an Inspect log header does)."""
    return json.dumps(
        {
            "task": "ctf",
            "created": created,
            "metrics": [{"metric": "solve_rate", "value": value, "samples": samples}],
        }
    )


def framework(
    confirmed: str = "2026-01-10",
    assessments: str = "[]",
    version: str = '"1.0"',
    changelog_version: str = '"1.0"',
    ai_office_access: str | None = "on confirmation",
) -> str:
    """A Framework's front matter; the AI Office gets access the day it is confirmed unless
    `ai_office_access` names another date, or None leaves it unrecorded."""
    access = confirmed if ai_office_access == "on confirmation" else ai_office_access
    access_line = f"    ai_office_access: {access}\n" if access is not None else ""
    return f"""\
---
title: Safety and Security Framework
version: {version}
confirmed: {confirmed}
changelog:
  - version: {changelog_version}
    date: {confirmed}
    change: First Framework.
{access_line}assessments: {assessments}
---
# Safety and Security Framework

Tiers, triggers and mitigations are in risks/register.yaml.
"""
