"""The values the templates render: plain data computed from the assessment, in Python.

Templates only lay these out; every sort, count and date is decided here so that a
compliance lead can edit a template without reading (or breaking) any logic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from markupsafe import Markup

from compliance import __version__
from compliance.assess.coverage import Assessment, Status
from compliance.assess.tailoring import describe
from compliance.core.errors import InputError
from compliance.core.wording import scientific
from compliance.decide.decision import Decision, Verdict
from compliance.emit.draft import draft_line
from compliance.emit.render.annex_xi import (
    age_label,
    annex_xi_items,
    evaluation_logs,
    evidence_readers,
    red_team_findings,
)
from compliance.emit.render.charts import Bar, Point, band_legend, coverage_bars, heat_map
from compliance.emit.render.environment import group_label
from compliance.emit.render.markdown import render_markdown
from compliance.link.evidence import EvidenceRecord, EvidenceState
from compliance.link.store import EvidenceStore
from compliance.models.catalog import Applicability
from compliance.models.project import EvidenceKind, Risk
from compliance.pipeline import Run

NARRATIVE_SUFFIXES = (".md", ".markdown")
NARRATIVE_MAX_BYTES = 64 * 1024
"""A longer evidence document is listed in the appendix, not reproduced."""
NARRATIVE_BUDGET_BYTES = 512 * 1024
"""All reproduced documents together; past this the rest are listed, keeping the PDF compact."""
NARRATIVE_BUDGET_COMPACT_BYTES = 96 * 1024
"""The reproduction budget when the workspace is large (see Compact)."""
NARRATIVE_NOTES_SHOWN = 40
"""In a compact report, at most this many 'not reproduced' notes are listed one by one."""
TOP_RISKS = 5
COMPACT_TRACE_ROWS = 600
"""Past this many evidence links the traceability matrix is summarised per requirement."""
COMPACT_INDEX_ROWS = 400
"""Past this many evidence files the evidence index is summarised by folder and state."""
COMPACT_RISKS = 80
"""Past this many risks the register is one line per risk."""
LISTED_PROBLEM_FILES = 150
"""In a compact evidence index, at most this many files with a problem are listed."""
REASONS_SHOWN = 6
"""Reasons shown per gap; the rest are counted by kind (every reason is in coverage.json)."""
REASONS_SHOWN_COMPACT = 2
"""The same in a compact report."""
CONTROLS_NAMED = 6
"""Control ids named per requirement in compact rows; the rest are counted."""
OPEN_RISKS_SHOWN = 40
"""Open risks listed in the go/no-go report; the rest are counted."""
COMPACT_EVALUATIONS = 60
"""Past this many evaluation and red-team files the section is summarised per folder."""
LISTED_PROBLEM_EVALUATIONS = 120
"""In a compact evaluations section, at most this many files with a problem are listed."""
EVALUATION_SUFFIXES = (".json", ".jsonl", ".eval", ".csv")
"""Evaluation evidence in these formats is read for metrics; other files are documents."""


@dataclass
class DocumentInfo:
    """Document control: who, what, which commit, when."""

    kind: str
    title: str
    document_id: str
    classification: str
    page_size: str
    organisation: dict[str, str]
    system: dict[str, str]
    release_id: str
    commit: str | None
    commit_short: str
    branch: str | None
    tool_version: str
    date: datetime
    date_basis: str
    assessment_date: str
    history: list[dict[str, str]]
    history_note: str
    approvers: list[dict[str, str]]
    draft: bool = False
    """The working tree was assessed with uncommitted inputs: not a release document."""
    draft_note: str = ""
    modified_inputs: list[str] = field(default_factory=list)
    signoffs: list[dict[str, str]] = field(default_factory=list)
    """Every approval record: role, name, date, commit, decision, valid or void and why."""
    unsigned: list[dict[str, str]] = field(default_factory=list)
    """Approvers (report.approvers) with no approval record: blank signature lines."""

    @property
    def date_text(self) -> str:
        return self.date.strftime("%Y-%m-%d")

    @property
    def iso(self) -> str:
        return self.date.strftime("%Y-%m-%dT%H:%M:%SZ")


def document_info(run: Run, kind: str, title: str, page_size: str) -> DocumentInfo:
    """The cover and document-control facts for one document."""
    a = run.assessment
    ws = a.workspace
    report = ws.project.report
    repo = a.index.repo
    head = repo.head
    short = head.sha[:12] if head else "uncommitted"
    prefix = report.document_prefix if kind == "risk-assessment" else "GNG"
    when, basis = run.output_date.when, run.output_date.basis
    history = [
        {"sha": c.sha[:12], "date": c.author_date.date().isoformat(), "summary": c.summary}
        for c in repo.history
    ]
    note = ""
    if repo.shallow:
        note = "Shallow clone: older history is not visible."
    elif len(history) >= 25:
        note = "Only the 25 most recent commits are listed."
    system = ws.project.system
    signoffs = signoff_rows(run)
    signed = {row["role"].strip().casefold() for row in signoffs}
    return DocumentInfo(
        kind=kind,
        title=title,
        document_id=f"{prefix}-{ws.project.release.id}-{short[:8]}"
        + ("-DRAFT" if run.draft else ""),
        classification=report.classification,
        page_size=page_size,
        organisation={
            "name": ws.project.organisation.name,
            "address": ws.project.organisation.address,
            "contact_role": ws.project.organisation.contact_role,
        },
        system={
            "name": system.name,
            "version": system.version,
            "kind": system.kind.value,
            "description": system.description,
        },
        release_id=ws.project.release.id,
        commit=head.sha if head else None,
        commit_short=short,
        branch=repo.branch,
        tool_version=__version__,
        date=when,
        date_basis=basis,
        assessment_date=a.assessment_date.isoformat(),
        history=history,
        history_note=note,
        approvers=[{"role": ap.role, "name": ap.name} for ap in report.approvers],
        draft=run.draft,
        draft_note=draft_line(run) or "",
        modified_inputs=list(run.modified_inputs) if run.draft else [],
        signoffs=signoffs,
        unsigned=[
            {"role": ap.role, "name": ap.name}
            for ap in report.approvers
            if ap.role.strip().casefold() not in signed
        ],
    )


def signoff_rows(run: Run) -> list[dict[str, str]]:
    """The recorded approvals, as the sign-off page shows them (sorted by role, then file)."""
    rows = []
    for check in sorted(run.approvals, key=lambda c: (c.approval.record.role, c.approval.path)):
        rec = check.approval.record
        why = check.reason
        if run.draft and check.approval.path in run.modified_inputs:
            why += "; the record itself is not committed"
        rows.append(
            {
                "role": rec.role,
                "name": rec.name,
                "date": rec.date.isoformat(),
                "commit": (check.commit or rec.commit)[:12],
                "decision": rec.decision.value,
                "status": "valid" if check.valid else "void",
                "why": why,
                "path": check.approval.path,
                "comment": rec.comment,
            }
        )
    return rows


@dataclass
class RiskRow:
    id: str
    title: str
    description: str
    harm_category: str
    owner: str
    status: str
    likelihood: int
    severity: int
    inherent: int
    inherent_band: str
    inherent_colour: str
    residual_likelihood: int
    residual_severity: int
    residual: int
    residual_band: str
    residual_colour: str
    mitigations: list[dict[str, Any]]
    acceptance: dict[str, str] | None
    location: str
    sources: list[str] = field(default_factory=list)
    scenarios: list[str] = field(default_factory=list)
    systemic_category: str = ""
    key: str = ""
    """Its number in the register as shown (the heat maps place this number)."""


def risk_rows(a: Assessment) -> list[RiskRow]:
    """The register, highest residual score first (then inherent, then id)."""
    controls = {lc.control.id: lc.control.implementation.value for lc in a.workspace.controls}
    scale = a.workspace.project.risk_scale
    rows = []
    for lr in a.workspace.risks:
        r: Risk = lr.risk
        res_l = r.residual.likelihood if r.residual else r.likelihood
        res_s = r.residual.severity if r.residual else r.severity
        rows.append(
            RiskRow(
                id=r.id,
                title=r.title,
                description=r.description,
                harm_category=r.harm_category,
                owner=r.owner,
                status=r.status.value,
                likelihood=r.likelihood,
                severity=r.severity,
                inherent=r.inherent_score,
                inherent_band=scale.band(r.inherent_score).name,
                inherent_colour=scale.colour(scale.band(r.inherent_score)),
                residual_likelihood=res_l,
                residual_severity=res_s,
                residual=r.residual_score,
                residual_band=scale.band(r.residual_score).name,
                residual_colour=scale.colour(scale.band(r.residual_score)),
                mitigations=[
                    {"id": m, "implementation": controls.get(m, "unknown")} for m in r.mitigations
                ],
                acceptance=(
                    {
                        "approver_role": r.acceptance.approver_role,
                        "date": r.acceptance.date.isoformat(),
                        "rationale": r.acceptance.rationale,
                    }
                    if r.acceptance
                    else None
                ),
                location=f"{lr.where.path}:{lr.where.line}",
                **_systemic(r),
            )
        )
    rows.sort(key=lambda x: (-x.residual, -x.inherent, x.id))
    for n, row in enumerate(rows, start=1):
        row.key = str(n)
    return rows


def _systemic(r: Risk) -> dict[str, Any]:
    """A systemic risk's sources and scenarios, when the register gives them."""
    systemic = getattr(r, "systemic", None)
    if systemic is None:
        return {}
    return {
        "sources": list(getattr(systemic, "sources", []) or []),
        "scenarios": list(getattr(systemic, "scenarios", []) or []),
        "systemic_category": str(getattr(systemic, "category", "") or ""),
    }


def coverage_charts(a: Assessment) -> dict[str, Markup]:
    """Bars per framework, and per top-level group of each framework."""
    charts = {
        "frameworks": coverage_bars([Bar(fw.title, dict(fw.total.counts)) for fw in a.frameworks])
    }
    for fw in a.frameworks:
        charts[fw.id] = coverage_bars(
            [Bar(group_label(g.id, g.title), dict(g.counts)) for g in fw.groups]
        )
    return charts


@dataclass
class TraceRow:
    ref: str
    title: str
    status: str
    control: str
    control_owner: str
    path: str
    sha256: str
    commit: str
    date: str
    age: str
    evidence_status: str
    first: bool
    after: bool = False
    """The file is newer than the assessment date (`age` says so in words)."""


def traceability(a: Assessment) -> list[TraceRow]:
    """Requirement -> control -> evidence, one row per evidence link (applicable only)."""
    rows: list[TraceRow] = []
    for r in a.results():
        if r.status == Status.NOT_APPLICABLE:
            continue
        first = True
        if not r.controls:
            note = r.via_crosswalk or "no control"
            rows.append(
                TraceRow(r.ref, r.title, r.status.value, "—", "", note, "", "", "", "", "", True)
            )
            continue
        for c in r.controls:
            if not c.evidence:
                rows.append(
                    TraceRow(
                        r.ref,
                        r.title,
                        r.status.value,
                        c.control_id,
                        c.owner,
                        "(no evidence linked)",
                        "",
                        "",
                        "",
                        "",
                        "gap",
                        first,
                    )
                )
                first = False
            for e in c.evidence:
                rec = e.record
                rows.append(
                    TraceRow(
                        r.ref,
                        r.title,
                        r.status.value,
                        c.control_id,
                        c.owner,
                        e.path,
                        (rec.sha256 or "")[:12],
                        rec.last_commit.sha[:8] if rec.last_commit else "",
                        rec.evidence_date.isoformat() if rec.evidence_date else "",
                        age_label(e),
                        "ok" if e.ok else _evidence_problem(e.problems[0], rec.state),
                        first,
                        after=e.age_days is not None and e.age_days < 0,
                    )
                )
                first = False
    return rows


@dataclass
class TraceSummary:
    """One requirement of a compact traceability matrix: counts instead of one row per link."""

    ref: str
    title: str
    status: str
    controls: list[str]
    more_controls: int
    links: int
    ok: int
    problems: dict[str, int]
    oldest: str
    newest: str
    note: str


def trace_summary(a: Assessment) -> list[TraceSummary]:
    """The traceability matrix per applicable requirement: controls, link counts, date range."""
    rows: list[TraceSummary] = []
    for r in a.results():
        if r.status == Status.NOT_APPLICABLE:
            continue
        ids = sorted({c.control_id for c in r.controls})
        problems: dict[str, int] = {}
        dates: list[str] = []
        links = ok = 0
        for c in r.controls:
            if not c.evidence:
                problems["no evidence linked"] = problems.get("no evidence linked", 0) + 1
            for e in c.evidence:
                links += 1
                if e.ok:
                    ok += 1
                else:
                    word = _evidence_problem(e.problems[0], e.record.state)
                    problems[word] = problems.get(word, 0) + 1
                if e.record.evidence_date is not None:
                    dates.append(e.record.evidence_date.isoformat())
        rows.append(
            TraceSummary(
                ref=r.ref,
                title=r.title,
                status=r.status.value,
                controls=ids[:CONTROLS_NAMED],
                more_controls=max(0, len(ids) - CONTROLS_NAMED),
                links=links,
                ok=ok,
                problems=dict(sorted(problems.items())),
                oldest=min(dates, default=""),
                newest=max(dates, default=""),
                note="" if r.controls else (r.via_crosswalk or "no control"),
            )
        )
    return rows


@dataclass
class FolderSummary:
    """Evidence files under one folder: how many, how large, in which states."""

    folder: str
    files: int
    size: int
    states: dict[str, int]


def evidence_summary(a: Assessment) -> tuple[list[FolderSummary], list[EvidenceRecord], int]:
    """The compact evidence index: per folder, then the files with a problem (bounded)."""
    folders: dict[str, FolderSummary] = {}
    problems: list[EvidenceRecord] = []
    for path, rec in sorted(a.index.records.items()):
        parts = path.split("/")
        folder = (
            "/".join(parts[:2]) + "/"
            if len(parts) > 2
            else (parts[0] + "/" if len(parts) > 1 else "./")
        )
        row = folders.setdefault(folder, FolderSummary(folder, 0, 0, {}))
        row.files += 1
        row.size += rec.size or 0
        row.states[rec.state.value] = row.states.get(rec.state.value, 0) + 1
        if rec.state != EvidenceState.COMMITTED:
            problems.append(rec)
    for row in folders.values():
        row.states = dict(sorted(row.states.items()))
    shown = problems[:LISTED_PROBLEM_FILES]
    return sorted(folders.values(), key=lambda f: f.folder), shown, len(problems) - len(shown)


def _evidence_problem(problem: str, state: EvidenceState) -> str:
    for word in ("missing", "stale", "uncommitted", "unusable", "age unknown"):
        if f"evidence {word}" in problem:
            return word
    return state.value


@dataclass
class GapRow:
    ref: str
    title: str
    status: str
    owners: list[str]
    reasons: list[str]
    hints: list[str] = field(default_factory=list)
    more_reasons: int = 0
    more_by_kind: dict[str, int] = field(default_factory=dict)


def _reason_kind(reason: str) -> str:
    """'evidence stale: evidence/x.md is ...' -> 'evidence stale'; prose -> 'other'."""
    head, sep, _rest = reason.partition(":")
    return head if sep and len(head) <= 40 and " " in head.strip() else "other"


def gap_rows(a: Assessment, shown: int = REASONS_SHOWN) -> list[GapRow]:
    """Each gap or partial with the owner roles to act and the reasons, gaps first."""
    rows = []
    for r in a.results():
        if r.status not in (Status.GAP, Status.PARTIAL):
            continue
        hints = [
            f"{n.relation} {n.ref} is {n.status}"
            + (f" by {', '.join(n.controls)}" if n.controls else "")
            for n in r.neighbours
            if n.status == Status.COVERED
        ]
        reasons = list(r.reasons[:shown])
        kinds: dict[str, int] = {}
        for reason in r.reasons[shown:]:
            kind = _reason_kind(reason)
            kinds[kind] = kinds.get(kind, 0) + 1
        rows.append(
            GapRow(
                r.ref,
                r.title,
                r.status.value,
                r.owners,
                reasons,
                hints,
                len(r.reasons) - len(reasons),
                dict(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
            )
        )
    order = {Status.GAP.value: 0, Status.PARTIAL.value: 1}
    rows.sort(key=lambda g: order[g.status])
    return rows


def applicability_rows(a: Assessment) -> list[dict[str, str]]:
    """Statement of applicability: every requirement, whether it applies, and why: the
    applicability rule that brings it in, the tailoring of its framework, or the
    justification of a not-applicable declaration or exclusion."""
    out = []
    for fw in a.frameworks:
        reasons = _applicability_reasons(a, fw.id)
        for r in fw.requirements:
            applies = r.status != Status.NOT_APPLICABLE
            why = reasons.get(r.id, "") if applies else (r.not_applicable or "")
            out.append(
                {
                    "ref": r.ref,
                    "title": r.title,
                    "applies": "yes" if applies else "no",
                    "why": why,
                    "status": r.status.value,
                }
            )
    return out


def _applicability_reasons(a: Assessment, framework: str) -> dict[str, str]:
    """Requirement id -> why it applies: its applicability conditions met by the
    classification, the jurisdiction, and how compliance.yaml takes the framework in."""
    ws = a.workspace
    loaded = next((lc for lc in ws.in_scope() if lc.catalog.id == framework), None)
    if loaded is None:
        return {}
    cls = a.classification
    scope = ws.project.scope(framework)
    told = describe(scope) if scope is not None else ""
    base = f"compliance.yaml: {told}" if told else "framework in scope in compliance.yaml"
    out = {}
    for req in loaded.assessable():
        conditions = loaded.applicability(req)
        if Applicability.SYSTEMIC_RISK in conditions:
            why = "GPAI model with systemic risk (Art. 51, 55): " + _first(cls.systemic_risk_basis)
        elif Applicability.GPAI in conditions:
            why = "provider of a general-purpose AI model (Art. 3(63), 53): " + _first(
                cls.gpai_basis
            )
        elif loaded.catalog.jurisdiction.upper() == "EU":
            why = "placed on the EU market (Art. 2(1) AI Act)"
        else:
            why = base
        if why != base and told:
            why += "; " + base
        out[req.id] = why
    return out


def _first(text: str) -> str:
    """The first clause of a classification basis (the report prints the whole in 3.2)."""
    return text.split("; ")[0].rstrip(".")


def applicability_groups(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The statement of applicability, compact: per framework, consecutive requirements
    with the same answer and the same reason share one row."""
    out: list[dict[str, Any]] = []
    for row in rows:
        framework, _, rid = row["ref"].partition(":")
        last = out[-1] if out else None
        if (
            last is not None
            and last["framework"] == framework
            and last["applies"] == row["applies"]
            and last["why"] == row["why"]
        ):
            last["ids"].append(rid)
            continue
        out.append(
            {"framework": framework, "ids": [rid], "applies": row["applies"], "why": row["why"]}
        )
    return out


@dataclass
class Narrative:
    path: str
    html: Markup | None
    note: str


def narratives(
    a: Assessment,
    evidence: EvidenceStore,
    budget: int = NARRATIVE_BUDGET_BYTES,
    warnings: list[str] | None = None,
) -> list[Narrative]:
    """Markdown evidence documents, rendered safely, within a size budget; what had to be
    cut (text nested too deep) is added to `warnings`."""
    root = a.workspace.root
    out: list[Narrative] = []
    spent = 0
    for path, rec in sorted(a.index.records.items()):
        if not path.lower().endswith(NARRATIVE_SUFFIXES):
            continue
        if rec.state in (EvidenceState.MISSING, EvidenceState.NOT_A_FILE, EvidenceState.UNREADABLE):
            out.append(Narrative(path, None, f"not reproduced: {rec.state.value}"))
            continue
        size = rec.size or 0
        if size > NARRATIVE_MAX_BYTES or spent + size > budget:
            out.append(
                Narrative(path, None, f"not reproduced ({size} bytes); identified by its sha256")
            )
            continue
        try:
            text = evidence.read(path).decode("utf-8", "replace")
        except InputError:
            out.append(Narrative(path, None, "not reproduced: unreadable"))
            continue
        spent += size
        exists = evidence.exists if evidence.committed else None
        html = render_markdown(text, root, path, 3, warnings, exists=exists)
        out.append(Narrative(path, html, ""))
    return out


def _evaluation_documents(
    a: Assessment, docs: list[Narrative], views: list[EvaluationView]
) -> dict[str, Any]:
    """The markdown evaluation and red-team reports, reproduced in the evaluations section
    (with their hash) instead of the appendix."""
    paths = {v.path for v in views if v.path.lower().endswith(NARRATIVE_SUFFIXES)}
    out = []
    for n in docs:
        if n.path in paths:
            rec = a.index.records.get(n.path)
            sha = (rec.sha256 or "")[:12] if rec is not None else ""
            out.append({"path": n.path, "html": n.html, "note": n.note, "sha256": sha})
    return {"evaluation_documents": out, "evaluation_document_paths": {d["path"] for d in out}}


@dataclass
class EvaluationView:
    path: str
    kind: str
    controls: list[str]
    summary: dict[str, str]
    metrics: list[dict[str, str]]
    error: str
    usable: bool


def evaluations(a: Assessment, evidence: EvidenceStore) -> list[EvaluationView]:
    """Evaluation and red-team evidence: metrics per slice where a reader understands the file."""
    by_path: dict[str, tuple[str, list[str]]] = {}
    for lc in a.workspace.controls:
        for link in lc.control.evidence:
            if link.kind in (EvidenceKind.EVALUATION, EvidenceKind.RED_TEAM):
                kind, ids = by_path.setdefault(link.path, (link.kind.value, []))
                if lc.control.id not in ids:
                    ids.append(lc.control.id)
    out = []
    for path, (kind, ids) in sorted(by_path.items()):
        view = EvaluationView(path, kind, sorted(ids), {}, [], "", False)
        out.append(view)
        machine_readable = path.lower().endswith(EVALUATION_SUFFIXES)
        if kind != EvidenceKind.EVALUATION.value or not machine_readable:
            continue
        record = a.index.records.get(path)
        if record is None or record.sha256 is None:
            view.error = "file not found or unreadable"
            continue
        try:
            result = evidence.evaluation(path)
        except InputError as exc:
            view.error = "; ".join(p.message for p in exc.problems)
            continue
        view.usable = result.usable
        view.summary = {
            "task": result.task or "",
            "model": result.model or "",
            "status": result.status + (" (invalidated)" if result.invalidated else ""),
            "run": result.created.isoformat() if result.created else "",
            "samples": (
                f"{result.samples_completed}/{result.samples_total}"
                if result.samples_total is not None
                else ""
            ),
            "warnings": "; ".join(result.warnings),
        }
        for m in sorted(result.metrics, key=lambda m: (m.name, sorted(m.slice.items()))):
            ci = (
                f"{scientific(m.ci_low)}–{scientific(m.ci_high)}"
                if m.ci_low is not None and m.ci_high is not None
                else ""
            )
            view.metrics.append(
                {
                    "name": m.name,
                    "slice": ", ".join(f"{k}={v}" for k, v in sorted(m.slice.items())) or "overall",
                    "value": scientific(m.value, digits=4),
                    "ci": ci,
                    "samples": "" if m.samples is None else str(m.samples),
                }
            )
    return out


@dataclass
class EvaluationFolder:
    """Evaluation and red-team files under one folder and of one kind, counted."""

    folder: str
    kind: str
    files: int = 0
    read: int = 0
    """Logs a reader understood (usable or not)."""
    not_usable: int = 0
    unreadable: int = 0
    documents: int = 0
    """Files shown by hash only (red-team reports, documents, non-log formats)."""
    metrics: int = 0


def evaluation_summary(
    views: list[EvaluationView],
) -> tuple[list[EvaluationFolder], list[EvaluationView], int]:
    """The compact evaluations section: counts per folder and kind, then the files with a
    problem (unreadable, or read but not usable), at most LISTED_PROBLEM_EVALUATIONS."""
    folders: dict[tuple[str, str], EvaluationFolder] = {}
    problems: list[EvaluationView] = []
    for ev in views:
        parts = ev.path.split("/")[:-1]
        folder = "/".join(parts[:4]) + "/" if parts else "./"
        row = folders.setdefault((folder, ev.kind), EvaluationFolder(folder, ev.kind))
        row.files += 1
        if ev.error:
            row.unreadable += 1
            problems.append(ev)
        elif ev.summary:
            row.read += 1
            row.metrics += len(ev.metrics)
            if not ev.usable:
                row.not_usable += 1
                problems.append(ev)
        else:
            row.documents += 1
    shown = problems[:LISTED_PROBLEM_EVALUATIONS]
    return (
        sorted(folders.values(), key=lambda f: (f.folder, f.kind)),
        shown,
        len(problems) - len(shown),
    )


def decision_view(d: Decision) -> dict[str, Any]:
    """The decision with its banner class and the rules in display order (failures first)."""
    css = {
        Verdict.GO: "go",
        Verdict.CONDITIONAL_GO: "conditional",
        Verdict.NO_GO: "no-go",
        Verdict.NOT_DECIDED: "undecided",
    }[d.verdict]
    rules = sorted(d.rules, key=lambda r: (r.passed, r.severity.value != "blocking", r.rule))
    return {
        "verdict": d.verdict.value,
        "css": css,
        "policy_defined": d.policy_defined,
        "rules": rules,
        "conditions": d.conditions,
        "blocking": d.blocking_failures,
        "waivers": d.waivers,
        "notes": list(d.notes),
    }


@dataclass(frozen=True)
class Compact:
    """Which sections a large workspace gets in summary form (the detail is in the JSON)."""

    trace: bool
    index: bool
    risks: bool
    evaluations: bool = False

    @property
    def any(self) -> bool:
        return self.trace or self.index or self.risks or self.evaluations


def build_context(run: Run, kind: str, title: str, page_size: str) -> dict[str, Any]:
    """Everything a report template receives."""
    a, decision = run.assessment, run.decision
    risks = risk_rows(a)
    inherent = [Point(r.key, r.likelihood, r.severity) for r in risks]
    residual = [Point(r.key, r.residual_likelihood, r.residual_severity) for r in risks]
    open_risks = [r for r in risks if r.status in ("open", "accepted")]
    evaluation_views = evaluations(a, run.evidence) if kind == "risk-assessment" else []
    compact = Compact(
        trace=sum(max(1, len(c.evidence)) for r in a.results() for c in r.controls)
        > COMPACT_TRACE_ROWS,
        index=len(a.index.records) > COMPACT_INDEX_ROWS,
        risks=len(risks) > COMPACT_RISKS,
        evaluations=len(evaluation_views) > COMPACT_EVALUATIONS,
    )
    ctx: dict[str, Any] = {
        "render_warnings": [],
        "compact": compact,
        "open_risks_shown": open_risks[:OPEN_RISKS_SHOWN],
        "doc": document_info(run, kind, title, page_size),
        "assessment": a,
        "classification": a.classification,
        "notices": list(a.notices),
        "frameworks": a.frameworks,
        "decision": decision_view(decision),
        "risks": risks,
        "top_risks": risks[:TOP_RISKS],
        "open_risks": open_risks,
        "gaps": gap_rows(a, REASONS_SHOWN_COMPACT if compact.trace else REASONS_SHOWN),
        "open_gaps": sum(1 for r in a.results() if r.status == Status.GAP),
        "open_partials": sum(1 for r in a.results() if r.status == Status.PARTIAL),
        "heat_inherent": heat_map("Inherent risk", inherent, a.workspace.project.risk_scale),
        "heat_residual": heat_map("Residual risk", residual, a.workspace.project.risk_scale),
        "risk_bands": band_legend(a.workspace.project.risk_scale),
        "risk_scale_custom": "risk_scale" in a.workspace.project.model_fields_set,
    }
    if kind == "go-no-go":
        from compliance.emit.render.record import decision_record

        record = decision_record(run)
        ctx["record"] = record
        # The signature block lists exactly the roles the sign-off rule requires.
        ctx["signature_roles"] = [{"role": r, "name": ""} for r in record["required_roles"]]
    if kind == "risk-assessment":
        budget = NARRATIVE_BUDGET_COMPACT_BYTES if compact.index else NARRATIVE_BUDGET_BYTES
        docs = narratives(a, run.evidence, budget, ctx["render_warnings"])
        omitted = 0
        if compact.index:
            # Every reproduced document stays; the notes about the others are bounded.
            notes = [n for n in docs if n.html is None]
            keep = {id(n) for n in notes[:NARRATIVE_NOTES_SHOWN]}
            omitted = len(notes) - len(keep)
            docs = [n for n in docs if n.html is not None or id(n) in keep]
        folders, problem_files, more_problem_files = (
            evidence_summary(a) if compact.index else ([], [], 0)
        )
        applicability = applicability_rows(a)
        ctx.update(
            {
                "charts": coverage_charts(a),
                "applicability": applicability,
                "applicability_groups": applicability_groups(applicability),
                "annex_xi": annex_xi_items(run),
                "evaluation_logs": evaluation_logs(run),
                "red_team": red_team_findings(run),
                **_evaluation_documents(a, docs, evaluation_views),
                "evidence_readers": evidence_readers(run),
                # A template override may still lay out the full matrix and index; the
                # shipped one uses the summaries when `compact` says so.
                "trace": traceability(a),
                "trace_summary": trace_summary(a) if compact.trace else [],
                "evidence_index": sorted(a.index.records.values(), key=lambda r: r.path),
                "evidence_folders": folders,
                "evidence_problem_files": problem_files,
                "evidence_problem_more": more_problem_files,
                "narratives": docs,
                "narratives_omitted": omitted,
                # A template override may still lay out every file; the shipped one uses
                # the summary when `compact.evaluations` says so.
                "evaluations": evaluation_views,
                **dict(
                    zip(
                        (
                            "evaluation_folders",
                            "evaluation_problem_files",
                            "evaluation_problem_more",
                        ),
                        evaluation_summary(evaluation_views)
                        if compact.evaluations
                        else ([], [], 0),
                        strict=True,
                    )
                ),
                "project_not_applicable": a.workspace.project.not_applicable,
            }
        )
    return ctx
