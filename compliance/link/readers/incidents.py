"""Incident logs (CSV or JSON Lines) as evidence the release gate reads.

Each incident has `id`, `severity`, `status`, `opened` (a date) and `description` (a
`title` column is accepted in its place); `closed` (a date) is optional and other columns
are ignored (trackers export many). Severity is a name or its number, least to most severe:

- `low` (1): no harm to people or rights; a quality or policy deviation.
- `medium` (2): limited harm, contained, no pattern.
- `high` (3): real harm to a person, or a pattern of misuse the safeguards did not stop.
- `serious` (4): a serious incident in the sense of Art. 3(49) AI Act: an incident or
  malfunction leading directly or indirectly to death or serious harm to a person's
  health, a serious and irreversible disruption of critical infrastructure, an
  infringement of obligations under Union law intended to protect fundamental rights,
  or serious harm to property or the environment. For a GPAI model with systemic risk,
  Art. 55(1)(c) requires tracking, documenting and reporting it without undue delay to
  the AI Office and, as appropriate, national competent authorities.

Status is `open`, `investigating`, `mitigated` or `closed`; the first two count as open.

Reporting clocks (docs/incidents.md; all optional columns, so older logs read as before):

- `category`: which reporting period applies, as numbered in Measure 9.3 of the Code of
  Practice's Safety and Security Chapter: `critical-infrastructure` (1), `cybersecurity-breach`
  (2), `death` (3), `other-serious-harm` (4). A serious incident without one is read, but
  its deadlines cannot be computed: the `incident-reports` gate rule fails on it.
- `aware`: the date the provider became aware of the model's involvement (default `opened`).
- `resolved`: the date the serious incident was resolved (default `closed`).
- `reports`: the reports submitted, `KIND:DATE` separated by `;`, KIND one of `initial`,
  `intermediate`, `final` (e.g. `initial:2026-11-12; intermediate:2026-12-08`), the same
  text in JSON Lines.
- `high_risk_ai_system`: `true` when the incident involves a high-risk AI system the
  provider places on the market, so that Art. 73 AI Act's periods apply as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from compliance.core.errors import InputError, Problem, ProblemCollector
from compliance.core.wording import plural
from compliance.link.readers.tabular import read_table
from compliance.models.gate import IncidentSeverity

REQUIRED = ("id", "severity", "status", "opened", "description")
STATUSES = ("open", "investigating", "mitigated", "closed")
OPEN_STATUSES = frozenset({"open", "investigating"})
SEVERITIES = tuple(s.label for s in IncidentSeverity)
CATEGORIES = ("critical-infrastructure", "cybersecurity-breach", "death", "other-serious-harm")
"""Measure 9.3, first paragraph, points (1) to (4), in that order."""
REPORT_KINDS = ("initial", "intermediate", "final")
TRUE_WORDS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
TRUE_WORDS[""] = False
SERIOUS_NOTE = (
    "a serious incident in the sense of Art. 3(49) AI Act; Art. 55(1)(c) requires reporting "
    "it without undue delay to the AI Office"
)


@dataclass(frozen=True)
class Incident:
    id: str
    severity: IncidentSeverity
    status: str
    opened: date
    description: str
    closed: date | None
    line: int
    category: str | None = None
    aware: date | None = None
    """When the provider became aware of the model's involvement (default: opened)."""
    resolved: date | None = None
    """When the serious incident was resolved (default: closed)."""
    reports: tuple[tuple[str, date], ...] = ()
    """(kind, date) of each report submitted, in date order."""
    high_risk_ai_system: bool = False

    @property
    def aware_on(self) -> date:
        return self.aware or self.opened

    @property
    def resolved_on(self) -> date | None:
        return self.resolved or self.closed

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def serious(self) -> bool:
        """A serious incident in the sense of Art. 3(49) AI Act."""
        return self.severity == IncidentSeverity.SERIOUS


def _parse_row(row: dict[str, object], line: int) -> tuple[Incident | None, list[str]]:
    """One incident, or the list of what is wrong with the row."""
    errors: list[str] = []
    values: dict[str, str] = {}
    for key in REQUIRED:
        raw = row.get(key)
        if key == "description" and (raw is None or raw == ""):
            raw = row.get("title")
        if key == "severity" and isinstance(raw, int) and not isinstance(raw, bool):
            raw = str(raw)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            errors.append(f"{key} is missing")
        elif not isinstance(raw, str):
            errors.append(f"{key} must be text, found {type(raw).__name__}")
        else:
            values[key] = raw.strip()
    severity = values.get("severity", "").lower()
    if severity.isdigit() and 1 <= int(severity) <= len(SEVERITIES):
        severity = SEVERITIES[int(severity) - 1]
    if "severity" in values and severity not in SEVERITIES:
        errors.append(
            f"severity {values['severity']!r} is not one of {', '.join(SEVERITIES)} (or 1-4)"
        )
    status = values.get("status", "").lower()
    if "status" in values and status not in STATUSES:
        errors.append(f"status {values['status']!r} is not one of {', '.join(STATUSES)}")
    opened = _date(values.get("opened"), "opened", errors)
    closed_raw = row.get("closed")
    closed = None
    if isinstance(closed_raw, str) and closed_raw.strip():
        closed = _date(closed_raw.strip(), "closed", errors)
    elif closed_raw not in (None, ""):
        errors.append("closed must be a date as text (YYYY-MM-DD)")
    category = _text(row.get("category"), "category", errors)
    if category:
        category = category.lower()
        if category not in CATEGORIES:
            errors.append(f"category {category!r} is not one of {', '.join(CATEGORIES)}")
    aware = _optional_date(row.get("aware"), "aware", errors)
    resolved = _optional_date(row.get("resolved"), "resolved", errors)
    reports = _reports(row.get("reports"), errors)
    flag = _text(row.get("high_risk_ai_system"), "high_risk_ai_system", errors) or ""
    if flag.lower() not in TRUE_WORDS:
        errors.append(f"high_risk_ai_system {flag!r} is not true or false")
    if errors or opened is None:
        return None, errors
    return (
        Incident(
            values["id"],
            IncidentSeverity[severity.upper()],
            status,
            opened,
            values["description"],
            closed,
            line,
            category or None,
            aware,
            resolved,
            reports,
            TRUE_WORDS.get(flag.lower(), False),
        ),
        [],
    )


def _text(raw: object, key: str, errors: list[str]) -> str | None:
    """An optional text cell (a JSON true/false spelled out), or None when absent or empty."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if not isinstance(raw, str):
        errors.append(f"{key} must be text, found {type(raw).__name__}")
        return None
    return raw.strip() or None


def _optional_date(raw: object, key: str, errors: list[str]) -> date | None:
    text = _text(raw, key, errors)
    return None if text is None else _date(text, key, errors)


def _reports(raw: object, errors: list[str]) -> tuple[tuple[str, date], ...]:
    """`initial:2026-11-12; intermediate:2026-12-08`."""
    if raw is None or raw == "":
        return ()
    if isinstance(raw, str):
        parts = [x.strip() for x in raw.split(";")]
    else:
        errors.append("reports must be text such as 'initial:2026-11-12; final:2027-01-20'")
        return ()
    found: list[tuple[str, date]] = []
    for part in filter(None, parts):
        kind, sep, day = part.partition(":")
        kind = kind.strip().lower()
        if not sep or kind not in REPORT_KINDS:
            errors.append(
                f"report {part!r} is not KIND:DATE with KIND one of {', '.join(REPORT_KINDS)}"
            )
            continue
        when = _date(day.strip(), f"{kind} report date", errors)
        if when is not None:
            found.append((kind, when))
    return tuple(sorted(found, key=lambda r: (r[1], REPORT_KINDS.index(r[0]))))


def _date(text: str | None, key: str, errors: list[str]) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        errors.append(f"{key} {text!r} is not a date (YYYY-MM-DD)")
        return None


def _rows(path: str, data: bytes) -> list[tuple[int, dict[str, object]]]:
    """The non-blank rows of a CSV or JSON Lines log, through the one located table reader."""
    problems = ProblemCollector()
    table = read_table(path, data, problems, _expected(), short_rows=True)
    if table.format == "csv":
        names = set(table.columns)
        if "title" in names:
            names.add("description")
        missing = [c for c in REQUIRED if c not in names]
        if missing:
            raise InputError.single(
                path,
                f"missing {plural(len(missing), 'column')} {', '.join(missing)}",
                _expected(),
                line=table.header_line,
            )
    problems.raise_if_any()
    return [(row.line, {k: cell.value for k, cell in row.cells.items()}) for row in table.rows]


def _expected() -> str:
    return (
        f"expected columns {', '.join(REQUIRED)} (title in place of description; closed, "
        "category, aware, resolved, reports, high_risk_ai_system optional; category needed for a "
        f"serious incident's deadlines); severity one of {', '.join(SEVERITIES)} or 1-4 "
        "(docs/incidents.md)"
    )


def read_incidents(path: str, data: bytes) -> list[Incident]:
    """Every incident in a CSV or JSON Lines log; all bad rows are reported at once."""
    if not path.lower().endswith((".csv", ".jsonl", ".ndjson")):
        raise InputError.single(
            path, "not an incident log format", "use .csv or .jsonl (one JSON object per line)"
        )
    rows = _rows(path, data)
    problems = ProblemCollector()
    incidents: list[Incident] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        incident, errors = _parse_row(row, line)
        if errors:
            problems.add(Problem(path, line, None, "; ".join(errors), _expected()))
            continue
        assert incident is not None
        if incident.id in seen:
            problems.add(
                Problem(
                    path,
                    line,
                    None,
                    f"incident id {incident.id!r} repeats line {seen[incident.id]}",
                )
            )
            continue
        seen[incident.id] = line
        incidents.append(incident)
    problems.raise_if_any()
    return incidents
