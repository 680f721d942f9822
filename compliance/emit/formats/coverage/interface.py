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
    ) -> None:
        self.framework = framework
        self.gaps_only = gaps_only
        self.differs = differs
        """Inputs whose working tree (assessed) differs from HEAD; `check` passes them."""
        self.differs_note = differs_note
        self.incidents = tuple(c for c in incidents if c.serious)
        """Serious-incident reporting clocks (assess/incident_clocks.IncidentClocks) of the
        logs with a serious incident; `check` passes them."""

    @abstractmethod
    def format(self, assessment: Assessment) -> str:
        """Render the assessment."""
