"""Typography read back from the PDFs: no text under 7 pt, no label cut with "…" that
would have fitted on two lines, no heading as the last line of a page.

The harness (typography.py) is first shown to catch each fault in a PDF made to have
it; then it is applied to the example's go/no-go report, Model Documentation Forms and
training-content summary, and (expected to fail until its rewrite lands) to the risk
assessment.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import typography
from click.testing import CliRunner

from compliance.cli.main import main
from compliance.emit.render.fetcher import SafeFetcher
from compliance.emit.render.pdf import write_pdf

REPO_ROOT = Path(__file__).resolve().parents[3]
PAGE = "@page { size: A4; margin: 22mm 17mm 20mm 17mm; }"


def pdf_of(tmp_path: Path, body: str, css: str = "") -> Path:
    html = (
        f'<html lang="en"><head><style>{PAGE} body {{ font-size: 9pt; }} {css}</style></head>'
        f"<body>{body}</body></html>"
    )
    when = datetime(2026, 3, 2, tzinfo=UTC)
    data, _ = write_pdf(html, tmp_path, SafeFetcher(tmp_path, (tmp_path,), ()), [], when, "t")
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return path


def test_the_harness_finds_text_under_seven_points(tmp_path):
    pdf = pdf_of(tmp_path, '<p>Body text.</p><p style="font-size: 6pt">Fine print</p>')
    found = typography.small_text(pdf)
    assert found == ['page 1: "Fine print" at 6.0 pt']
    assert typography.small_text(pdf_of(tmp_path, "<p>Body text at nine points.</p>")) == []


def test_the_harness_finds_a_label_cut_with_an_ellipsis_that_would_fit_on_two_lines(tmp_path):
    full = "XI.2 Section 2: Additional information to be provided"
    pdf = pdf_of(tmp_path, f'<p style="width: 80mm">{full[:30]}…</p><p>… and 3 more</p>')
    assert typography.truncated_labels(pdf) == [f'page 1: "{full[:30].rstrip()}…"']
    assert typography.truncated_labels(pdf, [full]) == [f'page 1: "{full[:30].rstrip()}…"']
    long = full + " " + "and a great deal more text " * 20
    assert typography.truncated_labels(pdf, [long]) == []


def test_the_harness_finds_a_heading_left_alone_at_the_foot_of_a_page(tmp_path):
    filler = "<p>Line of body text.</p>" * 60
    css = (
        "h2 { font-size: 11.5pt; font-weight: bold; margin: 0; break-after: auto; } "
        "p { margin: 0; }"
    )
    alone = pdf_of(
        tmp_path,
        filler[: len("<p>Line of body text.</p>") * 56]
        + '<h2>10.2 Evidence documents</h2><div style="height: 60mm; break-inside: avoid">'
        "<p>Kept together.</p></div>",
        css,
    )
    assert typography.headings_at_page_foot(alone) == ['page 1: "10.2 Evidence documents"']
    kept = pdf_of(tmp_path, "<h2>Heading</h2><p>Body.</p>", css)
    assert typography.headings_at_page_foot(kept) == []


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example")
    targets = ["go-no-go", "model-documentation", "training-summary", "risk-assessment"]
    result = CliRunner().invoke(
        main, ["build", *targets, "--project", str(REPO_ROOT), "--out", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    return out


@pytest.mark.parametrize(
    "name",
    [
        "go-no-go.pdf",
        "model-documentation-ai-office.pdf",
        "model-documentation-authorities.pdf",
        "model-documentation-downstream.pdf",
        "training-summary.pdf",
    ],
)
def test_the_example_documents_read_well(example, name):
    found = typography.findings(example / name)
    assert found == {k: [] for k in found}, found


def test_the_example_risk_assessment_reads_well(example):
    found = typography.findings(example / "risk-assessment.pdf")
    assert found == {k: [] for k in found}, found
