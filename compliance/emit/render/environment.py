"""The Jinja2 environment: sandboxed, autoescaped, workspace templates shadowing shipped ones."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from jinja2 import BaseLoader, ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateNotFound
from jinja2.environment import Environment
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from compliance.core.paths import is_within
from compliance.core.wording import count, scientific_markup
from compliance.emit.render.build_cache import note_file
from compliance.load.catalogs import shipped_dir

WORKSPACE_TEMPLATES = "templates"


def template_dirs(workspace: Path) -> tuple[Path, ...]:
    """The workspace's templates/ (if any) first, then the shipped templates."""
    shipped = shipped_dir("templates").resolve()
    own = (workspace / WORKSPACE_TEMPLATES).resolve()
    note_file(workspace / WORKSPACE_TEMPLATES)
    if own.is_dir() and own != shipped and is_within(workspace, own):
        return (own, shipped)
    return (shipped,)


def overrides_shipped(workspace: Path) -> bool:
    """True when the workspace's templates/ is the shipped folder itself (this repository)."""
    return (workspace / WORKSPACE_TEMPLATES).resolve() == shipped_dir("templates").resolve()


class SourceLoader(BaseLoader):
    """Template overrides as a committed tree holds them: templates/<name> via the source."""

    def __init__(self, exists: Callable[[str], bool], read: Callable[[str], bytes]) -> None:
        self._exists = exists
        self._read = read

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool]]:
        rel = f"{WORKSPACE_TEMPLATES}/{template}"
        if ".." in template.split("/") or template.startswith("/") or not self._exists(rel):
            raise TemplateNotFound(template)
        return self._read(rel).decode("utf-8"), None, lambda: True


class _ContainedLoader(FileSystemLoader):
    """A file loader that refuses templates reached through symlinks leaving its folder."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder), followlinks=False)
        self.folder = folder

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        # Looked for here whether or not it exists: adding an override changes the output.
        note_file(self.folder / template)
        source, filename, uptodate = super().get_source(environment, template)
        if not is_within(self.folder, Path(filename)):
            raise TemplateNotFound(template)
        return source, filename, uptodate


def css_string(value: object) -> Markup:
    """A quoted CSS string: anything but plain letters and punctuation is a CSS escape."""
    out = []
    for ch in str(value):
        if ch.isascii() and (ch.isalnum() or ch in " -_.,:;/()&+'"):
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):x} ")
    return Markup('"' + "".join(out) + '"')


def group_label(group_id: str, title: str) -> str:
    """'GOVERN' + 'Govern' reads 'GOVERN'; 'XI.1' + 'Section 1: ...' reads 'XI.1 Section 1: ...'."""
    return group_id if title.strip().lower() in ("", group_id.lower()) else f"{group_id} {title}"


def make_environment(
    dirs: tuple[Path, ...], committed: SourceLoader | None = None
) -> SandboxedEnvironment:
    """Templates are the workspace author's code, sandboxed; every value they print is escaped.

    `committed` serves the workspace's overrides from a committed tree, ahead of `dirs`.
    """
    loaders: list[BaseLoader] = [_ContainedLoader(d) for d in dirs]
    env = SandboxedEnvironment(
        loader=ChoiceLoader([committed, *loaders] if committed is not None else loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=superscript_powers,
    )
    env.filters["short"] = lambda sha, n=12: (sha or "")[:n]
    env.filters["status_label"] = lambda s: str(s).replace("-", " ").upper()
    env.filters["css_string"] = css_string
    env.filters["group_label"] = group_label
    env.filters["pct"] = lambda v: "n/a" if v is None else f"{v:.0f}%"
    env.filters["counted"] = count  # {{ n|counted("gap") }} -> "1 gap" / "2 gaps"
    env.filters["sci"] = scientific_markup  # {{ x|sci("FLOP") }} -> 3.8 × 10<sup>25</sup> FLOP
    return env


_POWER = re.compile(r"× 10\^(-?\d+)")


def superscript_powers(value: object) -> object:
    """Every printed value: '× 10^25' in a message written for plain text becomes a real
    superscript in HTML and PDF (escaped exactly as autoescape would have done)."""
    if isinstance(value, str) and "× 10^" in value:
        html = value if isinstance(value, Markup) else escape(value)
        return Markup(_POWER.sub(r"× 10<sup>\1</sup>", str(html)))
    return value
