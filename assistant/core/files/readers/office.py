"""DOCX and ODT text, read straight from the zip and its XML with the standard library.

Both formats are zip files holding XML (word/document.xml, content.xml); reading
them ourselves avoids lxml, a large compiled dependency, and lets us guard against
the two classic attacks on such files: zip bombs (the member's declared and
actual size are capped) and XML entity bombs (a DOCTYPE is refused outright:
neither format ever needs one).
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from assistant.core.files.readers.errors import UnreadableFile
from assistant.core.say import say

MAX_XML_BYTES = 64 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_OFFICE_NS = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _member(data: bytes, name: str, kind: str) -> ElementTree.Element:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UnreadableFile(say("damaged {kind} file (not a valid zip archive)", kind=kind)) from None
    with archive:
        try:
            info = archive.getinfo(name)
        except KeyError:
            raise UnreadableFile(say("damaged {kind} file ({name} is missing)", kind=kind, name=name)) from None
        if info.file_size > MAX_XML_BYTES:
            raise UnreadableFile(say("the {kind} file unpacks to more than {limit} MB of text", kind=kind, limit=MAX_XML_BYTES // 2**20))
        try:
            with archive.open(info) as handle:
                xml = handle.read(MAX_XML_BYTES + 1)
        except (zipfile.BadZipFile, OSError, RuntimeError) as exc:  # RuntimeError: encrypted member
            raise UnreadableFile(say("damaged or encrypted {kind} file ({error})", kind=kind, error=str(exc))) from None
    if len(xml) > MAX_XML_BYTES:
        raise UnreadableFile(say("the {kind} file unpacks to more than {limit} MB of text", kind=kind, limit=MAX_XML_BYTES // 2**20))
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise UnreadableFile(say("the {kind} file contains an XML declaration that is not allowed here", kind=kind))
    try:
        return ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise UnreadableFile(say("damaged {kind} file ({error})", kind=kind, error=str(exc))) from None


def docx_text(data: bytes) -> str:
    return "\n".join(docx_paragraphs(data)).strip()


def docx_paragraphs(data: bytes) -> list[str]:
    """The text of each paragraph of word/document.xml, in order (empty ones included)."""
    root = _member(data, "word/document.xml", "DOCX")
    paragraphs = []
    for paragraph in root.iter(f"{_W}p"):  # paragraphs in tables are found too
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        paragraphs.append("".join(parts))
    return paragraphs


def odt_text(data: bytes) -> str:
    root = _member(data, "content.xml", "ODT")
    body = root.find(f"{_OFFICE_NS}body")
    if body is None:
        return ""
    blocks = []
    for node in body.iter():
        if node.tag in (f"{_TEXT_NS}p", f"{_TEXT_NS}h"):
            blocks.append(_odt_inline(node))
    return "\n".join(blocks).strip()


def _odt_inline(node: ElementTree.Element) -> str:
    """Text of a paragraph with ODF's spacing elements expanded (text:s, text:tab, text:line-break)."""
    parts = [node.text or ""]
    for child in node:
        if child.tag == f"{_TEXT_NS}s":
            parts.append(" " * int(child.get(f"{_TEXT_NS}c", "1")))
        elif child.tag == f"{_TEXT_NS}tab":
            parts.append("\t")
        elif child.tag == f"{_TEXT_NS}line-break":
            parts.append("\n")
        elif child.tag not in (f"{_TEXT_NS}p", f"{_TEXT_NS}h", f"{_TEXT_NS}note"):
            parts.append(_odt_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)
