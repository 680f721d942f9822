"""The signatory view as terminal text: obligations with their measures, then measures with
the obligations they serve; statuses and roll-ups both ways."""

from __future__ import annotations

from typing import Any

from compliance.assess.signatory import NOT_ASSESSED, SignatoryView

WIDTH = 100
MARK = {
    "covered": "covered",
    "partial": "PARTIAL",
    "gap": "GAP",
    "not-applicable": "n/a",
    NOT_ASSESSED: "not assessed",
}


def _rollup(counts: dict[str, int], percent: float | None) -> str:
    parts = [f"{n} {k}" for k, n in counts.items() if n]
    pct = "" if percent is None else f" ({percent:.1f}% covered)"
    return (", ".join(parts) or "none") + pct


def _short(ref: str) -> str:
    return ref.replace("gpai-cop-", "").replace("eu-ai-act-gpai:", "")


def lines(view: SignatoryView) -> list[str]:
    """The view as lines of at most WIDTH characters (ids and titles are cut, not wrapped)."""
    signed = f", signed {view.signed_on.isoformat()}" if view.signed_on else ""
    out = [
        "=" * WIDTH,
        f"GPAI Code of Practice signatory view (chapters: {', '.join(view.chapters)}{signed})",
    ]
    out += [f"note: {n}" for n in view.notices]
    out += ["-" * WIDTH, "Obligation -> Code measures implementing it"]
    for o in view.obligations:
        whole = " (paragraph as a whole)" if o.paragraph else ""
        head = f"  {_short(o.ref)}{whole} {o.title}"
        out.append(_fit(head, MARK[o.status]))
        if not o.measures:
            out.append("      no measure of a signed chapter maps to it")
            continue
        out.append(f"      measures: {_rollup(o.counts, o.percent)}")
        for m in o.measures:
            via = "" if m.ref.endswith(":" + m.via) else f" [via {m.via}]"
            out.append(_fit(f"      {_short(m.ref)}{via} {m.title}", MARK[m.status]))
    out += ["-" * WIDTH, "Code measure -> obligations it serves"]
    for m in view.measures:
        out.append(_fit(f"  {_short(m.ref)} {m.title}", MARK[m.status]))
        served = ", ".join(f"{_short(o.ref)} {MARK[o.status]}" for o in m.obligations)
        out.append(_cut(f"      serves: {served or 'no Art. 53/55 obligation mapped'}"))
    return out


def _cut(text: str) -> str:
    return text if len(text) <= WIDTH else text[: WIDTH - 1] + "…"


def _fit(left: str, right: str) -> str:
    room = WIDTH - len(right) - 1
    if len(left) > room:
        left = left[: room - 1] + "…"
    return f"{left:<{room}} {right}"


def render(view: SignatoryView | None, **options: Any) -> str:
    if view is None:
        return "no Code of Practice signature declared (code_of_practice in compliance.yaml)\n"
    return "\n".join(line.rstrip() for line in lines(view)) + "\n"
