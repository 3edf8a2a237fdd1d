"""PDF text with pypdf (pure Python).

Scanned PDFs have no text layer: they are reported as such rather than given an
empty label.  Encrypted files open when they have no user password (common for
"print protected" PDFs) and are refused with a clear reason otherwise.
"""

from __future__ import annotations

import io
import logging

from assistant.core.files.readers.errors import UnreadableFile
from assistant.core.say import say

MAX_PAGES = 2000  # a 10 MB PDF rarely has more; past this the rest is left out


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged-but-readable files warn a lot
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        if reader.is_encrypted:
            try:
                opened = bool(reader.decrypt(""))  # PasswordType.NOT_DECRYPTED is 0
            except (DependencyError, NotImplementedError):
                opened = False
            if not opened:
                raise UnreadableFile(say("the PDF is protected by a password"))
        pages = [page.extract_text() or "" for page in reader.pages[:MAX_PAGES]]
    except UnreadableFile:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on damaged files
        raise UnreadableFile(say("damaged or unsupported PDF ({error})", error=type(exc).__name__)) from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise UnreadableFile(say("the PDF has no text layer (a scan or images only)"))
    return text
