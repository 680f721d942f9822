"""Hostile rendering: payloads in markdown and templates, bombs, loops, races and kills.

The markdown and template payloads of the reports issue are those of
tests/emit/render/test_safety.py (the HOSTILE document and OVERRIDE template of
render_helpers), reused here in
one tiny workspace together with a data: URL bomb and a CSS @import loop.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import os
import signal
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path
from types import ModuleType

import pytest
from pypdf import PdfReader

from compliance.emit.export.verify import verify_packet

RENDER_TESTS = Path(__file__).resolve().parents[1] / "emit" / "render"


def _load(name: str, path: Path) -> ModuleType:
    # A unique module name: tests/emit/render imports these files under their plain names.
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


helpers = _load("_hostile_render_helpers", RENDER_TESTS / "render_helpers.py")

PASSWD_LINE = Path("/etc/passwd").read_text().splitlines()[0]
OUTPUTS = ("risk-assessment.pdf", "go-no-go.pdf", "test-model-1.2.3-packet.zip")


def bomb_png(side: int = 20_000) -> bytes:
    """A greyscale PNG of side x side pixels (400 megapixels) that compresses to ~400 KB."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    packer = zlib.compressobj(9)
    row = b"\x00" * (side + 1)
    body = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


BOMB_URL = "data:image/png;base64," + base64.b64encode(bomb_png()).decode()

# The shipped go-no-go override of test_safety, plus: a stylesheet that imports itself
# through a second one, and the bomb as a CSS background and as an <img>.
LOOP_OVERRIDE = helpers.OVERRIDE.replace(
    "{% block body %}",
    '{% block body %}\n<link rel="stylesheet" href="loop-a.css">\n'
    f"<div style=\"width: 40mm; height: 40mm; background: url('{BOMB_URL}')\"></div>\n"
    f'<img src="{BOMB_URL}">\n',
)
# Smaller, so that the document is under the size reproduced in the appendix.
SMALL_BOMB_URL = "data:image/png;base64," + base64.b64encode(bomb_png(4_000)).decode()
MARKDOWN_BOMB = f"# Bomb\n\n![bomb]({SMALL_BOMB_URL})\n\n[click]({SMALL_BOMB_URL[:64]})\n"


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """One build of a workspace carrying every rendering payload at once."""
    controls = (
        helpers.CONTROLS
        + "      - path: evidence/hostile.md\n"
        + "      - path: evidence/bomb.md\n"
    )
    root = helpers.make_workspace(
        tmp_path_factory.mktemp("hostile-render"),
        {
            "controls/controls.yaml": controls,
            "evidence/hostile.md": helpers.HOSTILE.format(port=9),
            "evidence/bomb.md": MARKDOWN_BOMB,
            "templates/go-no-go.html": LOOP_OVERRIDE.replace("PORT", "9"),
            "templates/loop-a.css": '@import "loop-b.css";\nh1 { color: #123456 }\n',
            "templates/loop-b.css": '@import "loop-a.css";\np { color: #654321 }\n',
        },
    )
    out = tmp_path_factory.mktemp("hostile-render-out")
    code = (
        "import resource, sys\n"
        "from compliance.cli.main import main\n"
        "try:\n    main()\n"
        "finally:\n"
        "    hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
        "    print('PEAK', hwm.split()[1], file=sys.stderr)\n"
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", code, "build", "--project", str(root), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert time.monotonic() - started < 240
    return root, out, result.stderr


def _text(pdf: Path) -> str:
    return " ".join((p.extract_text() or "") for p in PdfReader(pdf).pages)


def test_markdown_and_template_payloads_stay_text_and_leak_nothing(
    hostile_build: tuple[Path, Path, str],
) -> None:
    _root, out, _stderr = hostile_build
    ra = _text(out / "risk-assessment.pdf")
    assert "{{ 7*7 }}" in " ".join(ra.split())
    assert '<script>alert("owned")</script>' in " ".join(ra.split())
    for name in ("risk-assessment.pdf", "go-no-go.pdf"):
        assert PASSWD_LINE not in _text(out / name)
    assert "Custom go/no-go for test-model" in _text(out / "go-no-go.pdf")


def test_a_data_url_bomb_is_refused_without_decoding_it(
    hostile_build: tuple[Path, Path, str],
) -> None:
    _root, out, stderr = hostile_build
    # In markdown: a data: URL is not a link the parser accepts, so it stays literal text.
    assert "![bomb](data:image/" in _text(out / "risk-assessment.pdf")
    # In the template's CSS and <img>: refused by its declared size, before any decoding.
    assert "refused to load data:image/png" in stderr
    assert "image too large to decode safely" in stderr
    peak_kb = int(stderr.rsplit("PEAK", 1)[1].split()[0])
    assert peak_kb < 1_000_000, f"peak {peak_kb} kB"
    # Warnings are bounded: no 500 KB data: URL echoed to the terminal.
    assert all(len(line) < 1000 for line in stderr.splitlines())
    for page in PdfReader(out / "go-no-go.pdf").pages:
        assert not (page["/Resources"].get("/XObject") or {})


def test_a_css_import_loop_is_cut_and_the_build_completes(
    hostile_build: tuple[Path, Path, str],
) -> None:
    _root, out, stderr = hostile_build
    assert "an @import loop?" in stderr
    assert len(PdfReader(out / "go-no-go.pdf").pages) >= 1


# -- processes -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return helpers.make_workspace(tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="module")
def reference(tiny: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The sha256 of each output of one ordinary build."""
    out = tmp_path_factory.mktemp("reference")
    result = helpers.run_build(tiny, "--out", str(out))
    assert result.returncode == 0, result.stderr
    return _digests(out)


def _digests(out: Path) -> dict[str, str]:
    return {name: hashlib.sha256((out / name).read_bytes()).hexdigest() for name in OUTPUTS}


def _build_process(root: Path, out: Path, prelude: str = "", **env: str) -> subprocess.Popen[str]:
    code = prelude + "\nfrom compliance.cli.main import main\nmain()\n"
    full_env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    full_env.update(env)
    return subprocess.Popen(
        [sys.executable, "-c", code, "build", "--project", str(root), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=full_env,
    )


def test_two_builds_at_once_into_one_folder_both_succeed_with_identical_outputs(
    tiny: Path, reference: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "build"
    procs = [_build_process(tiny, out) for _ in range(2)]
    for proc in procs:
        _stdout, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, stderr
    assert _digests(out) == reference
    for packet in (out / OUTPUTS[2], out / OUTPUTS[2].removesuffix(".zip")):
        report = verify_packet(packet, repo=tiny)
        assert report.intact, [str(f) for f in report.findings]


# Each hook announces the step it names and holds there, so the kill lands inside it.
KILL_POINTS = {
    "layout": (
        "import sys, time, compliance.emit.render.pdf as p\n"
        "_orig = p.write_pdf\n"
        "def _marked(*a, **k):\n"
        "    print('MARK', file=sys.stderr, flush=True)\n"
        "    time.sleep(60)\n"
        "    return _orig(*a, **k)\n"
        "p.write_pdf = _marked\n"
    ),
    "packet": (
        "import sys, time, compliance.emit.export.packet as p\n"
        "_orig = p._write_folder\n"
        "def _marked(*a, **k):\n"
        "    print('MARK', file=sys.stderr, flush=True)\n"
        "    time.sleep(60)\n"
        "    return _orig(*a, **k)\n"
        "p._write_folder = _marked\n"
    ),
}


@pytest.mark.parametrize("where", sorted(KILL_POINTS))
def test_a_build_killed_midway_leaves_the_previous_outputs_intact(
    tiny: Path, reference: dict[str, str], tmp_path: Path, where: str
) -> None:
    out = tmp_path / "build"
    first = helpers.run_build(tiny, "--out", str(out))
    assert first.returncode == 0, first.stderr
    before = _digests(out)
    assert before == reference
    # Another date changes every output, so the killed build would have rewritten them all.
    proc = _build_process(tiny, out, KILL_POINTS[where], SOURCE_DATE_EPOCH="1767225600")
    assert proc.stderr is not None
    deadline = time.monotonic() + 240
    line = ""
    while "MARK" not in line and time.monotonic() < deadline:
        line = proc.stderr.readline()
        assert line or proc.poll() is None, "the build ended before reaching the kill point"
    time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    after = _digests(out)
    if where == "layout":
        assert after == before
    else:
        # Targets commit one by one: the reports are already the new, complete ones; the
        # packet being written when the build died is still the previous one.
        assert after[OUTPUTS[2]] == before[OUTPUTS[2]]
        for name in OUTPUTS[:2]:
            assert len(PdfReader(out / name).pages) >= 1
    folder = out / OUTPUTS[2].removesuffix(".zip")
    assert (folder / "manifest.json").is_file()
    # The next build is not confused by anything the killed one left behind.
    again = helpers.run_build(tiny, "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert _digests(out) == before
    assert not [p.name for p in out.iterdir() if ".old-" in p.name]
