"""The auditor packet: deterministic bytes, complete contents, audiences, hand verification."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from packet_helpers import Built, make_packet, populate

from compliance.emit.export.verify import verify_packet


def test_a_packet_rebuilt_from_the_same_commit_is_byte_identical(
    built: Built, tmp_path: Path
) -> None:
    first = built.zip.read_bytes()
    again, _ = make_packet(built.repo, tmp_path / "again")
    assert again.read_bytes() == first


def test_a_packet_from_an_identical_clone_elsewhere_is_byte_identical(
    built: Built, git_repo: Callable[..., object], tmp_path: Path
) -> None:
    other = git_repo("clone")
    populate(other)
    copy, _ = make_packet(other.root, tmp_path / "clone-out")  # type: ignore[attr-defined]
    assert copy.read_bytes() == built.zip.read_bytes()


def test_zip_entries_are_sorted_under_one_folder_with_fixed_times_and_modes(built: Built) -> None:
    with zipfile.ZipFile(built.zip) as zf:
        infos = zf.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    assert all(n.startswith(built.prefix) for n in names)
    assert {i.date_time for i in infos} == {(2026, 3, 1, 9, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}


def test_the_packet_holds_reports_evidence_oscal_manifest_index_and_sums(built: Built) -> None:
    names = {p.relative_to(built.folder).as_posix() for p in built.folder.rglob("*") if p.is_file()}
    assert {
        "SHA256SUMS",
        "manifest.json",
        "index.html",
        "coverage.json",
        "reports/go-no-go.pdf",
        "reports/risk-assessment.html",
        "repo/evidence/model-card.md",
        "repo/evidence/red team/report ü.md",
        "oscal/assessment-results.json",
        "oscal/poam.json",
        "oscal/component-definition.json",
        "oscal/catalog-eu-ai-act-annex-xii.json",
        "oscal/mapping-eu-ai-act-annex-xi--eu-ai-act-annex-xii.json",
    } <= names


def test_the_manifest_records_git_provenance_and_the_pdf_attachments(built: Built) -> None:
    manifest = json.loads((built.folder / "manifest.json").read_text())
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=built.repo, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert manifest["workspace"]["commit"] == head
    card = next(e for e in manifest["evidence"] if e["path"] == "evidence/model-card.md")
    blob = subprocess.run(
        ["git", "rev-parse", "HEAD:evidence/model-card.md"],
        cwd=built.repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert card["git_blob"] == blob
    assert card["last_commit"]["sha"] == head
    assert [m["path"] for m in manifest["missing_evidence"]] == ["evidence/not-yet-written.md"]
    report = manifest["reports"][0]
    assert {a["name"] for a in report["attachments"]} == {"coverage.json", "manifest.json"}
    assert any(a.get("same_as") == "coverage.json" for a in report["attachments"])
    assert manifest["gate"]["verdict"] == "NOT DECIDED"


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="needs GNU sha256sum")
def test_the_hand_verification_written_in_the_index_works(built: Built) -> None:
    index = (built.folder / "index.html").read_text()
    assert "sha256sum -c SHA256SUMS" in index
    assert "git hash-object" in index
    out = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=built.folder, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.count(": OK") == len((built.folder / "SHA256SUMS").read_text().splitlines())


def test_a_downstream_packet_lists_what_it_withholds_with_hash_and_reason(
    built: Built, tmp_path: Path
) -> None:
    zip_path, folder = make_packet(built.repo, tmp_path / "down", audience="downstream")
    assert zip_path.name == "example-model-1.0.0-downstream-packet.zip"
    manifest = json.loads((folder / "manifest.json").read_text())
    withheld = {w["path"]: w for w in manifest["withheld"]}
    assert "reports/go-no-go.pdf" in withheld
    assert "oscal/assessment-results.json" in withheld
    assert all(len(w["sha256"]) == 64 and w["reason"] for w in withheld.values())
    assert not (folder / "reports").exists()
    assert (folder / "oscal/catalog-eu-ai-act-annex-xii.json").is_file()
    assert "withheld" in manifest["gate"]
    assert [c["framework"] for c in manifest["coverage"]] == ["eu-ai-act-annex-xii"]
    assert "Withheld from this audience" in (folder / "index.html").read_text()
    assert verify_packet(zip_path, built.repo).intact


def test_downstream_evidence_outside_annex_xii_is_withheld_not_dropped(
    git_repo: Callable[..., object], tmp_path: Path
) -> None:
    repo = git_repo("ws2")
    populate(repo)
    extra = """\
schema_version: 1
controls:
  - id: CTL-NIST-02
    title: Internal evaluation
    owner: Safety Lead
    satisfies: ["nist-ai-rmf-1.0:GOVERN 1.2"]
    evidence: [evidence/evals/run.json]
"""
    repo.write("controls/more.yaml", extra)  # type: ignore[attr-defined]
    repo.commit("more", date="2026-03-02T10:00:00+00:00")  # type: ignore[attr-defined]
    _, folder = make_packet(repo.root, tmp_path / "d", audience="downstream")  # type: ignore[attr-defined]
    manifest = json.loads((folder / "manifest.json").read_text())
    withheld = {w["path"]: w for w in manifest["withheld"]}
    assert "not Annex XII" in withheld["repo/evidence/evals/run.json"]["reason"]
    assert not (folder / "repo/evidence/evals/run.json").exists()
    full_zip, _ = make_packet(repo.root, tmp_path / "a")  # type: ignore[attr-defined]
    assert verify_packet(full_zip).intact


def test_uncommitted_evidence_is_flagged_by_the_repo_check(
    git_repo: Callable[..., object], tmp_path: Path
) -> None:
    repo = git_repo("dirty")
    populate(repo)
    repo.write("evidence/policy.md", "# Risk policy\n\nEdited after the commit.\n")  # type: ignore[attr-defined]
    zip_path, _ = make_packet(repo.root, tmp_path / "o")  # type: ignore[attr-defined]
    result = verify_packet(zip_path, repo.root)  # type: ignore[attr-defined]
    assert [(f.kind, f.path) for f in result.findings] == [
        ("differs-from-git", "repo/evidence/policy.md")
    ]


def test_the_packet_build_target_reuses_the_reports_an_earlier_target_wrote(
    pristine: Built, tmp_path: Path
) -> None:
    from packet_helpers import reports_for

    from compliance.emit.build import TARGETS, BuildContext, build
    from compliance.pipeline import run

    assert "packet" in TARGETS
    at = run(pristine.repo, gate=False)
    out = tmp_path / "build"
    out.mkdir()
    ctx = BuildContext(run=at, out=out)
    for report in reports_for(at):
        pdf, html = out / f"{report.kind}.pdf", out / f"{report.kind}.html"
        pdf.write_bytes(report.pdf)
        html.write_text(report.html)
        ctx.outputs[report.kind] = [html, pdf]
    written = build(ctx, ["packet"])
    assert [p.name for p in written] == [pristine.zip.name, pristine.folder.name]
    assert written[0].read_bytes() == pristine.zip.read_bytes()
