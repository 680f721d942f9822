"""The packet carries the Model Documentation Form (the versions its audience may see) and
the public training-content summary, under documents/, hashed in the manifest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from compliance.emit.build import BuildContext
from compliance.emit.documents import packet_documents
from compliance.emit.export.packet import build_packet
from compliance.pipeline import run
from tests.emit.documents.docs_helpers import example_workspace
from tests.gitrepo import GitRepo

EXT = (".json", ".md", ".pdf")


def test_a_downstream_packet_carries_the_downstream_form_and_the_public_summary(
    git_repo: Callable[..., GitRepo], tmp_path: Path
) -> None:
    repo = example_workspace(git_repo())
    at = run(repo.root)
    ctx = BuildContext(run=at, out=tmp_path, audience="downstream")
    docs = packet_documents(ctx, "downstream")
    assert sorted(docs) == sorted(
        [f"model-documentation-downstream{e}" for e in EXT] + [f"training-summary{e}" for e in EXT]
    )
    assert docs["model-documentation-downstream.pdf"].startswith(b"%PDF-")
    assert docs["training-summary.pdf"].startswith(b"%PDF-")
    packet = build_packet(at, [], "downstream", docs)
    for name, data in docs.items():
        assert packet.files[f"documents/{name}"] == data
    roles = {f["path"]: f["role"] for f in packet.manifest["files"]}
    assert roles["documents/model-documentation-downstream.pdf"] == "document"
    assert not any("ai-office" in p or "authorities" in p for p in packet.files)


def test_the_packet_reuses_the_documents_this_build_already_wrote(
    git_repo: Callable[..., GitRepo], tmp_path: Path
) -> None:
    repo = example_workspace(git_repo())
    at = run(repo.root)
    ctx = BuildContext(run=at, out=tmp_path)
    names = [f"model-documentation-{a}" for a in ("ai-office", "authorities", "downstream")]
    forms = [tmp_path / f"{n}{e}" for n in names for e in EXT]
    summary = [tmp_path / f"training-summary{e}" for e in EXT]
    for p in forms + summary:
        p.write_bytes(b"written by this build: " + p.name.encode())
    ctx.outputs["model-documentation"] = forms
    ctx.outputs["training-summary"] = summary
    docs = packet_documents(ctx, "auditor")
    assert len(docs) == 12
    assert all(data == b"written by this build: " + name.encode() for name, data in docs.items())
    regulator = packet_documents(ctx, "regulator")
    assert sorted({n.rsplit(".", 1)[0] for n in regulator}) == [
        "model-documentation-ai-office",
        "model-documentation-authorities",
        "training-summary",
    ]


def test_a_workspace_without_model_facts_or_training_data_adds_no_document(
    git_repo: Callable[..., GitRepo], tmp_path: Path
) -> None:
    repo = example_workspace(git_repo())
    repo.git("rm", "-q", "model.yaml", "training-data.yaml")
    repo.commit("no documents", date="2026-11-02T10:00:00+00:00")
    ctx = BuildContext(run=run(repo.root), out=tmp_path)
    assert packet_documents(ctx, "auditor") == {}


def test_the_documents_in_a_packet_verify_and_a_changed_byte_is_named(
    git_repo: Callable[..., GitRepo], tmp_path: Path
) -> None:
    from compliance.emit.export.packet import write_packet
    from compliance.emit.export.verify import verify_packet

    repo = example_workspace(git_repo())
    at = run(repo.root)
    ctx = BuildContext(run=at, out=tmp_path, audience="downstream")
    packet = build_packet(at, [], "downstream", packet_documents(ctx, "downstream"))
    _zip, folder = write_packet(packet, tmp_path / "out")
    found = verify_packet(folder, repo.root).findings
    assert not [f for f in found if f.path.startswith("documents/")], found
    pdf = folder / "documents/model-documentation-downstream.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    pdf.write_bytes(bytes(data))
    kinds = {(f.kind, f.path) for f in verify_packet(folder, repo.root).findings}
    assert any(path == "documents/model-documentation-downstream.pdf" for _, path in kinds), kinds
