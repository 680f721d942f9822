"""Output formats for coverage and gaps; adding a format is adding a file here."""

from compliance.formats.interface import CoverageFormat
from compliance.formats.json_format import JsonFormat
from compliance.formats.markdown import MarkdownFormat
from compliance.formats.sarif import SarifFormat
from compliance.formats.table import TableFormat

FORMATS: dict[str, type[CoverageFormat]] = {
    "table": TableFormat,
    "json": JsonFormat,
    "markdown": MarkdownFormat,
    "sarif": SarifFormat,
}

__all__ = ["FORMATS", "CoverageFormat"]
