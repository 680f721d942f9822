"""What every gate rule sees: the assessment, the evidence index, and located policy lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from compliance.assess.coverage import Assessment
from compliance.assess.statistics import Estimate
from compliance.core.errors import InputError, Problem, ProblemCollector
from compliance.core.wording import scientific
from compliance.decide.decision import EvidenceRef, RuleResult, Severity
from compliance.link.evidence import EvidenceIndex, EvidenceRecord, unusable_reason
from compliance.link.readers import EvaluationResult
from compliance.link.readers.incidents import Incident
from compliance.link.store import EvidenceStore
from compliance.load.workspace import PROJECT_FILE, Workspace
from compliance.models.gate import GatePolicy


@dataclass
class GateContext:
    """Shared state of one gate run; rules add input problems here rather than raising."""

    assessment: Assessment
    evidence: EvidenceStore
    problems: ProblemCollector = field(default_factory=ProblemCollector)
    _reported: set[str] = field(default_factory=set)

    @property
    def index(self) -> EvidenceIndex:
        return self.assessment.index

    @property
    def ws(self) -> Workspace:
        return self.assessment.workspace

    @property
    def policy(self) -> GatePolicy:
        assert self.ws.project.gate is not None
        return self.ws.project.gate

    @property
    def on(self) -> date:
        return self.assessment.assessment_date

    def line(self, *loc: str | int) -> int | None:
        """Line of a value under `gate:` in compliance.yaml."""
        return self.ws.project_parsed.where(("gate", *loc))[0]

    def location(self, *loc: str | int) -> str:
        """compliance.yaml:LINE of a value under `gate:`."""
        line = self.line(*loc)
        return f"{PROJECT_FILE}:{line}" if line is not None else PROJECT_FILE

    def record(self, path: str) -> EvidenceRecord:
        return self.index.get(path)

    def ref(self, path: str) -> EvidenceRef:
        """The evidence file pinned by sha256 and the last commit that touched it."""
        rec = self.index.records.get(path)
        if rec is None:
            return EvidenceRef(path, None, None)
        return EvidenceRef(path, rec.sha256, rec.last_commit.sha if rec.last_commit else None)

    def evidence_problem(self, path: str) -> str | None:
        """Why a file a rule names cannot count as evidence (missing, uncommitted), or None."""
        return unusable_reason(self.record(path), self.ws.project.evidence.require_committed)

    def read(self, path: str) -> bytes:
        """The bytes of an evidence file (its hash is in the index)."""
        return self.evidence.read(path)

    def incidents(self, path: str) -> list[Incident] | None:
        """The incident log in `path`; its problems are reported once however many rules
        read it."""
        try:
            return self.evidence.incidents(path)
        except InputError as exc:
            if path not in self._reported:
                self._reported.add(path)
                self.problems.extend(exc)
            return None

    def evaluation(self, path: str, rule_loc: str) -> EvaluationResult | None:
        """The evaluation in `path`; its problems are reported once however many rules read it."""
        try:
            result = self.evidence.evaluation(path)
        except InputError as exc:
            if path not in self._reported:
                self._reported.add(path)
                self.problems.extend(exc)
            return None
        if not result.usable:
            if path not in self._reported:
                self._reported.add(path)
                why = (
                    f"run status is {result.status!r}"
                    if result.status != "success"
                    else "the run's samples were invalidated"
                )
                self.problems.add(
                    Problem(
                        path,
                        None,
                        None,
                        f"{why}: only a successful, valid run counts as evidence for the gate",
                        f"rerun the evaluation, or point the rule at {rule_loc} to a successful "
                        "run",
                    )
                )
            return None
        return result


def outcome(
    rule: Any, failures: list[str], passing: str, failing: str, **fields: Any
) -> RuleResult:
    """The result of a rule that collected its failures: it passes when there are none, with
    the `passing` message; else the message is `failing` followed by the failures."""
    passed = not failures
    message = passing if passed else failing + "; ".join(failures)
    return result_of(rule, passed, message, **fields)


def result_of(rule: Any, passed: bool, message: str, **fields: Any) -> RuleResult:
    """The result of `rule` (its id, kind and severity) with the given verdict and fields."""
    return result(rule.id, rule.kind, rule.severity, passed, message, **fields)


def result(
    rule_id: str,
    kind: str,
    severity: Severity,
    passed: bool,
    message: str,
    *,
    observed: str = "",
    threshold: str = "",
    evidence: tuple[EvidenceRef, ...] = (),
    location: str = "",
    notes: tuple[str, ...] = (),
    **extra: Any,
) -> RuleResult:
    """A RuleResult with keyword arguments, so rule functions read clearly; `extra` sets the
    evaluation fields (estimate, judge, borderline, figures)."""
    return RuleResult(
        rule_id,
        kind,
        severity,
        passed,
        message,
        observed,
        threshold,
        evidence,
        location,
        None,
        notes,
        **extra,
    )


def fmt_number(value: float) -> str:
    """A metric value shown with enough digits, no float noise and no float repr (e+25)."""
    return scientific(value, digits=4)


def interval_text(est: Estimate) -> str:
    """E.g. '95% CI 0.947-0.959': the one way rules and reports write an interval."""
    return f"{est.confidence:.0%} CI {fmt_number(est.low)}-{fmt_number(est.high)}"
