"""A receiver for one request's replies, routed to plain callbacks.

Task tabs answer their own requests; the Models page sends several kinds at once
(a download, a load, a removal) and gives each its own small receiver.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the window's shared downloads make one before the first paint
    from assistant.core.protocol import Failure, Partial, Progress, Result, Started

_ignore = lambda _reply: None  # noqa: E731


class Call:
    def __init__(
        self,
        finished: Callable[[Result | Failure], None],
        progress: Callable[[Progress], None] = _ignore,
        partial: Callable[[Partial], None] = _ignore,
        started: Callable[[Started], None] = _ignore,
    ) -> None:
        self._finished, self._progress, self._partial, self._started = finished, progress, partial, started

    def on_started(self, reply: Started) -> None:
        self._started(reply)

    def on_progress(self, reply: Progress) -> None:
        self._progress(reply)

    def on_partial(self, reply: Partial) -> None:
        self._partial(reply)

    def on_finished(self, reply: Result | Failure) -> None:
        self._finished(reply)
