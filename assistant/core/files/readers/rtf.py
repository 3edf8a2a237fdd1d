"""RTF text with striprtf (one small pure-Python module)."""

from __future__ import annotations

from assistant.core.files.readers.errors import UnreadableFile
from assistant.core.say import say


def rtf_text(data: bytes) -> str:
    from striprtf.striprtf import rtf_to_text

    if not data.lstrip().startswith(b"{\\rtf"):
        raise UnreadableFile(say("not an RTF file (it does not start with {\\rtf)"))
    # RTF is 7-bit ASCII; characters beyond it are escapes that striprtf decodes
    # with the code page the document declares.
    raw = data.decode("latin-1")
    try:
        return rtf_to_text(raw, errors="replace").strip()
    except Exception as exc:  # noqa: BLE001 - a hand-rolled parser may fail in many ways on damaged files
        raise UnreadableFile(say("damaged RTF file ({error})", error=type(exc).__name__)) from None
