"""The build cache under `<out>/.cache/`: a rebuild with nothing changed re-renders nothing.

Two layers, each checked before it is trusted, and neither ever trusted blindly:

- the whole build (`build.json`), keyed by everything `compliance build` read: the stat of
  every workspace file it read or listed (project, controls, risks, catalogs, approvals,
  evidence, images, templates), the listings themselves, HEAD and the shallow boundary,
  the tool's own files and its rendering libraries, the fonts, SOURCE_DATE_EPOCH and the
  command's options. On a hit the workspace is not even loaded, but only after every output
  file still hashes to the sha256 recorded when it was written.
- one report (`report-<kind>.json`), keyed by a digest of what determines its PDF: the HTML,
  the attachments, the files WeasyPrint fetched while laying it out (by content), the
  fonts, the templates, the tool and library versions, the date and SOURCE_DATE_EPOCH. On a
  hit WeasyPrint is skipped, again only if the existing PDF hashes to the recorded sha256.

Files are JSON (never pickle: build/ may hold files from anyone), written atomically; a
missing, corrupt or forged record is ignored; a cache that cannot be written (read-only
workspace) is skipped silently. As in git's index, a file changed within two seconds of
the start of the build is not remembered: a second write within the file system's
timestamp granularity could otherwise go unseen.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compliance import __version__
from compliance.core.package import PACKAGE_DIR, shipped_dir
from compliance.core.stat_keys import git_state, load_record, stat_key, store_record
from compliance.load.sources import DiskSource, FileSource

CACHE_DIR = ".cache"
FORMAT = 1
"""Bump when the layout of a record or the meaning of a key changes."""
RACY_NS = 2_000_000_000
"""Inputs changed this recently (ns) before the build started are not remembered."""
LIBRARIES = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "fonttools", "jinja2", "pillow")
"""Libraries whose version can change a PDF's bytes."""


def sha256_file(path: Path) -> str | None:
    """The file's sha256 in constant memory; None if it cannot be read."""
    try:
        with path.open("rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def _load(path: Path) -> dict[str, Any] | None:
    return load_record(path, FORMAT)


def _store(path: Path, data: dict[str, Any]) -> None:
    store_record(path, FORMAT, data)


# -- what a build reads -------------------------------------------------------------------


@dataclass
class Inputs:
    """Every file and folder listing a build depended on, recorded as it ran."""

    files: set[str] = field(default_factory=set)
    """Absolute paths read or looked for (a missing file matters too: it may appear)."""
    listings: dict[str, list[str]] = field(default_factory=dict)
    """'folder\\0suffixes' -> the sorted result, for folders listed through the source."""
    root: Path | None = None


_RECORDING: contextvars.ContextVar[Inputs | None] = contextvars.ContextVar(
    "compliance_build_inputs", default=None
)


def note_file(path: Path | str) -> None:
    """Record that the build read (or looked for) `path`; a no-op outside a recording."""
    inputs = _RECORDING.get()
    if inputs is not None:
        inputs.files.add(os.path.abspath(path))


_BYPASSED: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "compliance_build_cache_bypassed", default=False
)


@contextlib.contextmanager
def bypassed() -> Iterator[None]:
    """`build --no-cache`: while the block runs, nothing is read from or written to the cache."""
    token = _BYPASSED.set(True)
    try:
        yield
    finally:
        _BYPASSED.reset(token)


@contextlib.contextmanager
def recording(inputs: Inputs) -> Iterator[Inputs]:
    """Record every input noted while the block runs into `inputs`."""
    token = _RECORDING.set(inputs)
    try:
        yield inputs
    finally:
        _RECORDING.reset(token)


class RecordingSource:
    """A DiskSource that notes every file read, looked for or listed."""

    def __init__(self, root: Path, inputs: Inputs) -> None:
        self.root = root
        self._disk: FileSource = DiskSource(root)
        self._inputs = inputs
        inputs.root = root

    def list(self, folder: str, suffixes: tuple[str, ...]) -> list[str]:
        found = self._disk.list(folder, suffixes)
        self._inputs.listings[f"{folder}\0{','.join(suffixes)}"] = found
        return found

    def read(self, path: str, max_bytes: int | None = None) -> bytes:
        self._inputs.files.add(os.path.abspath(self.root / path))
        return self._disk.read(path, max_bytes)

    def exists(self, path: str) -> bool:
        self._inputs.files.add(os.path.abspath(self.root / path))
        return self._disk.exists(path)


# -- the environment every record depends on ----------------------------------------------


def _tree_keys(folder: Path) -> list[list[Any]]:
    """The stat key of every file under `folder` (the tool's code, templates, catalogs)."""
    out: list[list[Any]] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if not name.endswith((".pyc", ".pyo")):
                path = os.path.join(dirpath, name)
                out.append([path, stat_key(path)])
    return out


def library_versions() -> dict[str, str]:
    """The installed versions of the libraries that shape a PDF."""
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in LIBRARIES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = ""
    return out


def _environment() -> list[Any]:
    from compliance.emit.render.fonts import find_fonts

    fonts = [[str(p), stat_key(p)] for _, p in sorted(find_fonts().items())]
    shipped = [_tree_keys(shipped_dir(name).resolve()) for name in ("frameworks", "templates")]
    return [
        FORMAT,
        __version__,
        sys.version,
        library_versions(),
        os.environ.get("SOURCE_DATE_EPOCH"),
        _tree_keys(PACKAGE_DIR),
        shipped,
        fonts,
    ]


# -- the whole build ----------------------------------------------------------------------


def _build_record(out: Path) -> Path:
    return out / CACHE_DIR / "build.json"


def _inputs_digest(
    workspace: Path,
    options: dict[str, Any],
    files: list[str],
    listings: dict[str, list[str]],
    keys: list[list[int] | None] | None = None,
) -> str | None:
    """A digest of every input; `keys` are the files' stat keys when the caller has them."""
    git = git_state(workspace)
    if git is None:
        return None
    if keys is None:
        keys = [stat_key(f) for f in files]
    source = DiskSource(workspace)
    current = {}
    for key in sorted(listings):
        folder, _, suffixes = key.partition("\0")
        current[key] = source.list(folder, tuple(suffixes.split(",")))
    parts = [
        str(workspace.resolve()),
        options,
        git,
        _environment(),
        current,
        [[f, k] for f, k in zip(files, keys, strict=True)],
    ]
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _outputs_intact(out: Path, outputs: dict[str, str]) -> bool:
    """Every recorded output file still exists and hashes to its recorded sha256."""
    for rel, digest in outputs.items():
        path = out / rel
        if path.is_symlink() or sha256_file(path) != digest:
            return False
    return True


def _output_hashes(out: Path, written: list[Path]) -> dict[str, str] | None:
    """sha256 of every file written, folders walked; None if one is outside `out`."""
    hashes: dict[str, str] = {}
    base = out.resolve()
    for path in written:
        full = path.resolve()
        files = sorted(p for p in full.rglob("*") if p.is_file()) if full.is_dir() else [full]
        for f in files:
            try:
                rel = f.relative_to(base).as_posix()
            except ValueError:
                return None
            digest = sha256_file(f)
            if digest is None:
                return None
            hashes[rel] = digest
    return hashes


@dataclass(frozen=True)
class CachedBuild:
    """A previous build still valid: the paths it printed and its warnings."""

    paths: list[str]
    warnings: list[str]


def cached_build(workspace: Path, out: Path, options: dict[str, Any]) -> CachedBuild | None:
    """The previous build's result if no input changed and every output is intact."""
    if _BYPASSED.get():
        return None
    record = _load(_build_record(out))
    if record is None:
        return None
    try:
        files = [str(f) for f in record["files"]]
        listings = {str(k): [str(x) for x in v] for k, v in record["listings"].items()}
        outputs = {str(k): str(v) for k, v in record["outputs"].items()}
        paths = [str(p) for p in record["paths"]]
        warnings = [str(w) for w in record["warnings"]]
        stored = str(record["digest"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if _inputs_digest(workspace, options, files, listings) != stored:
        return None
    if not outputs or not _outputs_intact(out, outputs):
        return None
    return CachedBuild(paths, warnings)


def remember_build(
    workspace: Path,
    out: Path,
    options: dict[str, Any],
    inputs: Inputs,
    written: list[Path],
    warnings: list[str],
    started_ns: int,
) -> None:
    """Store this build's inputs and outputs, unless an input changed too recently."""
    if _BYPASSED.get():
        return
    files = sorted(inputs.files)
    keys = [stat_key(path) for path in files]  # stat each input once, for both uses
    for key in keys:
        if key is not None and max(key[1], key[2]) >= started_ns - RACY_NS:
            return  # an input changed during (or just before) this build: not trusted
    digest = _inputs_digest(workspace, options, files, inputs.listings, keys)
    outputs = _output_hashes(out, written)
    if digest is None or not outputs:
        return
    _store(
        _build_record(out),
        {
            "digest": digest,
            "files": files,
            "listings": inputs.listings,
            "outputs": outputs,
            "paths": [str(p) for p in written],
            "warnings": warnings,
        },
    )


# -- one report ---------------------------------------------------------------------------


def _report_record(out: Path, kind: str) -> Path:
    return out / CACHE_DIR / f"report-{kind}.json"


def report_key(parts: list[Any], template_dirs: tuple[Path, ...], fonts: list[Path]) -> str:
    """A digest of what determines a report's PDF (besides the files fetched: see below)."""
    digest = hashlib.sha256()
    env = [FORMAT, __version__, sys.version, library_versions()]
    env.append(os.environ.get("SOURCE_DATE_EPOCH"))
    digest.update(json.dumps([env, parts], sort_keys=True, default=str).encode())
    for folder in template_dirs:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath) / name
                digest.update(f"{path}\0{sha256_file(path)}\0".encode())
    for font in fonts:
        digest.update(f"{font}\0{sha256_file(font)}\0".encode())
    return digest.hexdigest()


def reusable_pdf(out: Path, kind: str, key: str) -> tuple[bytes, list[str]] | None:
    """The existing PDF and its warnings if it was made from the same key and is intact."""
    if _BYPASSED.get():
        return None
    record = _load(_report_record(out, kind))
    if record is None or record.get("key") != key:
        return None
    try:
        fetched = {str(p): str(d) for p, d in record["fetched"].items()}
        expected = str(record["pdf_sha256"])
        warnings = [str(w) for w in record["warnings"]]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    # The same HTML asks for the same files; if each still has the same content, layout
    # would fetch exactly what it fetched last time.
    for path, digest in fetched.items():
        if sha256_file(Path(path)) != digest:
            return None
    pdf = out / f"{kind}.pdf"
    try:
        data = pdf.read_bytes() if not pdf.is_symlink() else b""
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != expected:
        return None
    return data, warnings


def remember_pdf(
    out: Path, kind: str, key: str, fetched: dict[str, str], pdf: bytes, warnings: list[str]
) -> None:
    """Record the key, and the sha256 of each file as it was served, for the PDF just made."""
    if _BYPASSED.get():
        return
    _store(
        _report_record(out, kind),
        {
            "key": key,
            "fetched": dict(sorted(fetched.items())),
            "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
            "warnings": warnings,
        },
    )
