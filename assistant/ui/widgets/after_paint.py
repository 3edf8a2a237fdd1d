"""Run something on the event-loop turn after a widget's next paint.

Qt runs a zero-time timer before the paint that an earlier change asked for (paints
are posted at a low priority), so two slow steps joined by ``QTimer.singleShot(0)``
make one long stall with the paint of both after it.  Waiting for the paint instead
lets the window show the first step (the window, then its tab; the chat list, then
the conversation) and splits the GUI thread's work in shorter events.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class AfterPaint(QObject):
    """Calls ``then`` once, on the event-loop turn after ``widget``'s next paint (or after it is
    hidden unpainted: the person switched tabs at once, or the window closed)."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt naming)
        if event.type() in (QEvent.Type.Paint, QEvent.Type.Hide):
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False
