"""Reading the user's files as text, safely.

Every failure becomes an UnreadableFile with a sentence a person understands;
nothing here raises anything else for a bad file, so one broken file never stops
a folder of good ones.
"""

from __future__ import annotations

import html
import os
import re
from html.parser import HTMLParser
from pathlib import Path

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".rst", ".text", ".csv", ".tsv", ".log", ".json", ".py", ".eml"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
READABLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES


class UnreadableFile(Exception):
    """The file cannot be used; str(exc) says why, for a person."""


def read_text(path: Path | str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise UnreadableFile("not a regular file")
        if size > max_bytes:
            raise UnreadableFile(f"too large ({size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile("the file no longer exists") from None
    except PermissionError:
        raise UnreadableFile("permission denied: the file cannot be opened") from None
    except IsADirectoryError:
        raise UnreadableFile("not a regular file") from None
    except OSError as exc:
        raise UnreadableFile(f"cannot be read ({exc.strerror or exc})") from None
    text = decode(data)
    if path.suffix.lower() in HTML_SUFFIXES or _looks_like_html(text):
        text = html_to_text(text)
    if not text.strip():
        raise UnreadableFile("the file has no text")
    return text


def decode(data: bytes) -> str:
    """Bytes to text: BOMs honoured, UTF-8 preferred, binary data refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    head = data[:8192]
    if b"\x00" in head or _control_ratio(head) > 0.1:
        raise UnreadableFile("binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Legacy Western text is the most common non-UTF-8 case; cp1252 maps almost every byte.
        return data.decode("cp1252", errors="replace")


def _control_ratio(data: bytes) -> float:
    if not data:
        return 0.0
    controls = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(data)


def _looks_like_html(text: str) -> bool:
    return bool(re.match(r"\s*(<!doctype html|<html)", text[:200], re.IGNORECASE))


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


def expand_paths(paths: list[str] | tuple[str, ...], recursive: bool = True) -> list[Path]:
    """Files named by ``paths``: files as they are, folders walked (symlink loops are safe)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path, followlinks=False):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                found.extend(Path(dirpath) / name for name in sorted(filenames) if not name.startswith("."))
                if not recursive:
                    break
        else:
            found.append(path)  # missing files stay: they get a row that says so
    return found
