"""The only way the renderer reads a file: templates, the workspace, fonts. No network."""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import mimetypes
import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from compliance.core.paths import UnsafePath, is_within, safe_relative
from compliance.emit.render.build_cache import note_file
from compliance.emit.render.fonts import FONT_DIRS, FONT_FILES, find_fonts

__all__ = [
    "FONT_DIRS",
    "FONT_FILES",
    "MAX_RESOURCE_BYTES",
    "RefusedURL",
    "SafeFetcher",
    "find_fonts",
]

MAX_RESOURCE_BYTES = 20 * 1024 * 1024
"""Largest file or data: URL the renderer will read; bigger ones are refused, not truncated."""


MAX_IMAGE_PIXELS = 40_000_000
"""Largest image (width x height) served: a small compressed file can decode to gigabytes."""
MAX_FETCHES_PER_URL = 20
"""A stylesheet asked for more often than this is in an @import loop: refused."""
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff")


class RefusedURL(ValueError):
    """A resource the renderer will not load, with the reason."""


class SafeFetcher(URLFetcher):  # type: ignore[misc]
    """Serves file: URLs inside the templates, the workspace or the font files; refuses all else.

    WeasyPrint calls this for every stylesheet, image, font and attachment. Refusals are
    recorded (and rendering continues without the resource) so the build can report them.
    """

    def __init__(
        self,
        workspace: Path,
        template_dirs: tuple[Path, ...],
        font_files: tuple[Path, ...] = (),
        read: Callable[[str], bytes] | None = None,
    ) -> None:
        """`read` serves workspace files from the assessed source (a committed tree) by
        workspace-relative path; without it they are read from disk."""
        # The base class sets up urllib handlers that are never used (fetch is replaced);
        # it is initialised for the attributes WeasyPrint reads, with no protocol allowed.
        super().__init__(allowed_protocols=())
        self.workspace = workspace.resolve()
        self.template_dirs = tuple(d.resolve() for d in template_dirs)
        self._fonts = {os.path.realpath(p) for p in font_files}
        self.refused: list[str] = []
        self._seen: dict[str, int] = {}
        self.fetched: dict[str, str] = {}
        """Every file served, with the sha256 of the bytes served (for the build cache)."""
        self._read = read

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        """Return the resource at `url`, or raise RefusedURL."""
        try:
            seen = self._seen.get(url, 0) + 1
            self._seen[url] = seen
            if seen > MAX_FETCHES_PER_URL:
                raise RefusedURL(f"requested {seen} times: an @import loop?")
            return self._fetch(url)
        except RefusedURL as exc:
            self.refused.append(f"{_shorten(url)}: {exc}")
            raise

    def _fetch(self, url: str) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return self._data(url)
        if scheme != "file":
            raise RefusedURL(f"{scheme or 'relative'} URLs are not loaded (no network access)")
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedURL("file URLs on another host are not loaded")
        path = Path(unquote(parts.path))
        note_file(path)
        allowed = self._allowed(path)
        if self._read is not None and not any(is_within(d, allowed) for d in self.template_dirs):
            rel = _under(self.workspace, str(allowed))
            if rel is not None:
                return self._committed(url, rel)
        return self._file(url, allowed)

    def _committed(self, url: str, rel: str) -> URLFetcherResponse:
        """A workspace file as the assessed commit holds it."""
        assert self._read is not None
        try:
            data = self._read(rel)
        except Exception as exc:  # the source's own errors: a missing or unreadable file
            raise RefusedURL(f"not in the assessed commit ({exc.__class__.__name__})") from None
        if len(data) > MAX_RESOURCE_BYTES:
            raise RefusedURL(f"larger than {MAX_RESOURCE_BYTES} bytes")
        # Not in `fetched`: the commit, in the report's cache key, fixes these bytes.
        mime = mimetypes.guess_type(rel)[0] or "application/octet-stream"
        if mime.startswith("image/") or rel.lower().endswith(IMAGE_SUFFIXES):
            _check_pixels(data)
        return URLFetcherResponse(url, data, {"Content-Type": mime})

    def _allowed(self, path: Path) -> Path:
        raw = str(path)
        if os.path.realpath(raw) in self._fonts:
            return Path(os.path.realpath(raw))
        for folder in self.template_dirs:
            rel = _under(folder, raw)
            if rel is not None:
                try:
                    full = safe_relative(folder, rel)
                except UnsafePath as exc:
                    raise RefusedURL(str(exc)) from None
                return full
        rel = _under(self.workspace, raw)
        if rel is None:
            raise RefusedURL("outside the workspace and the templates")
        try:
            full = safe_relative(self.workspace, rel)
        except UnsafePath as exc:
            raise RefusedURL(str(exc)) from None
        if not is_within(self.workspace, full):
            raise RefusedURL("resolves outside the workspace")
        return full

    def _file(self, url: str, path: Path) -> URLFetcherResponse:
        try:
            size = path.stat().st_size
            if not path.is_file():
                raise RefusedURL("not a regular file")
            if size > MAX_RESOURCE_BYTES:
                raise RefusedURL(f"larger than {MAX_RESOURCE_BYTES} bytes")
            data = path.read_bytes()
        except OSError as exc:
            raise RefusedURL(f"cannot read: {exc.strerror}") from None
        note_file(path)
        self.fetched[str(path)] = hashlib.sha256(data).hexdigest()
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if mime.startswith("image/") or path.name.lower().endswith(IMAGE_SUFFIXES):
            _check_pixels(data)
        return URLFetcherResponse(url, data, {"Content-Type": mime})

    def _data(self, url: str) -> URLFetcherResponse:
        # Decoded size is at most 3/4 of the encoded length: check before decoding.
        if len(url) > MAX_RESOURCE_BYTES * 4 // 3 + 256:
            raise RefusedURL(f"data: URL larger than {MAX_RESOURCE_BYTES} bytes")
        header, sep, payload = url[5:].partition(",")
        if not sep:
            raise RefusedURL("malformed data: URL")
        params = header.split(";")
        mime = params[0] or "text/plain"
        try:
            data = (
                base64.b64decode(payload, validate=False)
                if "base64" in params[1:]
                else unquote(payload).encode("utf-8")
            )
        except (binascii.Error, ValueError):
            raise RefusedURL("malformed data: URL") from None
        if mime.lower().startswith("image/"):
            _check_pixels(data)
        return URLFetcherResponse(url, data, {"Content-Type": mime})


def _check_pixels(data: bytes) -> None:
    """Refuse a raster image whose header declares more than MAX_IMAGE_PIXELS pixels."""
    from PIL import Image, UnidentifiedImageError

    try:
        # Opening reads the header only; nothing is decoded.
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except Image.DecompressionBombError as exc:
        raise RefusedURL(f"image too large to decode safely ({exc})") from None
    except (UnidentifiedImageError, OSError, ValueError):
        return  # not a raster format Pillow knows (SVG, say): WeasyPrint judges it
    if width * height > MAX_IMAGE_PIXELS:
        raise RefusedURL(f"image of {width}x{height} pixels, over {MAX_IMAGE_PIXELS}")


def _under(folder: Path, raw: str) -> str | None:
    """`raw` relative to `folder`, textually (no normalisation: '..' stays for the check)."""
    prefix = str(folder).rstrip("/") + "/"
    return raw[len(prefix) :] if raw.startswith(prefix) and len(raw) > len(prefix) else None


def _shorten(url: str) -> str:
    return url if len(url) <= 120 else url[:117] + "..."
