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


MIN_FONT = 10
"""Smallest text in a chart, in CSS px (7.5 pt): charts are drawn at their own size."""


@dataclass(frozen=True)
class Point:
    """One risk placed on the grid: `id` is what the cell shows (the register's key
    number, so that long risk ids never have to be cut to fit a cell)."""

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
    width, height = left + 5 * cell + 8, top + 5 * cell + 42 + 15 * legend_rows
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heat-map" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}">',
        _text(left + 2.5 * cell, 15, title, 12, font_weight="bold"),
    ]
    cells: dict[tuple[int, int], list[str]] = {}
    for p in points:
        cells.setdefault((p.likelihood, p.severity), []).append(p.id)
    for likelihood in range(5, 0, -1):
        y = top + (5 - likelihood) * cell
        parts.append(_text(left - 8, y + cell / 2 + 4, str(likelihood), MIN_FONT, "end"))
        for severity in range(1, 6):
            x = left + (severity - 1) * cell
            colour = scale.colour(scale.band(likelihood * severity))
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{colour}" '
                'stroke="#ffffff" stroke-width="1.5"/>'
            )
            ids = sorted(cells.get((likelihood, severity), []), key=_natural)
            if not ids:
                continue
            parts.append(
                _text(x + cell / 2, y + cell / 2 - 3, str(len(ids)), 13, font_weight="bold")
            )
            # The keys, as many lines as fit (a key is a short number, never cut).
            lines = _pack(ids, max_chars=max(3, int(cell / 6.5)))
            if len(lines) > 2:
                lines = [*lines[:1], "…"]
            for k, line in enumerate(lines):
                parts.append(_text(x + cell / 2, y + cell / 2 + 10 + 10 * k, line, MIN_FONT))
    for severity in range(1, 6):
        x = left + (severity - 0.5) * cell
        parts.append(_text(x, top + 5 * cell + 13, str(severity), MIN_FONT))
    parts.append(_text(left + 2.5 * cell, top + 5 * cell + 29, "Severity →", MIN_FONT))
    parts.append(
        _text(
            12,
            top + 2.5 * cell,
            "Likelihood →",
            MIN_FONT,
            transform=f"rotate(-90 12 {top + 2.5 * cell:.1f})",
        )
    )
    legend_top = top + 5 * cell + 40
    half = 5 * cell / 2
    for i, b in enumerate(scale.bands):
        x = left + (i % 2) * half
        y = legend_top + (i // 2) * 15
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="9" height="9" fill="{scale.colour(b)}" '
            'stroke="#999999" stroke-width="0.5"/>'
        )
        parts.append(_text(x + 13, y + 9, f"{b.name} {b.min}–{b.max}", MIN_FONT, "start"))
    parts.append("</svg>")
    return Markup("".join(parts))


def _natural(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() else (1 << 30, key)


def _pack(words: Sequence[str], max_chars: int, sep: str = " ") -> list[str]:
    """Words joined into lines of at most `max_chars` (a longer word gets its own line)."""
    lines: list[str] = []
    for w in words:
        if lines and len(lines[-1]) + len(sep) + len(w) <= max_chars:
            lines[-1] += sep + w
        else:
            lines.append(w)
    return lines


def wrap_label(label: str, max_chars: int, max_lines: int = 2) -> list[str]:
    """A chart label on at most `max_lines` lines, broken at spaces; only text that does not
    fit even then is cut (with "…")."""
    lines = _pack(label.split(), max_chars)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max_chars - 1].rstrip() + "…"
    return [ln if len(ln) <= max_chars else ln[: max_chars - 1] + "…" for ln in lines]


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


def coverage_bars(bars: Sequence[Bar], width: int = 640, label_width: int = 270) -> Markup:
    """Horizontal stacked bars (covered, partial, gap) of the applicable requirements; a
    long label wraps onto a second line instead of being cut."""
    line_h, top = 12, 6
    bar_x = label_width + 6
    bar_w = width - bar_x - 110
    max_chars = int(label_width / (MIN_FONT * 0.56))
    labels = [wrap_label(bar.label, max_chars, max_lines=3) for bar in bars]
    rows = [max(18, 8 + line_h * len(lines)) for lines in labels]
    height = top + sum(rows) + 28
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="coverage-bars" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="Coverage">'
    ]
    y = top
    for bar, lines, row in zip(bars, labels, rows, strict=True):
        first = y + row / 2 - line_h * (len(lines) - 1) / 2 + 4
        for k, line in enumerate(lines):
            parts.append(_text(label_width, first + k * line_h, line, MIN_FONT, "end"))
        mid = y + row / 2
        parts.append(
            f'<rect x="{bar_x}" y="{mid - 6}" width="{bar_w}" height="12" fill="#f1f1f1"/>'
        )
        x = float(bar_x)
        if bar.applicable:
            for status in ("covered", "partial", "gap"):
                n = bar.counts.get(status, 0)
                if not n:
                    continue
                w = bar_w * n / bar.applicable
                parts.append(
                    f'<rect x="{x:.2f}" y="{mid - 6}" width="{w:.2f}" height="12" '
                    f'fill="{STATUS_COLOURS[status]}"/>'
                )
                x += w
        pct = "n/a" if bar.percent is None else f"{bar.percent:.0f}%"
        na = bar.counts.get("not-applicable", 0)
        suffix = f"  ({bar.counts.get('covered', 0)}/{bar.applicable}" + (
            f", {na} n/a)" if na else ")"
        )
        parts.append(_text(bar_x + bar_w + 4, mid + 4, pct + suffix, MIN_FONT, "start"))
        y += row
    legend_y = y + 16
    x = float(bar_x)
    for status, name in (("covered", "covered"), ("partial", "partial"), ("gap", "gap")):
        parts.append(
            f'<rect x="{x:.1f}" y="{legend_y - 7}" width="9" height="9" '
            f'fill="{STATUS_COLOURS[status]}"/>'
        )
        parts.append(_text(x + 12, legend_y + 1, name, MIN_FONT, "start"))
        x += 70
    parts.append("</svg>")
    return Markup("".join(parts))
