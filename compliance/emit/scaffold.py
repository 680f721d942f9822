"""`compliance init`: a valid, self-explaining workspace a team can grow from.

`FILES` is the starter's data without comments (tests build workspaces from it);
`STARTER` is what `compliance init` writes: the same data, every field explained in a
comment, plus a starter gate policy, an approval record example and a metrics CSV example.
`--example` copies the full built-in example instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from compliance.core.atomic import atomic_write
from compliance.core.errors import InputError
from compliance.core.package import example_entries
from compliance.core.wording import count

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

_PROJECT = """\
# compliance.yaml: what is assessed, against what, and how strictly.
# Every field is explained below; `compliance schema --out schemas/` writes a JSON Schema
# for editors, and `compliance docs` lists the user guides (`compliance docs gate`, ...).
# Change a field, commit, then run `compliance check` and `compliance gate`.
schema_version: 1                       # version of this file format; only 1 exists so far
organisation:
  name: Example Org                     # the provider placing the model on the market
  # address: 1 Example Street, City     # optional, printed on report covers
  # contact_role: Head of AI Governance # optional: a role, not a person
system:
  name: example-model                   # the model or AI system under assessment
  version: 0.1.0
  kind: general-purpose-ai-model        # or ai-system
  general_purpose: true                 # a general-purpose AI model in the sense of Art. 3(63)
  systemic_risk_declared: false         # true if classified or notified as one with systemic
                                        # risk (Art. 51-52); then Art. 55 and Annex XI s.2 apply
  training_compute_flop: 1.0e+23        # cumulative training compute; above 10^25 FLOP systemic
                                        # risk is presumed (Art. 51(2))
  placed_on_eu_market: true
  # open_source: {licence: Apache-2.0, public_weights: true}   # free and open-source, Art. 53(2)
release:
  id: example-model-0.1.0               # names the release in reports, approvals and packets
  git_ref: HEAD                         # the commit assessed
  # date: 2026-12-31                    # assessment date; default: the assessed commit's date
frameworks:                             # catalogs in scope: `compliance frameworks list`
  - eu-ai-act-annex-xi
evidence:
  max_age_days: 365                     # evidence older than this on the assessment date is stale
  require_committed: true               # evidence must be committed to count
# crosswalk:
#   accept: [equivalent]                # count a requirement covered through a crosswalk relation
# not_applicable:                       # requirements that do not apply, each justified
#   - requirement: eu-ai-act-annex-xi:XI.1.2(e)
#     justification: Write at least a sentence on why it does not apply.
#     approver_role: Head of AI Governance
#     date: 2026-01-15
# report:                               # PDF settings (`compliance build`)
#   classification: CONFIDENTIAL        # running header of every page
#   page_size: A4                       # or letter
#   approvers: [{role: Head of AI Governance}]   # signature lines
# risk_scale:                           # bands of likelihood x severity (1-25); this is the
#   bands:                              # default (`compliance docs risk-scale`)
#     - {name: low, min: 1, max: 4}
#     - {name: medium, min: 5, max: 9}
#     - {name: high, min: 10, max: 16}
#     - {name: critical, min: 17, max: 25}

# The release gate (`compliance docs gate`): `compliance gate` says GO (exit 0), NO-GO
# (exit 1) or CONDITIONAL GO (exit 3). A failing `blocking` rule (the default) means NO-GO;
# a failing `condition` rule means CONDITIONAL GO with the condition stated. This starter
# policy gives CONDITIONAL GO until the documentation is complete and the release signed off.
gate:
  approvals_dir: approvals              # sign-off records (see approvals/*.yaml.example)
  rules:
    - id: documentation-coverage        # ids are yours; waivers and reports name rules by id
      kind: coverage                    # share of applicable requirements covered
      severity: condition
      framework: eu-ai-act-annex-xi
      min_percent: 80
    - id: evidence-fresh
      kind: freshness                   # no linked evidence older than its maximum age
      severity: condition
    - id: refusal-rate
      kind: metric                      # a number from an evaluation file against a threshold
      # a CSV with columns metric,value,samples and slice columns such as language (an empty
      # slice is the overall figure), a JSON metrics file or an Inspect AI log (.eval, .json)
      evidence: evidence/evaluations/refusal-rates.csv
      metric: harmful_request_refusal_rate
      op: ">="
      threshold: 0.9
      min_samples: 200                  # fail when the figure rests on fewer samples
    - id: residual-risk-appetite
      kind: risk                        # residual risks above the appetite need an acceptance
      max_residual_level: medium        # a band of the risk scale
      acceptance_role: Safety Lead
    - id: release-sign-off
      kind: sign-off                    # these roles approve the release commit in approvals/
      severity: condition
      roles: [Safety Lead]
  # waivers:                            # a failing rule accepted for a time, by a role
  #   - rule: documentation-coverage
  #     approver_role: Head of AI Governance
  #     rationale: Why the release may go ahead without it.
  #     expires: 2026-12-31
"""

_CONTROLS = """\
schema_version: 1                       # version of this file format
controls:                               # the controls your team operates, any number of files
  - id: CTL-DOC-01                      # unique id; risks name it under `mitigations`
    title: Model documentation is maintained
    owner: Model Documentation Lead     # a role, not a person
    satisfies:                          # FRAMEWORK:REQUIREMENT ids (`compliance frameworks show`)
      - eu-ai-act-annex-xi:XI.1.1(a)
    evidence:                           # files in this repository that show the control works
      - path: evidence/model-card.md
        kind: model-card                # document, policy, evaluation, red-team-report,
                                        # incident-log, approval, dataset-card, model-card
        # max_age_days: 180             # overrides evidence.max_age_days for this file
"""

_RISKS = """\
schema_version: 1                       # version of this file format
risks:                                  # the risk register, any number of files
  - id: RISK-001
    title: Model produces harmful instructions
    harm_category: cbrn                 # a category of a taxonomy in use (frameworks/taxonomies/)
    likelihood: 3                       # 1-5; the score is likelihood x severity (1-25)
    severity: 4                         # 1-5
    mitigations: [CTL-DOC-01]           # control ids from controls/
    residual: {likelihood: 2, severity: 4}   # after mitigation: 8, in the `medium` band
    owner: Safety Lead                  # a role
    status: mitigated                   # open, mitigated, accepted (needs `acceptance:`), closed
    # acceptance: {approver_role: Safety Lead, date: 2026-01-15, rationale: Why it is tolerable.}
"""

_METRICS = """\
metric,value,samples,language
harmful_request_refusal_rate,0.93,600,
harmful_request_refusal_rate,0.95,300,en
harmful_request_refusal_rate,0.91,300,de
"""

_APPROVAL = """\
# An approval record (`compliance docs gate`, section sign-off). To sign off a release,
# copy this file to approvals/<your-role>.yaml, fill in the commit you approve
# (`git rev-parse HEAD`) and commit it. It counts while that commit is HEAD or an
# ancestor and nothing outside approvals/ changed since. Files ending in .example are
# not read.
schema_version: 1
release: example-model-0.1.0            # release.id in compliance.yaml
commit: "0000000"                       # the commit approved, 7 to 40 hex digits; quote it
role: Safety Lead                       # a role the sign-off rule asks for
name: A. Person
date: 2026-01-15
decision: approved
comment: What was reviewed.
"""

STARTER: dict[str, str] = {
    "compliance.yaml": _PROJECT,
    "controls/documentation.yaml": _CONTROLS,
    "risks/register.yaml": _RISKS,
    "evidence/model-card.md": FILES["evidence/model-card.md"],
    "evidence/evaluations/refusal-rates.csv": _METRICS,
    "approvals/safety-lead.yaml.example": _APPROVAL,
}
"""What `compliance init` writes: FILES with comments, and the starter policy's inputs."""

GITIGNORE_LINE = "build/\n"


def _refuse_overwrite(directory: Path, rels: list[str], force: bool) -> None:
    existing = [directory / rel for rel in rels if (directory / rel).exists()]
    if existing and not force:
        n = len(existing)
        raise InputError.single(
            str(existing[0]),
            f"already exists ({count(n, 'file')} would be overwritten)",
            "pass --force to overwrite, or init into an empty directory",
        )


def _ignore_build(directory: Path, written: list[Path]) -> None:
    ignore = directory / ".gitignore"
    current = ignore.read_text() if ignore.exists() else ""
    if "build/" not in current.split():
        atomic_write(
            ignore,
            current + ("" if current.endswith("\n") or not current else "\n") + GITIGNORE_LINE,
        )
        written.append(ignore)


def scaffold(directory: Path, force: bool = False) -> list[Path]:
    """Write the starter files; refuse to overwrite unless `force`."""
    _refuse_overwrite(directory, list(STARTER), force)
    written = []
    for rel, text in STARTER.items():
        atomic_write(directory / rel, text)
        written.append(directory / rel)
    _ignore_build(directory, written)
    return written


def copy_example(directory: Path, force: bool = False) -> list[Path]:
    """Copy the full built-in example workspace (shipped inside the package)."""
    files: list[tuple[str, Path]] = []
    for rel, src in example_entries():
        if src.is_dir():
            files += [
                (p.relative_to(src.parent).as_posix(), p)
                for p in sorted(src.rglob("*"))
                if p.is_file() and "__pycache__" not in p.parts
            ]
        else:
            files.append((rel, src))
    _refuse_overwrite(directory, [rel for rel, _ in files], force)
    written = []
    for rel, src in files:
        target = directory / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
        written.append(target)
    _ignore_build(directory, written)
    return written
