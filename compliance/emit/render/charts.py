"""Inline SVG charts: the 5x5 risk heat map and coverage bars. Vector only, no images."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from compliance.models.risk_scale import RiskScale

FONT = "Report Sans, DejaVu Sans, sans-serif"
STATUS_COLOURS = {
    "covered": "#2e7d32",
    "partial": "#f2a900",
    "gap": "#c62828",
    "not-applicable": "#b0b0b0",
}


@dataclass(frozen=True)
class Point:
    """One risk placed on the grid."""

    id: str
    likelihood: int
    severity: int


def _text(
    x: float, y: float, text: str, size: float = 9, anchor: str = "middle", **extra: str
) -> str:
    attrs = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in extra.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'font-family="{FONT}"{attrs}>{escape(text)}</text>'
    )


def heat_map(title: str, points: Sequence[Point], scale: RiskScale, cell: int = 52) -> Markup:
    """A 5x5 likelihood (rows, 5 at top) by severity (columns) grid with the risks placed.

    Cells are coloured by the band of the risk scale in use, whose legend is drawn below.
    """
    left, top = 46, 26
    legend_rows = (len(scale.bands) + 1) // 2
    width, height = left + 5 * cell + 8, top + 5 * cell + 40 + 13 * legend_rows
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heat-map" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}">',
        # <title> is the figure's alternative text in the tagged PDF and for screen readers.
        f"<title>{escape(_heat_alt(title, points))}</title>",
        _text(left + 2.5 * cell, 14, title, 11, font_weight="bold"),
    ]
    cells: dict[tuple[int, int], list[str]] = {}
    for p in points:
        cells.setdefault((p.likelihood, p.severity), []).append(p.id)
    for likelihood in range(5, 0, -1):
        y = top + (5 - likelihood) * cell
        parts.append(_text(left - 8, y + cell / 2 + 3, str(likelihood), 9, "end"))
        for severity in range(1, 6):
            x = left + (severity - 1) * cell
            colour = scale.colour(scale.band(likelihood * severity))
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{colour}" '
                'stroke="#ffffff" stroke-width="1.5"/>'
            )
            ids = sorted(cells.get((likelihood, severity), []))
            if not ids:
                continue
            parts.append(
                _text(
                    x + cell / 2,
                    y + cell / 2 - (2 if len(ids) <= 2 else -4),
                    str(len(ids)),
                    13 if len(ids) > 2 else 11,
                    font_weight="bold",
                )
            )
            if len(ids) <= 2:
                for k, rid in enumerate(ids):
                    label = rid if len(rid) <= 14 else rid[:13] + "…"
                    parts.append(_text(x + cell / 2, y + cell / 2 + 9 + 8 * k, label, 6))
    for severity in range(1, 6):
        x = left + (severity - 0.5) * cell
        parts.append(_text(x, top + 5 * cell + 12, str(severity), 9))
    parts.append(_text(left + 2.5 * cell, top + 5 * cell + 28, "Severity →", 9))
    parts.append(
        _text(
            12,
            top + 2.5 * cell,
            "Likelihood →",
            9,
            transform=f"rotate(-90 12 {top + 2.5 * cell:.1f})",
        )
    )
    legend_top = top + 5 * cell + 40
    half = 5 * cell / 2
    for i, b in enumerate(scale.bands):
        x = left + (i % 2) * half
        y = legend_top + (i // 2) * 13
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="9" height="9" fill="{scale.colour(b)}" '
            'stroke="#999999" stroke-width="0.5"/>'
        )
        parts.append(_text(x + 13, y + 8, f"{b.name} {b.min}–{b.max}", 8, "start"))
    parts.append("</svg>")
    return Markup("".join(parts))


def band_legend(scale: RiskScale) -> Markup:
    """The scale's bands as rating badges, lowest first, for a caption."""
    return Markup(" ").join(
        Markup('<span class="rating" style="background: {}">{}–{} {}</span>').format(
            scale.colour(b), b.min, b.max, b.name
        )
        for b in scale.bands
    )


@dataclass(frozen=True)
class Bar:
    """One row of a coverage chart: a label and counts per status."""

    label: str
    counts: dict[str, int]

    @property
    def applicable(self) -> int:
        return sum(n for s, n in self.counts.items() if s != "not-applicable")

    @property
    def percent(self) -> float | None:
        return (
            round(100.0 * self.counts.get("covered", 0) / self.applicable, 1)
            if self.applicable
            else None
        )


def coverage_bars(bars: Sequence[Bar], width: int = 640, label_width: int = 230) -> Markup:
    """Horizontal stacked bars (covered, partial, gap) of the applicable requirements."""
    row, top = 18, 6
    bar_x = label_width + 6
    bar_w = width - bar_x - 96
    height = top + row * len(bars) + 26
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="coverage-bars" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="Coverage">',
        f"<title>{escape(_bars_alt(bars))}</title>",
    ]
    for i, bar in enumerate(bars):
        y = top + i * row
        label = bar.label if len(bar.label) <= 44 else bar.label[:43] + "…"
        parts.append(_text(label_width, y + 11, label, 8, "end"))
        parts.append(
            f'<rect x="{bar_x}" y="{y + 2}" width="{bar_w}" height="{row - 6}" fill="#f1f1f1"/>'
        )
        x = float(bar_x)
        if bar.applicable:
            for status in ("covered", "partial", "gap"):
                n = bar.counts.get(status, 0)
                if not n:
                    continue
                w = bar_w * n / bar.applicable
                parts.append(
                    f'<rect x="{x:.2f}" y="{y + 2}" width="{w:.2f}" height="{row - 6}" '
                    f'fill="{STATUS_COLOURS[status]}"/>'
                )
                x += w
        pct = "n/a" if bar.percent is None else f"{bar.percent:.0f}%"
        na = bar.counts.get("not-applicable", 0)
        suffix = f"  ({bar.counts.get('covered', 0)}/{bar.applicable}" + (
            f", {na} n/a)" if na else ")"
        )
        parts.append(_text(bar_x + bar_w + 4, y + 11, pct + suffix, 7.5, "start"))
    legend_y = top + row * len(bars) + 14
    x = float(bar_x)
    for status, name in (("covered", "covered"), ("partial", "partial"), ("gap", "gap")):
        parts.append(
            f'<rect x="{x:.1f}" y="{legend_y - 7}" width="9" height="9" '
            f'fill="{STATUS_COLOURS[status]}"/>'
        )
        parts.append(_text(x + 12, legend_y + 1, name, 8, "start"))
        x += 70
    parts.append("</svg>")
    return Markup("".join(parts))


def _heat_alt(title: str, points: Sequence[Point]) -> str:
    """The heat map in words: each risk with its likelihood and severity."""
    if not points:
        return f"{title}: no risks in the register."
    each = "; ".join(
        f"{p.id} likelihood {p.likelihood}, severity {p.severity}"
        for p in sorted(points, key=lambda p: p.id)
    )
    return f"{title} by likelihood and severity (1 to 5): {each}."


def _bars_alt(bars: Sequence[Bar]) -> str:
    """The coverage chart in words: each row's counts per status."""
    rows = []
    for b in bars:
        counts = ", ".join(f"{n} {s.replace('-', ' ')}" for s, n in b.counts.items() if n)
        rows.append(f"{b.label}: {counts or 'no requirements'}")
    return "Coverage of applicable requirements. " + "; ".join(rows) + "."
