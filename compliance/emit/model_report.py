"""`compliance build model-report`: the Safety and Security Model Report.

Its sections follow Commitment 7 of the Code of Practice's Safety and Security Chapter:
Measure 7.1 model description and behaviour; 7.2 reasons for proceeding; 7.3 documentation
of systemic risk identification, analysis and mitigation (the risk register, every
evaluation with its n and interval and its random input/output samples, the mitigations);
7.4 external reports; 7.5 material changes to the systemic risk landscape; and the update
history (7.6), with what changed in the report's inputs since the previous Model Report.

Everything is read from the Run (run.evidence for file bytes); nothing here opens a file.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from compliance.assess.estimates import estimate_dict, estimate_of
from compliance.assess.eval_coverage import evaluation_paths
from compliance.assess.incident_clocks import incident_log_paths, workspace_clocks
from compliance.assess.samples import draw
from compliance.core.errors import InputError
from compliance.core.wording import scientific
from compliance.decide.rules.context import fmt_number, interval_text
from compliance.link.readers.io_samples import IoSample, io_samples
from compliance.load.figures import figure
from compliance.models.project import EvidenceKind

SAMPLES_FIGURE = "model-report-random-samples-per-evaluation"
UPDATE_FIGURE = "model-report-update-interval-months"
RETENTION_FIGURES = (
    "serious-incident-documentation-retention-years",
    "additional-documentation-retention-years",
)
HISTORY_LIMIT = 12
"""Commits listed when no previous Model Report is recorded (the most recent ones)."""
REDACT_ALL = "*"


@dataclass(frozen=True)
class RiskAcceptanceRow:
    """One systemic risk's acceptance determination (Measure 4.1 / 7.2 point (1))."""

    risk: str
    title: str
    tier_reached: str | None
    margin: str
    acceptable: bool
    tiers: list[dict[str, Any]]
    """Per tier: id, trigger, reach_at, state, results (each with n and interval), notes."""


def _indicator_text(i: Any) -> str:
    where = i.metric
    if i.slice:
        where += " [" + ", ".join(f"{k}={v}" for k, v in sorted(i.slice.items())) + "]"
    if i.value is None:
        return f"{where}: not readable ({i.problem or 'no value'})"
    e = i.estimate
    if e is None:
        return f"{where} = {fmt_number(i.value)} (no sample count: judged on the point)"
    return f"{where} = {fmt_number(e.value)}, n = {e.n}, {interval_text(e)}; {i.judged_on} judged"


def _tier_row(t: Any) -> dict[str, Any]:
    notes = []
    if t.interval_decides:
        notes.append("the interval, not the point estimate, reaches it")
    if t.reached and t.missing_mitigations:
        notes.append("mitigations missing: " + ", ".join(m.control for m in t.missing_mitigations))
    elif t.reached:
        notes.append("mitigations in place: " + ", ".join(m.control for m in t.mitigations))
    return {
        "id": t.id,
        "trigger": f"{t.direction} {scientific(t.trigger)}",
        "reach_at": scientific(t.reach_at),
        "state": {True: "reached", False: "not reached", None: "undetermined"}[t.reached],
        "results": [_indicator_text(i) for i in t.indicators],
        "evidence": sorted({i.evidence for i in t.indicators}),
        "notes": notes,
    }


def risk_acceptance(run: Any) -> list[RiskAcceptanceRow] | None:
    """The computed risk acceptance determination (None when no risk has capability tiers)."""
    determinations = getattr(run.assessment, "systemic_risks", None) or ()
    if not determinations:
        return None
    return [
        RiskAcceptanceRow(
            risk=d.risk,
            title=d.title,
            tier_reached=d.highest_reached.id if d.highest_reached else None,
            margin=scientific(d.safety_margin),
            acceptable=d.acceptable,
            tiers=[_tier_row(t) for t in d.tiers],
        )
        for d in determinations
    ]


def _section_titles(run: Any) -> dict[str, str]:
    """Measure titles from the shipped catalog (M7.1 ... M7.7)."""
    out = {}
    for n in range(1, 8):
        found = run.workspace.catalogs.resolve(f"gpai-cop-safety-security:M7.{n}")
        if found is not None:
            out[f"M7.{n}"] = found[1].title
    return out


def _controls(run: Any) -> dict[str, Any]:
    return {lc.control.id: lc.control for lc in run.workspace.controls}


def _risks(run: Any) -> list[dict[str, Any]]:
    ws = run.workspace
    scale = ws.project.risk_scale
    controls = _controls(run)
    rows = []
    for lr in ws.risks:
        r = lr.risk
        rows.append(
            {
                "id": r.id,
                "title": r.title,
                "description": r.description,
                "harm_category": r.harm_category,
                "inherent": f"{r.likelihood}×{r.severity} = {r.inherent_score}",
                "inherent_band": scale.band(r.inherent_score).name,
                "residual": (
                    f"{r.residual.likelihood}×{r.residual.severity} = {r.residual_score}"
                    if r.residual
                    else "not assessed"
                ),
                "residual_band": scale.band(r.residual_score).name,
                "status": r.status.value,
                "owner": r.owner,
                "acceptance": (
                    {
                        "by": r.acceptance.approver_role,
                        "date": r.acceptance.date.isoformat(),
                        "rationale": r.acceptance.rationale,
                    }
                    if r.acceptance
                    else None
                ),
                "mitigations": [
                    {
                        "id": m,
                        "title": controls[m].title if m in controls else "(unknown control)",
                        "implementation": (
                            controls[m].implementation.value if m in controls else "unknown"
                        ),
                    }
                    for m in r.mitigations
                ],
                "where": f"{lr.where.path}:{lr.where.line}" if lr.where.line else lr.where.path,
            }
        )
    return rows


def _redacts(categories: list[str], sample: IoSample) -> bool:
    if REDACT_ALL in categories:
        return True
    return sample.metadata.get("harm_category", "") in categories


def _evaluations(run: Any, redact: list[str]) -> list[dict[str, Any]]:
    fig = figure(SAMPLES_FIGURE)
    k = int(fig.value)
    out = []
    for path in evaluation_paths(run.workspace):
        rec = run.index.records.get(path)
        if rec is None or not run.evidence.exists(path):
            out.append({"path": path, "missing": True, "error": None, "task": None})
            continue
        try:
            result = run.evidence.evaluation(path)
        except InputError as exc:
            out.append(
                {"path": path, "missing": False, "error": exc.problems[0].message, "task": None}
            )
            continue
        metrics = []
        for m in result.metrics:
            est = estimate_of(m, result.samples_completed)
            metrics.append(
                {
                    "name": m.name,
                    "scorer": m.scorer,
                    "slice": ", ".join(f"{k2}={v}" for k2, v in sorted(m.slice.items()))
                    or "overall",
                    "value": m.value,
                    "estimate": estimate_dict(est),
                }
            )
        raw = io_samples(path, run.evidence.read(path, max_bytes=1 << 30))
        drawn = []
        if raw:
            for s in draw(raw, rec.sha256, k):
                hidden = _redacts(redact, s)
                drawn.append(
                    {
                        "id": s.id,
                        "epoch": s.epoch,
                        "metadata": s.metadata,
                        "scores": s.scores,
                        "input": None if hidden else s.input,
                        "output": None if hidden else s.output,
                        "redacted": hidden,
                        "sha256": s.digest,
                    }
                )
        out.append(
            {
                "path": path,
                "missing": False,
                "error": None,
                "sha256": rec.sha256,
                "commit": rec.last_commit.sha if rec.last_commit else None,
                "task": result.task,
                "model": result.model,
                "created": result.created.date().isoformat() if result.created else None,
                "samples_total": result.samples_total,
                "samples_completed": result.samples_completed,
                "metrics": metrics,
                "samples_in_log": len(raw) if raw else 0,
                "drawn": drawn,
                "required": k,
                "short": bool(raw) and len(drawn) < k,
            }
        )
    return out


def _external_reports(run: Any) -> list[dict[str, Any]]:
    rows = []
    for lc in run.workspace.controls:
        for link in lc.control.evidence:
            if link.kind == EvidenceKind.RED_TEAM:
                rec = run.index.records.get(link.path)
                rows.append(
                    {
                        "path": link.path,
                        "control": lc.control.id,
                        "sha256": rec.sha256 if rec else None,
                        "present": rec is not None and run.evidence.exists(link.path),
                    }
                )
    return rows


def _inputs(run: Any) -> list[str]:
    ws = run.workspace
    paths = {"compliance.yaml"}
    paths |= {lr.where.path for lr in ws.risks}
    paths |= {lc.where.path for lc in ws.controls if getattr(lc, "where", None)}
    paths |= set(evaluation_paths(ws)) | set(incident_log_paths(ws))
    if ws.model_facts is not None:
        paths.add("model.yaml")
    return sorted(p for p in paths if p in run.index.records or p.endswith(".yaml"))


def _changes(run: Any) -> dict[str, Any]:
    """Commits that changed the report's inputs since the previous Model Report (from git),
    newest first, each with the inputs it changed."""
    prev = run.workspace.project.report.model_report.previous
    by_commit: dict[str, dict[str, Any]] = {}
    for path in _inputs(run):
        for v in run.histories.of(path).versions:
            if prev is not None and v.author_date.date() <= prev.date:
                continue
            row = by_commit.setdefault(
                v.sha,
                {
                    "commit": v.short,
                    "date": v.author_date.date().isoformat(),
                    "when": v.author_date.isoformat(),
                    "author": v.author,
                    "summary": v.summary,
                    "inputs": [],
                },
            )
            row["inputs"].append(path)
    rows = sorted(by_commit.values(), key=lambda r: (r["when"], r["commit"]), reverse=True)
    total = len(rows)
    if prev is None:
        rows = rows[:HISTORY_LIMIT]
    return {
        "previous": (
            {"date": prev.date.isoformat(), "document": prev.document} if prev is not None else None
        ),
        "rows": rows,
        "total": total,
        "limit": None if prev is not None else HISTORY_LIMIT,
    }


def _decision(run: Any) -> dict[str, Any]:
    d = run.decision
    return {
        "verdict": d.verdict.value,
        "policy_defined": d.policy_defined,
        "rules": len(d.rules),
        "blocking": [
            {"rule": r.rule, "message": r.message, "observed": r.observed}
            for r in d.blocking_failures
        ],
        "conditions": [
            {"rule": r.rule, "message": r.message, "observed": r.observed} for r in d.conditions
        ],
        "waivers": [
            {"rule": r.rule, "by": r.waiver.approver_role, "until": r.waiver.expires.isoformat()}
            for r in d.rules
            if r.waiver is not None
        ],
        "passed": [r.rule for r in d.rules if r.passed],
    }


def report_data(run: Any) -> dict[str, Any]:
    """Everything the Model Report shows, JSON-ready."""
    ws = run.workspace
    project = ws.project
    settings = project.report.model_report
    system = project.system
    head = run.index.repo.head
    acceptance = risk_acceptance(run)
    fig = figure(SAMPLES_FIGURE)
    clocks = workspace_clocks(ws, run.evidence, run.assessment.assessment_date)
    update = figure(UPDATE_FIGURE)
    return {
        "document_id": f"MR-{project.release.id}-{head.sha[:8] if head else 'uncommitted'}"
        + ("-DRAFT" if run.draft else ""),
        "titles": _section_titles(run),
        "provider": project.organisation.name,
        "model": {
            "name": system.name,
            "version": system.version,
            "description": system.description,
            "kind": system.kind.value,
            "languages": list(system.languages),
            "model_ids": list(system.model_ids),
            "training_compute_flop": system.training_compute_flop,
            "systemic_risk": run.assessment.classification.systemic_risk,
            "systemic_risk_basis": run.assessment.classification.systemic_risk_basis,
            "release": project.release.id,
            "model_facts": ws.model_facts is not None,
        },
        "decision": _decision(run),
        "risk_acceptance": [asdict(r) for r in acceptance] if acceptance is not None else None,
        "risks": _risks(run),
        "evaluations": _evaluations(run, list(settings.redact_harm_categories)),
        "samples_rule": {
            "value": int(fig.value),
            "source": fig.citation,
            "quote": fig.quote,
            "verified": fig.verified,
            "redact": list(settings.redact_harm_categories),
        },
        "controls": [
            {
                "id": lc.control.id,
                "title": lc.control.title,
                "implementation": lc.control.implementation.value,
                "owner": lc.control.owner,
            }
            for lc in ws.controls
        ],
        "external_reports": _external_reports(run),
        "incidents": [c.as_dict() for c in clocks if c.serious],
        "changes": _changes(run),
        "update_rule": {"source": update.citation, "value": update.value},
        "assessed_on": run.assessment.assessment_date.isoformat(),
    }


def model_report_target(ctx: Any) -> list[Any]:
    from compliance.core.atomic import atomic_write
    from compliance.emit.render import render_document

    data = report_data(ctx.run)
    json_text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    rendered = render_document(
        ctx.run,
        "model-report.html",
        "Safety and Security Model Report",
        data["document_id"],
        {"r": data},
        [("model-report.json", json_text.encode(), "The Model Report's data as JSON")],
        page_size=ctx.page_size,
    )
    written = []
    for name, content in (("model-report.pdf", rendered.pdf), ("model-report.json", json_text)):
        path = ctx.out / name
        atomic_write(path, content)
        written.append(path)
    if ctx.html:
        path = ctx.out / "model-report.html"
        atomic_write(path, rendered.html)
        written.append(path)
    ctx.warnings.extend(f"model-report: {w}" for w in rendered.warnings)
    return written
