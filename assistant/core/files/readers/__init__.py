"""Text out of document formats: PDF, DOCX, ODT, RTF, e-mail (.eml) and HTML.

Plain text, Markdown, CSV and source code are handled in core/files/read.py;
this package holds the formats that need unpacking or parsing.  Each reader takes the
file's bytes (already size-checked) and returns text, or raises UnreadableFile
with a sentence for a person.  The libraries (pypdf, striprtf) are imported when
a file of their kind is read, never at import time.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.core.files.readers.errors import UnreadableFile


def _pdf(data: bytes) -> str:
    from assistant.core.files.readers.pdf import pdf_text

    return pdf_text(data)


def _docx(data: bytes) -> str:
    from assistant.core.files.readers.office import docx_text

    return docx_text(data)


def _odt(data: bytes) -> str:
    from assistant.core.files.readers.office import odt_text

    return odt_text(data)


def _rtf(data: bytes) -> str:
    from assistant.core.files.readers.rtf import rtf_text

    return rtf_text(data)


def _eml(data: bytes) -> str:
    from assistant.core.files.readers.mail import eml_text

    return eml_text(data)


READERS: dict[str, Callable[[bytes], str]] = {
    ".pdf": _pdf,
    ".docx": _docx,
    ".odt": _odt,
    ".rtf": _rtf,
    ".eml": _eml,
}

__all__ = ["READERS", "UnreadableFile"]
