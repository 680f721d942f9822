"""Red-team findings files (YAML, docs/evidence-formats.md) as evidence the reports read.

A red-team evidence link whose path ends in .yaml or .yml is a findings file; errors name
file, line and column like every other input.
"""

from __future__ import annotations

from compliance.load.yaml_files import load_model
from compliance.models.red_team import FindingsFile

SUFFIXES = (".yaml", ".yml")


def is_findings_file(path: str) -> bool:
    return path.lower().endswith(SUFFIXES)


def read_findings(path: str, data: bytes) -> FindingsFile:
    """Parse and validate one findings file (InputError with path:line:col on bad input)."""
    return load_model(FindingsFile, path, data)[0]
