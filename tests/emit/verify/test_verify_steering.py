"""`verify` cannot be steered by a rewritten manifest, and a packet holds every input."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

from click.testing import CliRunner
from packet_helpers import Built

from compliance.cli.main import main
from compliance.emit.export.manifest import sums_text
from compliance.emit.export.verify import verify_packet

EVIDENCE = "repo/evidence/model-card.md"
FORGED = b"# Model card\n\nSomething else entirely.\n"


def _rewrite(folder: Path, manifest: dict) -> None:
    """Write `manifest` and a SHA256SUMS consistent with every file now in the folder."""
    (folder / "manifest.json").write_text(json.dumps(manifest))
    files = {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != "SHA256SUMS"
    }
    (folder / "SHA256SUMS").write_bytes(sums_text(files))


def _swap_evidence(folder: Path) -> dict:
    """Replace the model card and make manifest.json agree; return the manifest."""
    (folder / EVIDENCE).write_bytes(FORGED)
    manifest = json.loads((folder / "manifest.json").read_text())
    sha = hashlib.sha256(FORGED).hexdigest()
    for entry in manifest["files"] + manifest["evidence"] + manifest["inputs"]:
        if EVIDENCE in (entry.get("path"), entry.get("packet_path")):
            entry["sha256"], entry["size"] = sha, len(FORGED)
    return manifest


def _verify(target: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["verify", str(target), *args])
    return result.exit_code, result.stdout, result.stderr


def test_a_swapped_evidence_file_is_caught_even_when_the_manifest_lists_no_reports(
    built: Built,
) -> None:
    manifest = _swap_evidence(built.folder)
    manifest["reports"] = []
    _rewrite(built.folder, manifest)
    code, out, _ = _verify(built.folder)
    assert code == 1
    assert f"mismatch: {EVIDENCE}" in out
    assert "unrecorded: reports/go-no-go.pdf" in out


def test_deleting_the_pdfs_and_their_entries_leaves_the_packet_incomplete(built: Built) -> None:
    manifest = _swap_evidence(built.folder)
    for kind in ("go-no-go", "risk-assessment"):
        for suffix in ("pdf", "html"):
            (built.folder / f"reports/{kind}.{suffix}").unlink()
    manifest["reports"] = []
    manifest["files"] = [f for f in manifest["files"] if not f["path"].startswith("reports/")]
    _rewrite(built.folder, manifest)
    code, out, _ = _verify(built.folder)
    assert code == 1
    assert "missing: reports/go-no-go.pdf: the build produced this report" in out
    assert "missing: reports/risk-assessment.pdf" in out


def test_a_manifest_claiming_no_reports_verifies_but_says_nothing_pins_the_evidence(
    built: Built,
) -> None:
    manifest = _swap_evidence(built.folder)
    for kind in ("go-no-go", "risk-assessment"):
        for suffix in ("pdf", "html"):
            (built.folder / f"reports/{kind}.{suffix}").unlink()
    manifest["reports"], manifest["report_kinds"] = [], []
    manifest["files"] = [f for f in manifest["files"] if not f["path"].startswith("reports/")]
    _rewrite(built.folder, manifest)
    code, _, err = _verify(built.folder)
    assert code == 0
    assert "no report PDF pins the evidence" in err
    assert "internal consistency only" in err
    # ... and git still catches the swap.
    code, out, _ = _verify(built.folder, "--repo", str(built.repo))
    assert code == 1 and f"differs-from-git: {EVIDENCE}" in out


def test_a_manifest_without_report_kinds_still_needs_one_report_pdf(built: Built) -> None:
    manifest = _swap_evidence(built.folder)
    for kind in ("go-no-go", "risk-assessment"):
        for suffix in ("pdf", "html"):
            (built.folder / f"reports/{kind}.{suffix}").unlink()
    del manifest["report_kinds"]
    manifest["reports"] = []
    manifest["files"] = [f for f in manifest["files"] if not f["path"].startswith("reports/")]
    _rewrite(built.folder, manifest)
    assert ("missing", "reports") in {
        (f.kind, f.path) for f in verify_packet(built.folder).findings
    }


def test_a_deleted_evidence_file_is_still_pinned_by_the_pdfs(built: Built) -> None:
    (built.folder / EVIDENCE).unlink()
    manifest = json.loads((built.folder / "manifest.json").read_text())
    manifest["files"] = [f for f in manifest["files"] if f["path"] != EVIDENCE]
    manifest["evidence"] = [e for e in manifest["evidence"] if e["packet_path"] != EVIDENCE]
    manifest["inputs"] = [i for i in manifest["inputs"] if i.get("packet_path") != EVIDENCE]
    _rewrite(built.folder, manifest)
    found = {(f.kind, f.path) for f in verify_packet(built.folder).findings}
    assert ("missing", EVIDENCE) in found


def test_a_swapped_policy_file_is_caught_by_the_pdfs_and_by_git(built: Built) -> None:
    policy = "repo/compliance.yaml"
    forged = (built.folder / policy).read_bytes().replace(b"365", b"9999")
    (built.folder / policy).write_bytes(forged)
    manifest = json.loads((built.folder / "manifest.json").read_text())
    sha = hashlib.sha256(forged).hexdigest()
    for entry in manifest["files"] + manifest["inputs"]:
        if policy in (entry.get("path"), entry.get("packet_path")):
            entry["sha256"], entry["size"] = sha, len(forged)
    _rewrite(built.folder, manifest)
    found = {(f.kind, f.path) for f in verify_packet(built.folder, built.repo).findings}
    assert ("mismatch", policy) in found
    assert ("differs-from-git", policy) in found


def test_the_verdict_says_what_was_checked(built: Built) -> None:
    code, _, err = _verify(built.zip)
    assert code == 0
    assert (
        "intact (internal consistency only: run with --repo to check the evidence against git)"
        in err
    )
    assert "pinned by reports/go-no-go.pdf, reports/risk-assessment.pdf" in err
    code, _, err = _verify(built.zip, "--repo", str(built.repo))
    assert code == 0
    assert "3 evidence files and 4 other inputs match git" in err


def _git_blob(repo: Path, path: str) -> str:
    return subprocess.run(
        ["git", "rev-parse", f"HEAD:{path}"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_the_packet_holds_every_input_of_the_verdict_with_its_digest(built: Built) -> None:
    manifest = json.loads((built.folder / "manifest.json").read_text())
    inputs = {i["path"]: i for i in manifest["inputs"]}
    expected = {
        "compliance.yaml": "project",
        "controls/controls.yaml": "control",
        "risks/register.yaml": "risk",
        "frameworks/crosswalks/eu-ai-act-annex-xi--eu-ai-act-annex-xii.yaml": "catalog",
        "evidence/model-card.md": "evidence",
    }
    roles = {f["path"]: f["role"] for f in manifest["files"]}
    for path, read_as in expected.items():
        item = inputs[path]
        assert read_as in item["read_as"]
        copy = built.folder / item["packet_path"]
        data = (built.repo / path).read_bytes()
        assert copy.read_bytes() == data
        assert item["sha256"] == hashlib.sha256(data).hexdigest()
        assert item["git_blob"] == _git_blob(built.repo, path)
        if read_as != "evidence":
            assert roles[item["packet_path"]] == "input"
    assert inputs["evidence/not-yet-written.md"]["missing"]
    result = verify_packet(built.zip, built.repo)
    assert result.intact and result.inputs_checked == 4
    assert "Inputs of the verdict" in (built.folder / "index.html").read_text()


def test_a_downstream_packet_withholds_the_internal_inputs_with_digest_and_reason(
    built: Built, tmp_path: Path
) -> None:
    from packet_helpers import make_packet

    _, folder = make_packet(built.repo, tmp_path / "down", audience="downstream")
    manifest = json.loads((folder / "manifest.json").read_text())
    withheld = {w["path"]: w for w in manifest["withheld"]}
    policy = withheld["repo/compliance.yaml"]
    data = (built.repo / "compliance.yaml").read_bytes()
    assert policy["sha256"] == hashlib.sha256(data).hexdigest()
    assert "not for downstream providers" in policy["reason"]
    assert not (folder / "repo/compliance.yaml").exists()
