"""The release decision as a plain value: what the gate computes and the reports render."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from compliance.assess.statistics import Difference, Estimate
from compliance.models.gate import Severity


class Verdict(StrEnum):
    GO = "GO"
    CONDITIONAL_GO = "CONDITIONAL GO"
    NO_GO = "NO-GO"
    NOT_DECIDED = "NOT DECIDED"


@dataclass(frozen=True)
class EvidenceRef:
    """The file a rule's result rests on, pinned by hash and commit."""

    path: str
    sha256: str | None
    commit: str | None


@dataclass(frozen=True)
class Waiver:
    rule: str
    approver_role: str
    rationale: str
    expires: date
    active: bool
    """False once `expires` is before the assessment date: an expired waiver no longer counts."""


@dataclass(frozen=True)
class SliceFigure:
    """One figure an evaluation rule looked at: its slice, estimate, and (parity) the gap."""

    slice: dict[str, str]
    value: float
    estimate: Estimate | None
    """n and the 95% interval (compliance.assess.estimates); None without a sample count."""
    difference: Difference | None = None
    """Slice parity: the comparison group minus this slice, with Newcombe's interval."""
    compared_with: str = ""
    """Slice parity: what `difference` compares the slice with ("the rest", "language=en")."""


@dataclass(frozen=True)
class RuleResult:
    """One gate rule evaluated: passed or not, with the numbers and the evidence."""

    rule: str
    kind: str
    severity: Severity
    passed: bool
    message: str
    observed: str = ""
    threshold: str = ""
    evidence: tuple[EvidenceRef, ...] = ()
    location: str = ""
    """Where the rule is written (compliance.yaml:LINE), for SARIF and the report."""
    waiver: Waiver | None = None
    notes: tuple[str, ...] = ()
    estimate: Estimate | None = None
    """Evaluation rules: the figure judged (overall, the one slice, or the worst slice)."""
    judge: str = ""
    """Evaluation rules: what is judged: point, lower-bound or upper-bound."""
    borderline: bool = False
    """The point estimate meets the threshold but its interval crosses it."""
    figures: tuple[SliceFigure, ...] = ()
    """Evaluation rules: every figure looked at, with its n and interval."""
    data: Mapping[str, Any] | None = field(default=None, compare=False, hash=False)
    """Structured figures (JSON-ready) for kinds that have them: the coverage matrix,
    agreement coefficients, classifier metrics, each with its n and interval."""
    owner: str | None = None
    """Who answers for meeting the rule (gate policy `owner`); None when not set."""
    due: date | None = None
    """By when a failing rule is to be met (gate policy `due`); None when not set."""
    binds: str | None = None
    """before-release or after-release (gate policy `binds`); None when not stated."""

    @property
    def waived(self) -> bool:
        return not self.passed and self.waiver is not None and self.waiver.active

    @property
    def counts_against(self) -> bool:
        return not self.passed and not self.waived


@dataclass(frozen=True)
class Decision:
    """GO / CONDITIONAL GO / NO-GO with every rule; NOT DECIDED when there is no policy."""

    verdict: Verdict
    rules: tuple[RuleResult, ...] = ()
    policy_defined: bool = False
    assessment_date: date | None = None
    commit: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def blocking_failures(self) -> list[RuleResult]:
        return [r for r in self.rules if r.counts_against and r.severity == Severity.BLOCKING]

    @property
    def conditions(self) -> list[RuleResult]:
        return [r for r in self.rules if r.counts_against and r.severity == Severity.CONDITION]

    @property
    def waivers(self) -> list[Waiver]:
        return [r.waiver for r in self.rules if r.waiver is not None]


def not_decided(reason: str = "no gate policy defined in compliance.yaml") -> Decision:
    """The honest decision when no policy exists."""
    return Decision(Verdict.NOT_DECIDED, (), False, notes=(reason,))
