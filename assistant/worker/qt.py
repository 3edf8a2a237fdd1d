"""The worker thread and the GUI's handle on it.

WorkerThread runs Engine.serve on a QThread; every reply the engine emits becomes
a queued Qt signal, so it arrives on the GUI thread.  WorkerClient is what the
tabs use: ``submit`` hands a request to the engine's queue (a put, it never
blocks) and routes the replies of that request to the tab that sent it.
"""

from __future__ import annotations

import logging
import weakref
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QThread, Signal, Slot

if TYPE_CHECKING:
    from assistant.core.models.messages import DownloadRequest
    from assistant.core.protocol import EngineStatus, Failure, MemoryStatus, Partial, Progress, Reply, Result, Started
    from assistant.core.registry import ModelRequest, Request
    from assistant.worker.config import EngineConfig
    from assistant.worker.downloads import DownloadService
    from assistant.worker.engine import Engine

log = logging.getLogger(__name__)

SHUTDOWN_TIMEOUT_MS = 15_000

# Every WorkerThread ever started, for the test fixture that fails on leaked threads.
live_threads: weakref.WeakSet[WorkerThread] = weakref.WeakSet()


class ReplyReceiver(Protocol):
    """What a tab implements to hear about its requests (all called on the GUI thread)."""

    def on_started(self, reply: Started) -> None: ...
    def on_progress(self, reply: Progress) -> None: ...
    def on_partial(self, reply: Partial) -> None: ...
    def on_finished(self, reply: Result | Failure) -> None: ...


class WorkerThread(QThread):
    replied = Signal(object)

    def __init__(self, config: EngineConfig, parent: QObject | None = None) -> None:
        from assistant.worker.engine import Engine

        super().__init__(parent)
        self.setObjectName("assistant-worker")
        self.engine = Engine(config, emit=self.replied.emit)
        live_threads.add(self)

    def run(self) -> None:
        try:
            self.engine.serve()
        except BaseException:  # serve() handles each request; this is the last guard
            log.exception("the worker loop stopped unexpectedly")


class WorkerClient(QObject):
    """The GUI side of the worker.  Signals carry the dataclasses of core/messages.py."""

    status = Signal(object)  # EngineStatus
    activity = Signal(object)  # every Started / Progress / Result / Failure, for the status bar
    memory = Signal(object)  # MemoryStatus: the models in memory, after every change

    def __init__(self, config: EngineConfig, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # The engine and its thread are made at the first use (start, submit...): the window makes
        # its client before the first paint, and importing the engine is time before it shows.
        self._config = config
        self._worker: WorkerThread | None = None
        self._download_service: DownloadService | None = None
        self._receivers: dict[int, ReplyReceiver] = {}
        self.last_status: EngineStatus | None = None
        self.last_memory: MemoryStatus | None = None

    @property
    def _thread(self) -> WorkerThread:
        if self._worker is None:
            self._worker = WorkerThread(self._config)
            self._worker.replied.connect(self._dispatch)  # queued: the thread emits, we live on the GUI thread
        return self._worker

    @property
    def _downloads(self) -> DownloadService:
        if self._download_service is None:
            from assistant.worker.downloads import DownloadService

            # Downloads run on a thread of their own (network I/O, no torch); their replies take the same road.
            self._download_service = DownloadService(emit=self._thread.replied.emit)
        return self._download_service

    def start(self) -> None:
        self._thread.start()

    @property
    def engine(self) -> Engine:
        """The engine the worker thread serves (the local API submits to it too)."""
        return self._thread.engine

    @property
    def running(self) -> bool:
        return self._worker is not None and self._worker.isRunning()

    def submit(self, request: Request | ModelRequest | DownloadRequest, receiver: ReplyReceiver) -> int:
        from assistant.core.models.messages import DownloadRequest

        self._receivers[request.id] = receiver
        if isinstance(request, DownloadRequest):
            return self._downloads.submit(request)
        return self._thread.engine.submit(request)

    def cancel(self, request_id: int) -> None:
        if self._worker is not None:
            self._worker.engine.cancel(request_id)
        if self._download_service is not None:
            self._download_service.cancel(request_id)  # ids are unique across both

    def reconfigure(self, config: EngineConfig) -> None:
        self._config = config
        if self._worker is not None:
            self._worker.engine.reconfigure(config)

    def shutdown(self, timeout_ms: int = SHUTDOWN_TIMEOUT_MS) -> bool:
        """Cancel all work and join the thread, waiting at most ``timeout_ms``.

        Only called when the program ends (DESIGN rule 6): a running forward
        pass finishes its step, notices the cancel and returns.
        """
        if self._worker is not None:
            self._worker.engine.stop()
        if self._download_service is not None:
            self._download_service.stop()  # a download stops within one chunk; its partial file stays to resume
        if self._worker is None or not self._worker.isRunning():
            return True
        finished = self._worker.wait(timeout_ms)
        if not finished:
            log.error("the worker did not stop within %d ms", timeout_ms)
        return finished

    @Slot(object)
    def _dispatch(self, reply: Reply) -> None:
        # Imported here: the window makes its client before the first paint, the protocol is needed at the first reply.
        from assistant.core.protocol import EngineStatus, Failure, MemoryStatus, Partial, Progress, Result, Started

        if isinstance(reply, EngineStatus):
            self.last_status = reply
            self.status.emit(reply)
            return
        if isinstance(reply, MemoryStatus):
            self.last_memory = reply
            self.memory.emit(reply)
            return
        self.activity.emit(reply)
        receiver = self._receivers.get(reply.request_id)
        if receiver is None:
            return
        if isinstance(reply, Started):
            receiver.on_started(reply)
        elif isinstance(reply, Progress):
            receiver.on_progress(reply)
        elif isinstance(reply, Partial):
            receiver.on_partial(reply)
        elif isinstance(reply, (Result, Failure)):
            del self._receivers[reply.request_id]
            receiver.on_finished(reply)
