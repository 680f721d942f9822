"""The front matter of a Safety and Security Framework document (Code of Practice, Commitment 1).

    ---
    title: Safety and Security Framework
    version: "1.1"
    confirmed: 2026-11-10          # the date the current version was confirmed (Measure 1.1)
    changelog:                     # Measure 1.3: how and why, version number, date of change
      - {version: "1.0", date: 2026-05-20, change: First Framework., ai_office_access: 2026-05-22}
    assessments: [2026-11-10]      # Framework assessments done (Measure 1.3)
    ---

Dates are strict YYYY-MM-DD, as every declared evidence date (link/evidence_dates.py).
docs/systemic-risk.md documents the fields and the rules that read them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from compliance.models.base import NonEmptyStr, StrictModel

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: Any) -> Any:
    """Only a YAML date or text written YYYY-MM-DD: pydantic would read "0" as 1970-01-01."""
    if isinstance(value, str) and not _ISO_DAY.fullmatch(value.strip()):
        return f"the text {value!r}"  # fails as a date, located at its own field
    return value


Day = Annotated[dt.date, BeforeValidator(_iso_day)]


class ChangelogEntry(StrictModel):
    version: NonEmptyStr = Field(description="The Framework version this entry describes.")
    date: Day = Field(description="When that version was adopted (YYYY-MM-DD).")
    change: NonEmptyStr = Field(description="How and why the Framework was updated.")
    ai_office_access: Day | None = Field(
        default=None,
        description="When the AI Office was given (unredacted) access to this version "
        "(Measure 1.4: within five business days of its confirmation).",
    )


class FrameworkFrontMatter(StrictModel):
    title: str = Field(
        default="", description="Title of the Safety and Security Framework document."
    )
    version: NonEmptyStr | None = Field(default=None, description="Version of the Framework.")
    as_of: dt.date | None = Field(
        default=None, description="Date the document represents (YYYY-MM-DD)."
    )
    date: dt.date | None = Field(default=None, description="Date of the document (YYYY-MM-DD).")
    effective_date: dt.date | None = Field(
        default=None, description="Date the Framework took effect (YYYY-MM-DD)."
    )
    last_reviewed: dt.date | None = Field(
        default=None, description="Date of the last review (YYYY-MM-DD)."
    )
    owner: str = Field(default="", description="The role that owns the Framework.")
    confirmed: Day = Field(description="When the current version was confirmed.")
    changelog: list[ChangelogEntry] = Field(
        default_factory=list, description="The Framework's versions, each with its date and change."
    )
    assessments: list[Day] = Field(
        default_factory=list, description="Dates of the Framework assessments (Measure 1.3)."
    )
