"""Evidence markdown to safe HTML: raw HTML off, links limited, images kept inside the workspace."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup, escape

from compliance.core.paths import UnsafePath, is_within, safe_relative
from compliance.emit.render.build_cache import note_file

LINK_SCHEMES = ("http", "https", "mailto")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


def link_allowed(url: str) -> bool:
    """http(s), mailto and relative links only: no javascript:, file:, data: or others."""
    match = SCHEME.match(url.strip())
    return match is None or match.group(1).lower() in LINK_SCHEMES


def strip_front_matter(text: str) -> str:
    """The document without its YAML front matter (the declared date is shown elsewhere)."""
    return FRONT_MATTER.sub("", text, count=1)


class _Renderer(RendererHTML):
    """Images only from inside the workspace; local links shown as text with their target."""

    def image(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        src = unquote(str(token.attrGet("src") or ""))
        alt = self.renderInlineAsText(token.children or [], options, env)
        target = _local_image(env, src)
        if target is None:
            return (
                f'<span class="refused-image">[image not embedded: {escape(src)}]'
                f"{' ' + str(escape(alt)) if alt else ''}</span>"
            )
        return f'<img src="{escape(target.as_uri())}" alt="{escape(alt)}">'

    def link_open(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        href = str(tokens[idx].attrGet("href") or "")
        stack: list[str | None] = env.setdefault("links", [])
        if SCHEME.match(href):
            stack.append(None)
            return f'<a href="{escape(href)}">'
        stack.append(unquote(href))
        return '<span class="local-link">'

    def link_close(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        stack: list[str | None] = env.setdefault("links", [])
        target = stack.pop() if stack else None
        if target is None:
            return "</a>"
        return f'</span> <span class="link-target">[{escape(target)}]</span>'


def _local_image(env: dict[str, Any], src: str) -> Path | None:
    """The workspace file an image refers to, or None if it is not safe to embed."""
    workspace: Path | None = env.get("workspace")
    if workspace is None or not src or SCHEME.match(src) or src.startswith("/"):
        return None
    if not src.lower().endswith(IMAGE_SUFFIXES):
        return None
    joined = posixpath.normpath(posixpath.join(env.get("doc_dir", ""), src))
    if joined == ".." or joined.startswith("../"):
        return None
    # Whether the image exists decides the output: the build cache must watch the path.
    note_file(workspace / joined)
    exists = env.get("exists")
    if exists is not None:  # a committed tree: the image as committed, never the disk's
        return workspace / joined if exists(joined) else None
    try:
        full = safe_relative(workspace, joined)
    except UnsafePath:
        return None
    if not full.is_file() or not is_within(workspace, full):
        return None
    return full


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = link_allowed
    md.renderer = _Renderer(md)
    return md


_MD = _parser()


def render_markdown(
    text: str,
    workspace: Path | None = None,
    doc_path: str = "",
    heading_offset: int = 0,
    exists: Callable[[str], bool] | None = None,
) -> Markup:
    """Safe HTML for a markdown document; headings shifted down by `heading_offset` levels.

    `exists` says whether a workspace file is in the assessed source (a committed tree);
    without it images are looked for on disk.
    """
    env: dict[str, Any] = {
        "workspace": workspace,
        "doc_dir": posixpath.dirname(doc_path),
        "exists": exists,
    }
    tokens = _MD.parse(strip_front_matter(text), env)
    if heading_offset:
        for token in tokens:
            if token.type in ("heading_open", "heading_close"):
                level = min(6, int(token.tag[1]) + heading_offset)
                token.tag = f"h{level}"
    # The renderer escapes all text; raw HTML is off, so the result is safe markup.
    return Markup(_MD.renderer.render(tokens, _MD.options, env))
