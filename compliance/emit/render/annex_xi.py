"""The risk assessment's substance: Annex XI item by item, evaluation results, red-team
findings and risk sources, as plain data for templates/risk-assessment.html.

For each Annex XI item: the model facts that answer it (model.yaml, mapped by
frameworks/forms/requirement-fields.yaml), the evidence sections those facts and the
controls' links cite, quoted; the controls with title, description and owner; and each
evidence file with its hash, commit and age. Everything is read through `run.evidence`
and `run.citations`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from compliance.assess.coverage import ControlFinding, EvidenceFinding
from compliance.assess.estimates import estimate_of
from compliance.assess.eval_coverage import evaluation_paths
from compliance.core.errors import InputError
from compliance.emit.model_documentation import value_lines
from compliance.emit.render.markdown import render_markdown
from compliance.link.citations import Quote, citations_in, quote
from compliance.link.evidence import EvidenceState
from compliance.load.forms import load_forms
from compliance.models.forms import Audience
from compliance.models.model_facts import Citation, form_field_holder
from compliance.models.project import EvidenceKind
from compliance.pipeline import Run

ANNEX_XI = "eu-ai-act-annex-xi"
QUOTE_CHARS = 900
"""A quoted section longer than this is cut in the report (the form quotes it whole)."""
EVALUATION_SUFFIXES = (".json", ".jsonl", ".eval", ".csv")
SHORT_METHODS = {
    "reported interval": "as reported",
    "wilson (successes inferred from the rate and n)": "Wilson, inferred",
    "wilson": "Wilson",
    "clopper-pearson": "Clopper-Pearson",
    "normal (reported stderr)": "±1.96 SE",
}
"""Interval methods as the results table names them (the legend under it explains)."""


@dataclass
class EvidenceView:
    path: str
    locator: str
    kind: str
    sha256: str
    commit: str
    date: str
    age: str
    problem: str
    after: bool = False
    """The file is newer than the assessment date: `age` says so in words."""


@dataclass
class ControlView:
    id: str
    title: str
    description: str
    owner: str
    implementation: str
    evidence: list[EvidenceView]


@dataclass
class FactView:
    id: str
    label: str
    lines: list[str]


@dataclass
class QuoteView:
    locator: str
    text: str
    first_line: int | None
    sha256: str
    commit: str
    problem: str
    cut: bool
    html: Markup = field(default_factory=Markup)


@dataclass
class AnnexItem:
    ref: str
    id: str
    title: str
    text: str
    status: str
    reasons: list[str]
    facts: list[FactView] = field(default_factory=list)
    missing_facts: list[FactView] = field(default_factory=list)
    quotes: list[QuoteView] = field(default_factory=list)
    controls: list[ControlView] = field(default_factory=list)
    not_applicable: str = ""
    see: list[str] = field(default_factory=list)
    """Other sections of the report that answer the item (evaluation results, findings)."""


def age_label(e: EvidenceFinding) -> str:
    """The file's age at the assessment date ("12 d"). A file dated after that date has no
    age there: it says "committed after the assessment date" (or "dated", for a date the
    file declares) instead of a negative number of days."""
    if e.age_days is None:
        return ""
    if e.age_days < 0:
        how = "dated" if e.record.declared is not None else "committed"
        return f"{how} after the assessment date"
    return f"{e.age_days} d"


def _evidence_view(e: EvidenceFinding) -> EvidenceView:
    rec = e.record
    locator = e.path
    if e.heading:
        locator += f" § {e.heading}"
    elif e.lines:
        locator += f", lines {e.lines}"
    return EvidenceView(
        path=e.path,
        locator=locator,
        kind=e.kind,
        sha256=(rec.sha256 or "")[:12],
        commit=rec.last_commit.sha[:8] if rec.last_commit else "",
        date=rec.evidence_date.isoformat() if rec.evidence_date else "",
        age=age_label(e),
        problem=e.problems[0] if e.problems else "",
        after=e.age_days is not None and e.age_days < 0,
    )


def _control_view(c: ControlFinding, descriptions: dict[str, str]) -> ControlView:
    return ControlView(
        c.control_id,
        c.title,
        descriptions.get(c.control_id, ""),
        c.owner,
        c.implementation,
        [_evidence_view(e) for e in c.evidence],
    )


def _quote_view(q: Quote) -> QuoteView:
    text, cut = q.text, q.truncated
    if text.lstrip().startswith("---\n"):
        text = text.lstrip()[4:].partition("\n---\n")[2]  # front matter: shown as the date
    if text.lstrip().startswith("#"):
        text = text.lstrip().partition("\n")[2]  # the locator names the heading
    if len(text) > QUOTE_CHARS:
        text, cut = text[:QUOTE_CHARS].rstrip() + " …", True
    locator = q.path + (f" § {q.heading.lstrip('# ')}" if q.heading else "")
    if q.lines:
        locator += f", lines {q.lines}"
    return QuoteView(
        locator,
        text,
        q.first_line,
        (q.sha256 or "")[:12],
        (q.commit or "")[:8],
        q.problem or "",
        cut,
        render_markdown(text, doc_path=q.path, heading_offset=4) if q.found else Markup(""),
    )


def annex_xi_items(run: Run) -> list[AnnexItem]:
    """Every Annex XI item in scope, with its facts, quoted sections, controls and evidence."""
    a = run.assessment
    fw = next((f for f in a.frameworks if f.id == ANNEX_XI), None)
    if fw is None:
        return []
    forms = load_forms()
    labels = {f.id: f.label for f in forms.model_documentation.fields}
    facts = a.workspace.model_facts
    descriptions = {lc.control.id: lc.control.description for lc in a.workspace.controls}
    out = []
    for r in fw.requirements:
        item = AnnexItem(r.ref, r.id, r.title, r.text, r.status.value, list(r.reasons))
        if r.not_applicable:
            item.not_applicable = r.not_applicable
        item.controls = [_control_view(c, descriptions) for c in r.controls]
        seen: set[tuple[str, str | None, str | None]] = set()
        seen_docs: set[str] = set()
        citations: list[Citation] = []
        for fid in forms.requirement_fields.fields_of(r.ref):
            fact = getattr(facts, form_field_holder(fid), None) if facts is not None else None
            lines = value_lines(fid, fact, Audience.AI_OFFICE)
            view = FactView(fid, labels.get(fid, fid), lines)
            (item.facts if lines else item.missing_facts).append(view)
            citations += citations_in(fact)
        citations += [
            Citation(path=e.path, heading=e.heading, lines=e.lines)
            for c in r.controls
            for e in c.evidence
            if e.heading or e.lines
        ]
        for c in citations:
            key = (c.path, c.heading, c.lines)
            if key in seen or key not in run.citations.quotes:
                continue
            seen.add(key)
            item.quotes.append(_quote_view(run.citations.get(c)))
        if not item.quotes:
            # No fact or link names a section: the controls' markdown documents answer it.
            for c in r.controls:
                for e in c.evidence:
                    if e.path.lower().endswith((".md", ".markdown")) and e.path not in seen_docs:
                        seen_docs.add(e.path)
                        q = quote(Citation(path=e.path), e.record, run.evidence.read)
                        item.quotes.append(_quote_view(q))
        kinds = {e.kind for c in r.controls for e in c.evidence}
        if EvidenceKind.EVALUATION.value in kinds:
            item.see.append("6.1 Evaluation results")
        if EvidenceKind.RED_TEAM.value in kinds:
            item.see.append("6.2 Red-team findings")
        out.append(item)
    return out


# --- evaluation results ----------------------------------------------------------------


@dataclass
class ResultRow:
    metric: str
    slice: str
    value: str
    n: str
    interval: str
    method: str = ""


@dataclass
class EvaluationLog:
    path: str
    task: str
    model: str
    run_date: str
    status: str
    sha256: str
    commit: str
    used_by: list[str]
    rows: list[ResultRow]
    warnings: str
    error: str


def _used_by(run: Run) -> dict[str, list[str]]:
    """Which controls and gate rules read each file."""
    out: dict[str, list[str]] = {}
    for lc in run.workspace.controls:
        for link in lc.control.evidence:
            out.setdefault(link.path, []).append(lc.control.id)
    policy = run.workspace.project.gate
    if policy is not None:
        for rule in policy.rules:
            ev = getattr(rule, "evidence", None)
            for p in [ev] if isinstance(ev, str) else list(ev or []):
                out.setdefault(p, []).append(f"gate rule {rule.id}")
    return {p: sorted(set(v)) for p, v in out.items()}


def evaluation_logs(run: Run) -> list[EvaluationLog]:
    """Results of every evaluation log and metrics file the assessment reads: metric,
    value, n, interval, model, run date and the file's hash. Files a reader cannot parse as
    an evaluation are listed with the error when a control or rule names them as one."""
    a = run.assessment
    named = set(evaluation_paths(a.workspace))
    candidates = sorted(
        {p for p in a.index.records if p.lower().endswith(EVALUATION_SUFFIXES)} | named
    )
    used = _used_by(run)
    out = []
    for path in candidates:
        rec = a.index.records.get(path)
        sha = (rec.sha256 or "")[:12] if rec else ""
        commit = rec.last_commit.sha[:8] if rec and rec.last_commit else ""
        if rec is None or rec.state in (EvidenceState.MISSING, EvidenceState.NOT_A_FILE):
            if path in named:
                out.append(
                    EvaluationLog(
                        path, "", "", "", "", "", "", used.get(path, []), [], "", "file not found"
                    )
                )
            continue
        try:
            result = run.evidence.evaluation(path)
        except InputError as exc:
            if path in named:
                msg = "; ".join(p.message for p in exc.problems)
                out.append(
                    EvaluationLog(
                        path, "", "", "", "", sha, commit, used.get(path, []), [], "", msg[:300]
                    )
                )
            continue
        rows = []
        for m in sorted(result.metrics, key=lambda m: (m.name, sorted(m.slice.items()))):
            est = None if m.name.endswith("stderr") else estimate_of(m)
            interval = f"{est.low:.3f}–{est.high:.3f}" if est is not None else ""
            method = "" if est is None else SHORT_METHODS.get(est.method, est.method)
            rows.append(
                ResultRow(
                    m.name,
                    ", ".join(f"{k}={v}" for k, v in sorted(m.slice.items())) or "overall",
                    f"{m.value:.3f}" if abs(m.value) < 1000 else f"{m.value:,.0f}",
                    "" if m.samples is None else f"{m.samples:,}",
                    interval,
                    method,
                )
            )
        out.append(
            EvaluationLog(
                path,
                result.task or "",
                result.model or "",
                result.created.date().isoformat() if result.created else "",
                result.status + (" (invalidated)" if result.invalidated else ""),
                sha,
                commit,
                used.get(path, []),
                rows,
                "; ".join(result.warnings),
                "",
            )
        )
    return out


# --- red-team findings -----------------------------------------------------------------


@dataclass
class FindingsView:
    path: str
    sha256: str
    commit: str
    exercise: str
    report: str
    findings: list[dict[str, Any]]
    counts: dict[str, int]


def red_team_findings(run: Run) -> list[FindingsView]:
    """Every findings file linked as red-team evidence, as the pipeline parsed and checked
    it (a malformed one stopped the run with path:line:col)."""
    out = []
    for loaded in run.red_team:
        path, data = loaded.path, loaded.data
        rec = run.index.records[path]
        assert rec.sha256 is not None  # the pipeline reads only files that exist
        rows = sorted(data.findings, key=lambda f: (-f.severity.rank, f.id))
        counts: dict[str, int] = {}
        for f in data.findings:
            counts[f.status.value] = counts.get(f.status.value, 0) + 1
        out.append(
            FindingsView(
                path,
                rec.sha256[:12],
                rec.last_commit.sha[:8] if rec.last_commit else "",
                data.exercise,
                data.report or "",
                [
                    {
                        "id": f.id,
                        "title": f.title,
                        "severity": f.severity.value,
                        "rank": f.severity.rank,
                        "harm_category": f.harm_category,
                        "status": f.status.value,
                        "found": f.found.isoformat(),
                        "found_by": f.found_by,
                        "risk": f.risk or "",
                        "mitigation": f.mitigation,
                        "retest": f.retest.result.value,
                        "retest_date": f.retest.date.isoformat() if f.retest.date else "",
                        "retest_candidate": f.retest.candidate,
                        "retest_note": f.retest.note,
                    }
                    for f in rows
                ],
                dict(sorted(counts.items())),
            )
        )
    return out


def evidence_readers(run: Run) -> dict[str, list[str]]:
    """Path -> what reads it: controls, gate rules, model.yaml and training-data.yaml (their
    citations), the approvals directory and the risk register, for the evidence index."""
    out = _used_by(run)
    ws = run.workspace
    for name, data in (("model.yaml", ws.model_facts), ("training-data.yaml", ws.training_data)):
        for c in citations_in(data):
            if name not in out.setdefault(c.path, []):
                out[c.path].append(name)
    policy = ws.project.gate
    for path in run.index.records:
        if policy is not None and path.startswith(policy.approvals_dir.rstrip("/") + "/"):
            out.setdefault(path, []).append("gate sign-off")
    for lr in ws.risks:
        if lr.where.path in run.index.records:
            out.setdefault(lr.where.path, []).append("gate risk rule")
    return {p: sorted(set(v)) for p, v in out.items()}
