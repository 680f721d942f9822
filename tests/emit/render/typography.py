"""Typography checks on a built PDF, read back with pdfplumber (positions, sizes, fonts).

A reusable harness: each check returns the findings (empty when the PDF is fine), so a
test asserts `== []` and a failure prints what and where.

- `small_text`: characters set below a minimum size (default 7 pt);
- `truncated_labels`: words cut short with "…" (a letter or digit right before it);
  with `full_texts`, only those whose full text would have fitted on two lines;
- `headings_at_page_foot`: a heading (bold, at least `heading_min` pt) that is the last
  line of a page's body, its text on the next page.

Running headers and footers (the page margins) are left out of the line checks.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

MM = 72 / 25.4
TOP_MARGIN = 22 * MM
"""templates/style.css: the page box's top margin (running header above it)."""
BOTTOM_MARGIN = 20 * MM
"""templates/style.css: the page box's bottom margin (running footer below it)."""
SIZE_TOLERANCE = 0.05
"""Rounding of font matrices: 6.99 pt is 7 pt."""


@dataclass(frozen=True)
class Line:
    page: int
    """1-based page number."""
    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    """The largest character size on the line."""
    bold: bool
    """Every non-space character is set in a bold face."""


def _is_bold(fontname: str) -> bool:
    return bool(re.search(r"bold|black|heavy", fontname, re.IGNORECASE))


def lines(pdf: Path) -> list[Line]:
    """Every text line of every page's body (margins excluded), in reading order."""
    out: list[Line] = []
    with pdfplumber.open(pdf) as doc:
        for number, page in enumerate(doc.pages, start=1):
            body_top, body_bottom = TOP_MARGIN - 2, page.height - BOTTOM_MARGIN + 2
            chars = [
                c
                for c in page.chars
                if c["top"] >= body_top and c["bottom"] <= body_bottom and c["text"].strip()
            ]
            rows: dict[int, list[dict]] = {}
            for c in chars:
                rows.setdefault(round(c["bottom"]), []).append(c)
            for key in sorted(rows):
                row = sorted(rows[key], key=lambda c: c["x0"])
                text = _join(row)
                out.append(
                    Line(
                        page=number,
                        text=text,
                        top=min(c["top"] for c in row),
                        bottom=max(c["bottom"] for c in row),
                        x0=row[0]["x0"],
                        x1=row[-1]["x1"],
                        size=max(c["size"] for c in row),
                        bold=all(_is_bold(c["fontname"]) for c in row),
                    )
                )
    return out


def _join(row: list[dict]) -> str:
    """Characters of one line with a space wherever the gap is wider than 0.15 em (a
    word space is about 0.3 em)."""
    parts = [row[0]["text"]]
    for prev, c in itertools.pairwise(row):
        if c["x0"] - prev["x1"] > c["size"] * 0.15:
            parts.append(" ")
        parts.append(c["text"])
    return "".join(parts)


def char_size(c: dict) -> float:
    """The character's font size. pdfplumber's `size` is the glyph box's height, which for
    text turned 90 degrees (a chart's axis label) is the glyph's advance width instead."""
    return c["size"] if c["upright"] else c["x1"] - c["x0"]


def small_text(pdf: Path, minimum: float = 7.0) -> list[str]:
    """'page N: "text" at S pt' for every run of characters set below `minimum` pt
    (margins included: running headers and footers count too)."""
    found: list[str] = []
    with pdfplumber.open(pdf) as doc:
        for number, page in enumerate(doc.pages, start=1):
            run: list[dict] = []
            for c in [*page.chars, None]:
                if c is not None and not c["text"].strip():
                    continue  # a space neither starts nor ends a run
                if c is not None and char_size(c) < minimum - SIZE_TOLERANCE:
                    if run and abs(c["bottom"] - run[-1]["bottom"]) > 1:
                        found.append(_small(number, run))
                        run = []
                    run.append(c)
                    continue
                if run:
                    found.append(_small(number, run))
                    run = []
    return found


def _small(number: int, run: list[dict]) -> str:
    return f'page {number}: "{_join(run)[:60]}" at {char_size(run[0]):.1f} pt'


def truncated_labels(pdf: Path, full_texts: Iterable[str] | None = None) -> list[str]:
    """'page N: "label…"' for every word cut short with an ellipsis.

    With `full_texts` (the labels' full wording), a cut label counts only when its full
    text would have fitted on two lines of the width it was given, at its own character
    width; without, every cut label counts.
    """
    wanted = list(full_texts) if full_texts is not None else None
    found: list[str] = []
    for line in lines(pdf):
        for m in re.finditer(r"(\S[^…]*?[\w)\]])…", line.text):
            cut = m.group(1)
            if wanted is not None:
                full = next((t for t in wanted if t.startswith(cut.strip())), None)
                if full is None:
                    continue
                per_char = (line.x1 - line.x0) / max(1, len(line.text))
                if len(full) * per_char > 2 * (line.x1 - line.x0) + per_char:
                    continue  # would not have fitted on two lines: shortening was needed
            found.append(f'page {line.page}: "{cut}…"')
    return found


def headings_at_page_foot(pdf: Path, heading_min: float = 9.6) -> list[str]:
    """'page N: "heading"' where a heading is the last body line of a page that is not the
    document's last."""
    all_lines = lines(pdf)
    pages = sorted({line.page for line in all_lines})
    found = []
    for number in pages[:-1]:
        on_page = [line for line in all_lines if line.page == number]
        last = max(on_page, key=lambda line: line.bottom)
        if last.bold and last.size >= heading_min - SIZE_TOLERANCE:
            found.append(f'page {number}: "{last.text}"')
    return found


def findings(pdf: Path, full_texts: Iterable[str] | None = None) -> dict[str, list[str]]:
    """Every check at once, keyed by its name (each empty when the PDF is fine)."""
    return {
        "text under 7 pt": small_text(pdf),
        "labels cut with …": truncated_labels(pdf, full_texts),
        "headings at the foot of a page": headings_at_page_foot(pdf),
    }
