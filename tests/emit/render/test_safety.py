"""A hostile workspace: nothing leaks, nothing is fetched, user text stays text."""

from __future__ import annotations

import base64
import http.server
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from pypdf import PdfReader
from render_helpers import CONTROLS, HOSTILE, OVERRIDE, make_workspace, run_build

from compliance.emit.render.fetcher import MAX_RESOURCE_BYTES, RefusedURL, SafeFetcher, find_fonts
from compliance.emit.render.markdown import link_allowed, render_markdown

PASSWD_LINE = Path("/etc/passwd").read_text().splitlines()[0]


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[int, list[str]]]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], _Recorder.hits
    httpd.shutdown()


@pytest.fixture(scope="module")
def hostile(
    server: tuple[int, list[str]], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    port, _hits = server
    controls = CONTROLS + "      - path: evidence/hostile.md\n"
    root = make_workspace(
        tmp_path_factory.mktemp("hostile"),
        {
            "controls/controls.yaml": controls,
            "evidence/hostile.md": HOSTILE.format(port=port),
            "templates/go-no-go.html": OVERRIDE.replace("PORT", str(port)),
        },
    )
    out = tmp_path_factory.mktemp("hostile-out")
    result = run_build(root, "--out", str(out))
    assert result.returncode == 0, result.stderr
    return root, out


def _all_text(pdf: Path) -> str:
    text = "\n".join(p.extract_text() or "" for p in PdfReader(pdf).pages)
    return re.sub(r"\s+", " ", text)


def test_the_hostile_workspace_leaks_nothing_from_etc_passwd(hostile: tuple[Path, Path]) -> None:
    _root, out = hostile
    for name in ("risk-assessment.pdf", "go-no-go.pdf"):
        reader = PdfReader(out / name)
        assert PASSWD_LINE not in _all_text(out / name)
        for page in reader.pages:
            xobjects = page["/Resources"].get("/XObject") or {}
            assert not xobjects or name == "risk-assessment.pdf"
        for data in reader.attachments.values():
            assert PASSWD_LINE.encode() not in data[0]


def test_the_hostile_text_is_shown_literally(hostile: tuple[Path, Path]) -> None:
    _root, out = hostile
    text = _all_text(out / "risk-assessment.pdf")
    assert "{{ 7*7 }}" in text
    assert '{% include "style.css" %}' in text
    assert '<script>alert("owned")</script>' in text
    assert '<img src="file:///etc/passwd">' in text
    assert "[image not embedded: ../../../etc/passwd]" in text
    assert " 49 " not in text


def test_nothing_is_fetched_from_the_network(
    hostile: tuple[Path, Path], server: tuple[int, list[str]]
) -> None:
    _port, hits = server
    assert hits == []


def test_a_workspace_template_shadows_the_shipped_one(hostile: tuple[Path, Path]) -> None:
    _root, out = hostile
    text = _all_text(out / "go-no-go.pdf")
    assert "Custom go/no-go for test-model" in text
    assert "NOT DECIDED" in text


def test_the_build_reports_what_it_refused(
    hostile: tuple[Path, Path], server: tuple[int, list[str]]
) -> None:
    root, _out = hostile
    result = run_build(root, "go-no-go", "--out", str(root / "build"))
    assert result.returncode == 0
    assert "refused to load file:///etc/passwd" in result.stderr
    assert "refused to load http://127.0.0.1" in result.stderr


@pytest.fixture()
def fetcher(tmp_path: Path) -> SafeFetcher:
    ws = tmp_path / "ws"
    (ws / "evidence").mkdir(parents=True)
    (ws / "evidence" / "ok.txt").write_text("inside")
    (ws / "evidence" / "out").symlink_to("/etc/passwd")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "logo.svg").write_text("<svg/>")
    return SafeFetcher(ws, (templates,), tuple(find_fonts().values()))


def test_the_fetcher_serves_workspace_templates_and_fonts(fetcher: SafeFetcher) -> None:
    ws = fetcher.workspace
    assert fetcher((ws / "evidence/ok.txt").as_uri()).read() == b"inside"
    assert fetcher((fetcher.template_dirs[0] / "logo.svg").as_uri()).read() == b"<svg/>"
    fonts = find_fonts()
    if fonts:
        assert fetcher(fonts["regular"].as_uri()).read()[:4] in (b"\x00\x01\x00\x00", b"true")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x.png",
        "https://example.org/x.css",
        "ftp://example.org/x",
        "file:///etc/passwd",
        "file://otherhost/etc/passwd",
        "WS/evidence/../../../etc/passwd",
        "WS/evidence/out",
    ],
)
def test_the_fetcher_refuses_everything_else(fetcher: SafeFetcher, url: str) -> None:
    url = url.replace("WS", "file://" + str(fetcher.workspace))
    with pytest.raises(RefusedURL):
        fetcher(url)
    assert fetcher.refused


def test_the_fetcher_refuses_data_urls_over_the_size_bound(fetcher: SafeFetcher) -> None:
    small = "data:text/plain;base64," + base64.b64encode(b"hello").decode()
    assert fetcher(small).read() == b"hello"
    bomb = "data:text/plain;base64," + "A" * (MAX_RESOURCE_BYTES * 4 // 3 + 1024)
    with pytest.raises(RefusedURL):
        fetcher(bomb)


def test_markdown_allows_only_web_mail_and_relative_links() -> None:
    assert link_allowed("https://example.org") and link_allowed("mailto:a@b.c")
    assert link_allowed("other.md") and link_allowed("#section")
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "vbscript:x"):
        assert not link_allowed(bad)
    html = str(render_markdown("[x](javascript:alert(1)) <b>raw</b>"))
    assert "<a" not in html and "&lt;b&gt;raw&lt;/b&gt;" in html


def test_markdown_embeds_only_images_inside_the_workspace(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.png").write_bytes(b"\x89PNG")
    os.symlink("/etc", tmp_path / "docs" / "etc")
    html = str(
        render_markdown(
            "![a](a.png) ![b](../../b.png) ![c](etc/passwd.png) ![d](/etc/x.png)",
            tmp_path,
            "docs/doc.md",
        )
    )
    assert (tmp_path / "docs" / "a.png").as_uri() in html
    assert html.count("image not embedded") == 3
