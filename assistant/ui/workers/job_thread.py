"""One piece of view-side work (no model, no torch) on a thread of its own, its answer by signal.

A JobThread runs ``job(cancelled, report)`` once: ``cancelled`` is a threading.Event the
job checks between steps, ``report(value)`` sends a value on the way (``progress``), and
what the job returns (or the exception it raised) arrives in ``done``.  Both signals carry
the generation the owner gave the thread, so the owner drops what a superseded job says.
The signals are emitted on the job's thread and delivered, queued, on the GUI thread.

The owner never waits for a running thread: it keeps its JobThreads until
``isFinished()`` says they are done (``JobThreads.prune``), then lets them go, and only
at shutdown joins them, with a timeout, after cancelling them.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThread, Signal

log = logging.getLogger(__name__)

Job = Callable[[threading.Event, Callable[[Any], None]], Any]

# Every JobThread made, for the tests that check that none is left running.
live_job_threads: weakref.WeakSet[JobThread] = weakref.WeakSet()


class JobThread(QThread):
    progress = Signal(int, object)  # generation, a value the job reported
    done = Signal(int, object)  # generation, the job's result or the exception it raised

    def __init__(self, generation: int, job: Job, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.generation = generation
        self.cancelled = threading.Event()
        self._job = job
        live_job_threads.add(self)

    def run(self) -> None:
        try:
            result = self._job(self.cancelled, lambda value: self.progress.emit(self.generation, value))
        except Exception as exc:  # said to the owner, never lost in the thread
            log.exception("%s failed", self.objectName())
            result = exc
        self.done.emit(self.generation, result)


class JobThreads:
    """The JobThreads of one owner: started, kept until finished, cancelled and joined at shutdown."""

    def __init__(self) -> None:
        self._threads: list[JobThread] = []

    def start(self, thread: JobThread) -> JobThread:
        self.prune()
        self._threads.append(thread)
        thread.start()
        return thread

    def prune(self) -> None:
        """Let go of the threads that have ended (never of one still running: Qt would abort)."""
        self._threads = [t for t in self._threads if not t.isFinished()]

    def cancel_all(self) -> None:
        for thread in self._threads:
            thread.cancelled.set()

    @property
    def running(self) -> bool:
        return any(t.isRunning() for t in self._threads)

    def shutdown(self, timeout_ms: int = 5_000) -> bool:
        """Cancel and join every thread (the window is closing); False if one did not end in time."""
        self.cancel_all()
        ended = True
        for thread in self._threads:
            if not thread.wait(timeout_ms):
                log.error("%s did not stop within %d ms", thread.objectName(), timeout_ms)
                ended = False
        self.prune()
        return ended


def running_job_threads() -> list[JobThread]:
    return [t for t in list(live_job_threads) if t.isRunning()]
