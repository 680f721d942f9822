"""The release diff as Markdown, for a pull-request comment."""

from __future__ import annotations

from typing import Any

from compliance.core.wording import scientific
from compliance.decide.release_diff import ReleaseDiff
from compliance.emit.formats.release_diff import cell as _cell
from compliance.emit.formats.release_diff import change_text, outcome
from compliance.emit.formats.release_diff import pct as _pct
from compliance.emit.formats.release_diff.json import diff_dict


def diff_markdown(d: ReleaseDiff) -> str:
    """Markdown for a pull-request comment."""
    data = diff_dict(d)
    a, b = data["a"], data["b"]
    out = [
        f"## Compliance diff: `{_cell(a['rev'])}` → `{_cell(b['rev'])}`",
        "",
        f"Gate decision: **{a['decision']}** → **{b['decision']}**",
        "",
        "| Framework | Coverage before | Coverage after |",
        "|---|---:|---:|",
    ]
    for fw in sorted(a["coverage"].keys() | b["coverage"].keys()):
        out.append(f"| {fw} | {_pct(a['coverage'].get(fw))} | {_pct(b['coverage'].get(fw))} |")
    sections = [
        (
            "Requirement status changes",
            ["Requirement", "Before", "After"],
            [[f"`{s['ref']}`", s["before"], s["after"]] for s in d.statuses],
        ),
        (
            "Evidence changes",
            ["File", "Change", "sha256 after"],
            [[f"`{e['path']}`", e["change"], (e["sha256_after"] or "-")[:12]] for e in d.evidence],
        ),
        (
            "Metrics",
            ["Rule", "Observed", "Threshold", "Passed", "Change (95% CI)"],
            [
                [
                    m["rule"],
                    f"{_cell(m['observed_before'])} → {_cell(m['observed_after'])}",
                    f"{_cell(m['threshold_before'])} → {_cell(m['threshold_after'])}",
                    f"{outcome(m['passed_before'])} → {outcome(m['passed_after'])}",
                    change_text(m.get("change")) or "-",
                ]
                for m in d.metrics
            ],
        ),
        (
            "Paired per-sample tests (McNemar)",
            ["Evidence", "Scorer", "Shared", "Regressed", "Improved", "p", "Method"],
            [
                [
                    f"`{p['evidence']}`",
                    p["scorer"],
                    p["shared_samples"],
                    p["regressed"],
                    p["improved"],
                    scientific(p["p_value"]),
                    p["method"],
                ]
                for p in d.paired
            ],
        ),
        (
            "Risks",
            ["Risk", "Inherent", "Residual", "Status"],
            [
                [
                    r["risk"],
                    f"{_cell(r['inherent_before'])} → {_cell(r['inherent_after'])}",
                    f"{_cell(r['residual_before'])} → {_cell(r['residual_after'])}",
                    f"{_cell(r['status_before'])} → {_cell(r['status_after'])}",
                ]
                for r in d.risks
            ],
        ),
    ]
    for title, head, rows in sections:
        out += ["", f"### {title}", ""]
        if not rows:
            out.append("No changes.")
            continue
        out.append("| " + " | ".join(head) + " |")
        out.append("|" + "---|" * len(head))
        out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(out) + "\n"


def render(d: ReleaseDiff, **_options: Any) -> str:
    return diff_markdown(d)
