"""Finding the models on this computer off the GUI thread: the Models page's scan.

A scan walks and sizes every model folder (the models folder, the added folders, the
Hugging Face cache) and asks the cache for the commit of every catalog entry: seconds
on a big cache, so it runs on a JobThread.  One scan at a time: asking again while one
runs (F5, a download that finished) schedules one more scan after it, with the newest
request, and the running scan's answer, stale by then, is dropped.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from assistant.core.models.catalog import CatalogEntry, cached_commit
from assistant.core.models.sources import ModelInventory, discover, model_folders
from assistant.ui.workers.job_thread import JobThread, JobThreads


@dataclass(frozen=True)
class ScanRequest:
    models_dir: Path
    extra_dirs: tuple[str, ...]
    hf_cache: Path
    catalog: tuple[CatalogEntry, ...] = ()
    # Folders the user asked to add: each is looked into, and listed if it holds models.
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class InventoryScan:
    inventory: ModelInventory
    commits: dict[str, str] = field(default_factory=dict)  # catalog entry id -> commit in the cache
    candidates: dict[str, bool] = field(default_factory=dict)  # candidate folder -> holds models


def scan(request: ScanRequest, cancelled: threading.Event | None = None) -> InventoryScan:
    """The inventory, the catalog's cached commits, and which candidate folders hold models."""
    candidates = {folder: bool(model_folders(Path(folder))) for folder in request.candidates}
    extra = list(request.extra_dirs) + [f for f, found in candidates.items() if found and f not in request.extra_dirs]
    inventory = discover(request.models_dir, extra, request.hf_cache)
    commits = {}
    for entry in request.catalog:
        if cancelled is not None and cancelled.is_set():
            break
        commit = cached_commit(entry, request.hf_cache)
        if commit:
            commits[entry.id] = commit
    return InventoryScan(inventory, commits, candidates)


class InventoryScanner(QObject):
    """Runs scans one at a time on a JobThread; ``scanned`` gives the answer to the newest request."""

    scanned = Signal(object)  # InventoryScan
    failed = Signal(object)  # the exception of a scan that broke (a bug: discover reports bad folders itself)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._threads = JobThreads()
        self._generation = 0
        self._running: int | None = None  # the generation of the scan under way
        self._pending: ScanRequest | None = None  # the newest request, waiting for the running scan

    @property
    def busy(self) -> bool:
        """A scan runs or waits to run: its answer is still to come."""
        return self._running is not None or self._pending is not None

    def scan(self, request: ScanRequest) -> None:
        self._generation += 1
        self._pending = request
        if self._running is None:
            self._start_pending()

    def _start_pending(self) -> None:
        request, self._pending = self._pending, None
        self._running = self._generation
        thread = JobThread(self._generation, lambda cancelled, _report: scan(request, cancelled), "assistant-inventory")
        thread.done.connect(self._done)
        self._threads.start(thread)

    def _done(self, generation: int, result) -> None:
        if generation != self._running:
            return  # a thread from before a shutdown
        self._running = None
        if self._pending is not None:
            self._start_pending()  # asked again meanwhile: this answer is stale
            return
        if generation != self._generation:
            return
        if isinstance(result, Exception):
            self.failed.emit(result)
        else:
            self.scanned.emit(result)

    def shutdown(self, timeout_ms: int = 5_000) -> bool:
        self._pending = None
        self._running = None
        return self._threads.shutdown(timeout_ms)
