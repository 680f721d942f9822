"""The release diff as JSON: the documented shape scripts depend on."""

from __future__ import annotations

import json
from typing import Any

from compliance.decide.release_diff import ReleaseDiff, Side


def _side_dict(s: Side) -> dict[str, Any]:
    return {
        "rev": s.rev,
        "commit": s.commit,
        "assessment_date": s.assessment.assessment_date.isoformat(),
        "decision": s.decision.verdict.value,
        "coverage": {fw.id: fw.total.percent for fw in s.assessment.frameworks},
    }


def diff_dict(d: ReleaseDiff) -> dict[str, Any]:
    """The diff as JSON-ready data."""
    return {
        "schema": "compliance-docs/release-diff/1",
        "a": _side_dict(d.a),
        "b": _side_dict(d.b),
        "statuses": d.statuses,
        "evidence": d.evidence,
        "metrics": d.metrics,
        "risks": d.risks,
        "paired": d.paired,
    }


def render(d: ReleaseDiff, **_options: Any) -> str:
    return json.dumps(diff_dict(d), indent=2, ensure_ascii=False) + "\n"
