"""A genuine packet verifies however well its evidence compresses; a zip bomb never inflates."""

from __future__ import annotations

import hashlib
import json
import os
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from hostile_helpers import REPO_ROOT, RSS_PROBE

from compliance.cli.main import main
from compliance.emit.export.manifest import SCHEMA, sums_text

sys.path.insert(0, str(REPO_ROOT / "tests" / "emit" / "export"))
from export_workspace import populate

BIG = 50 * 1000 * 1000
PEAK_KIB = 200 * 1024


def test_a_packet_with_a_50_mb_highly_compressible_evidence_file_verifies(
    git_repo: Callable[..., object], tmp_path: Path
) -> None:
    repo = git_repo("big")
    populate(repo)
    card = "---\nas_of: 2026-01-10\n---\n# Model card\n\n" + "a" * BIG + "\n"
    repo.write("evidence/model-card.md", card)  # type: ignore[attr-defined]
    repo.commit("a very long model card", date="2026-03-02T10:00:00+00:00")  # type: ignore[attr-defined]
    root = repo.root  # type: ignore[attr-defined]
    out = tmp_path / "out"
    runner = CliRunner()
    built = runner.invoke(main, ["build", "packet", "--project", str(root), "--out", str(out)])
    assert built.exit_code == 0, built.output
    (packet,) = out.glob("*-packet.zip")
    with zipfile.ZipFile(packet) as zf:
        info = zf.getinfo(f"{packet.stem}/repo/evidence/model-card.md")
    assert info.file_size > 200 * info.compress_size  # what the old ratio check refused
    for target in (packet, out / packet.stem):
        result = runner.invoke(main, ["verify", str(target), "--repo", str(root)])
        assert result.exit_code == 0, result.output
        assert "intact (" in result.stderr


def _verify_rss(packet: Path) -> tuple[int, str, int]:
    """Exit code, output and peak memory (KiB) of `compliance verify PACKET` in its own process."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    run = subprocess.run(
        [sys.executable, "-c", RSS_PROBE, "verify", str(packet)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    stderr, _, tail = run.stderr.rpartition("maxrss ")
    return run.returncode, run.stdout + stderr, int(tail.split()[0])


def _bomb(path: Path, name: str, size: int, declared: int) -> None:
    """A packet zip whose manifest declares `declared` bytes for `name`, which holds `size`
    zero bytes (streamed in, never held in memory)."""
    manifest = {
        "schema": SCHEMA,
        "workspace": {"commit": None},
        "files": [{"path": name, "role": "evidence", "sha256": "0" * 64, "size": declared}],
        "evidence": [],
        "report_kinds": [],
        "reports": [],
        "withheld": [],
    }
    data = json.dumps(manifest).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("p/manifest.json", data)
        zf.writestr("p/SHA256SUMS", sums_text({"manifest.json": data}))
        with zf.open(zipfile.ZipInfo(f"p/{name}"), "w") as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(size >> 20):
                fh.write(chunk)


def _shrink_declared_size(path: Path, member: str, fake: int) -> None:
    """Make the zip's central directory claim `fake` bytes for `member` (the CRC stays the
    real one), as a bomb that declares a small size and inflates hugely would."""
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        at = zf.start_dir  # type: ignore[attr-defined]
    name = member.encode()
    while raw[at : at + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", raw, at + 28)
        if raw[at + 46 : at + 46 + name_len] == name:
            struct.pack_into("<I", raw, at + 24, fake)
            path.write_bytes(bytes(raw))
            return
        at += 46 + name_len + extra_len + comment_len
    raise AssertionError(f"{member} not in the central directory")


def test_a_member_larger_than_the_manifest_declares_is_never_inflated(tmp_path: Path) -> None:
    packet = tmp_path / "bomb.zip"
    _bomb(packet, "repo/evidence/x.md", 512 << 20, declared=100)
    code, stderr, peak = _verify_rss(packet)
    assert code == 1, stderr
    assert "repo/evidence/x.md" in stderr and "manifest.json declares 100: not inflated" in stderr
    assert peak < PEAK_KIB, peak


def test_a_member_inflating_beyond_its_own_header_is_refused(tmp_path: Path) -> None:
    packet = tmp_path / "bomb.zip"
    _bomb(packet, "repo/evidence/x.md", 256 << 20, declared=100)
    _shrink_declared_size(packet, "p/repo/evidence/x.md", 100)
    code, stderr, peak = _verify_rss(packet)
    assert code == 2, stderr
    assert "zip bomb?" in stderr and "x.md" in stderr
    assert "Traceback" not in stderr
    assert peak < PEAK_KIB, peak


def test_a_manifest_declaring_a_size_beyond_the_absolute_cap_is_refused(tmp_path: Path) -> None:
    packet = tmp_path / "bomb.zip"
    _bomb(packet, "repo/evidence/x.md", 8 << 20, declared=64 * 1024**3)
    code, stderr, peak = _verify_rss(packet)
    assert code == 2, stderr
    assert "more than the" in stderr and "zip bomb?" in stderr
    assert peak < PEAK_KIB, peak
    assert hashlib.sha256(packet.read_bytes()).hexdigest()  # the file is left as it was
