"""Coverage as a terminal table that reads well in 100 columns."""

from __future__ import annotations

from typing import Any

from compliance.assess.coverage import Assessment, RequirementResult, Rollup, Status
from compliance.core.wording import count
from compliance.emit.formats.coverage.interface import CoverageFormat, red_team_line

WIDTH = 100
MARK = {
    Status.COVERED: "covered",
    Status.PARTIAL: "PARTIAL",
    Status.GAP: "GAP",
    Status.NOT_APPLICABLE: "n/a",
}


def _pct(r: Rollup) -> str:
    return "  -  " if r.percent is None else f"{r.percent:5.1f}%"


def _counts(r: Rollup) -> str:
    c = r.counts
    return (
        f"{c['covered']:>3} covered {c['partial']:>3} partial {c['gap']:>3} gap "
        f"{c['not-applicable']:>3} n/a"
    )


def _line(left: str, right: str) -> str:
    room = WIDTH - len(right) - 1
    if len(left) > room:
        left = left[: room - 1] + "…"
    return f"{left:<{room}} {right}"


def _wrap(text: str, indent: int) -> list[str]:
    """Greedy word wrap at WIDTH; continuation lines indented two more.

    Breaks only at whitespace (runs of it become one space), never at hyphens, so paths
    and ids stay whole and can be copied; a word longer than a line is cut. Written out
    because textwrap's regex chunking was a tenth of `check` on large workspaces.
    """
    first, rest = " " * indent, " " * (indent + 2)
    lines: list[str] = []
    line = first
    bare = True  # nothing but the indent on `line` yet
    for word in text.split():
        room = WIDTH - len(line)
        if not bare and len(word) + 1 <= room:
            line += " " + word
            continue
        if not bare:
            lines.append(line)
            line = rest
        while len(line) + len(word) > WIDTH:
            cut = WIDTH - len(line)
            lines.append(line + word[:cut])
            line, word = rest, word[cut:]
        line += word
        bare = False
    lines.append(line)
    return lines


def _requirement(r: RequirementResult, detailed: bool) -> list[str]:
    lines = [_line(f"  {r.id:<14} {r.title}", f"{MARK[r.status]:>7}")]
    if not detailed or r.status in (Status.COVERED,):
        if r.via_crosswalk:
            lines += _wrap(r.via_crosswalk, 19)
        return lines
    for reason in r.reasons:
        lines += _wrap("- " + reason, 19)
    if r.status in (Status.GAP, Status.PARTIAL):
        for n in r.neighbours:
            if n.status == Status.COVERED and n.controls:
                lines += _wrap(
                    f"covered elsewhere: {n.ref} ({n.relation}) by {', '.join(n.controls)}", 19
                )
            elif n.status is None:
                lines += _wrap(f"maps to {n.ref} ({n.relation}), framework not in scope", 19)
    return lines


class TableFormat(CoverageFormat):
    def format(self, assessment: Assessment) -> str:
        a = assessment
        ws = a.workspace
        head = a.index.repo.head
        out = [
            f"{ws.project.system.name} {ws.project.system.version} — release "
            f"{ws.project.release.id}",
            f"{f'commit {head.short}' if head else 'no commits yet'}; assessed as of "
            f"{a.assessment_date.isoformat()} ({a.date_basis})",
            f"GPAI: {'yes' if a.classification.gpai else 'no'}; systemic risk: "
            f"{'yes' if a.classification.systemic_risk else 'no'} "
            f"({a.classification.systemic_risk_basis})",
        ]
        n = a.classification.notification
        if n is not None and not n.is_finding:  # a finding is printed below as FINDING
            out.append(n.message)
        out = [ln for x in out for ln in _wrap(x, 0)]
        if self.differs_note:
            out += _wrap("note: " + self.differs_note, 0)
        for notice in a.notices:
            out += _wrap("note: " + notice, 0)
        for finding in a.obligation_findings:
            out += _wrap("FINDING: " + finding, 0)
        voluntary = [fw.id for fw in a.frameworks if fw.voluntary]
        if voluntary:
            out += _wrap(
                "adopted voluntarily (gaps shown, not counted in the exit code): "
                + ", ".join(voluntary),
                0,
            )
        out.append("")
        for fw in a.frameworks:
            if self.framework and fw.id != self.framework:
                continue
            out.append("=" * WIDTH)
            out.append(_line(f"{fw.id}  {fw.title}", f"{_pct(fw.total)} covered"))
            out.append(_counts(fw.total))
            out.append("-" * WIDTH)
            for g in fw.groups:
                members = [r for r in fw.requirements if r.group == g.id]
                if self.gaps_only:
                    members = [r for r in members if r.status in (Status.GAP, Status.PARTIAL)]
                    if not members:
                        continue
                out.append(_line(f"{g.id}  {g.title}", f"{_pct(g)}"))
                for r in members:
                    out += _requirement(r, detailed=True)
            out.append("")
        if a.signatory is not None and not (self.framework or self.gaps_only):
            from compliance.emit.formats.signatory.table import lines as signatory_lines

            out += [*signatory_lines(a.signatory), ""]
        totals = [fw.total for fw in a.frameworks]
        gaps = sum(t.counts["gap"] for t in totals)
        partial = sum(t.counts["partial"] for t in totals)
        out.append(
            f"{count(gaps, 'gap')}, {partial} partial across {count(len(totals), 'framework')}."
        )
        out += [ln for f in self.red_team for ln in _wrap(red_team_line(f), 0)]
        out += _incident_reports(self.incidents)
        return "\n".join(line.rstrip() for line in out) + "\n"


def _incident_reports(logs: tuple[Any, ...]) -> list[str]:
    """Serious-incident reports overdue and upcoming, each with its deadline's source."""
    out: list[str] = []
    for log in logs:
        out += ["", "=" * WIDTH]
        out.append(
            _line(
                f"Serious-incident reports  {log.path}",
                f"{len(log.overdue)} overdue, {len(log.upcoming)} upcoming",
            )
        )
        out.append("-" * WIDTH)
        shown = [*log.overdue, *log.upcoming]
        for c in shown:
            mark = "OVERDUE " if c.status == "overdue" else "upcoming"
            out += _wrap(f"{mark} {c.describe()}", 2)
        for iid, line in log.uncategorised:
            out += _wrap(
                f"UNKNOWN  {iid}: serious, without a category: deadline unknown "
                f"({log.path}:{line})",
                2,
            )
        if not shown and not log.uncategorised:
            out += _wrap(f"every report due by {log.on.isoformat()} was filed", 2)
    return out


def render(assessment: Assessment, **options: Any) -> str:
    return TableFormat(**options).format(assessment)
