"""Local documents for Q&A: reading, passages, and an index of their embeddings.

The index is a SQLite file in the data folder.  It keeps, per file and embedding
model, the file's size, modification time and SHA-1, and the passages with their
vectors, so it survives restarts and an update re-reads only files whose size or
time changed (and re-embeds only those whose content changed).  Files are
committed in groups as they are embedded: a stopped or crashed indexing run keeps
what it finished, and the next run resumes where it stopped.

The index is derived data: a damaged index file is deleted and rebuilt.  Its
connection belongs to the thread that opened it (the worker, per request).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.core.documents.messages import IndexReport, SourcePassage
from assistant.core.files.read import READABLE_SUFFIXES, UnreadableFile, read_bytes, read_text
from assistant.core.files.readers.office import docx_paragraphs
from assistant.core.files.walk import expand_paths
from assistant.core.say import from_data, message_of, say, to_data
from assistant.core.text import split_sentences

log = logging.getLogger(__name__)

DOCUMENT_SUFFIXES = set(READABLE_SUFFIXES) | {".pdf", ".docx"}
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024  # PDFs with pictures are large for their text
PASSAGE_WORDS = 120  # ~160 word pieces: inside what all-MiniLM-L6-v2 reads (256)
MIN_PASSAGE_WORDS = 30  # a short tail joins the passage before it
EMBED_GROUP = 64  # passages embedded (and files committed) together

Embedder = Callable[[list[str]], "object"]  # texts -> (n, dim) float array (numpy or torch)
ProgressFn = Callable[[int, int, str], None]


def _no_progress(done: int, total: int, message: str = "") -> None:
    """The default progress of an index update: nobody is told."""


# ------------------------------------------------------------------ reading


def read_sections(path: Path | str) -> list[tuple[str, str]]:
    """The text of a document as (location, text) sections: one per page for PDFs, else one.

    Raises UnreadableFile with a reason for a person.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _pdf_pages(read_bytes(path, MAX_DOCUMENT_BYTES))
    if suffix == ".docx":
        return [("", _docx_text(read_bytes(path, MAX_DOCUMENT_BYTES)))]
    return [("", read_text(path))]


def _pdf_pages(data: bytes) -> list[tuple[str, str]]:
    from pypdf import PdfReader  # pure Python; imported here, on the worker thread

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged-but-readable files warn a lot
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        if reader.is_encrypted and not _decrypt(reader):
            raise UnreadableFile(say("the PDF is protected by a password"))
        pages = [(f"page {number}", (page.extract_text() or "").strip()) for number, page in enumerate(reader.pages, 1)]
    except UnreadableFile:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on damaged files
        raise UnreadableFile(say("damaged or unsupported PDF ({error})", error=type(exc).__name__)) from None
    pages = [(where, text) for where, text in pages if text]
    if not pages:
        raise UnreadableFile(say("the PDF has no text layer (a scan or images only)"))
    return pages


def _decrypt(reader) -> bool:
    try:
        return bool(reader.decrypt(""))  # "print protected" PDFs open with the empty password
    except Exception:  # noqa: BLE001 - missing crypto backend, unknown scheme
        return False


def _docx_text(data: bytes) -> str:
    """Paragraphs separated by blank lines, so passages can keep them (stdlib reader, no lxml)."""
    paragraphs = docx_paragraphs(data)
    text = "\n\n".join(p for p in paragraphs if p.strip()).strip()
    if not text:
        raise UnreadableFile(say("the document has no text"))
    return text


# ---------------------------------------------------------------- passages


@dataclass(frozen=True)
class Passage:
    position: int  # from 1, in file order
    location: str
    text: str


def split_passages(sections: Sequence[tuple[str, str]], words: int = PASSAGE_WORDS) -> list[Passage]:
    """Passages of about ``words`` words that keep paragraphs, and else sentences, whole.

    Paragraphs are packed together while they fit; a long paragraph is cut at
    sentence ends; a sentence longer than a passage is cut at word boundaries.
    Passages never span two sections (PDF pages), so a source names one page.
    """
    out: list[Passage] = []
    for location, text in sections:
        pieces: list[str] = []
        for paragraph in re.split(r"\n\s*\n", text):
            paragraph = " ".join(paragraph.split())
            if not paragraph:
                continue
            if len(paragraph.split()) <= words:
                pieces.append(paragraph)
                continue
            for sentence in split_sentences(paragraph):
                tokens = sentence.split()
                for start in range(0, len(tokens), words):
                    pieces.append(" ".join(tokens[start : start + words]))
        current: list[str] = []
        count = 0
        for piece in pieces:
            size = len(piece.split())
            if current and count + size > words:
                out.append(Passage(len(out) + 1, location, " ".join(current)))
                current, count = [], 0
            current.append(piece)
            count += size
        if current:
            if out and out[-1].location == location and count < MIN_PASSAGE_WORDS and len(out[-1].text.split()) + count <= words * 1.5:
                last = out.pop()
                out.append(Passage(last.position, location, last.text + " " + " ".join(current)))
            else:
                out.append(Passage(len(out) + 1, location, " ".join(current)))
    return out


def document_files(paths: Sequence[str]) -> list[str]:
    """Absolute paths of the documents named by ``paths``: files as given, folders walked for known kinds."""
    found: dict[str, None] = {}
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            for file in expand_paths([str(path)]):
                if file.suffix.lower() in DOCUMENT_SUFFIXES:
                    found[str(file.resolve())] = None
        else:
            found[str(path.resolve())] = None
    return list(found)


# ------------------------------------------------------------------- index

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS files (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        model TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        sha1 TEXT NOT NULL,
        error TEXT NOT NULL DEFAULT '',
        indexed REAL NOT NULL,
        UNIQUE (path, model)
    )""",
    """CREATE TABLE IF NOT EXISTS passages (
        id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        location TEXT NOT NULL,
        text TEXT NOT NULL,
        vector BLOB NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS passages_by_file ON passages(file_id)",
)
INDEX_VERSION = 1


class OtherEmbeddings(Exception):
    """The vectors kept under a model's name do not have the size of that model's vectors now."""


@dataclass
class _Work:
    path: str
    size: int
    mtime_ns: int
    sha1: str
    passages: list[Passage]
    error: str = ""


class DocumentIndex:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.notice = ""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = self._open()
        except sqlite3.DatabaseError as exc:
            # Derived data: rebuild rather than stop.  The user's documents are untouched.
            log.error("document index %s damaged (%s); rebuilding it", self.path, exc)
            self.notice = say("The document index was damaged and is being rebuilt.")
            for suffix in ("", "-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)
            self.conn = self._open()

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
        conn.row_factory = sqlite3.Row
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > INDEX_VERSION:
                raise sqlite3.DatabaseError(f"index format {version} is newer than this program's")
            for statement in _SCHEMA:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {INDEX_VERSION}")
        except BaseException:
            conn.close()
            raise
        return conn

    def close(self) -> None:
        self.conn.close()

    # ---------------------------------------------------------------- update

    def update(
        self,
        paths: Sequence[str],
        model: str,
        embed: Embedder,
        progress: ProgressFn = _no_progress,
        check_cancelled: Callable[[], None] = lambda: None,
    ) -> IndexReport:
        """Bring the index up to date for ``paths`` under the embedding ``model``; see the module note."""
        files = document_files(paths)
        known = self._rows(files, model)
        unchanged = 0
        todo: list[tuple[str, os.stat_result, sqlite3.Row | None]] = []
        failed: list[tuple[str, str]] = []  # (path, why)
        in_scope: list[str] = []
        for path in files:
            try:
                stat = os.stat(path)
            except OSError:
                failed.append((path, say("the file no longer exists")))
                continue
            row = known.get(path)
            if row is not None and row["size"] == stat.st_size and row["mtime_ns"] == stat.st_mtime_ns:
                unchanged += 1
                if row["error"]:
                    failed.append((path, _error_from_row(row["error"])))
                else:
                    in_scope.append(path)
                continue
            todo.append((path, stat, row))
        self._forget_missing(paths, model, set(files))

        indexed = 0
        group: list[_Work] = []

        def flush(done: int) -> None:
            nonlocal indexed, group
            indexed += self._store(group, model, embed)
            for w in group:
                if w.error:
                    failed.append((w.path, w.error))
                else:
                    in_scope.append(w.path)
            group = []
            progress(done, len(todo), say("Indexing documents: {done} of {total} file(s)", done=done, total=len(todo)))

        if todo:
            progress(0, len(todo), say("Indexing documents: {done} of {total} file(s)", done=0, total=len(todo)))
        for number, (path, stat, row) in enumerate(todo, 1):
            check_cancelled()
            work = self._read(path, stat)
            if row is not None and not row["error"] and not work.error and row["sha1"] == work.sha1:
                # Touched but not changed: keep the passages, remember the new time.
                self.conn.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE id = ?", (work.size, work.mtime_ns, row["id"]))
                unchanged += 1
                in_scope.append(path)
                continue
            group.append(work)
            if sum(len(w.passages) for w in group) >= EMBED_GROUP:
                flush(number)
        if group:
            flush(len(todo))
        passages = self._count_passages(in_scope, model)
        return IndexReport(tuple(sorted(in_scope)), indexed, unchanged, passages, tuple(failed))

    def _read(self, path: str, stat: os.stat_result) -> _Work:
        try:
            data = read_bytes(Path(path), MAX_DOCUMENT_BYTES)
            digest = hashlib.sha1(data).hexdigest()
            passages = split_passages(read_sections(path))
            if not passages:
                raise UnreadableFile(say("the file has no text"))
            return _Work(path, stat.st_size, stat.st_mtime_ns, digest, passages)
        except UnreadableFile as exc:
            return _Work(path, stat.st_size, stat.st_mtime_ns, "", [], error=message_of(exc))

    def _store(self, group: list[_Work], model: str, embed: Embedder) -> int:
        """Embed the passages of ``group`` together and write its files in one transaction."""
        import numpy as np

        texts = [p.text for w in group for p in w.passages]
        vectors = _as_numpy(embed(texts)) if texts else np.zeros((0, 0), dtype=np.float32)
        vectors = _normalized(vectors)
        now = time.time()
        row = 0
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for w in group:
                self.conn.execute("DELETE FROM files WHERE path = ? AND model = ?", (w.path, model))
                cursor = self.conn.execute(
                    "INSERT INTO files (path, model, size, mtime_ns, sha1, error, indexed) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (w.path, model, w.size, w.mtime_ns, w.sha1, _error_to_row(w.error), now),
                )
                file_id = cursor.lastrowid
                for passage in w.passages:
                    self.conn.execute(
                        "INSERT INTO passages (file_id, position, location, text, vector) VALUES (?, ?, ?, ?, ?)",
                        (file_id, passage.position, passage.location, passage.text, vectors[row].tobytes()),
                    )
                    row += 1
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return sum(1 for w in group if not w.error)

    def _rows(self, files: list[str], model: str) -> dict[str, sqlite3.Row]:
        self._fill_scope(files)
        rows = self.conn.execute(
            "SELECT f.* FROM files f JOIN temp.scope s ON s.path = f.path WHERE f.model = ?", (model,)
        ).fetchall()
        return {row["path"]: row for row in rows}

    def _fill_scope(self, files: list[str]) -> None:
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS scope (path TEXT PRIMARY KEY)")
        self.conn.execute("DELETE FROM temp.scope")
        self.conn.executemany("INSERT OR IGNORE INTO temp.scope (path) VALUES (?)", ((f,) for f in files))

    def _forget_missing(self, paths: Sequence[str], model: str, present: set[str]) -> None:
        """Drop files that were indexed under a folder of ``paths`` and are gone from it now."""
        for raw in paths:
            folder = Path(raw).expanduser()
            if not folder.is_dir():
                continue
            prefix = str(folder.resolve()).rstrip(os.sep) + os.sep
            rows = self.conn.execute(
                "SELECT id, path FROM files WHERE model = ? AND substr(path, 1, ?) = ?", (model, len(prefix), prefix)
            ).fetchall()
            gone = [(row[0],) for row in rows if row[1] not in present]
            if gone:
                self.conn.executemany("DELETE FROM files WHERE id = ?", gone)

    def _count_passages(self, files: list[str], model: str) -> int:
        self._fill_scope(files)
        return self.conn.execute(
            "SELECT count(*) FROM passages p JOIN files f ON f.id = p.file_id JOIN temp.scope s ON s.path = f.path WHERE f.model = ?",
            (model,),
        ).fetchone()[0]

    def forget_model(self, model: str) -> None:
        """Drop everything embedded by ``model``: the next update embeds it all again."""
        self.conn.execute("DELETE FROM files WHERE model = ?", (model,))

    # ---------------------------------------------------------------- search

    def search(self, query_vector, files: Sequence[str], model: str, k: int = 4) -> list[SourcePassage]:
        """The ``k`` passages of ``files`` closest to ``query_vector`` (cosine), best first."""
        import numpy as np

        self._fill_scope(list(files))
        rows = self.conn.execute(
            """SELECT f.path, p.position, p.location, p.text, p.vector FROM passages p
               JOIN files f ON f.id = p.file_id JOIN temp.scope s ON s.path = f.path
               WHERE f.model = ? ORDER BY p.id""",
            (model,),
        ).fetchall()
        if not rows:
            return []
        query = _normalized(_as_numpy(query_vector).reshape(1, -1))[0]
        if any(len(row[4]) != query.nbytes for row in rows):
            raise OtherEmbeddings(f"{model}: kept vectors differ in size from the question's ({query.size} floats)")
        matrix = np.frombuffer(b"".join(row[4] for row in rows), dtype=np.float32).reshape(len(rows), -1)
        scores = matrix @ query
        best = np.argsort(-scores, kind="stable")[:k]
        return [
            SourcePassage(path=rows[i][0], position=rows[i][1], location=rows[i][2], text=rows[i][3], score=float(scores[i]))
            for i in best
        ]


def _as_numpy(vectors):
    import numpy as np

    if hasattr(vectors, "detach"):  # a torch tensor
        vectors = vectors.detach().cpu().float().numpy()
    return np.asarray(vectors, dtype=np.float32)


def _normalized(vectors):
    import numpy as np

    if vectors.size == 0:
        return vectors.astype(np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.clip(norms, 1e-12, None)).astype(np.float32)


def _error_to_row(error: str) -> str:
    """Why a file could not be read, as stored: JSON of the sentence's template, so it stays translatable."""
    data = to_data(error)
    return json.dumps(data, ensure_ascii=False) if isinstance(data, dict) else error


def _error_from_row(stored: str) -> str:
    if stored.startswith('{"say"'):
        try:
            return from_data(json.loads(stored))
        except ValueError:
            pass
    return stored
