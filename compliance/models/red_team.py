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
    result: RetestResult
    date: dt.date | None = None
    candidate: str = Field(default="", description="The model version retested, e.g. rc3.")
    note: str = ""

    @model_validator(mode="after")
    def _dated(self) -> Retest:
        if self.result != RetestResult.NOT_RETESTED and self.date is None:
            raise ValueError(f"a retest that {self.result.value} needs its 'date'")
        return self


class Finding(StrictModel):
    id: str = Field(pattern=FINDING_ID, description="e.g. RT-2026-001")
    title: NonEmptyStr
    severity: FindingSeverity
    harm_category: NonEmptyStr = Field(description="A harm category id, as risks use them.")
    status: FindingStatus
    found: dt.date
    found_by: NonEmptyStr = Field(description="Who found it: internal red team, a provider.")
    retest: Retest
    risk: str | None = Field(default=None, description="The register risk it bears on.")
    mitigation: str = ""

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
    findings: list[Finding] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> FindingsFile:
        ids = [f.id for f in self.findings]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"finding id(s) listed twice: {', '.join(dupes)}")
        return self
