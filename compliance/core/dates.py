"""The one rule for the date an output carries: PDFs, manifests, zip entries and OSCAL.

`SOURCE_DATE_EPOCH` (reproducible-builds.org) wins when set; otherwise the assessed
commit's committer date; with no commit yet, 1970-01-01, said as such. Never the clock:
the same commit gives the same bytes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from compliance.core.errors import InputError

EPOCH = datetime.fromtimestamp(0, UTC)


@dataclass(frozen=True)
class OutputDate:
    when: datetime
    basis: str
    """Why this date: shown in document control."""

    @property
    def day(self) -> str:
        return self.when.strftime("%Y-%m-%d")

    @property
    def iso(self) -> str:
        return self.when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def output_date(
    commit_date: datetime | None,
    commit_short: str | None,
    environ: Mapping[str, str] = os.environ,
) -> OutputDate:
    """The date every output of one run carries."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return OutputDate(datetime.fromtimestamp(int(epoch), UTC), "SOURCE_DATE_EPOCH")
        except (ValueError, OverflowError, OSError):
            raise InputError.single(
                "SOURCE_DATE_EPOCH", f"not a Unix timestamp: {epoch!r}", "unset it or give seconds"
            ) from None
    if commit_date is not None:
        return OutputDate(commit_date.astimezone(UTC), f"date of commit {commit_short}")
    return OutputDate(EPOCH, "no commit: 1970-01-01 used")
