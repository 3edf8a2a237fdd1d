"""A message strip at the top of a tab: errors, notes, and an optional action."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton

_STYLES = {
    "error": "background:rgba(211,47,47,0.14); color:palette(window-text); border:1px solid rgba(211,47,47,0.55); border-radius:4px;",
    "info": "background:rgba(48,140,198,0.14); color:palette(window-text); border:1px solid rgba(48,140,198,0.55); border-radius:4px;",
}


def strip_style(object_name: str, kind: str) -> str:
    """The style sheet of a message strip (a QFrame named ``object_name``): "error" or "info"."""
    return f"QFrame#{object_name} {{{_STYLES[kind]}}}"


class Banner(QFrame):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.PlainText)  # messages may quote user text or model output
        self.label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.action_button = QPushButton()
        self.action_button.hide()
        self.second_button = QPushButton()  # a second choice, e.g. "Retry on the CPU" beside "Retry in float16"
        self.second_button.hide()
        close = QToolButton()
        close.setText("✕")
        close.setAccessibleName(self.tr("Dismiss message"))
        close.setToolTip(self.tr("Dismiss message"))
        close.setAutoRaise(True)
        close.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(self.second_button)
        layout.addWidget(close)
        self._action: Callable[[], None] | None = None
        self._second: Callable[[], None] | None = None
        self.action_button.clicked.connect(self._run_action)
        self.second_button.clicked.connect(self._run_second)
        self.hide()

    def show_message(
        self,
        text: str,
        kind: str = "info",
        action: tuple[str, Callable[[], None]] | None = None,
        second: tuple[str, Callable[[], None]] | None = None,
    ) -> None:
        self.setStyleSheet(strip_style("banner", kind))
        self.label.setText(text)
        self.kind = kind
        if action is None:
            self._action = None
            self.action_button.hide()
        else:
            self.action_button.setText(action[0])
            self._action = action[1]
            self.action_button.show()
        if second is None:
            self._second = None
            self.second_button.hide()
        else:
            self.second_button.setText(second[0])
            self._second = second[1]
            self.second_button.show()
        self.show()

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()

    def _run_action(self) -> None:
        if self._action is not None:
            self.hide()
            self._action()

    def _run_second(self) -> None:
        if self._second is not None:
            self.hide()
            self._second()
