"""The download thread: model downloads, one at a time, each ending in one Result or Failure.

Downloads are network and disk I/O, not torch work, so they get a thread of their
own: a model that downloads for ten minutes must not hold up a chat answer on the
worker thread (and torch stays on the worker thread alone, DESIGN rule 3).
Qt-free: the window's WorkerClient and the command line both use it.  The thread
starts with the first download and is joined by ``stop``.
"""

from __future__ import annotations

import logging
import queue
import threading
import traceback
from collections.abc import Callable

from assistant.core.models.messages import DownloadProgress, DownloadRequest
from assistant.core.protocol import BadInput, Failure, FailureKind, Partial, Progress, Reply, Result, Started, TaskError
from assistant.core.say import message_of, say

log = logging.getLogger(__name__)

_STOP = object()


class DownloadService:
    def __init__(self, emit: Callable[[Reply], None]) -> None:
        self.emit = emit
        self._queue: queue.Queue = queue.Queue()
        self._cancel_events: dict[int, threading.Event] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------- any thread: non-blocking

    def submit(self, request: DownloadRequest) -> int:
        with self._lock:
            self._cancel_events[request.id] = threading.Event()
            if self._thread is None:
                self._thread = threading.Thread(target=self._serve, name="assistant-downloads")
                self._thread.start()
        self._queue.put(request)
        return request.id

    def cancel(self, request_id: int) -> None:
        with self._lock:
            event = self._cancel_events.get(request_id)
        if event is not None:
            event.set()

    def stop(self, timeout: float = 15.0) -> bool:
        """Stop every download (partial files stay, to resume) and join the thread."""
        with self._lock:
            for event in self._cancel_events.values():
                event.set()
            thread = self._thread
        if thread is None:
            return True
        self._queue.put(_STOP)
        thread.join(timeout)
        return not thread.is_alive()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # ------------------------------------------------------ download thread

    def _serve(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            self.handle(item)

    def handle(self, request: DownloadRequest) -> Result | Failure:
        """Run one download to its end on the calling thread; returns (and emits) its terminal message."""
        from assistant.core.models.download import download

        with self._lock:
            cancel = self._cancel_events.setdefault(request.id, threading.Event())
        self.emit(Started(request.id, request.repo_id, "download"))
        try:
            if cancel.is_set():
                raise TaskError(say("stopped"))
            _route(request.proxy)
            result = download(
                request.repo_id,
                request.revision,
                allow_unsafe=request.allow_unsafe,
                endpoint=request.endpoint,
                cache_dir=request.cache_dir,
                progress=lambda p: self._progress(request.id, p),
                cancel=cancel,
            )
            terminal: Result | Failure = Result(request.id, result)
        except TaskError as exc:
            kind = FailureKind.CANCELLED if cancel.is_set() else exc.kind
            message = message_of(exc) if kind is exc.kind else say("Download stopped; what was fetched is kept to resume.")
            terminal = Failure(request.id, kind, message, _detail(exc))
        except Exception as exc:  # noqa: BLE001 - no exception leaves the thread
            log.exception("download %s failed", request.repo_id)
            terminal = Failure(request.id, FailureKind.ERROR, say("The download of {id} failed: {error}", id=request.repo_id, error=message_of(exc)), _detail(exc))
        finally:
            with self._lock:
                self._cancel_events.pop(request.id, None)
        if isinstance(terminal, Failure):
            log.warning("download %s ended: %s: %s", request.repo_id, terminal.kind.value, terminal.message)
        self.emit(terminal)
        return terminal

    def _progress(self, request_id: int, progress: DownloadProgress) -> None:
        self.emit(Partial(request_id, progress))
        self.emit(Progress(request_id, progress.done, progress.total, describe_progress(progress)))


def _route(proxy: str) -> None:
    from assistant.core.models.network import use_proxy

    try:
        use_proxy(proxy)
    except ValueError as exc:
        raise BadInput(say("'{proxy}' is not a proxy address: write it as http://host:port, or choose system or none.", proxy=proxy)) from exc


def describe_progress(p: DownloadProgress) -> str:
    if p.converting:
        return say("Converting {file} to safetensors with the safe loader…", file=p.file)
    speed = say(", {speed}/s", speed=_mb(p.bytes_per_second)) if p.bytes_per_second > 0 else ""
    resumed = say(", resumed at {size}", size=_mb(p.resumed_from)) if p.resumed_from else ""
    return say(
        "{file}: {file_done} of {file_total}{speed}{resumed} (all files: {done} of {total})",
        file=p.file,
        file_done=_mb(p.file_done),
        file_total=_mb(p.file_total),
        speed=speed,
        resumed=resumed,
        done=_mb(p.done),
        total=_mb(p.total),
    )


def _mb(count: float) -> str:
    from assistant.core.models.download import format_size  # hashlib, urllib: with the first progress, not at start

    return format_size(count, gb_digits=2)  # progress of a large file: two decimals keep it moving


def _detail(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
