"""The release gate policy, written under `gate:` in compliance.yaml.

Each rule has an id (so waivers and SARIF can name it), a kind, and a severity: a failing
`blocking` rule means NO-GO, a failing `condition` rule means CONDITIONAL GO with the
condition stated. docs/gate.md documents every field with examples.
"""

from __future__ import annotations

import datetime as dt
from enum import IntEnum, StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from compliance.core.suggest import suggest
from compliance.models.base import NonEmptyStr, StrictModel

RULE_ID = r"^[A-Za-z][A-Za-z0-9_.\-]*$"
ROLE = r"^[A-Za-z][A-Za-z0-9 &/()_.\-]*$"


class Severity(StrEnum):
    BLOCKING = "blocking"
    """Failure means NO-GO."""
    CONDITION = "condition"
    """Failure means CONDITIONAL GO, with the condition stated."""


class Binds(StrEnum):
    """When a failing rule must be met: before the model ships, or may be after."""

    BEFORE_RELEASE = "before-release"
    AFTER_RELEASE = "after-release"


class IncidentSeverity(IntEnum):
    """The incident log's severity scale, least to most severe (see compliance/incidents.py)."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3
    SERIOUS = 4
    """A serious incident in the sense of Art. 3(49) AI Act (reportable under Art. 55(1)(c))."""

    @property
    def label(self) -> str:
        return self.name.lower()


IncidentSeverityName = Literal["low", "medium", "high", "serious"]


class Comparison(StrEnum):
    AT_LEAST = ">="
    AT_MOST = "<="

    def holds(self, observed: float, threshold: float) -> bool:
        """Whether `observed op threshold` is true (NaN never passes)."""
        if self == Comparison.AT_LEAST:
            return observed >= threshold
        return observed <= threshold


class _Rule(StrictModel):
    id: str = Field(pattern=RULE_ID, description="Unique id; waivers and SARIF name it.")
    severity: Severity = Field(
        default=Severity.BLOCKING,
        description="blocking: failure means NO-GO; condition: failure means CONDITIONAL GO.",
    )
    description: str = Field(
        default="", description="What the rule protects, in a sentence; shown with its result."
    )
    owner: NonEmptyStr | None = Field(
        default=None,
        description="Who answers for meeting the rule when it fails (a role or a name); "
        "the go/no-go record says 'no owner set' without it.",
    )
    due: dt.date | None = Field(
        default=None,
        description="By when a failing rule is to be met; the record says 'no due date set' "
        "without it.",
    )
    binds: Binds | None = Field(
        default=None,
        description="before-release: must be met before the model ships; after-release: "
        "may be met after it ships (condition rules only). The record says 'not stated' "
        "without it.",
    )

    @model_validator(mode="after")
    def _binds_fits_severity(self) -> _Rule:
        if self.severity == Severity.BLOCKING and self.binds == Binds.AFTER_RELEASE:
            raise ValueError(
                "a blocking rule cannot bind after release (its failure is a NO-GO); "
                "use 'binds: before-release' or 'severity: condition'"
            )
        return self


class CoverageRule(_Rule):
    """Minimum coverage (covered share of applicable requirements) of a framework or a set."""

    kind: Literal["coverage"] = Field(description="Rule kind: coverage.")
    framework: NonEmptyStr | None = Field(
        default=None,
        description="The framework whose coverage is measured (give this or requirements).",
    )
    requirements: list[NonEmptyStr] | None = Field(
        default=None,
        min_length=1,
        description=(
            "The requirements whose coverage is measured, as FRAMEWORK-ID:REQUIREMENT-ID (give "
            "this or framework)."
        ),
    )
    min_percent: float = Field(
        ge=0,
        le=100,
        description="Lowest acceptable share of applicable requirements covered, 0-100.",
    )

    @model_validator(mode="after")
    def _one_scope(self) -> CoverageRule:
        if (self.framework is None) == (self.requirements is None):
            raise ValueError("give exactly one of 'framework' or 'requirements'")
        return self


class MustHaveRule(_Rule):
    """Listed requirements must be covered (or declared not applicable): no gap, no partial."""

    kind: Literal["must-have"] = Field(description="Rule kind: must-have.")
    requirements: list[NonEmptyStr] = Field(
        min_length=1,
        description=(
            "Requirements that must be covered or declared not applicable, as FRAMEWORK-"
            "ID:REQUIREMENT-ID."
        ),
    )
    accept_partial: bool = Field(
        default=False, description="Count a partially covered requirement as no gap."
    )


class FreshnessRule(_Rule):
    """No evidence linked from controls older than its maximum age."""

    kind: Literal["freshness"] = Field(description="Rule kind: freshness.")
    framework: NonEmptyStr | None = Field(
        default=None, description="Only evidence of controls satisfying this framework."
    )


JudgeOn = Literal["point", "lower-bound", "upper-bound"]
JUDGE_DESCRIPTION = (
    "What is compared with the threshold: the point estimate (default), or the lower or "
    "upper bound of its 95% interval."
)


class MetricRule(_Rule):
    """`metric op threshold` for one evaluation evidence file, overall or per slice."""

    kind: Literal["metric"] = Field(description="Rule kind: metric.")
    evidence: NonEmptyStr = Field(description="Path of the evaluation evidence file.")
    metric: NonEmptyStr = Field(
        description="Name of the metric in the evidence file, e.g. harmful_request_refusal_rate."
    )
    op: Comparison = Field(
        default=Comparison.AT_LEAST,
        description="How the figure is compared with the threshold: >= (the default) or <=.",
    )
    threshold: float = Field(description="The bound the figure is compared with (a finite number).")
    slice: dict[NonEmptyStr, NonEmptyStr] | None = Field(
        default=None, description="Test only this slice, e.g. {language: sw}."
    )
    per_slice: NonEmptyStr | None = Field(
        default=None,
        description="Test every slice of this column (e.g. language), not only the overall.",
    )
    min_samples: int | None = Field(
        default=None, ge=1, description="Fail when the figure rests on fewer samples."
    )
    max_age_days: int | None = Field(
        default=None, ge=1, le=36500, description="Maximum age of the run (from its run time)."
    )
    judge: JudgeOn = Field(default="point", description=JUDGE_DESCRIPTION)

    @model_validator(mode="after")
    def _slice_or_per_slice(self) -> MetricRule:
        if self.slice is not None and self.per_slice is not None:
            raise ValueError("give at most one of 'slice' or 'per_slice'")
        return self


class SliceParityRule(_Rule):
    """No slice more than `max_gap` worse than the overall figure or a reference slice."""

    kind: Literal["slice-parity"] = Field(description="Rule kind: slice-parity.")
    evidence: NonEmptyStr = Field(description="Path of the evaluation evidence file.")
    metric: NonEmptyStr = Field(description="Name of the metric in the evidence file.")
    slice_by: NonEmptyStr = Field(description="The slice column, e.g. language.")
    reference: NonEmptyStr = Field(
        default="overall", description="'overall', or a value of slice_by such as 'en'."
    )
    max_gap: float = Field(ge=0, description="In the metric's own units (0.05 = 5 points of 0-1).")
    higher_is_better: bool = Field(
        default=True,
        description="Whether a higher value of the metric is better (so a lower slice is worse).",
    )
    max_age_days: int | None = Field(
        default=None,
        ge=1,
        le=36500,
        description="Maximum age of the evidence in days (default: the evidence settings).",
    )
    judge: JudgeOn = Field(
        default="point",
        description=(
            "What is compared with max_gap: the point gap (default), or the lower or upper "
            "bound of the gap's 95% Newcombe interval (the slice against the rest of the data, "
            "or against the reference slice)."
        ),
    )


class RunIntegrityRule(_Rule):
    """Each evaluation log is a complete, successful run of the release's own model."""

    kind: Literal["run-integrity"] = Field(description="Rule kind: run-integrity.")
    evidence: list[NonEmptyStr] | None = Field(
        default=None,
        min_length=1,
        description="Logs to check; default: every log a metric or slice-parity rule reads.",
    )
    max_errored_samples: int = Field(
        default=0, ge=0, description="Most samples that may have ended in an error."
    )
    max_invalidated_samples: int = Field(
        default=0, ge=0, description="Most samples that may have been invalidated after the run."
    )
    require_complete: bool = Field(
        default=True, description="Fail when fewer samples completed than the run had."
    )
    check_model: bool = Field(
        default=True, description="Fail when the evaluated model is not in system.model_ids."
    )


class RiskRule(_Rule):
    """No residual risk above the appetite without an acceptance by the required role."""

    kind: Literal["risk"] = Field(description="Rule kind: risk.")
    max_residual_score: int | None = Field(
        default=None,
        ge=1,
        le=25,
        description=(
            "The risk appetite as a score (likelihood x severity, 1-25): higher residual scores "
            "need an acceptance."
        ),
    )
    max_residual_level: NonEmptyStr | None = Field(
        default=None,
        description="The name of a band of the risk scale in use (risk_scale in compliance.yaml; "
        "default low 1-4, medium 5-9, high 10-16, critical 17-25).",
    )
    acceptance_role: NonEmptyStr = Field(
        pattern=ROLE, description="The role whose acceptance a risk above the appetite needs."
    )

    @model_validator(mode="after")
    def _one_appetite(self) -> RiskRule:
        if (self.max_residual_score is None) == (self.max_residual_level is None):
            raise ValueError("give exactly one of 'max_residual_score' or 'max_residual_level'")
        return self


class IncidentRule(_Rule):
    """No open incident at or above a severity in the incident log."""

    kind: Literal["incidents"] = Field(description="Rule kind: incidents.")
    evidence: NonEmptyStr = Field(description="Path of the incident log (CSV or JSONL).")
    at_or_above: IncidentSeverityName = Field(
        default="high",
        description="Lowest severity that blocks while open: low, medium, high or serious.",
    )


class IncidentReportsRule(_Rule):
    """Every serious incident's reports filed on time: none overdue on the assessment date
    (Code of Practice Measure 9.3; Art. 73 AI Act for high-risk AI systems)."""

    kind: Literal["incident-reports"] = Field(description="Rule kind: incident-reports.")
    evidence: NonEmptyStr = Field(description="Path of the incident log (CSV or JSONL).")


class NotificationRule(_Rule):
    """The Art. 52(1) notification was sent within two weeks of the systemic-risk condition
    being met or foreseen (system.threshold_met_on, system.notified_on; docs/gate.md)."""

    kind: Literal["notification"] = Field(description="Rule kind: notification.")
    evidence: NonEmptyStr | None = Field(
        default=None, description="Optional path of the notification record, cited and checked."
    )


class SignOffRule(_Rule):
    """Every listed role has approved this release's commit (records in approvals/)."""

    kind: Literal["sign-off"] = Field(description="Rule kind: sign-off.")
    roles: list[Annotated[str, Field(pattern=ROLE)]] = Field(
        min_length=1, description="Roles that must each have approved the release's commit."
    )


AgreementMetric = Literal["krippendorff_alpha", "fleiss_kappa", "cohen_kappa"]
ClassifierMetricName = Literal["precision", "recall", "f1", "false_positive_rate"]
ParityMetricName = Literal["precision", "recall", "false_positive_rate"]


class EvalCoverageRule(_Rule):
    """At least `min_samples` evaluated samples in every harm category x language cell."""

    kind: Literal["eval-coverage"] = Field(description="Rule kind: eval-coverage.")
    min_samples: int = Field(ge=1, description="Samples each cell needs (summed over files).")
    languages: list[NonEmptyStr] | None = Field(
        default=None,
        min_length=1,
        description="Languages required; default: system.languages in compliance.yaml.",
    )
    harm_categories: list[NonEmptyStr] | None = Field(
        default=None,
        min_length=1,
        description="Harm categories required; default: every harm_category of risks/.",
    )
    evidence: list[NonEmptyStr] | None = Field(
        default=None,
        min_length=1,
        description=(
            "Evaluation files to count; default: every evaluation file the gate's metric and "
            "slice-parity rules name and every control evidence link of kind evaluation."
        ),
    )


class AgreementRule(_Rule):
    """Inter-annotator agreement on a labels file at or above `min`."""

    kind: Literal["agreement"] = Field(description="Rule kind: agreement.")
    evidence: NonEmptyStr = Field(description="Path of the labels file (CSV or JSON Lines).")
    metric: AgreementMetric = Field(
        default="krippendorff_alpha",
        description="Agreement coefficient: krippendorff_alpha, fleiss_kappa or cohen_kappa.",
    )
    min: float = Field(ge=-1, le=1, description="Lowest acceptable coefficient, e.g. 0.67.")
    judge: JudgeOn = Field(
        default="point", description="Judge the point estimate or a bound of its interval."
    )
    per_category: bool = Field(
        default=False, description="Also require `min` in every harm category of the file."
    )
    min_items: int | None = Field(
        default=None, ge=1, description="Fail when a coefficient rests on fewer items."
    )


class ClassifierRule(_Rule):
    """A safety classifier's precision, recall, F1 or false-positive rate against a bound."""

    kind: Literal["classifier"] = Field(description="Rule kind: classifier.")
    evidence: NonEmptyStr = Field(description="Path of the predictions file (CSV or JSON Lines).")
    metric: ClassifierMetricName = Field(
        description="precision, recall, f1 or false_positive_rate."
    )
    positive: NonEmptyStr = Field(description="The gold/predicted label that counts as positive.")
    threshold: float | None = Field(
        default=None, description="For a file of scores: a score at or above it is positive."
    )
    min: float | None = Field(
        default=None, ge=0, le=1, description="Lowest acceptable value, 0-1 (give min or max)."
    )
    max: float | None = Field(
        default=None, ge=0, le=1, description="Highest acceptable value, 0-1 (give min or max)."
    )
    judge: JudgeOn = Field(
        default="point", description="Judge the point estimate or a bound of its interval."
    )
    slice: dict[NonEmptyStr, NonEmptyStr] | None = Field(
        default=None, description="Test only this slice, e.g. {language: sw}."
    )
    per_slice: NonEmptyStr | None = Field(
        default=None, description="Test every value of this slice column (e.g. harm_category)."
    )
    min_samples: int | None = Field(
        default=None, ge=1, description="Fail when a figure's denominator is smaller."
    )

    @model_validator(mode="after")
    def _one_bound_one_scope(self) -> ClassifierRule:
        if (self.min is None) == (self.max is None):
            raise ValueError("give exactly one of 'min' or 'max'")
        if self.slice is not None and self.per_slice is not None:
            raise ValueError("give at most one of 'slice' or 'per_slice'")
        return self


class ClassifierParityRule(_Rule):
    """No slice value's metric more than `max_gap` worse than another's (Newcombe interval)."""

    kind: Literal["classifier-parity"] = Field(description="Rule kind: classifier-parity.")
    evidence: NonEmptyStr = Field(description="Path of the predictions file (CSV or JSON Lines).")
    metric: ParityMetricName = Field(
        default="recall", description="precision, recall or false_positive_rate."
    )
    positive: NonEmptyStr = Field(description="The gold/predicted label that counts as positive.")
    threshold: float | None = Field(
        default=None, description="For a file of scores: a score at or above it is positive."
    )
    slice_by: NonEmptyStr = Field(description="The slice column, e.g. reference_style.")
    max_gap: float = Field(ge=0, le=1, description="Largest allowed gap between two slices.")
    judge: Literal["point", "lower-bound"] = Field(
        default="point",
        description=(
            "point: fail when the gap exceeds max_gap; lower-bound: only when the lower bound of "
            "the gap's 95% Newcombe interval does."
        ),
    )


class SystemicRiskRule(_Rule):
    """Systemic risk acceptance (Code of Practice, Measure 4.1): every tier of every systemic
    risk determined, at least one not reached, and each reached tier's mitigations covered."""

    kind: Literal["systemic-risk"] = Field(description="Rule kind: systemic-risk.")
    risks: list[NonEmptyStr] | None = Field(
        default=None,
        min_length=1,
        description="Risk ids to judge; default: every risk with a `systemic:` block.",
    )


class PreRegistrationRule(_Rule):
    """Every systemic risk tier's criterion was committed before the evaluations judging it
    ran (from git: the criterion lines' commit against the log's run time)."""

    kind: Literal["pre-registration"] = Field(description="Rule kind: pre-registration.")
    risks: list[NonEmptyStr] | None = Field(
        default=None,
        min_length=1,
        description="Risk ids to judge; default: every risk with a `systemic:` block.",
    )


class SafetyFrameworkRule(_Rule):
    """The Safety and Security Framework was confirmed in time before placing on the market
    and reassessed at least every 12 months (Code of Practice, Measures 1.1 and 1.3)."""

    kind: Literal["safety-framework"] = Field(description="Rule kind: safety-framework.")
    evidence: NonEmptyStr = Field(
        description="Path of the Framework document (front matter: confirmed, changelog, "
        "assessments; docs/systemic-risk.md)."
    )


Rule = Annotated[
    CoverageRule
    | MustHaveRule
    | FreshnessRule
    | MetricRule
    | SliceParityRule
    | RunIntegrityRule
    | RiskRule
    | IncidentRule
    | IncidentReportsRule
    | NotificationRule
    | SignOffRule
    | EvalCoverageRule
    | AgreementRule
    | ClassifierRule
    | ClassifierParityRule
    | SystemicRiskRule
    | PreRegistrationRule
    | SafetyFrameworkRule,
    Field(discriminator="kind"),
]


class WaiverEntry(StrictModel):
    """A decision to ship despite a failing rule, until it expires."""

    rule: str = Field(pattern=RULE_ID, description="Id of the failing rule this waiver lets pass.")
    approver_role: NonEmptyStr = Field(
        pattern=ROLE, description="The role that granted the waiver."
    )
    rationale: NonEmptyStr = Field(
        min_length=10,
        description="Why shipping despite the failure is acceptable (at least 10 characters).",
    )
    expires: dt.date = Field(
        description="Last day the waiver applies (YYYY-MM-DD); after it the rule fails again."
    )


class GatePolicy(StrictModel):
    """`gate:` in compliance.yaml: the rules a release must pass, and the waivers granted."""

    approvals_dir: NonEmptyStr = Field(
        default="approvals", description="Folder of sign-off records (approvals/*.yaml)."
    )
    rules: list[Rule] = Field(
        min_length=1,
        description=(
            "The rules a release must pass; each has an id, a kind and the fields of its kind."
        ),
    )
    waivers: list[WaiverEntry] = Field(
        default_factory=list,
        description="Decisions to ship despite a failing rule, each until it expires.",
    )

    @field_validator("rules", mode="wrap")
    @classmethod
    def _locate_rule_errors(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        """Drop the `kind` tag pydantic inserts into error locations, so errors point at the
        line of the offending key, and name the fields the rule's own kind allows."""
        try:
            return handler(value)
        except ValidationError as exc:
            raise ValidationError.from_exception_data(
                exc.title, [_untagged(e, value) for e in exc.errors()]
            ) from None


class ApprovalDecision(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"


class ApprovalRecord(StrictModel):
    """approvals/*.yaml: one role's sign-off of one release at one commit."""

    schema_version: int = Field(
        ge=1, le=1, description="Version of this file format; only 1 exists so far."
    )
    release: NonEmptyStr = Field(
        description="Id of the release approved (release.id in compliance.yaml)."
    )
    commit: str = Field(pattern=r"^[0-9a-fA-F]{7,40}$", description="The approved commit.")
    role: NonEmptyStr = Field(
        pattern=ROLE,
        description="The role signing off (a gate sign-off rule lists the roles it needs).",
    )
    name: str = Field(default="", description="The person holding the role (optional).")
    date: dt.date = Field(description="When the sign-off was given (YYYY-MM-DD).")
    decision: ApprovalDecision = Field(
        default=ApprovalDecision.APPROVED, description="approved or rejected."
    )
    comment: str = Field(default="", description="Anything the approver wants on record.")


RULE_KINDS: dict[str, type[_Rule]] = {
    m.model_fields["kind"].annotation.__args__[0]: m  # type: ignore[union-attr]
    for m in (
        CoverageRule,
        MustHaveRule,
        FreshnessRule,
        MetricRule,
        SliceParityRule,
        RunIntegrityRule,
        RiskRule,
        IncidentRule,
        IncidentReportsRule,
        SignOffRule,
        EvalCoverageRule,
        AgreementRule,
        ClassifierRule,
        ClassifierParityRule,
        SystemicRiskRule,
        PreRegistrationRule,
        SafetyFrameworkRule,
    )
}


def _untagged(error: Any, value: Any) -> Any:
    """One error of a rule, without the tag in its location; unknown fields get a kind hint."""
    loc = list(error["loc"])
    kind = None
    if len(loc) >= 2 and isinstance(loc[0], int) and isinstance(value, list):
        item = value[loc[0]] if loc[0] < len(value) else None
        if isinstance(item, dict) and item.get("kind") == loc[1]:
            kind = loc.pop(1)
    detail: dict[str, Any] = {"type": error["type"], "loc": tuple(loc), "input": error["input"]}
    if "ctx" in error:
        detail["ctx"] = error["ctx"]
    if error["type"] == "extra_forbidden" and kind in RULE_KINDS:
        names = list(RULE_KINDS[kind].model_fields)
        hint = suggest(str(loc[-1]), names)
        detail["type"] = PydanticCustomError(
            "rule_field",
            "unknown field for a {kind} rule; {hint}expected one of: {names}",
            {"kind": kind, "hint": f"{hint} " if hint else "", "names": ", ".join(names)},
        )
        detail.pop("ctx", None)
    return detail
