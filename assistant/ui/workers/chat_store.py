"""The chat store's slow reads, on a thread of their own: opening the file and filling the list.

Opening runs SQLite's integrity check (it reads the whole file) and any schema
migration (building the search index reads every message); listing thousands of
conversations and searching them take tens to hundreds of milliseconds.  None of
that may hold up the GUI thread, so a ChatStoreWorker (a QObject on its own
QThread, with its own connection) does it and answers with signals:

* ``opened(OpenReport)``: once, after ``open()``; carries the first list.
* ``listed(generation, text, (rows, row_of, more))``: after ``refresh(generation, text, limit)``,
  the conversations (text empty) or the newest ``limit`` search hits for ``text``, as (Conversation,
  snippet) pairs, with the id -> row index made here too; ``more``: older hits were left out.  Only the newest request counts: an older one still queued is
  skipped, and one running is interrupted, so typing fast never queues stale
  searches.  The full list is kept: when a search is cleared and nothing was written to
  the file since (SQLite's ``PRAGMA data_version`` tells, for writes by any connection), the
  kept list is sent again instead of turning 10,000 rows into objects once more.

The GUI thread never waits for it.  ``close()`` interrupts what runs and asks the
thread to end; the worker keeps itself referenced until its thread has finished.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from assistant.core.chat import markdown
from assistant.core.chat.history import (
    SEARCH_LIMIT,
    ChatStore,
    Conversation,
    StoreError,
    StoreInterrupted,
)

log = logging.getLogger(__name__)

CHUNK = 250  # conversations turned into objects at a time (about 2 ms)...
CHUNK_PAUSE_S = 0.002  # ...then the GIL is let go for this long

# Workers are kept here from open() until their thread has finished (pruned on the GUI
# thread), so that a QThread is never destroyed while it runs.
_live: set[ChatStoreWorker] = set()


def live_workers() -> list[ChatStoreWorker]:
    """The workers whose thread still runs (tests wait until there are none)."""
    for worker in [w for w in _live if not w.running]:
        _live.discard(worker)
    return list(_live)


def index_rows(rows: list[tuple[Conversation, str]]) -> dict[str, int]:
    """id -> row of a listing (made on the store's thread: for thousands of rows it is a loop the GUI thread is spared)."""
    return {conversation.id: row for row, (conversation, _snippet) in enumerate(rows)}


@dataclass(frozen=True)
class OpenReport:
    error: str = ""  # the file could not be opened at all (why, for the log and the user)
    notice: str = ""  # a sentence about what happened on opening (a damaged file set aside...)
    rows: list[tuple[Conversation, str]] = field(default_factory=list)  # the first list: every conversation, newest first
    row_of: dict[str, int] = field(default_factory=dict)


class ChatStoreWorker(QObject):
    opened = Signal(object)  # OpenReport
    listed = Signal(int, str, object)  # generation, search text, ([(Conversation, snippet)], {id: row}, more hits left out)

    _open_requested = Signal()
    _refresh_requested = Signal(int, str, int)
    _close_requested = Signal()

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = Path(path)
        self._store = ChatStore(self.path, deferred=True)  # opened on the worker thread
        self._latest = 0  # the newest refresh asked for; written by the GUI thread, read by the worker
        self._running: int | None = None  # the refresh running now, if any
        self._closing = False
        self._full: tuple[int, list, dict] | None = None  # (data_version, rows, row_of) of the last full list
        self._thread = QThread()
        self._thread.setObjectName("chat-store")
        self.moveToThread(self._thread)
        self._open_requested.connect(self._open)
        self._refresh_requested.connect(self._refresh)
        self._close_requested.connect(self._close)

    # ------------------------------------------------------------ GUI thread

    def open(self) -> None:
        live_workers()  # prunes the finished ones
        _live.add(self)
        self._thread.start()
        self._open_requested.emit()

    def refresh(self, generation: int, text: str, limit: int = SEARCH_LIMIT) -> None:
        """Fill the list: every conversation (``text`` empty) or the newest ``limit`` hits for ``text``; newest request wins."""
        self._latest = generation
        running = self._running
        if running is not None and running < generation:
            self._store.interrupt_statement()
        self._refresh_requested.emit(generation, text, limit)

    def close(self) -> None:
        """Stop what runs and end the thread; returns at once."""
        if self._closing:
            return
        self._closing = True
        self._latest = -1
        self._store.interrupt()
        if self._thread.isRunning():
            self._close_requested.emit()

    @property
    def running(self) -> bool:
        return self._thread.isRunning()

    # ---------------------------------------------------------- worker thread

    @Slot()
    def _open(self) -> None:
        try:
            self._store.open()
            version = self._data_version()
            rows = self._all_conversations(self._latest) or []
        except StoreInterrupted:
            return  # closing
        except (OSError, sqlite3.Error, StoreError) as exc:
            log.error("chat store %s cannot be opened: %s", self.path, exc)
            self._store.close()
            self.opened.emit(OpenReport(error=str(exc)))
            return
        row_of = index_rows(rows)
        if rows:
            self._full = (version, rows, row_of)
            markdown.prepare()  # the tab shows the newest conversation next: not a 100 ms import on the GUI thread then
        self.opened.emit(OpenReport(notice=self._store.notice, rows=rows, row_of=row_of))

    @Slot(int, str, int)
    def _refresh(self, generation: int, text: str, limit: int) -> None:
        for _attempt in range(2):
            if generation != self._latest or self._store.closed:
                return  # a newer request is queued behind this one
            self._running = generation
            version = None
            more = False
            try:
                if text:
                    hits = self._store.search(text, limit + 1)  # one more than shown: are there more?
                    more = len(hits) > limit
                    rows = [(hit.conversation, hit.snippet) for hit in hits[:limit]]
                else:
                    version = self._data_version()
                    if version is not None and self._full is not None and self._full[0] == version:  # nothing written since: the kept list
                        if generation == self._latest:
                            self.listed.emit(generation, text, (self._full[1], self._full[2], False))
                        return
                    rows = self._all_conversations(generation)
                    if rows is None:
                        return  # a newer request came
            except StoreInterrupted:
                continue  # a newer request came (or, rarely, this one was hit by its interrupt: try again)
            except sqlite3.OperationalError as exc:
                if "interrupt" in str(exc):
                    continue
                log.error("chat list not read: %s", exc)
                return
            except (sqlite3.Error, StoreError) as exc:
                log.error("chat list not read: %s", exc)
                return
            finally:
                self._running = None
            row_of = index_rows(rows)
            if version is not None:
                self._full = (version, rows, row_of)
            if generation == self._latest:
                self.listed.emit(generation, text, (rows, row_of, more))
            return

    def _data_version(self) -> int | None:
        """SQLite's count of commits by other connections to the file (the GUI's writes); None if unknown."""
        try:
            return self._store.conn.execute("PRAGMA data_version").fetchone()[0]
        except (sqlite3.Error, AttributeError, TypeError):
            return None

    def _all_conversations(self, generation: int) -> list | None:
        """Every conversation, read in chunks with a pause between them: turning thousands of rows into
        objects is Python work that holds the GIL, and the GUI thread needs it to paint."""
        rows = []
        for chunk in self._store.conversation_chunks(CHUNK):
            rows.extend((conversation, "") for conversation in chunk)
            if generation != self._latest:
                return None
            time.sleep(CHUNK_PAUSE_S)
        return rows

    @Slot()
    def _close(self) -> None:
        self._store.close()
        self._thread.quit()
