"""The signatory view as plain data: the `signatory` member of `check --format json` and
the whole output of `gaps --signatory --format json` (docs/signatory.md)."""

from __future__ import annotations

from typing import Any

from compliance.assess.signatory import SignatoryView
from compliance.emit.coverage_data import signatory_dict


def render(view: SignatoryView | None, **options: Any) -> str:
    from compliance.emit.formats.coverage.json import dumps

    return dumps({"signatory": signatory_dict(view)}) + "\n"
