"""The PDFs read back: sections, page numbers, bookmarks, attachments, PDF/A, reproducibility."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from render_helpers import git, run_build

from compliance.emit.formats.coverage.json import JsonFormat
from compliance.pipeline import run

SECTIONS = [
    "1 Document control",
    "2 Executive summary",
    "3 Scope and classification",
    "4 Annex XI, item by item",
    "5 Risk register",
    "6 Evaluations and red-teaming",
    "7 Coverage per framework",
    "8 Traceability matrix",
    "9 Gaps and remediation plan",
    "10 Sign-off",
    "11 Appendix",
]


def pages_text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def ra(built: dict[str, Path]) -> Path:
    return built["first"] / "risk-assessment.pdf"


@pytest.fixture(scope="module")
def gng(built: dict[str, Path]) -> Path:
    return built["first"] / "go-no-go.pdf"


@pytest.fixture(scope="module")
def ra_text(ra: Path) -> list[str]:
    return pages_text(ra)


def test_two_builds_in_separate_processes_are_byte_identical(built: dict[str, Path]) -> None:
    for name in ("risk-assessment.pdf", "go-no-go.pdf", "risk-assessment.html"):
        first = (built["first"] / name).read_bytes()
        second = (built["second"] / name).read_bytes()
        assert first == second, name


def test_the_build_prints_the_paths_it_wrote(workspace: Path, tmp_path: Path) -> None:
    result = run_build(workspace, "go-no-go", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [str(tmp_path / "go-no-go.pdf")]
    assert result.stderr == ""  # quiet when stderr is not a terminal


def test_every_section_heading_is_present_in_order(ra_text: list[str]) -> None:
    body = "\n".join(ra_text[2:])  # after the cover and the contents
    positions = [body.find(heading) for heading in SECTIONS]
    assert all(p >= 0 for p in positions), dict(zip(SECTIONS, positions, strict=True))
    assert positions == sorted(positions)


def test_every_page_says_page_x_of_n(ra_text: list[str]) -> None:
    n = len(ra_text)
    assert n > 8
    for i, text in enumerate(ra_text, start=1):
        assert f"Page {i} of {n}" in text


def test_the_table_of_contents_gives_the_pages_the_sections_start_on(ra_text: list[str]) -> None:
    toc = ra_text[1]
    for heading in SECTIONS:
        match = re.search(re.escape(heading) + r"[ .]*?(\d+)\s*$", toc, re.M)
        assert match, heading
        page = int(match.group(1))
        assert ra_text[page - 1].lstrip().splitlines()[1:3], heading
        assert heading in ra_text[page - 1], (heading, page)


def test_headings_become_pdf_bookmarks(ra: Path) -> None:
    titles = [item.title for item in PdfReader(ra).outline if not isinstance(item, list)]
    for heading in SECTIONS:
        assert heading in titles


def test_the_running_header_carries_title_and_classification(ra_text: list[str]) -> None:
    for text in ra_text[1:]:
        assert "Pre-release risk assessment" in text
        assert "INTERNAL — test" in text


def test_long_tables_repeat_their_header_on_the_next_page(ra_text: list[str]) -> None:
    header_pages = [
        t for t in ra_text if re.search(r"Requirement\s+Control\s+Evidence\s+sha256", t)
    ]
    assert len(header_pages) >= 2


def test_evaluation_metrics_are_shown_per_slice(ra_text: list[str]) -> None:
    section = next(t for t in ra_text[2:] if "6 Evaluations and red-teaming" in t)
    assert "refusal_rate" in section
    assert "language=sw" in section and "0.91" in section
    assert "overall" in section and "0.97" in section


def test_the_cover_states_commit_date_and_decision(workspace: Path, ra_text: list[str]) -> None:
    head = git(workspace, "rev-parse", "HEAD")
    cover = ra_text[0]
    assert head in cover
    assert "2026-03-02" in cover
    assert "NOT DECIDED" in cover


def test_the_go_no_go_report_is_short_and_honest_without_a_policy(gng: Path) -> None:
    text = pages_text(gng)
    assert 1 <= len(text) <= 3
    joined = "\n".join(text)
    assert "NOT DECIDED" in joined
    assert "no gate policy defined" in joined
    assert "RISK-002" in joined  # the open risk
    assert "Signature" in joined


def test_attachments_are_the_coverage_json_and_a_manifest(workspace: Path, ra: Path) -> None:
    attachments = PdfReader(ra).attachments
    assert sorted(attachments) == ["coverage.json", "manifest.json"]
    # A build assesses the last commit: its coverage.json is that commit's assessment.
    expected = JsonFormat().format(run(workspace, "HEAD").assessment)
    assert attachments["coverage.json"][0].decode() == expected
    manifest = json.loads(attachments["manifest.json"][0])
    assert manifest["workspace"]["commit"]["sha"] == git(workspace, "rev-parse", "HEAD")
    paths = {e["path"]: e for e in manifest["evidence"]}
    assert "evidence/missing.md" in paths and paths["evidence/missing.md"]["state"] == "missing"
    for rel in ("evidence/model-card.md", "evidence/red-team.md", "evidence/evals/safety.json"):
        data = (workspace / rel).read_bytes()
        assert paths[rel]["sha256"] == hashlib.sha256(data).hexdigest()
        assert paths[rel]["git_blob"] == git(workspace, "hash-object", rel)
        last = git(workspace, "log", "-1", "--format=%H", "--", rel)
        assert paths[rel]["last_commit"]["sha"] == last
    assert manifest["tool"]["name"] == "compliance-docs"


def test_xmp_metadata_declares_pdf_a_3b(ra: Path) -> None:
    root = PdfReader(ra).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part="3"|<pdfaid:part>3<', xmp)
    assert re.search(r'pdfaid:conformance="B"|<pdfaid:conformance>B<', xmp)
    assert "/AF" in root  # PDF/A-3 associated files


def test_dates_come_from_the_commit(ra: Path) -> None:
    info = PdfReader(ra).metadata
    assert info is not None
    assert info["/CreationDate"].startswith("D:20260302100000")
    assert info["/ModDate"].startswith("D:20260302100000")


def test_fonts_are_embedded_and_images_do_not_interpolate(ra: Path) -> None:
    reader = PdfReader(ra)
    fonts = 0
    images = 0
    for page in reader.pages:
        resources = page["/Resources"]
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts += 1
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Image":
                images += 1
                assert xobject.get("/Interpolate") in (None, False)
    assert fonts > 0
    assert images >= 1  # the diagram in the model card


def test_html_output_is_written_on_request(built: dict[str, Path]) -> None:
    html = (built["first"] / "risk-assessment.html").read_text()
    assert html.startswith("<!DOCTYPE html>")
    assert "5 Risk register" in html


def test_letter_paper_is_selectable(workspace: Path, tmp_path: Path) -> None:
    result = run_build(workspace, "go-no-go", "--out", str(tmp_path), "--page-size", "letter")
    assert result.returncode == 0, result.stderr
    box = PdfReader(tmp_path / "go-no-go.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_source_date_epoch_overrides_the_commit_date(workspace: Path, tmp_path: Path) -> None:
    result = run_build(
        workspace, "go-no-go", "--out", str(tmp_path), env={"SOURCE_DATE_EPOCH": "1700000000"}
    )
    assert result.returncode == 0, result.stderr
    info = PdfReader(tmp_path / "go-no-go.pdf").metadata
    assert info["/CreationDate"].startswith("D:20231114221320")


def test_reproducible_without_harfbuzz_subset(workspace: Path, tmp_path: Path) -> None:
    # Force WeasyPrint's fontTools fallback, which stamps the time into each font subset
    # unless SOURCE_DATE_EPOCH is set: the renderer sets it from the commit.
    prelude = "import weasyprint.pdf.fonts as f\nf.harfbuzz_subset = None\nimport time"
    outs = []
    for name in ("a", "b"):
        out = tmp_path / name
        result = run_build(workspace, "go-no-go", "--out", str(out), prelude=prelude)
        assert result.returncode == 0, result.stderr
        outs.append((out / "go-no-go.pdf").read_bytes())
    assert outs[0] == outs[1]


def test_an_unknown_target_is_invalid_input(workspace: Path, tmp_path: Path) -> None:
    result = run_build(workspace, "risk-assesment", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "unknown build target 'risk-assesment'" in result.stderr
    assert "did you mean 'risk-assessment'?" in result.stderr
    assert not any(tmp_path.iterdir())


def test_invalid_input_leaves_the_previous_output_intact(
    workspace: Path, built: dict[str, Path], tmp_path: Path
) -> None:
    broken = tmp_path / "ws"
    subprocess.run(["git", "clone", "-q", str(workspace), str(broken)], check=True)
    (broken / "risks/register.yaml").write_text("schema_version: 1\nrisks: [{id: 1}]\n")
    git(broken, "commit", "-q", "-am", "broken register")  # builds read the last commit
    out = tmp_path / "out"
    out.mkdir()
    previous = (built["first"] / "go-no-go.pdf").read_bytes()
    (out / "go-no-go.pdf").write_bytes(previous)
    result = run_build(broken, "--out", str(out))
    assert result.returncode == 2
    assert "risks/register.yaml" in result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "go-no-go.pdf").read_bytes() == previous
    assert sorted(p.name for p in out.iterdir()) == ["go-no-go.pdf"]
