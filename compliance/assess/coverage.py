"""Coverage per requirement and per framework: the assess stage of the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from compliance.assess.applicability import Classification, classify, not_applicable_reason
from compliance.assess.documentation import MODEL_FILE, Documentation, required_gaps
from compliance.assess.eval_coverage import (
    EvalCoverage,
    coverage_rule,
    evaluation_coverage,
    evaluation_paths,
)
from compliance.assess.signatory import SignatoryView, signatory_view
from compliance.assess.systemic_risk import RiskDetermination, determine
from compliance.assess.systemic_risk import findings as systemic_findings
from compliance.assess.systemic_risk import summary as systemic_summary
from compliance.assess.tailoring import describe, tailored_out
from compliance.core.ids import format_ref
from compliance.core.wording import count, plural
from compliance.link.citations import Citations, citations_in
from compliance.link.evidence import (
    EvidenceIndex,
    EvidenceRecord,
    EvidenceState,
    unusable_reason,
)
from compliance.link.store import EvidenceStore
from compliance.load.catalogs import LoadedCatalog
from compliance.load.forms import Forms, load_forms
from compliance.load.workspace import LoadedControl, Workspace
from compliance.models.catalog import Relation, Requirement
from compliance.models.model_facts import Citation, form_field_holder
from compliance.models.project import EvidenceLink, Implementation


class Status(StrEnum):
    COVERED = "covered"
    PARTIAL = "partial"
    GAP = "gap"
    NOT_APPLICABLE = "not-applicable"


STATUS_ORDER = [Status.COVERED, Status.PARTIAL, Status.GAP, Status.NOT_APPLICABLE]


@dataclass(frozen=True)
class EvidenceFinding:
    """One evidence link of one control, judged at the assessment date."""

    path: str
    kind: str
    declared_at: str
    """Where the link is written: controls/x.yaml:12."""
    record: EvidenceRecord
    max_age_days: int
    age_days: int | None
    problems: tuple[str, ...]
    heading: str | None = None
    lines: str | None = None
    """The section the link cites (None: the whole file)."""

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class ControlFinding:
    control_id: str
    title: str
    owner: str
    implementation: str
    location: str
    evidence: tuple[EvidenceFinding, ...]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems and all(e.ok for e in self.evidence)


@dataclass(frozen=True)
class Neighbour:
    """A requirement in another catalog mapped to this one, and its status if in scope."""

    ref: str
    relation: str
    rationale: str
    status: str | None
    controls: tuple[str, ...]


@dataclass
class RequirementResult:
    framework: str
    id: str
    title: str
    text: str
    parent: str | None
    group: str
    status: Status
    reasons: list[str] = field(default_factory=list)
    controls: list[ControlFinding] = field(default_factory=list)
    not_applicable: str | None = None
    neighbours: list[Neighbour] = field(default_factory=list)
    via_crosswalk: str | None = None
    verified: bool = True

    @property
    def ref(self) -> str:
        return format_ref(self.framework, self.id)

    @property
    def owners(self) -> list[str]:
        return sorted({c.owner for c in self.controls})


@dataclass(frozen=True)
class Rollup:
    id: str
    title: str
    counts: dict[str, int]

    @property
    def applicable(self) -> int:
        return sum(n for s, n in self.counts.items() if s != Status.NOT_APPLICABLE)

    @property
    def percent(self) -> float | None:
        """Covered share of applicable requirements, in percent (None if none apply)."""
        if not self.applicable:
            return None
        return round(100.0 * self.counts.get(Status.COVERED, 0) / self.applicable, 1)


@dataclass
class FrameworkResult:
    id: str
    title: str
    version: str
    verified: bool
    requirements: list[RequirementResult]
    groups: list[Rollup]
    total: Rollup
    voluntary: bool = False
    tailoring: str = ""
    """How compliance.yaml tailors this framework (empty when it is taken whole)."""

    @property
    def has_findings(self) -> bool:
        return any(r.status in (Status.GAP, Status.PARTIAL) for r in self.requirements)


@dataclass
class Assessment:
    """Everything `check`, `gaps`, the gate and the reports need, computed once."""

    workspace: Workspace
    classification: Classification
    assessment_date: date
    date_basis: str
    index: EvidenceIndex
    frameworks: list[FrameworkResult]
    notices: list[str]
    evaluation_coverage: EvalCoverage | None = None
    """Harm category x language matrix of the evaluations (None: no evaluation file)."""
    documentation: Documentation = field(default_factory=Documentation)
    """model.yaml and training-data.yaml, checked (assess/documentation.py)."""
    signatory: SignatoryView | None = None
    """Code of Practice measures per Art. 53/55 obligation and back, for a signatory."""
    systemic_risks: tuple[RiskDetermination, ...] = ()
    """The risk acceptance determination of every systemic risk (assess/systemic_risk.py)."""

    def results(self) -> list[RequirementResult]:
        return [r for fw in self.frameworks for r in fw.requirements]

    def result(self, ref: str) -> RequirementResult | None:
        return next((r for r in self.results() if r.ref == ref), None)

    @property
    def obligation_findings(self) -> list[str]:
        """Findings on the provider's obligations outside any catalog (a late Art. 52(1)
        notification)."""
        n = self.classification.notification
        late = [n.message] if n is not None and n.is_finding else []
        return late + self.documentation.findings + systemic_findings(self.systemic_risks)

    @property
    def has_findings(self) -> bool:
        """Gaps or partials in a required framework, or an obligation finding; a voluntarily
        adopted framework's gaps are shown but do not count here (docs/tailoring.md)."""
        return bool(self.obligation_findings) or any(
            fw.has_findings for fw in self.frameworks if not fw.voluntary
        )

    @property
    def voluntary_findings(self) -> bool:
        return any(fw.has_findings for fw in self.frameworks if fw.voluntary)


def _judge_evidence(
    link: EvidenceLink,
    location: str,
    record: EvidenceRecord,
    default_max: int,
    on: date,
    require_committed: bool,
    index: EvidenceIndex,
    citations: Citations | None = None,
) -> EvidenceFinding:
    max_age = link.max_age_days or default_max
    problems: list[str] = []
    reason = unusable_reason(record, require_committed, linked_at=location)
    if reason is not None:
        problems.append(reason)
    elif link.cites_section and citations is not None:
        quoted = citations.get(Citation(path=link.path, heading=link.heading, lines=link.lines))
        if not quoted.found:
            problems.append(f"cited section gone: {quoted.problem} (linked at {location})")
    age: int | None = None
    when = record.evidence_date
    if when is not None:
        age = (on - when).days
        if age > max_age:
            problems.append(
                f"evidence stale: {link.path} is {age} days old on {on.isoformat()}, "
                f"{age - max_age} days over its maximum age of {max_age}"
            )
    elif record.history_truncated:
        boundary = index.repo.shallow_boundary
        seen = f" (history visible back to {boundary[0].committer_date.date()})" if boundary else ""
        problems.append(
            f"evidence age unknown: {link.path} last changed before the shallow clone's "
            f"boundary{seen}; fetch full history (git fetch --unshallow)"
        )
    return EvidenceFinding(
        link.path,
        link.kind.value,
        location,
        record,
        max_age,
        age,
        tuple(problems),
        link.heading,
        link.lines,
    )


def _judge_control(
    lc: LoadedControl,
    ws: Workspace,
    index: EvidenceIndex,
    on: date,
    citations: Citations | None = None,
) -> ControlFinding:
    c = lc.control
    settings = ws.project.evidence
    location = f"{lc.where.path}:{lc.where.line}"
    problems: list[str] = []
    if c.implementation == Implementation.PLANNED:
        problems.append(f"control {c.id} is planned, not implemented")
    elif c.implementation == Implementation.PARTIAL:
        problems.append(f"control {c.id} is only partially implemented")
    if not c.evidence:
        problems.append(f"control {c.id} links no evidence")
    findings = []
    for j, link in enumerate(c.evidence):
        line, _ = lc.parsed.where(lc.evidence_loc(j))
        findings.append(
            _judge_evidence(
                link,
                f"{lc.where.path}:{line}",
                index.get(link.path),
                settings.max_age_days,
                on,
                settings.require_committed,
                index,
                citations,
            )
        )
    return ControlFinding(
        c.id, c.title, c.owner, c.implementation.value, location, tuple(findings), tuple(problems)
    )


def _assessment_date(ws: Workspace, index: EvidenceIndex) -> tuple[date, str]:
    if ws.project.release.date is not None:
        return ws.project.release.date, "release date set in compliance.yaml"
    head = index.repo.head
    if head is not None:
        return head.committer_date.date(), f"date of the assessed commit {head.short}"
    # The one place the clock is read: with no commit and no release date there is no
    # other date to measure evidence ages to, and the basis says so.
    today = date.today()
    return today, (
        f"no commits yet: today's date ({today.isoformat()}, from the clock) used; "
        "set release.date in compliance.yaml or commit for a fixed date"
    )


def _notices(ws: Workspace, index: EvidenceIndex) -> list[str]:
    repo = index.repo
    out: list[str] = []
    if repo.head is None:
        out.append("the repository has no commits yet: all evidence counts as uncommitted")
    if repo.shallow:
        when = ", ".join(c.committer_date.date().isoformat() for c in repo.shallow_boundary)
        out.append(
            f"shallow clone: history before {when} is not visible; evidence last changed "
            "earlier has an unknown age (git fetch --unshallow to see it)"
        )
    if repo.detached:
        out.append(f"detached HEAD at {repo.head.short if repo.head else '?'}")
    dirty = sorted(
        p
        for p, r in index.records.items()
        if r.state in (EvidenceState.MODIFIED, EvidenceState.UNTRACKED)
    )
    if dirty:
        out.append(
            f"{count(len(dirty), 'evidence file')} {plural(len(dirty), 'differs', 'differ')} "
            "from the last commit: " + ", ".join(dirty[:5]) + (" ..." if len(dirty) > 5 else "")
        )
    unverified = [lc.catalog.id for lc in ws.in_scope() if not lc.catalog.verified]
    if unverified:
        out.append(
            "catalog wording not fully verified against the official source: "
            + ", ".join(unverified)
        )
    return out


def _rollup(rid: str, title: str, results: list[RequirementResult]) -> Rollup:
    counts = {s.value: 0 for s in STATUS_ORDER}
    for r in results:
        counts[r.status.value] += 1
    return Rollup(rid, title, counts)


def _requirement(
    loaded: LoadedCatalog,
    req: Requirement,
    ws: Workspace,
    cls: Classification,
    by_ref: dict[str, list[ControlFinding]],
    content: ContentCheck | None = None,
) -> RequirementResult:
    ref = format_ref(loaded.catalog.id, req.id)
    group = loaded.top_group(req)
    result = RequirementResult(
        loaded.catalog.id,
        req.id,
        req.title,
        req.text,
        req.parent,
        group.id,
        Status.GAP,
        verified=req.verified,
    )
    result.controls = by_ref.get(ref, [])
    reason = not_applicable_reason(loaded.applicability(req), loaded.catalog.jurisdiction, cls)
    scope = ws.project.scope(loaded.catalog.id)
    if reason is None and scope is not None:
        reason = tailored_out(scope, loaded, req)
    declared = next((n for n in ws.project.not_applicable if n.requirement == ref), None)
    if reason is None and declared is not None:
        reason = (
            f"declared not applicable by {declared.approver_role} on "
            f"{declared.date.isoformat()}: {declared.justification}"
        )
    if reason is not None:
        result.status = Status.NOT_APPLICABLE
        result.not_applicable = reason
        result.reasons = [reason]
        return result
    if not result.controls:
        result.reasons = ["no control satisfies this requirement"]
        return result
    problems = [p for c in result.controls for p in c.problems]
    problems += [p for c in result.controls for e in c.evidence for p in e.problems]
    if content is not None:
        problems += content.problems(ref)
    result.status = Status.PARTIAL if problems else Status.COVERED
    result.reasons = problems
    return result


@dataclass
class ContentCheck:
    """Coverage means content: a documentation requirement mapped to Model Documentation
    Form fields (frameworks/forms/requirement-fields.yaml) is covered only when each mapped
    required field is filled in model.yaml and the evidence it cites is present, committed,
    fresh and still holds the cited heading or line range."""

    ws: Workspace
    index: EvidenceIndex
    citations: Citations
    on: date
    forms: Forms

    def __post_init__(self) -> None:
        facts = self.ws.model_facts
        assert facts is not None
        self.empty = {fid for fid, _ in required_gaps(facts, self.forms)}
        self.labels = {f.id: f.label for f in self.forms.model_documentation.fields}

    def problems(self, ref: str) -> list[str]:
        facts = self.ws.model_facts
        assert facts is not None
        fields = self.forms.requirement_fields.fields_of(ref)
        out: list[str] = []
        seen: set[tuple[str, str | None, str | None]] = set()
        settings = self.ws.project.evidence
        for fid in fields:
            label = self.labels.get(fid, fid)
            if fid in self.empty:
                out.append(
                    f"Model Documentation Form field {fid} ({label}) is empty in {MODEL_FILE}"
                )
                continue
            for c in citations_in(getattr(facts, form_field_holder(fid), None)):
                key = (c.path, c.heading, c.lines)
                if key in seen:
                    continue
                seen.add(key)
                out += self._citation_problems(
                    fid, c, settings.max_age_days, settings.require_committed
                )
        return out

    def _citation_problems(
        self, fid: str, c: Citation, max_age: int, require_committed: bool
    ) -> list[str]:
        quoted = self.citations.get(c)
        holder = form_field_holder(fid)
        if not quoted.found:
            return [f"{MODEL_FILE} {holder} cites {quoted.locator}: {quoted.problem}"]
        record = self.index.records.get(c.path)
        if record is None:
            return []
        reason = unusable_reason(record, require_committed, linked_at=f"{MODEL_FILE} {holder}")
        if reason is not None:
            return [reason]
        when = record.evidence_date
        if when is not None and (self.on - when).days > max_age:
            age = (self.on - when).days
            return [
                f"{MODEL_FILE} {holder} cites {c.path}, which is {age} days old on "
                f"{self.on.isoformat()}, {age - max_age} days over its maximum age of {max_age}"
            ]
        return []


def _crosswalk_pass(ws: Workspace, results: dict[str, RequirementResult]) -> None:
    accepted = {r.value for r in ws.project.crosswalk.accept}
    # Seen from the gap: it is covered through a mapped requirement only if that one is
    # at least as demanding: equivalent, or this one a subset of it.
    implies = {Relation.EQUIVALENT.value, Relation.SUBSET_OF.value}
    direct = {ref: r.status for ref, r in results.items()}
    for ref, res in results.items():
        for n in ws.catalogs.neighbours.get(ref, []):
            other = results.get(n.ref)
            status = direct.get(n.ref)
            controls = tuple(c.control_id for c in other.controls) if other else ()
            res.neighbours.append(
                Neighbour(
                    n.ref, n.relation, n.rationale, status.value if status else None, controls
                )
            )
        res.neighbours.sort(key=lambda n: n.ref)
        if res.status != Status.GAP or not accepted:
            continue
        for n in res.neighbours:
            if n.status == Status.COVERED and n.relation in accepted and n.relation in implies:
                res.status = Status.COVERED
                res.via_crosswalk = (
                    f"covered through crosswalk: {n.relation} {n.ref} "
                    f"(by {', '.join(n.controls)}); accepted in compliance.yaml"
                )
                res.reasons = [res.via_crosswalk]
                break


def _adoption(ws: Workspace, framework: str) -> tuple[bool, str]:
    scope = ws.project.scope(framework)
    if scope is None:
        return False, ""
    return scope.voluntary, describe(scope)


def assess(
    ws: Workspace,
    index: EvidenceIndex,
    evidence: EvidenceStore | None = None,
    documentation: Documentation | None = None,
    citations: Citations | None = None,
    forms: Forms | None = None,
) -> Assessment:
    """Coverage of every in-scope requirement at the assessment date; with `evidence`, also
    the evaluation coverage matrix (its empty and thin cells become notices); with
    `documentation`, the model facts' and training data's checks (notices and findings)."""
    on, basis = _assessment_date(ws, index)
    cls = classify(ws.project.system, on)
    findings = {lc.control.id: _judge_control(lc, ws, index, on, citations) for lc in ws.controls}
    content = None
    if ws.model_facts is not None and citations is not None:
        content = ContentCheck(ws, index, citations, on, forms or load_forms())
    by_ref: dict[str, list[ControlFinding]] = {}
    for lc in ws.controls:
        for ref in lc.control.satisfies:
            by_ref.setdefault(ref, []).append(findings[lc.control.id])
    all_results: dict[str, RequirementResult] = {}
    per_framework: list[tuple[LoadedCatalog, list[RequirementResult]]] = []
    for loaded in ws.in_scope():
        reqs = [_requirement(loaded, r, ws, cls, by_ref, content) for r in loaded.assessable()]
        per_framework.append((loaded, reqs))
        all_results.update({r.ref: r for r in reqs})
    _crosswalk_pass(ws, all_results)
    frameworks = []
    for loaded, reqs in per_framework:
        groups = []
        for top in loaded.children.get(None, []):
            members = [r for r in reqs if r.group == top.id]
            if members:
                groups.append(_rollup(top.id, top.title, members))
        frameworks.append(
            FrameworkResult(
                loaded.catalog.id,
                loaded.catalog.label,
                loaded.catalog.version,
                loaded.catalog.verified,
                reqs,
                groups,
                _rollup(loaded.catalog.id, loaded.catalog.label, reqs),
                *_adoption(ws, loaded.catalog.id),
            )
        )
    doc = documentation or Documentation()
    notices = _notices(ws, index) + doc.notices
    matrix = None
    if evidence is not None and (evaluation_paths(ws) or coverage_rule(ws) is not None):
        matrix = evaluation_coverage(ws, evidence)
        notices.extend(matrix.notices())
    systemic: tuple[RiskDetermination, ...] = ()
    if evidence is not None and any(lr.risk.systemic is not None for lr in ws.risks):
        controls_ok = {
            cid: (f.ok, "; ".join([*f.problems, *(p for e in f.evidence for p in e.problems)]))
            for cid, f in findings.items()
        }
        commit = getattr(ws.source, "commit", None)
        systemic = determine(ws, index, evidence, controls_ok, getattr(commit, "hexsha", None))
        line = systemic_summary(systemic)
        if line is not None:
            notices.append(line)
    signatory = signatory_view(
        ws.project.code_of_practice,
        ws.catalogs,
        set(ws.project.framework_ids),
        {ref: r.status.value for ref, r in all_results.items()},
        cls.systemic_risk,
    )
    return Assessment(
        ws, cls, on, basis, index, frameworks, notices, matrix, doc, signatory, systemic
    )
