"""Listing dropped or chosen files and folders off the GUI thread: the Classify tab's walk.

A folder can hold tens of thousands of files: walking it takes from a fraction of a
second to minutes (a network drive).  The walk runs on a JobThread and puts what it
finds in a Found buffer; the GUI thread takes at most BATCH_FILES of them per turn of
its event loop (each batch becomes table rows, some milliseconds each), so the tab
shows the count so far and stays responsive however fast the walk is.  (Sending every
batch as a signal of its own would queue them all at once, and Qt delivers queued
events in one go: seconds without a repaint.)  The walk waits while a batch is full
or the GUI is making its rows: the two threads take turns instead of handing the GIL
back and forth at every Qt call, which made each batch many times slower.  The GUI
never waits for the walk.  A new listing supersedes the running one: that one is
cancelled (it stops within a file) and its buffer is dropped.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from assistant.core.classify.messages import WalkOptions
from assistant.core.files.walk import walk_files
from assistant.ui.workers.job_thread import JobThread, JobThreads

BATCH_FILES = 100  # rows made per turn of the GUI's event loop


class Found:
    """The files a walk found and the GUI has not taken yet; ``wake`` is called when it fills from empty.

    The walk (``put``) waits while BATCH_FILES are waiting or the GUI holds a batch it took
    (``take`` until ``release``); the GUI's calls never wait beyond the lock.
    """

    def __init__(self, wake: Callable[[], None], cancelled: threading.Event | None = None) -> None:
        self._turn = threading.Condition()
        self._paths: deque[Path] = deque()
        self._held = False
        self._wake = wake
        self._cancelled = cancelled or threading.Event()

    def put(self, path: Path) -> None:
        with self._turn:
            while (len(self._paths) >= BATCH_FILES or self._held) and not self._cancelled.is_set():
                self._turn.wait(0.05)  # woken by release; the timeout only to notice a cancel
            was_empty = not self._paths
            self._paths.append(path)
        if was_empty:
            self._wake()

    def take(self, most: int) -> list[Path]:
        """Up to ``most`` files; the walk waits until ``release``."""
        with self._turn:
            self._held = True
            return [self._paths.popleft() for _ in range(min(most, len(self._paths)))]

    def release(self) -> None:
        with self._turn:
            self._held = False
            self._turn.notify_all()

    def __len__(self) -> int:
        with self._turn:
            return len(self._paths)


def list_files(roots: list[str], walk: WalkOptions, cancelled: threading.Event, found: Found) -> int:
    """Walk ``roots`` as the classify job will, putting each file in ``found``; the number found."""
    count = 0
    for path in walk_files(roots, walk.include, walk.exclude, walk.hidden, walk.follow_links):
        if cancelled.is_set():
            break
        found.put(path)
        count += 1
    return count


class FolderListing(QObject):
    """One listing at a time; its files in ``found`` (batches, in walk order), then ``finished``."""

    found = Signal(list)  # list[Path]: the next files of the current listing
    finished = Signal(object)  # int (files found) or the exception that stopped the walk

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._threads = JobThreads()
        self._generation = 0
        self._running: int | None = None
        self._buffer: Found | None = None
        self._walked: object = None  # what the walk returned, once it has
        self._taking = False  # a turn to take a batch is scheduled

    @property
    def busy(self) -> bool:
        return self._running is not None

    def start(self, roots: list[str], walk: WalkOptions) -> None:
        """List ``roots``; a listing still running is cancelled and its answers are dropped."""
        self.stop()
        self._generation += 1
        generation = self._generation
        self._running = generation
        self._walked = None
        cancelled = threading.Event()
        buffer = self._buffer = Found(lambda: thread.progress.emit(generation, None), cancelled)  # a wake-up, queued
        thread = JobThread(generation, lambda cancelled, _report: list_files(roots, walk, cancelled, buffer), "assistant-listing")
        thread.progress.connect(self._wake)
        thread.done.connect(self._done)
        thread.cancelled = cancelled  # one event: the walk and its buffer stop together
        self._threads.start(thread)

    def stop(self) -> None:
        """Cancel the running listing, if any; nothing more is heard of it."""
        self._threads.cancel_all()
        self._running = None
        self._buffer = None

    def _wake(self, generation: int, _nothing) -> None:
        if generation == self._running and not self._taking:
            self._taking = True
            QTimer.singleShot(0, self._take)

    def _take(self) -> None:
        """One batch, then back to the event loop (input, paint, timers) before the next."""
        self._taking = False
        if self._running is None or self._buffer is None:
            return
        buffer = self._buffer
        batch = buffer.take(BATCH_FILES)
        try:
            if batch:
                self.found.emit(batch)
        finally:
            buffer.release()  # the walk goes on while the event loop turns
        if self._running is not None and self._buffer is not None and len(self._buffer):
            self._taking = True
            QTimer.singleShot(0, self._take)
        elif self._running is not None and self._walked is not None:
            self._end()

    def _done(self, generation: int, result) -> None:
        self._threads.prune()
        if generation != self._running:
            return
        self._walked = result
        if isinstance(result, Exception):
            self._end()  # the files found so far stay listed
        elif not self._taking:
            self._take()  # else the scheduled turn ends the listing once the buffer is empty

    def _end(self) -> None:
        result, self._running, self._buffer = self._walked, None, None
        self.finished.emit(result)

    def shutdown(self, timeout_ms: int = 5_000) -> bool:
        self.stop()
        return self._threads.shutdown(timeout_ms)
