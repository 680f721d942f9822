"""`compliance build incident-report INCIDENT-ID`: one serious incident's report.

The Commission's reporting template for serious incidents could not be confirmed field by
field, so the report lays out the information Measure 9.2 of the Code of Practice's Safety
and Security Chapter lists (points (1) to (9)), which Art. 55(1)(c) AI Act asks a provider
to report, and says so on its first page. Each point's answer is the section of the
incident's record file (the log's `record` column) whose heading names it; a point without
one reads "not yet known", as Measure 9.2 asks a provider to record.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from compliance.assess.incident_clocks import (
    CODE_POINT,
    RETENTION,
    incident_clocks,
    incident_log_paths,
)
from compliance.core.errors import InputError
from compliance.core.suggest import suggest
from compliance.link.readers.incidents import Incident
from compliance.load.figures import figure

FIELDS = (
    ("dates", "Start and end dates"),
    ("harm", "Resulting harm and affected persons"),
    ("chain", "Chain of events"),
    ("model", "Model involved"),
    ("material", "Material on the model's involvement"),
    ("response", "Response"),
    ("recommendations", "Recommendations to the AI Office"),
    ("root-cause", "Root cause analysis"),
    ("patterns", "Patterns from post-market monitoring"),
)
"""Measure 9.2, first paragraph, points (1) to (9): id and the record file's heading."""
INITIAL_POINTS = 7
"""Measure 9.3: the initial report gives points (1) to (7); later reports all nine."""
TEMPLATE_NOTE = (
    "The Commission's reporting template for serious incidents could not be confirmed field "
    "by field from a copy of it; this report therefore lays out the information listed in "
    "Measure 9.2 of the Code of Practice's Safety and Security Chapter (points (1) to (9)), "
    "with the reporting deadlines of Measure 9.3 and, for high-risk AI systems, Art. 73 AI Act."
)
RECORD_COLUMN = "record"


def _find(run: Any, incident_id: str) -> tuple[str, Incident]:
    known: dict[str, tuple[str, Incident]] = {}
    for path in incident_log_paths(run.workspace):
        for i in run.evidence.incidents(path):
            known.setdefault(i.id, (path, i))
    if incident_id in known:
        return known[incident_id]
    serious = [k for k, (_, i) in known.items() if i.serious]
    hint = suggest(incident_id, known) or ""
    listed = ", ".join(serious) if serious else "none"
    raise InputError.single(
        "INCIDENT-ID",
        f"no incident {incident_id!r} in the incident logs "
        f"{', '.join(incident_log_paths(run.workspace)) or '(none named)'}",
        f"{hint} serious incidents: {listed}".strip(),
    )


def check_incident(run: Any, incident_id: str) -> None:
    """Refuse an unknown id (with suggestions) before any target writes a file."""
    _find(run, incident_id)


def _record_path(run: Any, log_path: str, incident: Incident) -> str | None:
    """The record file named in the log's `record` column for this incident, if any."""
    from compliance.core.errors import ProblemCollector
    from compliance.link.readers.tabular import read_table

    table = read_table(log_path, run.evidence.read(log_path), ProblemCollector(), "")
    for row in table.rows:
        if row.line == incident.line:
            cell = row.get(RECORD_COLUMN)
            value = cell.value if cell is not None else None
            return value.strip() if isinstance(value, str) and value.strip() else None
    return None


def _sections(text: str) -> dict[str, str]:
    """The record's `## ` sections by normalised heading (front matter and title dropped)."""
    if text.startswith("---"):
        end = text.find("\n---", 3)
        text = text[end + 4 :] if end != -1 else text
    out: dict[str, str] = {}
    current: str | None = None
    for line in text.splitlines():
        match = re.match(r"^##\s+(.*?)\s*$", line)
        if match:
            current = _norm(match.group(1))
            out[current] = ""
        elif current is not None:
            out[current] += line + "\n"
    return {k: v.strip() for k, v in out.items()}


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("’", "'")).strip()


def _points(run: Any) -> list[str]:
    """The text of Measure 9.2's points (1) to (9), from the shipped catalog."""
    found = run.workspace.catalogs.resolve("gpai-cop-safety-security:M9.2")
    text = found[1].text if found else ""
    points = re.findall(r"^\((\d)\) (.*?)(?:;| and)?$", text, flags=re.M)
    by_number = {int(n): body.rstrip(";") for n, body in points}
    return [by_number.get(n, "") for n in range(1, len(FIELDS) + 1)]


def incident_data(run: Any, incident_id: str) -> dict[str, Any]:
    """Everything the incident report shows, JSON-ready."""
    log_path, incident = _find(run, incident_id)
    on = run.assessment.assessment_date
    clocks = incident_clocks(log_path, [incident], on).for_incident(incident.id)
    record = _record_path(run, log_path, incident)
    sections: dict[str, str] = {}
    record_sha = None
    if record is not None:
        data = run.evidence.read(record)
        record_sha = hashlib.sha256(data).hexdigest()
        sections = _sections(data.decode("utf-8", errors="replace"))
    pending = [c for c in clocks if c.submitted is None and c.due is not None]
    filed = [c for c in clocks if c.submitted is not None]
    if pending:
        nxt = min(pending, key=lambda c: c.due)  # type: ignore[arg-type, return-value]
        this = {"kind": nxt.kind, "due": nxt.due.isoformat(), "status": nxt.status, "filed": None}  # type: ignore[union-attr]
    elif filed:
        last = max(filed, key=lambda c: c.submitted)  # type: ignore[arg-type, return-value]
        this = {
            "kind": last.kind,
            "due": last.due.isoformat(),  # type: ignore[union-attr]
            "status": "filed",
            "filed": last.submitted.isoformat(),  # type: ignore[union-attr]
        }
    else:
        this = {"kind": "final", "due": None, "status": "after resolution", "filed": None}
    shown = INITIAL_POINTS if this["kind"] == "initial" else len(FIELDS)
    texts = _points(run)
    fields = []
    for n, ((fid, heading), code_text) in enumerate(zip(FIELDS, texts, strict=True), start=1):
        answer = sections.get(_norm(heading))
        fields.append(
            {
                "point": n,
                "id": fid,
                "heading": heading,
                "code_text": code_text,
                "answer": answer,
                "required_now": n <= shown,
            }
        )
    index = run.index.records.get(log_path)
    ws = run.workspace
    retention = figure(RETENTION)
    system = ws.project.system
    head = run.index.repo.head
    return {
        "document_id": f"SIR-{incident.id}-{head.sha[:8] if head else 'uncommitted'}",
        "incident": {
            "id": incident.id,
            "title": incident.description,
            "severity": incident.severity.label,
            "status": incident.status,
            "category": incident.category,
            "category_point": CODE_POINT.get(incident.category or ""),
            "opened": incident.opened.isoformat(),
            "aware": incident.aware_on.isoformat(),
            "resolved": incident.resolved_on.isoformat() if incident.resolved_on else None,
            "high_risk_ai_system": incident.high_risk_ai_system,
            "serious": incident.serious,
        },
        "provider": ws.project.organisation.name,
        "contact_role": ws.project.organisation.contact_role,
        "model": f"{system.name} {system.version}",
        "model_ids": list(system.model_ids),
        "this_report": this,
        "deadlines": [c.as_dict() | {"citation": c.citation} for c in clocks],
        "fields": fields,
        "fields_answered": sum(1 for f in fields if f["answer"]),
        "assessed_on": on.isoformat(),
        "log": {
            "path": log_path,
            "line": incident.line,
            "sha256": index.sha256 if index else None,
            "commit": index.last_commit.sha if index and index.last_commit else None,
        },
        "record": {"path": record, "sha256": record_sha},
        "retention": {
            "value": retention.value,
            "unit": retention.unit,
            "source": retention.citation,
            "quote": retention.quote,
        },
        "template_note": TEMPLATE_NOTE,
    }


def incident_report_target(ctx: Any) -> list[Any]:
    """Build `incident-report-ID.pdf` (and .json) for each id the build was given."""
    from markupsafe import Markup

    from compliance.core.atomic import atomic_write
    from compliance.emit.render import render_document
    from compliance.emit.render.markdown import render_markdown

    root = ctx.run.workspace.root
    written = []
    for incident_id in ctx.incident_ids:
        data = incident_data(ctx.run, incident_id)
        json_text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"

        def md(text: str, path: str = data["record"]["path"] or "") -> Markup:
            return render_markdown(text, root, path, heading_offset=3)

        stem = f"incident-report-{incident_id}"
        ctx.progress(f"incident-report: {incident_id}")
        rendered = render_document(
            ctx.run,
            "incident-report.html",
            f"Serious incident report {incident_id}",
            data["document_id"],
            {"r": data, "md": md},
            [(f"{stem}.json", json_text.encode(), "The report's data as JSON")],
            page_size=ctx.page_size,
            classification="For the AI Office and, as applicable, national competent authorities",
        )
        for name, content in ((f"{stem}.pdf", rendered.pdf), (f"{stem}.json", json_text)):
            path = ctx.out / name
            atomic_write(path, content.encode("utf-8") if isinstance(content, str) else content)
            written.append(path)
        if ctx.html:
            path = ctx.out / f"{stem}.html"
            atomic_write(path, rendered.html.encode("utf-8"))
            written.append(path)
        ctx.warnings.extend(f"{stem}: {w}" for w in rendered.warnings)
    return written
