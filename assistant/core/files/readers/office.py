"""DOCX and ODT text, read straight from the zip and its XML with the standard library.

Both formats are zip files holding XML (word/document.xml, content.xml); reading
them ourselves avoids lxml, a large compiled dependency, and lets us guard against
the two classic attacks on such files: zip bombs (every member's declared size,
their total, their count and their compression ratio are capped before anything is
unpacked; zipfile never returns more than the declared size, so the actual size is
capped too) and XML entity bombs (a DOCTYPE is refused outright: neither format ever
needs one).  ``check_office_archive`` applies the same guards to a whole file before
another library (python-docx, for translating a .docx) unpacks it.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from assistant.core.files.readers.errors import UnreadableFile
from assistant.core.say import say

MAX_XML_BYTES = 64 * 1024 * 1024
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # all members together
MAX_MEMBERS = 10_000
MAX_RATIO = 200  # unpacked / packed, for members above RATIO_FROM bytes (zeros reach 1000:1; text ~10:1)
RATIO_FROM = 1024 * 1024
MAX_SPACES = 1000  # one ODT spacing element

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_OFFICE_NS = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _open_archive(data: bytes, kind: str) -> zipfile.ZipFile:
    """The zip, once its members' sizes, count and ratios are known to be sane; UnreadableFile if not."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise UnreadableFile(say("damaged {kind} file (not a valid zip archive)", kind=kind)) from None
    members = archive.infolist()
    too_much = say("the {kind} file unpacks to more than {limit} MB of text", kind=kind, limit=MAX_XML_BYTES // 2**20)
    if len(members) > MAX_MEMBERS:
        archive.close()
        raise UnreadableFile(say("the {kind} file holds too many parts ({count}; the limit is {limit})", kind=kind, count=len(members), limit=MAX_MEMBERS))
    total = 0
    for info in members:
        total += info.file_size
        packed = max(info.compress_size, 1)
        if info.file_size > MAX_XML_BYTES or total > MAX_UNPACKED_BYTES:
            archive.close()
            raise UnreadableFile(too_much)
        if info.file_size > RATIO_FROM and info.file_size / packed > MAX_RATIO:
            archive.close()
            raise UnreadableFile(
                say("the {kind} file looks like a zip bomb: {name} unpacks to {ratio:.0f} times its size", kind=kind, name=info.filename, ratio=info.file_size / packed)
            )
    return archive


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, kind: str) -> bytes:
    try:
        with archive.open(info) as handle:
            data = handle.read(MAX_XML_BYTES + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError, NotImplementedError) as exc:  # RuntimeError: encrypted
        raise UnreadableFile(say("damaged or encrypted {kind} file ({error})", kind=kind, error=str(exc))) from None
    if len(data) > MAX_XML_BYTES:
        raise UnreadableFile(say("the {kind} file unpacks to more than {limit} MB of text", kind=kind, limit=MAX_XML_BYTES // 2**20))
    return data


def check_office_archive(data: bytes, kind: str) -> None:
    """UnreadableFile unless ``data`` is a zip within the limits whose XML parts declare no DOCTYPE or entity.

    For libraries that unpack the file themselves (python-docx): every XML part is read
    here once, within the size limits, so that no bomb reaches them.
    """
    with _open_archive(data, kind) as archive:
        for info in archive.infolist():
            if info.is_dir() or not info.filename.lower().endswith((".xml", ".rels")):
                continue
            xml = _read_member(archive, info, kind)
            if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
                raise UnreadableFile(say("the {kind} file contains an XML declaration that is not allowed here", kind=kind))


def _member(data: bytes, name: str, kind: str) -> ElementTree.Element:
    archive = _open_archive(data, kind)
    with archive:
        try:
            info = archive.getinfo(name)
        except KeyError:
            raise UnreadableFile(say("damaged {kind} file ({name} is missing)", kind=kind, name=name)) from None
        xml = _read_member(archive, info, kind)
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
    try:
        for node in body.iter():
            if node.tag in (f"{_TEXT_NS}p", f"{_TEXT_NS}h"):
                blocks.append(_odt_inline(node))
    except RecursionError:
        raise UnreadableFile(say("damaged {kind} file ({error})", kind="ODT", error="nested too deeply")) from None
    return "\n".join(blocks).strip()


def _space_count(value: str) -> int:
    """text:s c="N": N spaces, within reason (a damaged or hostile file may say a billion)."""
    try:
        return min(max(int(value), 0), MAX_SPACES)
    except ValueError:
        return 1


def _odt_inline(node: ElementTree.Element) -> str:
    """Text of a paragraph with ODF's spacing elements expanded (text:s, text:tab, text:line-break)."""
    parts = [node.text or ""]
    for child in node:
        if child.tag == f"{_TEXT_NS}s":
            parts.append(" " * _space_count(child.get(f"{_TEXT_NS}c", "1")))
        elif child.tag == f"{_TEXT_NS}tab":
            parts.append("\t")
        elif child.tag == f"{_TEXT_NS}line-break":
            parts.append("\n")
        elif child.tag not in (f"{_TEXT_NS}p", f"{_TEXT_NS}h", f"{_TEXT_NS}note"):
            parts.append(_odt_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)
