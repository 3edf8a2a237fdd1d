"""The side list of saved conversations: newest first, search, rename in place, delete."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from assistant.core.chat.history import Conversation, SearchHit

SEARCH_DELAY_MS = 200  # search once the user pauses typing


def conversation_title(conversation: Conversation) -> str:
    """The title shown for a conversation: its own, or "New chat" in the interface language."""
    return conversation.title or QCoreApplication.translate("ConversationList", "New chat")


class ConversationList(QWidget):
    selected = Signal(str)  # conversation id
    renamed = Signal(str, str)  # id, new title
    delete_requested = Signal(str)
    new_requested = Signal()
    import_requested = Signal()
    search_changed = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search all chats (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search conversations"))
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Conversations"))
        self.list.setEditTriggers(QListWidget.EditKeyPressed | QListWidget.DoubleClicked)
        self.list.setWordWrap(True)
        self.new_button = QPushButton(self.tr("New"))
        self.new_button.setToolTip(self.tr("Start a new conversation (Ctrl+N)"))
        self.rename_button = QPushButton(self.tr("Rename"))
        self.rename_button.setToolTip(self.tr("Rename the selected conversation (F2)"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setToolTip(self.tr("Delete the selected conversation (Del); you can undo it for a few seconds"))
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.setToolTip(self.tr("Add a conversation from an exported JSON, HTML or Markdown file"))
        buttons = QHBoxLayout()
        for button in (self.new_button, self.rename_button, self.delete_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.import_button)

        self._filling = False
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.search_changed.emit(self.search.text()))
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.itemChanged.connect(self._item_changed)
        self.new_button.clicked.connect(self.new_requested)
        self.rename_button.clicked.connect(self.rename_current)
        self.delete_button.clicked.connect(self._delete_current)
        self.import_button.clicked.connect(self.import_requested)
        QShortcut(QKeySequence.Delete, self.list, self._delete_current, context=Qt.WidgetShortcut)
        QShortcut(QKeySequence("F2"), self.list, self.rename_current, context=Qt.WidgetShortcut)

    # -------------------------------------------------------------- filling

    def set_conversations(self, conversations: list[Conversation], current: str | None) -> None:
        self._fill([(c, "") for c in conversations], current)

    def set_search_results(self, hits: list[SearchHit], current: str | None) -> None:
        self._fill([(h.conversation, h.snippet) for h in hits], current)

    def _fill(self, rows: list[tuple[Conversation, str]], current: str | None) -> None:
        self._filling = True
        try:
            self.list.clear()
            for conversation, snippet in rows:
                title = conversation_title(conversation)
                item = QListWidgetItem(title)
                item.setData(Qt.UserRole, conversation.id)
                item.setFlags(item.flags() | Qt.ItemIsEditable)
                when = time.strftime("%Y-%m-%d %H:%M", time.localtime(conversation.updated))
                item.setToolTip(f"{title}\n{when}" + (f"\n… {snippet}" if snippet else ""))
                self.list.addItem(item)
                if conversation.id == current:
                    self.list.setCurrentItem(item)
        finally:
            self._filling = False
        self._update_buttons()

    def ids(self) -> list[str]:
        return [self.list.item(row).data(Qt.UserRole) for row in range(self.list.count())]

    def titles(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.UserRole) if item is not None else None

    def select(self, conversation_id: str | None) -> None:
        """Mark ``conversation_id`` as current without announcing it (the tab already shows it)."""
        self._filling = True
        try:
            self.list.setCurrentItem(None)
            for row in range(self.list.count()):
                if self.list.item(row).data(Qt.UserRole) == conversation_id:
                    self.list.setCurrentRow(row)
        finally:
            self._filling = False
        self._update_buttons()

    def stop_timers(self) -> None:
        self._search_timer.stop()

    # -------------------------------------------------------------- actions

    def rename_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.editItem(item)

    def _delete_current(self) -> None:
        conversation_id = self.current_id()
        if conversation_id:
            self.delete_requested.emit(conversation_id)

    def _current_changed(self, current: QListWidgetItem | None, _previous) -> None:
        self._update_buttons()
        if current is not None and not self._filling:
            self.selected.emit(current.data(Qt.UserRole))

    def _item_changed(self, item: QListWidgetItem) -> None:
        if not self._filling:
            self.renamed.emit(item.data(Qt.UserRole), item.text())

    def _update_buttons(self) -> None:
        has = self.list.currentItem() is not None
        self.rename_button.setEnabled(has)
        self.delete_button.setEnabled(has)
