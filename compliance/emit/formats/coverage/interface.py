"""The one seam every coverage output format implements."""

from __future__ import annotations

from abc import ABC, abstractmethod

from compliance.assess.coverage import Assessment


class CoverageFormat(ABC):
    """Turns an assessment into text; `gaps_only` keeps partial and gap requirements."""

    def __init__(
        self,
        framework: str | None = None,
        gaps_only: bool = False,
        differs: tuple[str, ...] = (),
        differs_note: str = "",
    ) -> None:
        self.framework = framework
        self.gaps_only = gaps_only
        self.differs = differs
        """Inputs whose working tree (assessed) differs from HEAD; `check` passes them."""
        self.differs_note = differs_note

    @abstractmethod
    def format(self, assessment: Assessment) -> str:
        """Render the assessment."""
