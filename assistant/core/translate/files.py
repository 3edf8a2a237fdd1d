"""Files to translate (txt, md, docx): the text units in them, and writing the translation back.

A document gives its translatable ``units`` (strings, possibly of several lines)
and writes a new file from their translations, keeping everything else as it was:

- txt: the whole text is one unit; lines and blank lines are kept by the splitter.
- md: one unit per line of prose (headings, list items, quotes, table cells), with
  the markup in front of it kept; fenced and indented code blocks, front matter,
  HTML blocks and rules are copied untouched; inline code, URLs, images and HTML
  tags go through the model as placeholders and come back as they were (a
  placeholder the model lost is put back at the end of its line: never dropped).
- docx (python-docx): paragraph by paragraph, in the body, in tables (nested too),
  in headers and footers.  Paragraph styles (headings, lists, alignment) stay as
  they are.  Within a paragraph, the translation goes into the run that held most
  of its text, so a paragraph in one character style keeps it; mixed inline styles
  (one bold word) collapse into that dominant style, because a translation has no
  word-to-word alignment to put them back.  Runs holding pictures, fields or
  footnote marks are never touched; the text between them is translated apart.

Every file is written to a temporary name beside the target and renamed into
place, so a failure never leaves half a file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

from assistant.core.files.read import DEFAULT_MAX_BYTES, UnreadableFile, read_bytes, read_text
from assistant.core.files.readers.office import check_office_archive
from assistant.core.files.write import write_atomically, write_with
from assistant.core.protocol import BadInput
from assistant.core.say import message_of, say
from assistant.core.translate import placeholders
from assistant.core.translate.placeholders import Slot

SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".docx": "docx"}


class Document(Protocol):
    units: list[str]

    def write(self, translated: list[str], out_path: Path) -> None: ...


def open_document(path: Path) -> Document:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise BadInput(say("{name}: only .txt, .md and .docx files can be translated into a new file.", name=path.name))
    try:
        if kind == "docx":
            document: Document = DocxDocument(path)
        else:
            text = read_text(path)
            document = TextDocument(text) if kind == "text" else MarkdownDocument(text)
    except UnreadableFile as exc:
        raise BadInput(say("{name} cannot be translated: {reason}.", name=path.name, reason=message_of(exc))) from None
    if not any(unit.strip() for unit in document.units):
        raise BadInput(say("{name} has no text to translate.", name=path.name))
    return document


def write_file_atomically(out_path: Path, write) -> None:
    """Call ``write(temporary_path)``, then rename the result to ``out_path`` (nothing left behind on failure)."""
    write_with(out_path, write)


def _write_text(out_path: Path, text: str) -> None:
    write_atomically(out_path, text)


# ------------------------------------------------------------------- text


class TextDocument:
    def __init__(self, text: str) -> None:
        self.units = [text]

    def write(self, translated: list[str], out_path: Path) -> None:
        _write_text(out_path, translated[0])


# --------------------------------------------------------------- markdown

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# Markup in front of the prose of a line: headings, quotes, list bullets, task boxes, numbers.
_LINE_PREFIX = re.compile(r"^(\s*(?:#{1,6}\s+|>\s?)*(?:[-*+]\s+(?:\[[ xX]\]\s+)?|\d{1,9}[.)]\s+)?)")
# Inline pieces that must come back unchanged: code spans, images, link targets, autolinks, URLs, HTML tags.
_INLINE_KEEP = re.compile(
    r"(`+)[^`]*?\1"  # `code`
    r"|!\[[^\]]*\]\([^)]*\)"  # ![alt](image)
    r"|(?<=\])\([^)\s]*(?:\s+\"[^\"]*\")?\)"  # the (target) of [text](target)
    r"|<(?:https?|mailto):[^>]+>"  # <https://...>
    r"|https?://[^\s)>\]]+"  # bare URLs
    r"|</?[A-Za-z][^>]*>"  # inline HTML tags
)


def _line_prefix(line: str) -> str:
    """The heading, quote or list marker (with its indent) that starts ``line``; "" when none."""
    match = _LINE_PREFIX.match(line)
    assert match is not None  # every part of the pattern is optional: it matches any line
    return match.group(1)


class MarkdownDocument:
    def __init__(self, text: str) -> None:
        self.units: list[str] = []
        # Per output line: a fixed string, or (prefix, [(unit index, slots, cell prefix, cell suffix)...], row end)
        self._lines: list = []
        in_fence: str | None = None
        lines = text.split("\n")
        front_matter = bool(lines) and lines[0].strip() == "---"
        previous_blank = True
        for number, line in enumerate(lines):
            if front_matter:
                self._lines.append(line)
                if number > 0 and line.strip() in ("---", "..."):
                    front_matter = False
                continue
            fence = _FENCE.match(line)
            if in_fence is not None:
                self._lines.append(line)
                if fence and fence.group(1)[0] == in_fence[0] and len(fence.group(1)) >= len(in_fence):
                    in_fence = None
                continue
            if fence:
                in_fence = fence.group(1)
                self._lines.append(line)
                continue
            stripped = line.strip()
            indented_code = previous_blank and re.match(r"^( {4}|\t)", line) and not _line_prefix(line.lstrip())
            if (
                not stripped
                or indented_code
                or _RULE.match(line)
                or _TABLE_DELIMITER.match(line)
                or stripped.startswith("<")
                or re.fullmatch(r"\[[^\]]+\]:\s*\S+.*", stripped)  # link reference definitions
            ):
                self._lines.append(line)
                previous_blank = not stripped or bool(indented_code and previous_blank)
                continue
            previous_blank = False
            if stripped.startswith("|"):
                self._lines.append(self._table_row(line))
            else:
                prefix = _line_prefix(line)
                self._lines.append((prefix, [self._unit(line[len(prefix) :], "", "")], ""))

    def _unit(self, content: str, before: str, after: str):
        text, slots = placeholders.substitute(content, _INLINE_KEEP, lambda m: m.group(0))
        self.units.append(text)
        return (len(self.units) - 1, slots, before, after)

    def _table_row(self, line: str):
        cells = line.strip().strip("|").split("|")
        parts = []
        for cell in cells:
            match = re.match(r"^(\s*)(.*?)(\s*)$", cell)
            assert match is not None  # every part of the pattern may be empty: it matches any cell
            parts.append(self._unit(match.group(2), match.group(1), match.group(3)) if match.group(2) else (None, [], cell, ""))
        indent = line[: len(line) - len(line.lstrip())]
        return (indent + "|", parts, "|")

    def write(self, translated: list[str], out_path: Path) -> None:
        out = []
        for entry in self._lines:
            if isinstance(entry, str):
                out.append(entry)
                continue
            prefix, parts, end = entry
            pieces = []
            for unit, slots, before, after in parts:
                if unit is None:
                    pieces.append(before)
                    continue
                pieces.append(before + _restore_all(translated[unit], slots) + after)
            separator = "|" if end else ""
            out.append(prefix + separator.join(pieces) + end)
        _write_text(out_path, "\n".join(out))


def _restore_all(text: str, slots: list[Slot]) -> str:
    restored, missing = placeholders.restore(text, slots)
    if missing:  # the model lost them: better at the end of the line than gone
        restored = (restored + " " + " ".join(slot.original for slot in missing)).strip()
    return restored


# ------------------------------------------------------------------- docx

_TEXT_RUN_CHILDREN = {"rPr", "t", "tab", "br", "cr", "noBreakHyphen", "softHyphen", "lastRenderedPageBreak"}


class DocxDocument:
    def __init__(self, path: Path) -> None:
        import io

        # The zip is checked (sizes, ratio, XML declarations) before python-docx unpacks any of it.
        data = read_bytes(path, DEFAULT_MAX_BYTES * 5)  # docx is zipped: its text is far smaller than the file
        check_office_archive(data, "DOCX")
        try:
            import docx

            self.document = docx.Document(io.BytesIO(data))
        except Exception as exc:  # noqa: BLE001 - a damaged docx raises zip, XML or KeyError alike
            raise UnreadableFile(say("not a readable Word document ({error})", error=type(exc).__name__)) from None
        self.units: list[str] = []
        self._groups: list[list] = []  # runs of each unit, in order
        # Merged table cells yield the same paragraph twice.  The dict keeps each lxml
        # element alive, which keeps its proxy (and so its id) the same.
        seen: dict[int, object] = {}
        for paragraph in self._paragraphs():
            if id(paragraph._p) in seen:
                continue
            seen[id(paragraph._p)] = paragraph._p
            for group in _text_groups(paragraph):
                text = "".join(run.text for run in group)
                if text.strip():
                    self.units.append(text)
                    self._groups.append(group)

    def _paragraphs(self):
        document = self.document
        yield from _container_paragraphs(document)
        for section in document.sections:
            for part in (section.header, section.footer):
                if not part.is_linked_to_previous:
                    yield from _container_paragraphs(part)

    def write(self, translated: list[str], out_path: Path) -> None:
        for group, source, text in zip(self._groups, self.units, translated, strict=True):
            lead = source[: len(source) - len(source.lstrip())]
            trail = source[len(source.rstrip()) :]
            dominant = max(group, key=lambda run: len(run.text))
            for run in group:
                run.text = ""
            dominant.text = lead + text.strip() + trail
        write_file_atomically(out_path, lambda tmp: self.document.save(str(tmp)))


def _container_paragraphs(container):
    yield from container.paragraphs
    for table in container.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from _container_paragraphs(cell)


def _text_groups(paragraph) -> list[list]:
    """The paragraph's runs in groups of plain text runs, split at runs holding anything else."""
    groups: list[list] = [[]]
    for run in paragraph.runs:
        children = {child.tag.rsplit("}", 1)[-1] for child in run._r}
        if children <= _TEXT_RUN_CHILDREN:
            groups[-1].append(run)
        elif groups[-1]:
            groups.append([])
    return [group for group in groups if group]
