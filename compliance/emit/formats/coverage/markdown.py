"""Coverage as Markdown, e.g. for a pull-request comment."""

from __future__ import annotations

from typing import Any

from compliance.assess.coverage import Assessment, Status
from compliance.emit.formats.coverage.interface import CoverageFormat

ICON = {
    Status.COVERED: "covered",
    Status.PARTIAL: "**partial**",
    Status.GAP: "**gap**",
    Status.NOT_APPLICABLE: "n/a",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


class MarkdownFormat(CoverageFormat):
    def format(self, assessment: Assessment) -> str:
        a = assessment
        ws = a.workspace
        out = [
            f"## Coverage: {_cell(ws.project.system.name)} {_cell(ws.project.system.version)}"
            f" (release {_cell(ws.project.release.id)})",
            "",
            f"Assessed as of {a.assessment_date.isoformat()} ({_cell(a.date_basis)}).",
            "",
        ]
        if self.differs_note:
            out += [f"> Note: {_cell(self.differs_note)}", ""]
        out += [
            "| Framework | Covered | Partial | Gap | N/A | Coverage |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for fw in a.frameworks:
            if self.framework and fw.id != self.framework:
                continue
            c = fw.total.counts
            pct = "-" if fw.total.percent is None else f"{fw.total.percent:.1f}%"
            out.append(
                f"| {_cell(fw.title)} | {c['covered']} | {c['partial']} | {c['gap']} | "
                f"{c['not-applicable']} | {pct} |"
            )
        out.append("")
        for fw in a.frameworks:
            if self.framework and fw.id != self.framework:
                continue
            rows = [
                r
                for r in fw.requirements
                if not self.gaps_only or r.status in (Status.GAP, Status.PARTIAL)
            ]
            if not rows:
                continue
            out += [f"### {_cell(fw.title)}", "", "| Requirement | Status | Why |", "|---|---|---|"]
            for r in rows:
                why = (
                    "; ".join(r.reasons) if r.status != Status.COVERED else (r.via_crosswalk or "")
                )
                out.append(
                    f"| `{_cell(r.ref)}` {_cell(r.title)} | {ICON[r.status]} | {_cell(why)} |"
                )
            out.append("")
        if a.signatory is not None and not (self.framework or self.gaps_only):
            from compliance.emit.formats.signatory.markdown import lines as signatory_lines

            out += [*signatory_lines(a.signatory), ""]
        return "\n".join(out)


def render(assessment: Assessment, **options: Any) -> str:
    return MarkdownFormat(**options).format(assessment)
