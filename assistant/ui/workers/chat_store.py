"""The chat store's slow reads, on a thread of their own: opening the file and filling the list.

Opening runs SQLite's integrity check (it reads the whole file) and any schema
migration (building the search index reads every message); listing thousands of
conversations and searching them take tens to hundreds of milliseconds.  None of
that may hold up the GUI thread, so a ChatStoreWorker (a QObject on its own
QThread, with its own connection) does it and answers with signals:

* ``opened(OpenReport)``: once, after ``open()``; carries the first list.
* ``listed(generation, text, rows)``: after ``refresh(generation, text)``, the
  conversations (text empty) or the search hits for ``text``, as (Conversation,
  snippet) pairs.  Only the newest request counts: an older one still queued is
  skipped, and one running is interrupted, so typing fast never queues stale
  searches.

The GUI thread never waits for it.  ``close()`` interrupts what runs and asks the
thread to end; the worker keeps itself referenced until its thread has finished.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from assistant.core.chat.history import ChatStore, Conversation, StoreError, StoreInterrupted

log = logging.getLogger(__name__)

# Workers are kept here from open() until their thread has finished (pruned on the GUI
# thread), so that a QThread is never destroyed while it runs.
_live: set["ChatStoreWorker"] = set()


def live_workers() -> list["ChatStoreWorker"]:
    """The workers whose thread still runs (tests wait until there are none)."""
    for worker in [w for w in _live if not w.running]:
        _live.discard(worker)
    return list(_live)


@dataclass(frozen=True)
class OpenReport:
    error: str = ""  # the file could not be opened at all (why, for the log and the user)
    notice: str = ""  # a sentence about what happened on opening (a damaged file set aside...)
    conversations: list[Conversation] = field(default_factory=list)


class ChatStoreWorker(QObject):
    opened = Signal(object)  # OpenReport
    listed = Signal(int, str, object)  # generation, search text, [(Conversation, snippet)]

    _open_requested = Signal()
    _refresh_requested = Signal(int, str)
    _close_requested = Signal()

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = Path(path)
        self._store = ChatStore(self.path, deferred=True)  # opened on the worker thread
        self._latest = 0  # the newest refresh asked for; written by the GUI thread, read by the worker
        self._running: int | None = None  # the refresh running now, if any
        self._closing = False
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

    def refresh(self, generation: int, text: str) -> None:
        """Fill the list: every conversation (``text`` empty) or the hits for ``text``; newest request wins."""
        self._latest = generation
        running = self._running
        if running is not None and running < generation:
            self._store.interrupt_statement()
        self._refresh_requested.emit(generation, text)

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
            conversations = self._store.conversations(full=False)
        except StoreInterrupted:
            return  # closing
        except (OSError, sqlite3.Error, StoreError) as exc:
            log.error("chat store %s cannot be opened: %s", self.path, exc)
            self._store.close()
            self.opened.emit(OpenReport(error=str(exc)))
            return
        self.opened.emit(OpenReport(notice=self._store.notice, conversations=conversations))

    @Slot(int, str)
    def _refresh(self, generation: int, text: str) -> None:
        for _attempt in range(2):
            if generation != self._latest or self._store.closed:
                return  # a newer request is queued behind this one
            self._running = generation
            try:
                if text:
                    rows = [(hit.conversation, hit.snippet) for hit in self._store.search(text)]
                else:
                    rows = [(conversation, "") for conversation in self._store.conversations(full=False)]
            except sqlite3.OperationalError as exc:
                if "interrupt" in str(exc):
                    continue  # a newer request came (or, rarely, this one was hit by its interrupt: try again)
                log.error("chat list not read: %s", exc)
                return
            except (sqlite3.Error, StoreError) as exc:
                log.error("chat list not read: %s", exc)
                return
            finally:
                self._running = None
            if generation == self._latest:
                self.listed.emit(generation, text, rows)
            return

    @Slot()
    def _close(self) -> None:
        self._store.close()
        self._thread.quit()
