"""The files a team writes: compliance.yaml, controls/*.yaml, risks/*.yaml."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import Field, model_validator

from compliance.models.base import NonEmptyStr, Score, StrictModel, VersionedFile
from compliance.models.catalog import Relation
from compliance.models.gate import GatePolicy
from compliance.models.risk_scale import RiskScale, default_risk_scale
from compliance.models.systemic_risk import SystemicRisk

CONTROL_ID = r"^[A-Za-z][A-Za-z0-9_.\-]*$"
ROLE = r"^[A-Za-z][A-Za-z0-9 &/()_.\-]*$"


class Organisation(StrictModel):
    name: NonEmptyStr = Field(
        description="Legal name of the organisation (the provider) that releases the system."
    )
    address: str = Field(
        default="", description="Postal address of the organisation, as printed on reports."
    )
    contact_role: str = Field(
        default="", description="The role to contact about this assessment (a role, not a person)."
    )


class SystemKind(StrEnum):
    GPAI_MODEL = "general-purpose-ai-model"
    AI_SYSTEM = "ai-system"


class OpenSource(StrictModel):
    """Release under a free and open-source licence (Art. 53(2) AI Act)."""

    licence: NonEmptyStr = Field(
        description="The free and open-source licence the model is released under."
    )
    public_weights: bool = Field(
        description="Parameters, architecture and usage information are made publicly available."
    )


class Modality(StrEnum):
    """What a model can generate, as the GPAI guidelines' indicative criterion names it."""

    TEXT = "text"
    AUDIO = "audio"
    TEXT_TO_IMAGE = "text-to-image"
    TEXT_TO_VIDEO = "text-to-video"
    OTHER = "other"


class GpaiRebuttal(StrictModel):
    """Why a model meeting the indicative criterion is, exceptionally, not general-purpose."""

    justification: NonEmptyStr = Field(
        min_length=10,
        description=(
            "Why the model, although it meets the indicative criterion, is not general-purpose (at"
            " least 10 characters)."
        ),
    )
    approver_role: NonEmptyStr = Field(
        pattern=ROLE, description="The role that approved this rebuttal."
    )
    date: dt.date = Field(description="When the rebuttal was approved (YYYY-MM-DD).")


class Modification(StrictModel):
    """The model under assessment is a downstream modification (e.g. fine-tune) of another."""

    model: NonEmptyStr = Field(description="The original model that was modified.")
    original_training_compute_flop: float | None = Field(
        default=None, gt=0, description="The original model's training compute, if known."
    )
    original_systemic_risk: bool = Field(
        default=False,
        description="The original is a GPAI model with systemic risk (chooses the fallback "
        "threshold when its compute is unknown).",
    )
    modification_compute_flop: float = Field(
        ge=0, description="Training compute used for the modification."
    )


class System(StrictModel):
    """The AI model or system under assessment."""

    name: NonEmptyStr = Field(description="Name of the AI model or system under assessment.")
    version: NonEmptyStr = Field(description="Version of the model or system under assessment.")
    kind: SystemKind = Field(
        default=SystemKind.GPAI_MODEL, description="general-purpose-ai-model or ai-system."
    )
    description: str = Field(
        default="", description="A short description of the model or system, printed on reports."
    )
    general_purpose: bool | None = Field(
        default=None,
        description="A general-purpose AI model in the sense of Art. 3(63); when omitted, "
        "the Commission guidelines' indicative criterion decides.",
    )
    generates: list[Modality] = Field(
        default_factory=list, description="What the model can generate (indicative criterion)."
    )
    gpai_rebuttal: GpaiRebuttal | None = Field(
        default=None,
        description=(
            "Why a model meeting the indicative criterion is, exceptionally, not general-purpose."
        ),
    )
    modification_of: Modification | None = Field(
        default=None,
        description=(
            "Set when the model is a downstream modification (e.g. a fine-tune) of another model."
        ),
    )
    systemic_risk_declared: bool = Field(
        default=False,
        description="Classified (or notified) as a GPAI model with systemic risk, Art. 51-52.",
    )
    training_compute_flop: float | None = Field(
        default=None, ge=0, description="Cumulative training compute in floating-point operations."
    )
    threshold_met_on: dt.date | None = Field(
        default=None,
        description="When the model met the condition of Art. 51(1)(a) (high-impact "
        "capabilities; presumed above the Art. 51(2) threshold) or it became known that it "
        "would: the Art. 52(1) two weeks run from this date (docs/applicability.md).",
    )
    notified_on: dt.date | None = Field(
        default=None, description="When the Commission was notified under Art. 52(1)."
    )
    open_source: OpenSource | None = Field(
        default=None,
        description=(
            "Set when the model is released under a free and open-source licence (Art. 53(2) AI "
            "Act)."
        ),
    )
    placed_on_eu_market: bool = Field(
        default=True, description="Whether the model is placed on the Union market."
    )
    languages: list[NonEmptyStr] = Field(
        default_factory=list,
        description=(
            "Languages the release supports (e.g. en, de, sw): the columns the evaluation "
            "coverage matrix requires."
        ),
    )
    placed_on_market: dt.date | None = Field(
        default=None, description="When the model was first placed on the Union market."
    )

    model_ids: list[NonEmptyStr] = Field(
        default_factory=list,
        description=(
            "The identifiers under which evaluation logs name this release's model (e.g. "
            "Inspect's provider/model, 'northwind/halcyon-2'); a run-integrity gate rule "
            "fails a log that evaluated any other model."
        ),
    )

    @model_validator(mode="after")
    def _rebuttal_needs_no_declaration(self) -> System:
        if self.gpai_rebuttal is not None and self.general_purpose:
            raise ValueError(
                "gpai_rebuttal says the model is not general-purpose, but general_purpose is "
                "true; set general_purpose: false or omit it"
            )
        if self.notified_on is not None and self.threshold_met_on is None:
            raise ValueError("notified_on needs threshold_met_on (the date the deadline runs from)")
        return self


class Release(StrictModel):
    id: NonEmptyStr = Field(
        description=(
            "Identifier of the release under assessment, e.g. halcyon-2.0.0; names the packet and "
            "the approvals."
        )
    )
    git_ref: NonEmptyStr = Field(
        default="HEAD",
        description=(
            "The git ref that names the release's commit (default HEAD). Recorded in the file; "
            "release commands assess the last commit, or the working tree with --worktree."
        ),
    )
    date: dt.date | None = Field(
        default=None, description="Assessment date; defaults to the assessed commit's date."
    )
    previous: NonEmptyStr | None = Field(
        default=None,
        description="Git revision (tag or commit) of the previous release; the go/no-go "
        "record states what changed since (as `compliance diff PREVIOUS HEAD`).",
    )


class EvidenceSettings(StrictModel):
    max_age_days: int = Field(
        default=365,
        ge=1,
        le=36500,
        description=(
            "Default maximum age of evidence in days (an evidence link may set its own); older "
            "evidence is stale."
        ),
    )
    require_committed: bool = Field(
        default=True,
        description=(
            "Whether evidence must be committed to count: an untracked or modified file is then "
            "unusable."
        ),
    )


class CrosswalkSettings(StrictModel):
    accept: list[Relation] = Field(
        default_factory=list,
        description="Relations under which a requirement counts as covered through a crosswalk.",
    )


class NotApplicable(StrictModel):
    """The team's own declaration that a requirement does not apply, with its justification."""

    requirement: NonEmptyStr = Field(
        description="The requirement declared not applicable, as FRAMEWORK-ID:REQUIREMENT-ID."
    )
    justification: NonEmptyStr = Field(
        min_length=10, description="Why the requirement does not apply (at least 10 characters)."
    )
    approver_role: NonEmptyStr = Field(
        pattern=ROLE, description="The role that approved the declaration."
    )
    date: dt.date = Field(description="When the declaration was approved (YYYY-MM-DD).")


class Approver(StrictModel):
    role: NonEmptyStr = Field(
        pattern=ROLE, description="The role that signs the report (a role, not a person)."
    )
    name: str = Field(
        default="",
        description="The person holding the role, printed in the sign-off block (optional).",
    )


class PageSize(StrEnum):
    A4 = "A4"
    LETTER = "letter"


class PreviousModelReport(StrictModel):
    """The Model Report provided to the AI Office before this one (docs/model-report.md)."""

    date: dt.date = Field(description="The date of the previous Model Report.")
    document: str = Field(default="", description="Its document id, as printed on it.")


class ModelReportSettings(StrictModel):
    """`report.model_report`: the Safety and Security Model Report (docs/model-report.md)."""

    redact_harm_categories: list[NonEmptyStr] = Field(
        default_factory=list,
        description="Harm categories whose evaluation samples are shown by digest only (their "
        "input and output text replaced); '*' redacts every sample.",
    )
    previous: PreviousModelReport | None = Field(
        default=None,
        description="The previous Model Report; its inputs' changes since then are listed.",
    )


class ReportSettings(StrictModel):
    classification: str = Field(
        default="CONFIDENTIAL",
        description=(
            "Classification marking printed on every page of the reports, e.g. CONFIDENTIAL."
        ),
    )
    page_size: PageSize = Field(
        default=PageSize.A4,
        description="Paper size of the PDF reports: A4 or letter (build --page-size overrides it).",
    )
    document_prefix: str = Field(
        default="RA",
        description="Prefix of the risk assessment's document id (the go/no-go report uses GNG).",
    )
    approvers: list[Approver] = Field(
        default_factory=list,
        description="The roles (and optionally names) whose sign-off block the reports print.",
    )
    model_report: ModelReportSettings = Field(
        default_factory=ModelReportSettings,
        description="Settings of the Safety and Security Model Report (build model-report).",
    )


class Adoption(StrEnum):
    REQUIRED = "required"
    VOLUNTARY = "voluntary"


class Selector(StrictModel):
    """Requirements picked by id, by group (any ancestor) or by the risks they address."""

    ids: list[NonEmptyStr] = Field(
        default_factory=list, description="Requirement ids of the framework, e.g. XI.2.1."
    )
    groups: list[NonEmptyStr] = Field(
        default_factory=list,
        description="Ids of group entries: every requirement below one of them.",
    )
    risks: list[NonEmptyStr] = Field(
        default_factory=list,
        description="Ids of risk (context) entries: every requirement that addresses one of them.",
    )

    @model_validator(mode="after")
    def _not_empty(self) -> Selector:
        if not (self.ids or self.groups or self.risks):
            raise ValueError("a selector needs at least one of ids, groups, risks")
        return self


class Exclusion(Selector):
    """Requirements taken out of scope, with the reason."""

    justification: NonEmptyStr = Field(
        min_length=10,
        description="Why the selected requirements are out of scope (at least 10 characters).",
    )


class FrameworkScope(StrictModel):
    """A framework in scope, optionally tailored (as an OSCAL profile does) and voluntary."""

    id: NonEmptyStr = Field(
        description="Id of a built-in or workspace catalog, e.g. eu-ai-act-annex-xi."
    )
    adoption: Adoption = Field(
        default=Adoption.REQUIRED,
        description="required (the default), or voluntary: a framework the team follows by choice.",
    )
    include: list[Selector] = Field(
        default_factory=list, description="Only these requirements are in scope (default: all)."
    )
    justification: str = Field(
        default="", description="Why requirements not included are out of scope."
    )
    exclude: list[Exclusion] = Field(
        default_factory=list,
        description="Requirements taken out of scope, each selection with its justification.",
    )

    SHORTHAND = "A bare framework id: the whole framework, required."

    @model_validator(mode="before")
    @classmethod
    def _accept_bare_id(cls, value: Any) -> Any:
        return {"id": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _include_needs_justification(self) -> FrameworkScope:
        if self.include and len(self.justification.strip()) < 10:
            raise ValueError(
                "'include' leaves requirements out of scope: give a 'justification' "
                "(at least 10 characters) saying why the rest does not apply"
            )
        return self

    @property
    def tailored(self) -> bool:
        return bool(self.include or self.exclude)

    @property
    def voluntary(self) -> bool:
        return self.adoption == Adoption.VOLUNTARY


class CopChapter(StrEnum):
    """A chapter of the General-Purpose AI Code of Practice; catalog `gpai-cop-<chapter>`."""

    TRANSPARENCY = "transparency"
    COPYRIGHT = "copyright"
    SAFETY_SECURITY = "safety-security"

    @property
    def catalog(self) -> str:
        return f"gpai-cop-{self.value}"


class CodeOfPractice(StrictModel):
    """The provider signed the General-Purpose AI Code of Practice (10 July 2025), chapter by
    chapter (docs/signatory.md)."""

    chapters: list[CopChapter] = Field(
        min_length=1,
        description="The chapters signed: transparency, copyright, safety-security (the Safety "
        "and Security chapter is relevant only to providers of models with systemic risk).",
    )
    signed_on: dt.date | None = Field(default=None, description="When the Code was signed.")

    @model_validator(mode="after")
    def _unique(self) -> CodeOfPractice:
        seen = [c.value for c in self.chapters]
        dup = sorted({c for c in seen if seen.count(c) > 1})
        if dup:
            raise ValueError(f"chapter listed twice: {', '.join(dup)}")
        return self


class ProjectFile(VersionedFile):
    """`compliance.yaml`: what is assessed, against what, and how strictly."""

    organisation: Organisation = Field(
        description="The provider: the organisation that releases the system."
    )
    system: System = Field(description="The AI model or system under assessment.")
    release: Release = Field(description="The release under assessment.")
    frameworks: list[FrameworkScope] = Field(
        min_length=1, description="Framework ids, or mappings that tailor one (docs/tailoring.md)."
    )
    taxonomies: list[NonEmptyStr] | None = Field(
        default=None,
        min_length=1,
        description=(
            "Harm taxonomies whose category ids a risk's harm_category and an evaluation's "
            "harm_category slices may use; default: every shipped and workspace taxonomy."
        ),
    )
    evidence: EvidenceSettings = Field(
        default_factory=EvidenceSettings,
        description="How old evidence may be and whether it must be committed.",
    )
    crosswalk: CrosswalkSettings = Field(
        default_factory=CrosswalkSettings,
        description="Which crosswalk relations let one framework's coverage count for another.",
    )
    not_applicable: list[NotApplicable] = Field(
        default_factory=list,
        description=(
            "Requirements the team declares not applicable, each with a justification and approval."
        ),
    )
    code_of_practice: CodeOfPractice | None = Field(
        default=None,
        description="The provider is a signatory of the General-Purpose AI Code of Practice "
        "(docs/signatory.md): which chapters it signed.",
    )
    report: ReportSettings = Field(
        default_factory=ReportSettings,
        description=(
            "Settings of the PDF reports: classification, paper size, document id prefix, "
            "approvers."
        ),
    )
    risk_scale: RiskScale = Field(
        default_factory=default_risk_scale,
        description="Named bands of the likelihood x severity score (1-25), lowest first; "
        "default low 1-4, medium 5-9, high 10-16, critical 17-25 (docs/risk-scale.md).",
    )
    gate: GatePolicy | None = Field(
        default=None, description="Release gate policy (documented in docs/gate.md)."
    )

    @property
    def framework_ids(self) -> list[str]:
        return [f.id for f in self.frameworks]

    def scope(self, framework: str) -> FrameworkScope | None:
        return next((f for f in self.frameworks if f.id == framework), None)


class EvidenceKind(StrEnum):
    DOCUMENT = "document"
    POLICY = "policy"
    EVALUATION = "evaluation"
    RED_TEAM = "red-team-report"
    INCIDENT_LOG = "incident-log"
    APPROVAL = "approval"
    DATASET_CARD = "dataset-card"
    MODEL_CARD = "model-card"


class EvidenceLink(StrictModel):
    """A control's pointer at a file in the repository."""

    path: NonEmptyStr = Field(
        description=(
            "Path of the evidence file inside the repository (no .., no absolute paths); a glob "
            "such as evidence/licence/*.md matches files inside the workspace."
        )
    )
    kind: EvidenceKind = Field(
        default=EvidenceKind.DOCUMENT,
        description=(
            "What the file is: document, policy, evaluation, red-team-report, incident-log, "
            "approval, dataset-card or model-card."
        ),
    )
    max_age_days: int | None = Field(
        default=None,
        ge=1,
        le=36500,
        description=(
            "Maximum age of this file in days (default: evidence.max_age_days in compliance.yaml)."
        ),
    )
    description: str = Field(default="", description="What the file shows, in a few words.")

    heading: str | None = Field(
        default=None,
        min_length=1,
        description='A markdown heading the file must still contain, e.g. "## Results" '
        "(also written path#Heading).",
    )
    lines: str | None = Field(
        default=None,
        pattern=r"^[1-9][0-9]*(-[1-9][0-9]*)?$",
        description='A line range the file must still reach, e.g. "10-24" or "7".',
    )

    SHORTHAND = (
        "A bare path (or glob) of a document, with the default maximum age; path#Heading "
        "also names a heading the file must contain."
    )

    @model_validator(mode="before")
    @classmethod
    def _accept_bare_path(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = {"path": value}
        if isinstance(value, dict) and isinstance(value.get("path"), str):
            path, sep, heading = value["path"].partition("#")
            if sep and path and heading.strip() and value.get("heading") is None:
                value = {**value, "path": path, "heading": heading.strip()}
        return value

    @model_validator(mode="after")
    def _one_locator(self) -> EvidenceLink:
        if self.heading is not None and self.lines is not None:
            raise ValueError("give either 'heading' (or path#Heading) or 'lines', not both")
        if self.lines is not None and "-" in self.lines:
            start, end = (int(n) for n in self.lines.split("-"))
            if start > end:
                raise ValueError(f"line range {self.lines!r} ends before it starts")
        return self

    @property
    def cites_section(self) -> bool:
        return self.heading is not None or self.lines is not None

    @property
    def locator(self) -> str:
        if self.heading is not None:
            return f"{self.path}#{self.heading}"
        if self.lines is not None:
            return f"{self.path}, lines {self.lines}"
        return self.path


class Implementation(StrEnum):
    IMPLEMENTED = "implemented"
    PARTIAL = "partially-implemented"
    PLANNED = "planned"


class Control(StrictModel):
    """A team control claiming to satisfy requirements, backed by evidence."""

    id: str = Field(pattern=CONTROL_ID, description="Unique id of the control, e.g. CTL-EVAL-01.")
    title: NonEmptyStr = Field(description="Short name of the control.")
    description: str = Field(default="", description="What the control does.")
    owner: NonEmptyStr = Field(pattern=ROLE, description="A role, not a person.")
    implementation: Implementation = Field(
        default=Implementation.IMPLEMENTED,
        description=(
            "implemented, partially-implemented or planned; a control not implemented leaves what "
            "it satisfies partial."
        ),
    )
    satisfies: list[NonEmptyStr] = Field(
        min_length=1,
        description="Requirements the control claims to satisfy, as FRAMEWORK-ID:REQUIREMENT-ID.",
    )
    evidence: list[EvidenceLink] = Field(
        default_factory=list,
        description=(
            "Files that show the control works: paths, or {path, kind, max_age_days, description}."
        ),
    )


class ControlsFile(VersionedFile):
    controls: list[Control] = Field(min_length=1, description="The team's controls in this file.")


class RiskStatus(StrEnum):
    OPEN = "open"
    MITIGATED = "mitigated"
    ACCEPTED = "accepted"
    CLOSED = "closed"


class Residual(StrictModel):
    likelihood: Score = Field(description="Likelihood after mitigation, 1 (lowest) to 5 (highest).")
    severity: Score = Field(description="Severity after mitigation, 1 (lowest) to 5 (highest).")


class Acceptance(StrictModel):
    approver_role: NonEmptyStr = Field(
        pattern=ROLE, description="The role that accepted the residual risk."
    )
    date: dt.date = Field(description="When the risk was accepted (YYYY-MM-DD).")
    rationale: NonEmptyStr = Field(description="Why the residual risk is acceptable.")


class Risk(StrictModel):
    """A risk register entry: inherent and residual scores, mitigations, acceptance."""

    id: str = Field(pattern=CONTROL_ID, description="Unique id of the risk, e.g. RISK-CBRN-01.")
    title: NonEmptyStr = Field(description="Short name of the risk.")
    description: str = Field(default="", description="What could happen, to whom, and how.")
    harm_category: NonEmptyStr = Field(
        description="Category id from a harm taxonomy in scope (taxonomies in compliance.yaml)."
    )
    likelihood: Score = Field(
        description="Inherent likelihood before mitigation, 1 (lowest) to 5 (highest)."
    )
    severity: Score = Field(
        description="Inherent severity before mitigation, 1 (lowest) to 5 (highest)."
    )
    mitigations: list[str] = Field(
        default_factory=list, description="Ids of the controls that mitigate this risk."
    )
    residual: Residual | None = Field(
        default=None,
        description="Likelihood and severity after mitigation (default: the inherent ones).",
    )
    owner: NonEmptyStr = Field(
        pattern=ROLE, description="The role that owns the risk (a role, not a person)."
    )
    status: RiskStatus = Field(
        default=RiskStatus.OPEN,
        description="open, mitigated, accepted (needs an acceptance) or closed.",
    )
    acceptance: Acceptance | None = Field(
        default=None,
        description=(
            "Who accepted the residual risk, when and why (required when status is accepted)."
        ),
    )
    systemic: SystemicRisk | None = Field(
        default=None,
        description="A systemic risk's sources, scenarios, tiers and safety margin "
        "(docs/systemic-risk.md).",
    )

    @property
    def inherent_score(self) -> int:
        return self.likelihood * self.severity

    @property
    def residual_score(self) -> int:
        if self.residual is None:
            return self.inherent_score
        return self.residual.likelihood * self.residual.severity

    @model_validator(mode="after")
    def _accepted_needs_acceptance(self) -> Risk:
        if self.status == RiskStatus.ACCEPTED and self.acceptance is None:
            raise ValueError("status 'accepted' needs an 'acceptance' with approver_role and date")
        return self


class RisksFile(VersionedFile):
    risks: list[Risk] = Field(min_length=1, description="The risk register entries in this file.")
