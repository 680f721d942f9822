"""Red-team findings: one structured file per exercise (docs/evidence-formats.md).

A finding has an id, a title, a severity, the harm category it falls under, a status and the
result of its retest. The file sits beside the red-team report it itemises, is linked by the
red-teaming control as `kind: red-team-report` and is rendered as a table in the risk
assessment.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, model_validator

from compliance.core.wording import plural
from compliance.models.base import NonEmptyStr, StrictModel, VersionedFile

FINDING_ID = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"


class FindingSeverity(StrEnum):
    """Least to most severe."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return list(FindingSeverity).index(self)


class FindingStatus(StrEnum):
    OPEN = "open"
    FIXED = "fixed"
    ACCEPTED = "accepted"
    """Known and tolerated with a stated mitigation (monitoring, a risk acceptance)."""


class RetestResult(StrEnum):
    PASSED = "passed"
    """The attack no longer succeeds on the release candidate."""
    FAILED = "failed"
    """The attack still succeeds (at the stated rate)."""
    NOT_RETESTED = "not-retested"


class Retest(StrictModel):
    result: RetestResult = Field(
        description="passed (the attack no longer works), failed (it still does) or not-retested."
    )
    date: dt.date | None = Field(
        default=None, description="When the retest ran (YYYY-MM-DD); required unless not-retested."
    )
    candidate: str = Field(default="", description="The model version retested, e.g. rc3.")
    note: str = Field(
        default="", description="What the retest showed, e.g. the remaining success rate."
    )

    @model_validator(mode="after")
    def _dated(self) -> Retest:
        if self.result != RetestResult.NOT_RETESTED and self.date is None:
            raise ValueError(f"a retest that {self.result.value} needs its 'date'")
        return self


class Finding(StrictModel):
    id: str = Field(pattern=FINDING_ID, description="e.g. RT-2026-001")
    title: NonEmptyStr = Field(description="Short name of the finding.")
    severity: FindingSeverity = Field(description="low, medium, high or critical.")
    harm_category: NonEmptyStr = Field(description="A harm category id, as risks use them.")
    status: FindingStatus = Field(
        description="open, fixed (needs a passed retest) or accepted (needs a mitigation)."
    )
    found: dt.date = Field(description="When it was found (YYYY-MM-DD).")
    found_by: NonEmptyStr = Field(description="Who found it: internal red team, a provider.")
    retest: Retest = Field(description="The latest retest of the finding.")
    risk: str | None = Field(default=None, description="The register risk it bears on.")
    mitigation: str = Field(
        default="", description="How the finding is mitigated; required when accepted."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Finding:
        if self.status == FindingStatus.FIXED and self.retest.result != RetestResult.PASSED:
            raise ValueError(
                f"finding {self.id} is 'fixed' but its retest {self.retest.result.value}: "
                "a fix is shown by a passed retest"
            )
        if self.status == FindingStatus.ACCEPTED and not self.mitigation:
            raise ValueError(f"finding {self.id} is 'accepted': say how in 'mitigation'")
        if self.retest.date is not None and self.retest.date < self.found:
            raise ValueError(f"finding {self.id} was retested before it was found")
        return self


class FindingsFile(VersionedFile):
    exercise: NonEmptyStr = Field(description="Which red-teaming exercise, on which model.")
    report: str | None = Field(default=None, description="The narrative report it itemises.")
    findings: list[Finding] = Field(min_length=1, description="The findings, each id once.")

    @model_validator(mode="after")
    def _unique(self) -> FindingsFile:
        ids = [f.id for f in self.findings]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"{plural(len(dupes), 'finding id')} listed twice: {', '.join(dupes)}")
        return self
