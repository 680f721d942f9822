"""The one seam every coverage output format implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from compliance.assess.coverage import Assessment


class CoverageFormat(ABC):
    """Turns an assessment into text; `gaps_only` keeps partial and gap requirements."""

    def __init__(
        self,
        framework: str | None = None,
        gaps_only: bool = False,
        differs: tuple[str, ...] = (),
        differs_note: str = "",
        incidents: tuple[Any, ...] = (),
        red_team: tuple[Any, ...] = (),
    ) -> None:
        self.framework = framework
        self.gaps_only = gaps_only
        self.differs = differs
        """Inputs whose working tree (assessed) differs from HEAD; `check` passes them."""
        self.differs_note = differs_note
        self.incidents = tuple(c for c in incidents if c.serious)
        """Serious-incident reporting clocks (assess/incident_clocks.IncidentClocks) of the
        logs with a serious incident; `check` passes them."""
        self.red_team = red_team
        """Red-team findings files (compliance.link.red_team.LoadedFindings) the run read;
        `check` passes them, and the outputs summarise them only when there are any."""

    @abstractmethod
    def format(self, assessment: Assessment) -> str:
        """Render the assessment."""


def red_team_summary(loaded: Any) -> dict[str, Any]:
    """One findings file's counts: total, fixed (a passed retest), accepted, open, and the
    open ones per severity."""
    from compliance.models.red_team import FindingStatus

    return {
        "path": loaded.path,
        "findings": len(loaded.data.findings),
        "fixed": loaded.count(FindingStatus.FIXED),
        "accepted": loaded.count(FindingStatus.ACCEPTED),
        "open": loaded.count(FindingStatus.OPEN),
        "open_by_severity": loaded.open_by_severity(),
    }


def red_team_line(loaded: Any) -> str:
    """e.g. 'red-team findings: 14, 11 fixed and retested, 3 accepted, 0 open (path)'."""
    s = red_team_summary(loaded)
    severities = [f"{n} {sev}" for sev, n in s["open_by_severity"].items() if n]
    detail = f" ({', '.join(severities)})" if severities else ""
    return (
        f"red-team findings: {s['findings']}, {s['fixed']} fixed and retested, "
        f"{s['accepted']} accepted, {s['open']} open{detail} ({s['path']})"
    )
