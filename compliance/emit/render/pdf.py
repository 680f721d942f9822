"""HTML to tagged PDF/A-3a with WeasyPrint: embedded attachments, fixed dates, no network.

PDF/A-3a is PDF/A-3b plus a logical structure: WeasyPrint tags headings, paragraphs,
lists, tables (th cells as headers, `scope="row"` as row headers) and figures (an SVG's
<title>, an image's alt) and sets the document language from <html lang>. Tagging costs
some time and size (benchmarks/README.md, "Tagged PDFs").
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from compliance.emit.render.fetcher import SafeFetcher

PDF_VARIANT = "pdf/a-3a"
"""Tagged PDF/A-3 (level A: structure tree, language, alternative text)."""
UNTAGGED_VARIANT = "pdf/a-3b"
"""The untagged variant, for measuring what tagging costs (benchmarks/build_probe.py)."""


@dataclass(frozen=True)
class EmbeddedFile:
    """A file carried inside the PDF (PDF/A-3 associated file)."""

    name: str
    data: bytes
    description: str
    relationship: str = "Data"


@contextlib.contextmanager
def source_date_epoch(when: datetime) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH for the render if unset.

    Font subsetting through fontTools (used when HarfBuzz's subset library is absent)
    stamps the current time into each font unless this variable is set.
    """
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    if previous is None:
        os.environ["SOURCE_DATE_EPOCH"] = str(int(when.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def write_pdf(
    html: str,
    base_dir: Path,
    fetcher: SafeFetcher,
    attachments: list[EmbeddedFile],
    when: datetime,
    identity: str,
    variant: str | None = None,
) -> tuple[bytes, list[str]]:
    """The PDF bytes and WeasyPrint's warnings; identical inputs give identical bytes.

    `variant` (default PDF_VARIANT) is WeasyPrint's pdf_variant.
    """
    from weasyprint import HTML, Attachment

    logger = logging.getLogger("weasyprint")
    collect = _Collect()
    logger.addHandler(collect)
    propagate, logger.propagate = logger.propagate, False
    try:
        with source_date_epoch(when):
            document = HTML(
                string=html, base_url=base_dir.as_uri() + "/", url_fetcher=fetcher
            ).render()
            files = [
                Attachment(
                    string=f.data,
                    name=f.name,
                    description=f.description,
                    created=when,
                    modified=when,
                    relationship=f.relationship,
                    url_fetcher=fetcher,
                )
                for f in attachments
            ]
            # The file identifier is derived from what the document is, not when it was made.
            identifier = hashlib.md5(identity.encode(), usedforsecurity=False).hexdigest()
            data = document.write_pdf(
                pdf_variant=variant or PDF_VARIANT,
                attachments=files,
                pdf_identifier=identifier.encode(),
            )
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    return data, collect.messages
