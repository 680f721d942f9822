"""The build cache: a rebuild with nothing changed renders nothing, and is never wrong."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest
from render_helpers import make_workspace, png_bytes, run_build

OUTPUTS = ("risk-assessment.pdf", "go-no-go.pdf", "test-model-1.2.3-packet.zip")
# Any layout after this prelude fails the build: proof that nothing was rendered.
NO_LAYOUT = (
    "import compliance.emit.render.pdf as p\n"
    "def _refuse(*a, **k):\n"
    "    raise SystemExit('laid out a page')\n"
    "p.write_pdf = _refuse\n"
)


def _digests(out: Path) -> dict[str, str]:
    return {n: hashlib.sha256((out / n).read_bytes()).hexdigest() for n in OUTPUTS}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str], str]:
    root = make_workspace(tmp_path_factory.mktemp("cache-ws"))
    time.sleep(2.1)  # inputs written in the last two seconds are never remembered
    out = root / "build"
    first = run_build(root)
    assert first.returncode == 0, first.stderr
    return root, out, _digests(out), first.stdout


def test_a_second_build_with_nothing_changed_renders_nothing_and_keeps_the_bytes(
    built: tuple[Path, Path, dict[str, str], str],
) -> None:
    root, out, digests, stdout = built
    again = run_build(root, prelude=NO_LAYOUT)
    assert again.returncode == 0, again.stderr
    assert again.stdout == stdout
    assert _digests(out) == digests


def test_a_tampered_output_is_never_trusted(
    built: tuple[Path, Path, dict[str, str], str],
) -> None:
    root, out, digests, _stdout = built
    pdf = out / "go-no-go.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"%tampered\n")
    again = run_build(root)
    assert again.returncode == 0, again.stderr
    assert _digests(out) == digests


def test_a_touched_input_with_the_same_content_reuses_the_pdfs(
    built: tuple[Path, Path, dict[str, str], str],
) -> None:
    root, out, digests, _stdout = built
    card = root / "evidence/model-card.md"
    st = card.stat()
    os.utime(card, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    again = run_build(root, prelude=NO_LAYOUT)
    assert again.returncode == 0, again.stderr
    assert _digests(out) == digests


def test_a_changed_image_is_rendered_again(tmp_path: Path) -> None:
    # --worktree: the working tree's image is what the draft shows.
    root = make_workspace(tmp_path / "ws")
    time.sleep(2.1)
    first = run_build(root, "risk-assessment", "--worktree")
    assert first.returncode == 0, first.stderr
    before = (root / "build/risk-assessment.pdf").read_bytes()
    # The HTML only names the image; its content is an input of the PDF all the same.
    image = root / "evidence/diagram.png"
    image.write_bytes(png_bytes(color=(30, 30, 200)))
    again = run_build(root, "risk-assessment", "--worktree")
    assert again.returncode == 0, again.stderr
    assert (root / "build/risk-assessment.pdf").read_bytes() != before


def test_a_committed_build_shows_the_committed_image_until_the_change_is_committed(
    tmp_path: Path,
) -> None:
    from render_helpers import git

    root = make_workspace(tmp_path / "ws")
    time.sleep(2.1)
    assert run_build(root, "risk-assessment").returncode == 0
    before = (root / "build/risk-assessment.pdf").read_bytes()
    (root / "evidence/diagram.png").write_bytes(png_bytes(color=(30, 30, 200)))
    again = run_build(root, "risk-assessment")
    assert again.returncode == 0, again.stderr
    assert (root / "build/risk-assessment.pdf").read_bytes() == before
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "new diagram")
    assert run_build(root, "risk-assessment").returncode == 0
    assert (root / "build/risk-assessment.pdf").read_bytes() != before
