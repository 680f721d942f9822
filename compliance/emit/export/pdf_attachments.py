"""Read the files embedded in a PDF (the renderer's coverage.json and manifest.json)."""

from __future__ import annotations

import io
import logging


class PdfAttachmentError(ValueError):
    """The PDF cannot be parsed or its embedded files cannot be read."""


MAX_PDF_BYTES = 512 * 1024 * 1024


def embedded_files(pdf: bytes) -> dict[str, bytes]:
    """Embedded file name -> content; an error if the PDF cannot be read or names repeat."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if len(pdf) > MAX_PDF_BYTES:
        raise PdfAttachmentError(f"larger than {MAX_PDF_BYTES} bytes")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(pdf), strict=False)
        found = reader.attachments
        out: dict[str, bytes] = {}
        for name, contents in sorted(found.items()):
            if len(contents) != 1:
                raise PdfAttachmentError(f"attachment {name!r} appears {len(contents)} times")
            out[name] = contents[0]
        return out
    except PdfAttachmentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise PdfAttachmentError(f"{exc.__class__.__name__}: {exc}") from None
