"""Evidence markdown to safe HTML: raw HTML off, links limited, images kept inside the workspace."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
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
    try:
        full = safe_relative(workspace, joined)
    except UnsafePath:
        return None
    if not full.is_file() or not is_within(workspace, full):
        return None
    return full


CUT_TOKEN = "nesting_cut"


def _cut_deep_blocks(md: MarkdownIt) -> None:
    """Where markdown-it would silently drop a block nested deeper than `maxNesting` (and,
    for lists, everything after it), drop only that block and leave a visible note.

    markdown-it stops at the nesting limit by skipping to the end of the enclosing range.
    This wrapper skips only the lines indented into the too-deep block, records how much
    was cut in `env["cuts"]`, and puts a `nesting_cut` token where the text was.
    """
    original = md.block.tokenize
    limit = md.options["maxNesting"]

    def tokenize(state: Any, start: int, end: int) -> None:
        first = state.skipEmptyLines(start)
        if state.level < limit or first >= end or state.sCount[first] < state.blkIndent:
            original(state, start, end)
            return
        stop = first
        while stop < end and (state.isEmpty(stop) or state.sCount[stop] >= state.blkIndent):
            stop += 1
        text = state.getLines(first, stop, state.blkIndent, False)
        lines = sum(1 for line in text.splitlines() if line.strip())
        chars = sum(len(line.strip()) for line in text.splitlines())
        line = first + 1 + state.env.get("line_offset", 0)
        state.env.setdefault("cuts", []).append((line, lines, chars))
        token = state.push(CUT_TOKEN, "", 0)
        token.map = [first, stop]
        token.meta = {"line": line, "lines": lines, "chars": chars, "limit": limit}
        token.block = True
        state.line = stop

    md.block.tokenize = tokenize  # type: ignore[method-assign]


def _cut_note(
    _self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    meta = tokens[idx].meta
    return (
        f'<p class="nesting-cut">[text cut here: {meta["lines"]} '
        f"line{'' if meta['lines'] == 1 else 's'} ({meta['chars']} characters) from line "
        f"{meta['line']} of the source are nested more than {meta['limit']} levels deep, "
        "beyond what the renderer lays out; the full file is in the evidence]</p>\n"
    )


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = link_allowed
    md.renderer = _Renderer(md)
    md.add_render_rule(CUT_TOKEN, _cut_note)
    _cut_deep_blocks(md)
    return md


_MD = _parser()


def render_markdown(
    text: str,
    workspace: Path | None = None,
    doc_path: str = "",
    heading_offset: int = 0,
    warnings: list[str] | None = None,
) -> Markup:
    """Safe HTML for a markdown document; headings shifted down by `heading_offset` levels.

    Text nested deeper than the renderer's limit is replaced by a note saying how much was
    cut; each cut is also added to `warnings`, for the build to print.
    """
    body = strip_front_matter(text)
    env: dict[str, Any] = {
        "workspace": workspace,
        "doc_dir": posixpath.dirname(doc_path),
        "line_offset": text[: len(text) - len(body)].count("\n"),
    }
    tokens = _MD.parse(body, env)
    if heading_offset:
        for token in tokens:
            if token.type in ("heading_open", "heading_close"):
                level = min(6, int(token.tag[1]) + heading_offset)
                token.tag = f"h{level}"
    cuts = env.get("cuts", [])
    if warnings is not None and cuts:
        limit = _MD.options["maxNesting"]
        lines = sum(c[1] for c in cuts)
        chars = sum(c[2] for c in cuts)
        warnings.append(
            f"{doc_path or 'markdown'}:{cuts[0][0]}: {lines} line{'' if lines == 1 else 's'} "
            f"({chars} characters) nested more than {limit} levels deep cut from the PDF, "
            "with a note where they were; flatten the nesting to show them"
        )
    # The renderer escapes all text; raw HTML is off, so the result is safe markup.
    return Markup(_MD.renderer.render(tokens, _MD.options, env))
