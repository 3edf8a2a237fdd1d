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

from assistant.core.models.messages import DownloadRequest
from assistant.core.protocol import EngineStatus, Failure, MemoryStatus, Partial, Progress, Reply, Result, Started
from assistant.worker.downloads import DownloadService
from assistant.worker.engine import Engine, EngineConfig

if TYPE_CHECKING:
    from assistant.core.registry import ModelRequest, Request

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
        self._thread = WorkerThread(config)
        self._thread.replied.connect(self._dispatch)  # queued: the thread emits, we live on the GUI thread
        self._receivers: dict[int, ReplyReceiver] = {}
        self.last_status: EngineStatus | None = None
        self.last_memory: MemoryStatus | None = None
        # Downloads run on a thread of their own (network I/O, no torch); their replies take the same road.
        self._downloads = DownloadService(emit=self._thread.replied.emit)

    def start(self) -> None:
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.isRunning()

    def submit(self, request: Request | ModelRequest | DownloadRequest, receiver: ReplyReceiver) -> int:
        self._receivers[request.id] = receiver
        if isinstance(request, DownloadRequest):
            return self._downloads.submit(request)
        return self._thread.engine.submit(request)

    def cancel(self, request_id: int) -> None:
        self._thread.engine.cancel(request_id)
        self._downloads.cancel(request_id)  # ids are unique across both

    def reconfigure(self, config: EngineConfig) -> None:
        self._thread.engine.reconfigure(config)

    def shutdown(self, timeout_ms: int = SHUTDOWN_TIMEOUT_MS) -> bool:
        """Cancel all work and join the thread, waiting at most ``timeout_ms``.

        Only called when the program ends (DESIGN rule 6): a running forward
        pass finishes its step, notices the cancel and returns.
        """
        self._thread.engine.stop()
        self._downloads.stop()  # a download stops within one chunk; its partial file stays to resume
        if not self._thread.isRunning():
            return True
        finished = self._thread.wait(timeout_ms)
        if not finished:
            log.error("the worker did not stop within %d ms", timeout_ms)
        return finished

    @Slot(object)
    def _dispatch(self, reply: Reply) -> None:
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
