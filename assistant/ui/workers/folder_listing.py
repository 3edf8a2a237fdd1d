"""Listing dropped or chosen files and folders off the GUI thread: the Classify tab's walk.

A folder can hold tens of thousands of files: walking it takes from a fraction of a
second to minutes (a network drive).  The walk runs on a JobThread and sends the files
in batches, at most every BATCH_SECONDS or BATCH_FILES, so the tab shows the count so
far and adds rows a batch at a time.  A new listing supersedes the running one: that
one is cancelled (it stops within a file) and whatever it still says is dropped.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal

from assistant.core.files.read import walk_files
from assistant.core.messages import WalkOptions
from assistant.ui.workers.job_thread import JobThread, JobThreads

BATCH_SECONDS = 0.05
BATCH_FILES = 250


def list_files(
    roots: list[str], walk: WalkOptions, cancelled: threading.Event, report: Callable[[list[Path]], None]
) -> int:
    """Walk ``roots`` as the classify job will, reporting the files in batches; the number found."""
    batch: list[Path] = []
    count = 0
    last = time.monotonic()
    for path in walk_files(roots, walk.include, walk.exclude, walk.hidden, walk.follow_links):
        if cancelled.is_set():
            return count
        batch.append(path)
        count += 1
        if len(batch) >= BATCH_FILES or time.monotonic() - last >= BATCH_SECONDS:
            report(batch)
            batch = []
            last = time.monotonic()
    if batch and not cancelled.is_set():
        report(batch)
    return count


class FolderListing(QObject):
    """One listing at a time; its batches in ``found``, then ``finished`` with the count or the error."""

    found = Signal(list)  # list[Path]: the next files of the current listing, in walk order
    finished = Signal(object)  # int (files found) or the exception that stopped the walk

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._threads = JobThreads()
        self._generation = 0
        self._running: int | None = None

    @property
    def busy(self) -> bool:
        return self._running is not None

    def start(self, roots: list[str], walk: WalkOptions) -> None:
        """List ``roots``; a listing still running is cancelled and its answers are dropped."""
        self.stop()
        self._generation += 1
        self._running = self._generation
        thread = JobThread(self._generation, lambda cancelled, report: list_files(roots, walk, cancelled, report), "assistant-listing")
        thread.progress.connect(self._batch)
        thread.done.connect(self._done)
        self._threads.start(thread)

    def stop(self) -> None:
        """Cancel the running listing, if any; nothing more is heard of it."""
        self._threads.cancel_all()
        self._running = None

    def _batch(self, generation: int, paths: list[Path]) -> None:
        if generation == self._running:
            self.found.emit(paths)

    def _done(self, generation: int, result) -> None:
        if generation == self._running:
            self._running = None
            self.finished.emit(result)
        self._threads.prune()

    def shutdown(self, timeout_ms: int = 5_000) -> bool:
        self._running = None
        return self._threads.shutdown(timeout_ms)
