"""The report fonts: DejaVu, found on disk (kept apart from the fetcher: no WeasyPrint import)."""

from __future__ import annotations

from pathlib import Path

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts/dejavu"),
)
FONT_FILES = {
    "regular": "DejaVuSans.ttf",
    "bold": "DejaVuSans-Bold.ttf",
    "italic": "DejaVuSans-Oblique.ttf",
    "bold_italic": "DejaVuSans-BoldOblique.ttf",
    "mono": "DejaVuSansMono.ttf",
    "mono_bold": "DejaVuSansMono-Bold.ttf",
}


def find_fonts() -> dict[str, Path]:
    """The DejaVu font files (Debian's fonts-dejavu-core), by role; empty if not installed."""
    for folder in FONT_DIRS:
        found = {role: folder / name for role, name in FONT_FILES.items()}
        if all(p.is_file() for p in found.values()):
            return found
    return {}
