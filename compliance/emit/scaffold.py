"""`compliance init`: a minimal, valid workspace a team can grow from."""

from __future__ import annotations

from pathlib import Path

from compliance.core.atomic import atomic_write
from compliance.core.errors import InputError

FILES: dict[str, str] = {
    "compliance.yaml": """\
schema_version: 1
organisation:
  name: Example Org
system:
  name: example-model
  version: 0.1.0
  kind: general-purpose-ai-model
  general_purpose: true
  systemic_risk_declared: false
  training_compute_flop: 1.0e+23
  placed_on_eu_market: true
release:
  id: example-model-0.1.0
  git_ref: HEAD
frameworks:
  - eu-ai-act-annex-xi
evidence:
  max_age_days: 365
  require_committed: true
""",
    "controls/documentation.yaml": """\
schema_version: 1
controls:
  - id: CTL-DOC-01
    title: Model documentation is maintained
    owner: Model Documentation Lead
    satisfies:
      - eu-ai-act-annex-xi:XI.1.1(a)
    evidence:
      - path: evidence/model-card.md
        kind: model-card
""",
    "risks/register.yaml": """\
schema_version: 1
risks:
  - id: RISK-001
    title: Model produces harmful instructions
    harm_category: cbrn
    likelihood: 3
    severity: 4
    mitigations: [CTL-DOC-01]
    residual: {likelihood: 2, severity: 4}
    owner: Safety Lead
    status: mitigated
""",
    "evidence/model-card.md": """\
---
as_of: 2026-01-01
---
# Model card

Describe the tasks the model is intended to perform and the AI systems it can be
integrated into.
""",
}

GITIGNORE_LINE = "build/\n"


def scaffold(directory: Path, force: bool = False) -> list[Path]:
    """Write the starter files; refuse to overwrite unless `force`."""
    existing = [directory / rel for rel in FILES if (directory / rel).exists()]
    if existing and not force:
        raise InputError.single(
            str(existing[0]),
            f"already exists ({len(existing)} file(s) would be overwritten)",
            "pass --force to overwrite, or init into an empty directory",
        )
    written = []
    for rel, text in FILES.items():
        atomic_write(directory / rel, text)
        written.append(directory / rel)
    ignore = directory / ".gitignore"
    current = ignore.read_text() if ignore.exists() else ""
    if "build/" not in current.split():
        atomic_write(
            ignore,
            current + ("" if current.endswith("\n") or not current else "\n") + GITIGNORE_LINE,
        )
        written.append(ignore)
    return written
