"""The signatory view as plain data: the `signatory` member of `check --format json` and
the whole output of `gaps --signatory --format json` (docs/signatory.md)."""

from __future__ import annotations

import json
from typing import Any

from compliance.assess.signatory import SignatoryView
from compliance.emit.coverage_data import signatory_dict


def render(view: SignatoryView | None, **options: Any) -> str:
    data = {"signatory": signatory_dict(view)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
