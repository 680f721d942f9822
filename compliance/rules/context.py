"""What every gate rule sees: the assessment, the evidence index, and located policy lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from compliance.assess import Assessment
from compliance.decision import EvidenceRef, RuleResult, Severity
from compliance.errors import InputError, Problem, ProblemCollector
from compliance.evaluations import EvaluationResult, read_evaluation
from compliance.evidence import EvidenceIndex, EvidenceRecord, EvidenceState
from compliance.models.gate import GatePolicy
from compliance.paths import UnsafePath, safe_relative
from compliance.workspace import PROJECT_FILE, Workspace

UNUSABLE = (EvidenceState.NOT_A_FILE, EvidenceState.UNREADABLE, EvidenceState.LFS_POINTER)


@dataclass
class GateContext:
    """Shared state of one gate run; rules add input problems here rather than raising."""

    assessment: Assessment
    index: EvidenceIndex
    problems: ProblemCollector = field(default_factory=ProblemCollector)
    _evaluations: dict[str, EvaluationResult] = field(default_factory=dict)

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
        rec = self.record(path)
        if rec.state == EvidenceState.MISSING:
            return f"evidence missing: {path}"
        if rec.state in UNUSABLE:
            return f"evidence unusable: {path}: {rec.detail}"
        require = self.ws.project.evidence.require_committed
        if require and rec.state in (EvidenceState.UNTRACKED, EvidenceState.MODIFIED):
            return f"evidence uncommitted: {path} ({rec.detail})"
        return None

    def read(self, path: str) -> bytes:
        """The bytes of an evidence file (its hash is in the index)."""
        # through the workspace's source: the working tree, or a git tree at a revision
        try:
            safe_relative(self.ws.root, path)
            return self.ws.source.read(path)
        except (UnsafePath, OSError) as exc:
            raise InputError.single(path, f"cannot read: {exc}") from None

    def evaluation(self, path: str, rule_loc: str) -> EvaluationResult | None:
        """The evaluation in `path`, read once; a run that does not count is an input error."""
        if path in self._evaluations:
            return self._evaluations[path]
        try:
            result = read_evaluation(path, self.read(path))
        except InputError as exc:
            self.problems.extend(exc)
            return None
        if not result.usable:
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
                    f"rerun the evaluation, or point the rule at {rule_loc} to a successful run",
                )
            )
            return None
        self._evaluations[path] = result
        return result


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
) -> RuleResult:
    """A RuleResult with keyword arguments, so rule functions read clearly."""
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
    )


def fmt_number(value: float) -> str:
    """A metric value shown with enough digits and no float noise."""
    if value != value:  # NaN
        return "NaN"
    return f"{value:.4g}" if abs(value) < 1e6 else f"{value:.6g}"
