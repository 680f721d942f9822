"""The front matter of a Safety and Security Framework document (Code of Practice, Commitment 1).

    ---
    title: Safety and Security Framework
    version: "1.1"
    confirmed: 2026-11-10          # the date the current version was confirmed (Measure 1.1)
    changelog:                     # Measure 1.3: how and why, version number, date of change
      - {version: "1.0", date: 2026-05-20, change: First Framework.}
    assessments: [2026-11-10]      # Framework assessments done (Measure 1.3)
    ---

Dates are strict YYYY-MM-DD, as every declared evidence date (link/evidence_dates.py).
docs/systemic-risk.md documents the fields and the rules that read them.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from compliance.models.base import NonEmptyStr, StrictModel


class ChangelogEntry(StrictModel):
    version: NonEmptyStr
    date: dt.date
    change: NonEmptyStr = Field(description="How and why the Framework was updated.")


class FrameworkFrontMatter(StrictModel):
    title: str = ""
    version: NonEmptyStr | None = None
    as_of: dt.date | None = None
    date: dt.date | None = None
    effective_date: dt.date | None = None
    last_reviewed: dt.date | None = None
    owner: str = ""
    confirmed: dt.date = Field(description="When the current version was confirmed.")
    changelog: list[ChangelogEntry] = Field(default_factory=list)
    assessments: list[dt.date] = Field(
        default_factory=list, description="Dates of the Framework assessments (Measure 1.3)."
    )
