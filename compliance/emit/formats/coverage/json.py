"""Coverage as JSON: the documented, stable shape scripts depend on.

Layout: the top-level object and its arrays and objects are indented, one member or
element per line; anything deeper is written on that one line (`", "` and `": "` as
separators). Every evidence record, framework and summary row is thus one line, which
diffs and greps well, and all but the outer two levels go through json's C encoder: the
fully indented form (pure-Python encoder) took seconds on large workspaces. The bytes
depend only on the data, never on the terminal or the platform.
"""

from __future__ import annotations

import json
from typing import Any

from compliance.assess.coverage import Assessment
from compliance.core.collector import collector_paused
from compliance.emit.coverage_data import coverage_dict
from compliance.emit.formats.coverage.interface import CoverageFormat, red_team_summary

INDENTED_LEVELS = 2
"""How many levels of objects and arrays get one member or element per line."""

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))
"""What json.dumps(ensure_ascii=False, separators=(", ", ": ")) would build on every call."""


def _line(value: Any) -> str:
    return _ENCODER.encode(value)


def dumps(value: Any, level: int = 0) -> str:
    """`value` as JSON, indented by two spaces for the outer INDENTED_LEVELS levels."""
    pieces: list[str] = []
    _write(value, level, pieces)
    # One join at the end: the output is tens of megabytes on large workspaces, and joining
    # per level copied all of it once for every level.
    return "".join(pieces)


def _write(value: Any, level: int, out: list[str]) -> None:
    if level >= INDENTED_LEVELS or not isinstance(value, (dict, list)) or not value:
        out.append(_line(value))
        return
    pad, inner = "  " * level, "  " * (level + 1)
    between = ",\n" + inner
    if isinstance(value, dict):
        out.append("{\n" + inner)
        for i, (key, member) in enumerate(value.items()):
            if i:
                out.append(between)
            out.append(_line(str(key)))
            out.append(": ")
            _write(member, level + 1, out)
        out.append(f"\n{pad}}}")
        return
    out.append("[\n" + inner)
    if level + 1 >= INDENTED_LEVELS:  # the evidence list: 10k and more lines
        out.append(between.join(map(_line, value)))
    else:
        for i, member in enumerate(value):
            if i:
                out.append(between)
            _write(member, level + 1, out)
    out.append(f"\n{pad}]")


class JsonFormat(CoverageFormat):
    def format(self, assessment: Assessment) -> str:
        with collector_paused():  # the dicts and lines below all live until written
            return self._format(assessment)

    def _format(self, assessment: Assessment) -> str:
        data = coverage_dict(assessment, framework=self.framework, gaps_only=self.gaps_only)
        if self.differs:
            # Present only when the assessed working tree is not HEAD: which inputs differ.
            items = list(data.items())
            at = list(data).index("commit") + 1
            pair = ("worktree_differs_from_commit", list(self.differs))
            data = dict([*items[:at], pair, *items[at:]])
        if self.incidents:
            # Present only when an incident log has a serious incident (docs/incidents.md).
            data["incident_reports"] = [c.as_dict() for c in self.incidents]
        if self.red_team:
            # Present only when a control links a red-team findings file.
            data["red_team_findings"] = [red_team_summary(f) for f in self.red_team]
        return dumps(data) + "\n"


def render(assessment: Assessment, **options: Any) -> str:
    return JsonFormat(**options).format(assessment)
