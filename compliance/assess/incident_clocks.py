"""Serious-incident reporting clocks: when each report was due, and whether it was filed.

The periods are the shipped figures (frameworks/data/), never numbers written here:

- the Code of Practice, Safety and Security Chapter, Measure 9.3: an initial report 2, 5,
  10 or 15 days after the provider became aware of its model's involvement, by category
  (points (1) to (4)); for an unresolved incident an intermediate report at least every
  four weeks after the initial report; a final report not later than 60 days after the
  incident was resolved;
- for an incident involving a high-risk AI system, Art. 73(2)-(4) AI Act: a report not later
  than 15 days (2 for an Art. 3(49)(b) critical-infrastructure disruption, 10 for a death)
  after the provider became aware.

Days are calendar days; a report on the last day is on time. Everything is measured on
the assessment date (the release date, or the assessed commit's date), never the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from compliance.core.errors import InputError
from compliance.core.wording import count
from compliance.link.readers.incidents import Incident
from compliance.link.store import EvidenceStore
from compliance.load.figures import Figure, figure
from compliance.load.workspace import Workspace
from compliance.models.project import EvidenceKind

CODE_INITIAL = {
    "critical-infrastructure": "serious-incident-initial-report-days-critical-infrastructure",
    "cybersecurity-breach": "serious-incident-initial-report-days-cybersecurity-breach",
    "death": "serious-incident-initial-report-days-death",
    "other-serious-harm": "serious-incident-initial-report-days-other-serious-harm",
}
"""Measure 9.3, first paragraph, points (1) to (4)."""
CODE_POINT = {
    "critical-infrastructure": 1,
    "cybersecurity-breach": 2,
    "death": 3,
    "other-serious-harm": 4,
}
ART73 = {
    "critical-infrastructure": "art73-report-days-critical-infrastructure",
    "death": "art73-report-days-death",
}
"""Art. 73(3) and (4); every other category falls under the general period of Art. 73(2)."""
ART73_GENERAL = "art73-report-days-general"
INTERMEDIATE = "serious-incident-intermediate-report-interval-weeks"
FINAL = "serious-incident-final-report-days-after-resolution"
RETENTION = "serious-incident-documentation-retention-years"

ON_TIME, LATE, OVERDUE, DUE, AWAITING = "on time", "late", "overdue", "due", "after resolution"


@dataclass(frozen=True)
class ReportClock:
    """One report an incident requires: when it was due, and when (if) it was filed."""

    incident: str
    kind: str
    """initial, intermediate or final."""
    regime: str
    """'Code of Practice, Measure 9.3' or 'AI Act, Art. 73'."""
    due: date | None
    """None for a final report while the incident is unresolved."""
    submitted: date | None
    status: str
    figure: Figure
    basis: str
    """How the due date follows: '2 days after awareness on 2026-11-20'."""
    line: int
    on: date

    @property
    def citation(self) -> str:
        return self.figure.citation

    @property
    def short_citation(self) -> str:
        """The source without the chapter's name: 'Measure 9.3, first paragraph, point (2)'."""
        text = self.figure.source.removeprefix("Safety and Security Chapter, ")
        text = text.removeprefix("AI Act, ").replace("Article", "Art.")
        return text if self.figure.verified else f"{text} (wording not verified)"

    @property
    def days(self) -> int | None:
        """Days left (positive) or over (negative) on the assessment date, for an open report."""
        if self.due is None or self.submitted is not None:
            return None
        return (self.due - self.on).days

    def describe(self) -> str:
        """One line: what, when due, status, and the citation."""
        what = f"{self.incident} {self.kind} report"
        if self.due is None:
            state = "not yet due: the incident is not resolved"
        elif self.submitted is not None:
            filed = self.submitted.isoformat()
            state = f"due {self.due.isoformat()}, filed {filed} ({self.status})"
        elif self.status == OVERDUE:
            state = f"due {self.due.isoformat()}, OVERDUE by {count(-self.days, 'day')}"  # type: ignore[operator]
        else:
            state = f"due {self.due.isoformat()}, in {count(self.days, 'day')}"
        return f"{what}: {state}; {self.basis}; {self.short_citation}"

    def as_dict(self) -> dict[str, object]:
        return {
            "incident": self.incident,
            "report": self.kind,
            "regime": self.regime,
            "due": self.due.isoformat() if self.due else None,
            "submitted": self.submitted.isoformat() if self.submitted else None,
            "status": self.status,
            "days_left": self.days,
            "basis": self.basis,
            "source": self.figure.source,
            "figure": self.figure.id,
            "verified": self.figure.verified,
            "line": self.line,
        }


@dataclass(frozen=True)
class IncidentClocks:
    """Every reporting clock of one incident log on the assessment date."""

    path: str
    on: date
    clocks: tuple[ReportClock, ...]
    serious: int
    uncategorised: tuple[tuple[str, int], ...] = ()
    """(id, line) of serious incidents without a category: no deadline can be computed."""

    @property
    def overdue(self) -> list[ReportClock]:
        return [c for c in self.clocks if c.status == OVERDUE]

    @property
    def upcoming(self) -> list[ReportClock]:
        return [c for c in self.clocks if c.status == DUE]

    def for_incident(self, incident_id: str) -> list[ReportClock]:
        return [c for c in self.clocks if c.incident == incident_id]

    def as_dict(self) -> dict[str, object]:
        return {
            "log": self.path,
            "on": self.on.isoformat(),
            "serious_incidents": self.serious,
            "overdue": len(self.overdue),
            "upcoming": len(self.upcoming),
            "uncategorised": [{"incident": i, "line": n} for i, n in self.uncategorised],
            "reports": [c.as_dict() for c in self.clocks],
        }


def _status(due: date, submitted: date | None, on: date) -> str:
    if submitted is not None:
        return ON_TIME if submitted <= due else LATE
    return OVERDUE if on > due else DUE


def _days(fig: Figure) -> int:
    value = int(fig.value)
    return value * 7 if fig.unit == "weeks" else value


def _span(fig: Figure) -> str:
    """'2 days', '4 weeks' as the figure states it."""
    return f"{int(fig.value)} {fig.unit}"


def _incident_clocks(i: Incident, on: date) -> list[ReportClock]:
    assert i.category is not None
    aware = i.aware_on
    filed = {kind: [d for k, d in i.reports if k == kind] for kind in ("initial", "intermediate")}
    finals = [d for k, d in i.reports if k == "final"]
    initial = filed["initial"][0] if filed["initial"] else None
    out: list[ReportClock] = []

    def add(kind: str, regime: str, due: date | None, sub: date | None, fig: Figure, basis: str):
        status = AWAITING if due is None else _status(due, sub, on)
        out.append(ReportClock(i.id, kind, regime, due, sub, status, fig, basis, i.line, on))

    code = "Code of Practice, Measure 9.3"
    fig = figure(CODE_INITIAL[i.category])
    add(
        "initial",
        code,
        aware + timedelta(days=_days(fig)),
        initial,
        fig,
        f"{_span(fig)} after awareness on {aware.isoformat()} (point ({CODE_POINT[i.category]}),"
        f" {i.category})",
    )
    if i.high_risk_ai_system:
        fig = figure(ART73.get(i.category, ART73_GENERAL))
        add(
            "initial",
            "AI Act, Art. 73",
            aware + timedelta(days=_days(fig)),
            initial,
            fig,
            f"{_span(fig)} after awareness on {aware.isoformat()}",
        )
    resolved = i.resolved_on
    final = finals[0] if finals else None
    if initial is not None:
        fig = figure(INTERMEDIATE)
        step = timedelta(days=_days(fig))
        prev = initial
        for sub in filed["intermediate"]:
            due = prev + step
            add("intermediate", code, due, sub, fig, f"{_span(fig)} after the report of {prev}")
            prev = sub
        due = prev + step
        unresolved_then = resolved is None or resolved > due
        if unresolved_then and final is None:
            add("intermediate", code, due, None, fig, f"{_span(fig)} after the report of {prev}")
    fig = figure(FINAL)
    if resolved is not None:
        due = resolved + timedelta(days=_days(fig))
        basis = f"{_span(fig)} after resolution on {resolved.isoformat()}"
        add("final", code, due, final, fig, basis)
    else:
        add("final", code, None, final, fig, f"{_span(fig)} after resolution")
    return out


def incident_clocks(path: str, incidents: list[Incident], on: date) -> IncidentClocks:
    """The reporting clocks of every serious incident in one log, on `on`."""
    serious = [i for i in incidents if i.serious]
    clocks = [c for i in serious if i.category is not None for c in _incident_clocks(i, on)]
    missing = tuple((i.id, i.line) for i in serious if i.category is None)
    return IncidentClocks(path, on, tuple(clocks), len(serious), missing)


def incident_log_paths(ws: Workspace) -> list[str]:
    """Incident logs the workspace names: control evidence of kind incident-log, and the
    logs the gate's incident rules read."""
    paths = {
        link.path
        for lc in ws.controls
        for link in lc.control.evidence
        if link.kind == EvidenceKind.INCIDENT_LOG
    }
    policy = ws.project.gate
    if policy is not None:
        paths |= {r.evidence for r in policy.rules if r.kind in ("incidents", "incident-reports")}  # type: ignore[attr-defined]
    return sorted(paths)


def workspace_clocks(ws: Workspace, store: EvidenceStore, on: date) -> list[IncidentClocks]:
    """The reporting clocks of every readable incident log of the workspace; a log that
    cannot be read or is missing is left to the gate and the coverage, which say why."""
    out = []
    for path in incident_log_paths(ws):
        try:
            incidents = store.incidents(path)
        except (InputError, OSError, KeyError):
            continue
        out.append(incident_clocks(path, incidents, on))
    return out
