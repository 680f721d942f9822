"""A Safety and Security Framework document: its front matter, validated and located."""

from __future__ import annotations

from compliance.core.errors import InputError
from compliance.link.evidence_dates import FRONT_MATTER
from compliance.load.yaml_files import load_model
from compliance.models.safety_framework import FrameworkFrontMatter


def read_framework(path: str, data: bytes) -> FrameworkFrontMatter:
    """The front matter of `path`; every problem at its line and column of the file."""
    match = FRONT_MATTER.match(data)
    if match is None:
        raise InputError.single(
            path,
            "a Safety and Security Framework needs YAML front matter with its confirmation date",
            "start the file with ---, then confirmed: YYYY-MM-DD, changelog and assessments, "
            "then --- (docs/systemic-risk.md)",
            1,
            1,
        )
    # one blank line for the opening --- keeps the front matter's line numbers the file's
    before = data[: match.start(1)].count(b"\n")
    model, _ = load_model(FrameworkFrontMatter, path, b"\n" * before + match.group(1))
    return model
