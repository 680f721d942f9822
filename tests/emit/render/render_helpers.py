"""Helpers for the render tests: real git workspaces and builds in fresh processes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

PYTHON = sys.executable
COMMIT_DATE = "2026-03-02T10:00:00+00:00"

PROJECT = """\
schema_version: 1
organisation:
  name: Testing Org
  address: 1 Test Street
system:
  name: test-model
  version: 1.2.3
  general_purpose: true
  training_compute_flop: 1.0e+23
release:
  id: test-model-1.2.3
frameworks:
  - eu-ai-act-annex-xi
  - nist-ai-rmf-1.0
report:
  classification: INTERNAL — test
  approvers:
    - role: Head of Safety
      name: A. Tester
    - role: CTO
"""

CONTROLS = """\
schema_version: 1
controls:
  - id: CTL-DOC-01
    title: Model documentation is maintained
    owner: Documentation Lead
    satisfies:
      - eu-ai-act-annex-xi:XI.1.1(a)
      - eu-ai-act-annex-xi:XI.1.1(b)
    evidence:
      - path: evidence/model-card.md
        kind: model-card
      - path: evidence/missing.md
  - id: CTL-EVAL-01
    title: Safety evaluations before release
    owner: Evaluations Lead
    satisfies:
      - eu-ai-act-annex-xi:XI.2.1
    evidence:
      - path: evidence/evals/safety.json
        kind: evaluation
      - path: evidence/red-team.md
        kind: red-team-report
"""

RISKS = """\
schema_version: 1
risks:
  - id: RISK-001
    title: Harmful instructions
    harm_category: cbrn
    likelihood: 4
    severity: 5
    mitigations: [CTL-EVAL-01]
    residual: {likelihood: 2, severity: 4}
    owner: Safety Lead
    status: mitigated
  - id: RISK-002
    title: Memorised personal data
    harm_category: privacy
    likelihood: 3
    severity: 3
    owner: Privacy Lead
    status: open
"""

MODEL_CARD = """\
---
as_of: 2026-02-01
---
# Model card

The model writes text. ![diagram](diagram.png)

| Item | Value |
|------|-------|
| Size | small |
"""

RED_TEAM = """\
# Red-team summary

Findings were fixed. See [the card](model-card.md) and [the site](https://example.org).
"""

METRICS = """\
{"task": "safety-qa", "model": "test-model", "created": "2026-02-15T00:00:00Z",
 "metrics": [
   {"metric": "refusal_rate", "value": 0.97, "samples": 400},
   {"metric": "refusal_rate", "value": 0.91, "slice": {"language": "sw"}}
 ]}
"""

HOSTILE = """\
# Hostile

<img src="file:///etc/passwd">

![x](../../../etc/passwd)

![y](file:///etc/passwd)

![net](http://127.0.0.1:{port}/md-image.png)

[net link](http://127.0.0.1:{port}/link)

{{{{ 7*7 }}}} and {{% include "style.css" %}}

<script>alert("owned")</script>
"""


def git(root: Path, *args: str, when: str = COMMIT_DATE) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "Tester",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "Tester",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    out = subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    return out.stdout.decode().strip()


def png_bytes(color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(buf, format="PNG")
    return buf.getvalue()


# A workspace go-no-go template that tries to read local files and the network.
OVERRIDE = """\
{% extends "base.html" %}
{% block body %}
<h1>Custom go/no-go for {{ doc.system.name }}</h1>
<img src="file:///etc/passwd">
<img src="../../../../../../etc/passwd">
<img src="http://127.0.0.1:PORT/template-image.png">
<link rel="stylesheet" href="http://127.0.0.1:PORT/style.css">
<p>{{ decision.verdict }}</p>
{% endblock %}
"""


def make_workspace(root: Path, extra: dict[str, str] | None = None) -> Path:
    """A committed workspace with two frameworks, risks, markdown, an image and metrics."""
    files = {
        "compliance.yaml": PROJECT,
        "controls/controls.yaml": CONTROLS,
        "risks/register.yaml": RISKS,
        "evidence/model-card.md": MODEL_CARD,
        "evidence/red-team.md": RED_TEAM,
        "evidence/evals/safety.json": METRICS,
        ".gitignore": "build/\n",
        **(extra or {}),
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    (root / "evidence/diagram.png").write_bytes(png_bytes())
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "First evidence", when="2026-02-01T09:00:00+00:00")
    (root / "evidence/red-team.md").write_text(RED_TEAM + "\nRetested.\n")
    git(root, "commit", "-q", "-am", "Retest after fixes")
    return root


def run_build(
    root: Path, *args: str, env: dict[str, str] | None = None, prelude: str = ""
) -> subprocess.CompletedProcess[str]:
    """`compliance build` in a fresh Python process (optionally after a prelude of code)."""
    code = prelude + "\nfrom compliance.cli.main import main\nmain()\n"
    full_env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    full_env.update(env or {})
    return subprocess.run(
        [PYTHON, "-c", code, "build", "--project", str(root), *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=300,
    )
