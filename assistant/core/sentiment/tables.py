"""Many short texts from one file: the lines of a text file, or one column of a CSV/TSV.

Used by batch sentiment.  The column to score is the one the user names, else the
only column, else a column with a usual name for text, else the column with the
longest texts (ids, dates and numbers are short).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from assistant.core.files.read import UnreadableFile, read_table_text, read_text
from assistant.core.say import message_of, say
from assistant.core.sentiment.messages import SentimentBatchResult

CSV_SUFFIXES = {".csv", ".tsv"}
_TEXT_COLUMN_NAMES = ("text", "review", "comment", "comments", "sentence", "content", "message", "body", "feedback", "tweet")


class TableError(ValueError):
    """The file cannot be used as a batch; str(exc) says why, for a person."""


@dataclass
class BatchInput:
    texts: list[str]
    rows: list[tuple[str, ...]] = field(default_factory=list)  # the CSV rows the texts come from
    header: tuple[str, ...] = ()
    column: str | None = None
    skipped: int = 0  # empty lines or rows with an empty text cell


def read_batch(path: Path, column: str | None = None) -> BatchInput:
    is_table = path.suffix.lower() in CSV_SUFFIXES
    try:
        text = read_table_text(path) if is_table else read_text(path)
    except UnreadableFile as exc:
        raise TableError(say("{name} cannot be read: {reason}.", name=path.name, reason=message_of(exc))) from None
    if is_table:
        return _read_csv(text, "\t" if path.suffix.lower() == ".tsv" else _delimiter(text), column, path.name)
    if column:
        raise TableError(say("{name} is not a CSV file, so it has no column '{column}'; each line is one text.", name=path.name, column=column))
    lines = text.splitlines()
    texts = [line.strip() for line in lines if line.strip()]
    if not texts:
        raise TableError(say("{name} has no lines of text.", name=path.name))
    return BatchInput(texts=texts, skipped=len(lines) - len(texts))


def csv_columns(path: Path) -> list[str]:
    """The header of a CSV/TSV file, for the column picker (reads only the start of the file)."""
    try:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            head = handle.read(64 * 1024)
    except OSError as exc:
        raise TableError(say("{name} cannot be read: {reason}.", name=path.name, reason=exc.strerror or str(exc))) from None
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _delimiter(head)
    first = next(csv.reader(io.StringIO(head), delimiter=delimiter), [])
    return [name.strip() for name in first]


def _delimiter(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _read_csv(text: str, delimiter: str, column: str | None, name: str) -> BatchInput:
    try:
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))
    except csv.Error as exc:
        raise TableError(say("{name} is not valid CSV: {error}.", name=name, error=str(exc))) from None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if len(rows) < 2:
        raise TableError(say("{name} needs a header row and at least one row of text.", name=name))
    header = tuple(cell.strip() for cell in rows[0])
    body = rows[1:]
    index = _choose_column(header, body, column, name)
    texts, kept = [], []
    for row in body:
        cell = row[index].strip() if index < len(row) else ""
        if cell:
            texts.append(cell)
            kept.append(tuple(row))
    if not texts:
        raise TableError(say("The column '{column}' of {name} is empty.", column=header[index], name=name))
    return BatchInput(texts=texts, rows=kept, header=header, column=header[index], skipped=len(body) - len(kept))


def _choose_column(header: tuple[str, ...], body: list[list[str]], column: str | None, name: str) -> int:
    lowered = [h.lower() for h in header]
    if column:
        if column.lower() in lowered:
            return lowered.index(column.lower())
        raise TableError(say("{name} has no column '{column}'. Its columns: {columns}.", name=name, column=column, columns=", ".join(header)))
    if len(header) == 1:
        return 0
    for wanted in _TEXT_COLUMN_NAMES:
        if wanted in lowered:
            return lowered.index(wanted)
    sample = body[:200]

    def average_length(i: int) -> float:
        cells = [row[i] for row in sample if i < len(row)]
        texty = [c for c in cells if not c.replace(".", "").replace("-", "").strip().isdigit()]
        return sum(len(c) for c in texty) / max(len(cells), 1)

    return max(range(len(header)), key=average_length)


def write_csv(result: SentimentBatchResult, path: Path) -> None:
    """The scored rows as CSV: the original columns (or the text), the label, a score per label."""
    import csv
    import io

    from assistant.core.files.write import write_atomically

    labels = sorted({label for row in result.rows for label, _ in row.scores.scores})
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    head = list(result.header) if result.header else ["text"]
    writer.writerow([*head, "sentiment", *(f"score_{label}" for label in labels)])
    for row in result.rows:
        scores = row.scores.as_dict()
        writer.writerow([*(row.fields if result.header else (row.text,)), row.label, *(f"{scores.get(label, 0.0):.4f}" for label in labels)])
    write_atomically(path, buffer.getvalue())
