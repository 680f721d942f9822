"""The requirement-reference grammar, in one place: `FRAMEWORK-ID:REQUIREMENT-ID`."""

from __future__ import annotations

import re

REF = re.compile(r"^(?P<framework>[a-z0-9][a-z0-9.\-]*):(?P<requirement>\S(?:.*\S)?)$")


def parse_ref(ref: str) -> tuple[str, str] | None:
    """Split 'eu-ai-act-annex-xi:XI.2.2' into its framework and requirement ids."""
    match = REF.match(ref.strip())
    if not match:
        return None
    return match.group("framework"), match.group("requirement")


def format_ref(framework: str, requirement: str) -> str:
    """The canonical reference string."""
    return f"{framework}:{requirement}"
