"""The signatory view as Markdown tables (both directions)."""

from __future__ import annotations

from typing import Any

from compliance.assess.signatory import SignatoryView


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _pct(p: float | None) -> str:
    return "-" if p is None else f"{p:.1f}%"


def lines(view: SignatoryView) -> list[str]:
    out = [
        "### GPAI Code of Practice signatory view",
        "",
        f"Chapters signed: {', '.join(view.chapters)}"
        + (f" (signed {view.signed_on.isoformat()})" if view.signed_on else "")
        + ".",
        "",
    ]
    out += [f"> Note: {_cell(n)}" for n in view.notices]
    if view.notices:
        out.append("")
    out += [
        "| Obligation | Status | Code measures (status) | Measures covered |",
        "|---|---|---|---:|",
    ]
    for o in view.obligations:
        whole = " (paragraph as a whole)" if o.paragraph else ""
        measures = ", ".join(f"`{m.ref}` ({m.status})" for m in o.measures) or "none"
        out.append(
            f"| `{_cell(o.ref)}`{whole} {_cell(o.title)} | {o.status} | {measures} | "
            f"{_pct(o.percent)} |"
        )
    out += ["", "| Code measure | Status | Serves (status) |", "|---|---|---|"]
    for m in view.measures:
        served = ", ".join(f"`{o.ref}` ({o.status})" for o in m.obligations) or "none"
        out.append(f"| `{_cell(m.ref)}` {_cell(m.title)} | {m.status} | {served} |")
    return out


def render(view: SignatoryView | None, **options: Any) -> str:
    if view is None:
        return "No Code of Practice signature declared.\n"
    return "\n".join(lines(view)) + "\n"
