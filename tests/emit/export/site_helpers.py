"""The packet site's tests: the example's packet (real pipeline, small real PDFs) and a
reader of the links every page holds."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "verify"))

from packet_helpers import reports_for

from compliance.emit.export.packet import build_packet, write_packet
from compliance.pipeline import run

REPO_ROOT = Path(__file__).resolve().parents[3]
"""The repository is also the built-in example workspace (CONDITIONAL GO, a waiver,
sign-off not given): every part of the decision record has something to show."""
PAGES = ("index.html", "site/requirements.html", "site/gate.html", "site/files.html")


_BUILT: dict[str, Path] = {}


def example_packet(factory: pytest.TempPathFactory, audience: str = "auditor") -> Path:
    """The example's packet folder for `audience`, built once per test session (the
    static and the browser tests share it; no test may change it)."""
    if audience not in _BUILT:
        at = run(REPO_ROOT)
        packet = build_packet(at, reports_for(at), audience)
        _zip, _BUILT[audience] = write_packet(packet, factory.mktemp(f"site-{audience}"))
    return _BUILT[audience]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        got = dict(attrs)
        if got.get("id"):
            self.ids.add(got["id"] or "")
        for name in ("href", "src"):
            if got.get(name) is not None and tag in ("a", "link", "script", "img"):
                self.links.append(got[name] or "")


def page_links(html: str) -> tuple[list[str], set[str]]:
    """Every href/src of a page, and the ids it defines."""
    parser = _Links()
    parser.feed(html)
    return parser.links, parser.ids


def resolve(folder: Path, page: str, link: str) -> tuple[Path, str]:
    """The packet file a relative link from `page` points at, and its fragment."""
    parts = urlsplit(link)
    assert not parts.scheme and not parts.netloc, f"{page}: {link} leaves the packet"
    target = (folder / page).parent / unquote(parts.path) if parts.path else folder / page
    return target.resolve(), unquote(parts.fragment)


def ids_of(path: Path) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', path.read_text("utf-8")))
