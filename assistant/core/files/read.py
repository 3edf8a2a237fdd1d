"""Reading the user's files as text, safely, and finding them in folders.

Every failure becomes an UnreadableFile with a sentence a person understands;
nothing here raises anything else for a bad file, so one broken file never stops
a folder of good ones.  Document formats that need unpacking (PDF, DOCX, ODT,
RTF, e-mail) live in core/readers/; plain text, Markdown, HTML, CSV and source
code are decoded here, with the encoding detected.
"""

from __future__ import annotations

import csv
import fnmatch
import html
import io
import os
import re
import stat
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path

from assistant.core.files.readers import READERS
from assistant.core.files.readers.errors import UnreadableFile
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
    "UnreadableFile", "read_text", "decode", "html_to_text", "expand_paths", "walk_files", "parse_patterns",
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


class _TextExtractor(HTMLParser):
    _SKIP = {"script", "style", "head", "noscript", "template"}
    _BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    return re.sub(r"\n\s*\n+", "\n\n", re.sub(r"[ \t]+", " ", text)).strip()


# ------------------------------------------------------------------ folders


def parse_patterns(text: str | Iterable[str] | None) -> tuple[str, ...]:
    """'*.pdf, *.txt; notes/*' -> ('*.pdf', '*.txt', 'notes/*')."""
    if not text:
        return ()
    parts = re.split(r"[,;\n]", text) if isinstance(text, str) else list(text)
    return tuple(p.strip() for p in parts if p and p.strip())


def _matches(name: str, relative: str, patterns: tuple[str, ...]) -> bool:
    """A pattern without '/' matches the name; one with '/' the path below the folder walked."""
    return any(fnmatch.fnmatch(relative if "/" in p else name, p) for p in patterns)


def walk_files(
    roots: Iterable[str | Path],
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    hidden: bool = False,
    follow_links: bool = False,
    recursive: bool = True,
) -> Iterator[Path]:
    """The files named by ``roots``, folders walked in a stable (sorted) order, one at a time.

    ``include``: only files whose name matches one of these globs (all when empty);
    ``exclude``: files and folders to leave out.  Hidden names (starting with '.')
    are skipped unless ``hidden``.  With ``follow_links`` linked folders are walked
    too, each real folder once, so a link back to a parent cannot loop.  Files
    named directly are always yielded, missing ones too: they get a row that says so.
    """
    for raw in roots:
        root = Path(raw)
        if not root.is_dir():
            yield root
            continue
        yield from _walk(root, include, exclude, hidden, follow_links, recursive)


def _walk(root: Path, include, exclude, hidden, follow_links, recursive) -> Iterator[Path]:
    visited: set[tuple[int, int]] = set()  # (device, inode) of every folder entered
    pending = [root]  # a stack, not recursion: deep trees cannot overflow Python's stack
    while pending:
        folder = pending.pop()
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in visited:
                continue
            visited.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as entries:
                listing = sorted(entries, key=lambda e: e.name)
        except OSError:
            continue  # an unreadable folder holds nothing we can classify
        subfolders = []
        for entry in listing:
            name = entry.name
            if not hidden and name.startswith("."):
                continue
            path = Path(entry.path)
            relative = path.relative_to(root).as_posix()
            if exclude and _matches(name, relative, exclude):
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=follow_links)
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.is_symlink() or follow_links:
                    subfolders.append(path)
            elif entry.is_symlink() and not follow_links and _is_dir_link(path):
                continue  # a link to a folder, not followed
            elif not include or _matches(name, relative, include):
                yield path
        if recursive:
            pending.extend(reversed(subfolders))  # popped in name order


def _is_dir_link(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def expand_paths(paths: list[str] | tuple[str, ...], recursive: bool = True) -> list[Path]:
    """Files named by ``paths``: files as they are, folders walked (symlink loops are safe)."""
    return list(walk_files(paths, recursive=recursive))
