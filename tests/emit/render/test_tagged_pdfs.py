"""Tagged archival PDFs: PDF/A-3a with a structure tree, a language, alternative text for
every figure and marked table headers, still carrying the JSON attachments."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from render_helpers import run_build

from compliance.emit.render.fetcher import SafeFetcher
from compliance.emit.render.pdf import UNTAGGED_VARIANT, EmbeddedFile, write_pdf


@pytest.fixture(scope="module")
def reports(workspace: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("tagged")
    result = run_build(workspace, "risk-assessment", "go-no-go", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return {"risk-assessment": out / "risk-assessment.pdf", "go-no-go": out / "go-no-go.pdf"}


def structure(root: DictionaryObject) -> tuple[Counter[str], list[DictionaryObject]]:
    """Counts of structure types under StructTreeRoot, and every Figure element."""
    counts: Counter[str] = Counter()
    figures: list[DictionaryObject] = []
    stack = [root["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        kind = node.get("/S")
        if kind is not None:
            counts[str(kind)] += 1
            if kind == "/Figure":
                figures.append(node)
        kids = node.get("/K")
        if kids is None:
            continue
        for kid in kids if isinstance(kids, list) else [kids]:
            obj = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(obj, DictionaryObject) and obj.get("/Type") != "/MCR":
                stack.append(obj)
    return counts, figures


@pytest.mark.parametrize("kind", ["risk-assessment", "go-no-go"])
def test_each_report_is_tagged_pdf_a_3a_with_its_language_and_its_attachments(reports, kind):
    reader = PdfReader(reports[kind])
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp
    assert set(reader.attachments) == {"coverage.json", "manifest.json"}
    counts, _ = structure(root)
    assert counts["/Document"] == 1
    assert counts["/H1"] >= 1 and counts["/P"] >= 1


def test_every_chart_of_the_risk_assessment_has_alternative_text(reports):
    _, figures = structure(PdfReader(reports["risk-assessment"]).trailer["/Root"])
    assert len(figures) >= 3  # two heat maps and the coverage chart at least
    alts = [str(f.get("/Alt", "")) for f in figures]
    assert all(alts), alts
    assert any(a.startswith("Inherent risk by likelihood and severity") for a in alts)
    assert any(a.startswith("Coverage of applicable requirements.") for a in alts)


def test_table_headers_are_tagged_as_headers(reports):
    counts, _ = structure(PdfReader(reports["go-no-go"]).trailer["/Root"])
    assert counts["/Table"] >= 2
    assert counts["/TH"] >= 6  # the rules table's six column headers at least
    assert counts["/TD"] > counts["/TH"]


def test_the_untagged_variant_has_no_structure_tree(tmp_path):
    from datetime import UTC, datetime

    when = datetime(2026, 3, 2, tzinfo=UTC)
    html = '<html lang="en"><body><h1>Title</h1><p>Text.</p></body></html>'
    fetcher = SafeFetcher(tmp_path, (tmp_path,), ())
    files = [EmbeddedFile("a.json", b"{}", "A file")]
    tagged, _ = write_pdf(html, tmp_path, fetcher, files, when, "id")
    untagged, _ = write_pdf(html, tmp_path, fetcher, files, when, "id", UNTAGGED_VARIANT)
    (tmp_path / "t.pdf").write_bytes(tagged)
    (tmp_path / "u.pdf").write_bytes(untagged)
    assert "/StructTreeRoot" in PdfReader(tmp_path / "t.pdf").trailer["/Root"]
    assert "/StructTreeRoot" not in PdfReader(tmp_path / "u.pdf").trailer["/Root"]
    again, _ = write_pdf(html, tmp_path, fetcher, files, when, "id")
    assert again == tagged
