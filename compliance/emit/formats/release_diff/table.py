"""The release diff as plain text for a terminal."""

from __future__ import annotations

from typing import Any

from compliance.decide.release_diff import ReleaseDiff
from compliance.emit.formats.release_diff import cell as _cell
from compliance.emit.formats.release_diff import change_text, paired_text
from compliance.emit.formats.release_diff import pct as _pct
from compliance.emit.formats.release_diff.json import diff_dict


def diff_table(d: ReleaseDiff) -> str:
    """Plain text for a terminal."""
    data = diff_dict(d)
    a, b = data["a"], data["b"]
    out = [
        f"{a['rev']} ({a['commit'][:12]}) -> {b['rev']} ({b['commit'][:12]})",
        f"decision: {a['decision']} -> {b['decision']}",
    ]
    for fw in sorted(a["coverage"].keys() | b["coverage"].keys()):
        out.append(
            f"  {fw:<24} {_pct(a['coverage'].get(fw)):>7} -> {_pct(b['coverage'].get(fw)):>7}"
        )
    out.append(f"requirement status changes: {len(d.statuses)}")
    out += [f"  {s['ref']:<44} {s['before']:>14} -> {s['after']}" for s in d.statuses]
    out.append(f"evidence changes: {len(d.evidence)}")
    out += [f"  {e['change']:<8} {e['path']}" for e in d.evidence]
    out.append(f"metric changes: {len(d.metrics)}")
    out += [
        f"  {m['rule']}: {_cell(m['observed_before'])} -> {_cell(m['observed_after'])} "
        f"(threshold {_cell(m['threshold_after'])})"
        + (f"; change {change_text(m['change'])}" if m.get("change") else "")
        for m in d.metrics
    ]
    out.append(f"paired per-sample tests: {len(d.paired)}")
    out += [f"  {paired_text(p)}" for p in d.paired]
    out.append(f"risk changes: {len(d.risks)}")
    out += [
        f"  {r['risk']}: residual {_cell(r['residual_before'])} -> "
        f"{_cell(r['residual_after'])}, {_cell(r['status_before'])} -> "
        f"{_cell(r['status_after'])}"
        for r in d.risks
    ]
    return "\n".join(out) + "\n"


def render(d: ReleaseDiff, **_options: Any) -> str:
    return diff_table(d)
