"""Output formats for coverage and gaps; adding a format is adding a file here."""

from compliance.emit.formats.interface import CoverageFormat
from compliance.emit.formats.json_format import JsonFormat
from compliance.emit.formats.markdown import MarkdownFormat
from compliance.emit.formats.sarif import SarifFormat
from compliance.emit.formats.table import TableFormat

FORMATS: dict[str, type[CoverageFormat]] = {
    "table": TableFormat,
    "json": JsonFormat,
    "markdown": MarkdownFormat,
    "sarif": SarifFormat,
}

__all__ = ["FORMATS", "CoverageFormat"]
