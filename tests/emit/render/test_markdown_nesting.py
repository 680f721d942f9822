"""Markdown nested deeper than the renderer lays out is cut with a note, never silently."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader
from render_helpers import make_workspace, run_build

from compliance.emit.render.markdown import render_markdown

DEEP_LIST = "".join("  " * i + f"- level {i}\n" for i in range(30)) + "\nAfter the list.\n"
DEEP_QUOTE = "".join(">" * i + f" quote {i}\n" for i in range(1, 30)) + "\nAfter the quote.\n"


def test_a_list_nested_too_deep_is_cut_with_a_note_saying_how_much() -> None:
    warnings: list[str] = []
    html = render_markdown(DEEP_LIST, doc_path="evidence/deep.md", warnings=warnings)
    assert "level 8" in html and "level 9" not in html
    assert "text cut here: 21 lines" in html
    assert "After the list." in html  # markdown-it alone drops the rest of the document
    assert warnings == [
        "evidence/deep.md:10: 21 lines (207 characters) nested more than 20 levels deep cut "
        "from the PDF, with a note where they were; flatten the nesting to show them"
    ]


def test_a_blockquote_nested_too_deep_is_cut_with_a_note() -> None:
    warnings: list[str] = []
    html = render_markdown(DEEP_QUOTE, warnings=warnings)
    assert "text cut here" in html and "After the quote." in html
    assert len(warnings) == 1 and "nested more than 20 levels deep" in warnings[0]


def test_line_numbers_in_the_note_count_the_front_matter() -> None:
    warnings: list[str] = []
    render_markdown("---\nas_of: 2026-01-01\n---\n" + DEEP_LIST, "", "d.md", 0, warnings)
    assert warnings[0].startswith("d.md:13:")


def test_shallow_markdown_is_untouched() -> None:
    warnings: list[str] = []
    html = render_markdown("- a\n  - b\n\n> c\n", warnings=warnings)
    assert "cut" not in html and warnings == []


def test_the_pdf_says_where_text_was_cut_and_the_build_warns(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", {"evidence/model-card.md": "# Card\n\n" + DEEP_LIST})
    out = tmp_path / "out"
    result = run_build(root, "risk-assessment", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "warning: risk-assessment: evidence/model-card.md:" in result.stderr
    assert "nested more than 20 levels deep cut from the PDF" in result.stderr
    reader = PdfReader(out / "risk-assessment.pdf")
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in reader.pages))
    assert "text cut here: 21 lines (207 characters)" in text
    assert "After the list." in text
