"""Reading the user's files as text, safely.

Every failure becomes an UnreadableFile with a sentence a person understands;
nothing here raises anything else for a bad file, so one broken file never stops
a folder of good ones.  Document formats that need unpacking (PDF, DOCX, ODT,
RTF, e-mail) and HTML live in core/files/readers/; plain text, Markdown, CSV and
source code are decoded here, with the encoding detected.  Finding files in
folders is core/files/walk.py.
"""

from __future__ import annotations

import csv
import io
import re
import stat
from pathlib import Path

from assistant.core.files.readers import READERS
from assistant.core.files.readers.errors import UnreadableFile
from assistant.core.files.readers.html import html_to_text
from assistant.core.say import say

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
CODE_SUFFIXES = {
    ".py", ".js", ".ts", ".tsx", ".jsx", ".java", ".kt", ".c", ".h", ".cc", ".cpp", ".hpp", ".cs", ".go", ".rs",
    ".rb", ".php", ".swift", ".m", ".scala", ".sh", ".bash", ".ps1", ".sql", ".r", ".lua", ".pl", ".yaml", ".yml",
    ".toml", ".ini", ".cfg", ".xml", ".css", ".tex",
}  # fmt: skip
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".rst", ".text", ".csv", ".tsv", ".log", ".json", ".eml"} | CODE_SUFFIXES
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
DOCUMENT_SUFFIXES = set(READERS)
READABLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | DOCUMENT_SUFFIXES

__all__ = [
    "UnreadableFile", "read_text", "read_bytes", "read_table_text", "decode", "guess_encoding", "csv_to_text",
    "DEFAULT_MAX_BYTES", "READABLE_SUFFIXES",
]  # fmt: skip


def read_text(path: Path | str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    path = Path(path)
    data = read_bytes(path, max_bytes)
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is not None:
        text = reader(data)
    else:
        text = decode(data)
        if suffix in HTML_SUFFIXES or _looks_like_html(text):
            text = html_to_text(text)
        elif suffix in (".csv", ".tsv"):
            text = csv_to_text(text, "\t" if suffix == ".tsv" else None)
    if not text.strip():
        raise UnreadableFile(say("the file has no text"))
    return text


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, or UnreadableFile saying why (missing, not a file, too large, no permission)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(say("not a regular file"))
        if info.st_size > max_bytes:
            raise UnreadableFile(say("too large ({size:.1f} MB; the limit is {limit:.0f} MB)", size=info.st_size / 1e6, limit=max_bytes / 1e6))
        return path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile(say("the file no longer exists")) from None
    except PermissionError:
        raise UnreadableFile(say("permission denied: the file cannot be opened")) from None
    except IsADirectoryError:
        raise UnreadableFile(say("not a regular file")) from None
    except OSError as exc:
        raise UnreadableFile(say("cannot be read ({reason})", reason=exc.strerror or str(exc))) from None


def read_table_text(path: Path | str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """A CSV/TSV file's text as it is on disk, for reading its rows (read_text flattens tables into words)."""
    text = decode(read_bytes(Path(path), max_bytes))
    if not text.strip():
        raise UnreadableFile(say("the file has no text"))
    return text


def decode(data: bytes) -> str:
    """Bytes to text: BOMs honoured, UTF-8 preferred, other encodings detected, binary data refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    head = data[:8192]
    if b"\x00" in head or _control_ratio(head) > 0.1:
        raise UnreadableFile(say("binary file, not text"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode(guess_encoding(data), errors="replace")


def guess_encoding(data: bytes) -> str:
    """The legacy encoding of ``data`` (not UTF-8), detected with charset-normalizer.

    Short Western texts carry too little evidence to tell cp1252 from its
    relatives (cp1250 turns "crème" into "crčme"), so when the detector's best
    guesses tie and one of them covers cp1252, or it has no language evidence at
    all, the most common legacy encoding wins.
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:65536]))
    if not matches:
        return "cp1252"
    best = matches[0]
    ties = [m for m in matches if abs(m.chaos - best.chaos) < 1e-6 and abs(m.coherence - best.coherence) < 1e-6]
    if best.coherence == 0 or any("cp1252" in m.could_be_from_charset for m in ties):
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return best.encoding


def _control_ratio(data: bytes) -> float:
    if not data:
        return 0.0
    controls = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(data)


def _looks_like_html(text: str) -> bool:
    return bool(re.match(r"\s*(<!doctype html|<html)", text[:200], re.IGNORECASE))


def csv_to_text(text: str, delimiter: str | None = None) -> str:
    """One line per row, cells separated by ' | ': the words matter, not the quoting."""
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    try:
        rows = csv.reader(io.StringIO(text), delimiter=delimiter)
        return "\n".join(" | ".join(cell.strip() for cell in row if cell.strip()) for row in rows)
    except csv.Error:
        return text  # a damaged CSV is still text
