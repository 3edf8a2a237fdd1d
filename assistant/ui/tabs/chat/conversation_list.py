"""The side list of saved conversations: newest first, search, rename in place, delete.

A model and a view rather than a QListWidget: filling it is one reset whatever
the number of conversations (thousands of items would take the GUI thread half a
second to make), and rows of one height are laid out without asking each one.

The model holds every row but shows them a page at a time (Qt's canFetchMore /
fetchMore: the view asks for the next page when it is scrolled to the end).  The
view lays out every row it is shown after each change, in one go on the GUI
thread: 10,000 rows take it 15-80 ms, a page of a few hundred about one.  So
filling the list with thousands of conversations, or clearing a search, costs a
page; scrolling down costs a page at a time; the current conversation is always
among the rows shown, and a refill (after a rename, a delete, a saved answer) shows
as many rows as before, so the place the user scrolled to stays.
"""

from __future__ import annotations

import time
from dataclasses import replace

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLineEdit, QListView, QPushButton, QVBoxLayout, QWidget

from assistant.core.chat.history import Conversation, SearchHit
from assistant.ui.workers.chat_store import index_rows

SEARCH_DELAY_MS = 200  # search once the user pauses typing
PAGE = 200  # rows shown at first, and added each time the view is scrolled to the end

# The roles data() answers, looked up once: the view asks data() seven times per row it paints,
# and PySide6 takes ~14 us to resolve a shortcut name such as ``Qt.DisplayRole`` (an int compare
# takes 0.05 us): five such names per call made a repaint of the list cost ~10 ms of CPU.
DISPLAY = Qt.ItemDataRole.DisplayRole.value
EDIT = Qt.ItemDataRole.EditRole.value
TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
USER = Qt.ItemDataRole.UserRole.value
EDITABLE = Qt.ItemFlag.ItemIsEditable


def conversation_title(conversation: Conversation) -> str:
    """The title shown for a conversation: its own, or "New chat" in the interface language."""
    return conversation.title or QCoreApplication.translate("ConversationList", "New chat")


class ConversationModel(QAbstractListModel):
    """(Conversation, snippet) rows, shown a page at a time; editing a title announces it with ``renamed``.

    ``rows`` holds them all; the first ``shown`` of them are the model's rows.
    """

    renamed = Signal(str, str)  # id, new title

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[Conversation, str]] = []
        self.shown = 0
        self._row_of: dict[str, int] = {}

    def set_rows(self, rows: list[tuple[Conversation, str]], row_of: dict[str, int] | None = None, keep: str | None = None) -> None:
        """Show as many rows as were shown (a refill after a rename, a delete or a saved answer keeps
        the place the user scrolled to), at least a page, and enough to show the conversation ``keep``.

        ``row_of`` (id -> row) may come made by the thread that read the rows: for thousands, it saves the GUI thread the loop.
        """
        self.beginResetModel()
        self.rows = rows
        self._row_of = row_of if row_of is not None else index_rows(rows)
        self.shown = max(self._pages_to(self.row_of(keep)), min(self.shown, len(rows)))
        self.endResetModel()

    def row_of(self, conversation_id: str | None) -> int:
        """The conversation's row among all rows (shown or not); -1 if it is not in the list."""
        return self._row_of.get(conversation_id, -1) if conversation_id else -1

    def show_row(self, row: int) -> None:
        """Show the pages up to ``row`` (a row of ``rows``), if it is not shown yet."""
        wanted = self._pages_to(row)
        if wanted > self.shown:
            self.beginInsertRows(QModelIndex(), self.shown, wanted - 1)
            self.shown = wanted
            self.endInsertRows()

    def _pages_to(self, row: int) -> int:
        """How many rows to show: whole pages, at least one, enough to include ``row``."""
        pages = max(1, (row + PAGE) // PAGE)  # row 0..PAGE-1 -> 1 page
        return min(len(self.rows), pages * PAGE)

    def rowCount(self, parent=None) -> int:  # noqa: N802 (Qt naming)
        return 0 if parent is not None and parent.isValid() else self.shown

    def canFetchMore(self, parent) -> bool:  # noqa: N802 (Qt naming)
        return not parent.isValid() and self.shown < len(self.rows)

    def fetchMore(self, parent) -> None:  # noqa: N802 (Qt naming)
        if not parent.isValid():
            self.show_row(self.shown)

    def data(self, index, role=DISPLAY):
        if role != DISPLAY and role != EDIT and role != USER and role != TOOLTIP:
            return None  # most of what the view asks (font, colours, alignment...): answered first, cheaply
        row = index.row()
        if row < 0 or row >= self.shown:
            return None
        conversation, snippet = self.rows[row]
        if role == DISPLAY:
            return conversation_title(conversation)
        if role == EDIT:
            return conversation.title
        if role == USER:
            return conversation.id
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(conversation.updated))
        return f"{conversation_title(conversation)}\n{when}" + (f"\n… {snippet}" if snippet else "")

    def flags(self, index):
        return super().flags(index) | EDITABLE if index.isValid() else super().flags(index)

    def setData(self, index, value, role=EDIT) -> bool:  # noqa: N802 (Qt naming)
        if role != EDIT or not index.isValid():
            return False
        conversation, snippet = self.rows[index.row()]
        title = str(value).strip()
        if title == conversation.title:
            return False
        self.rows[index.row()] = (replace(conversation, title=title), snippet)
        self.dataChanged.emit(index, index)
        self.renamed.emit(conversation.id, title)
        return True


class ConversationList(QWidget):
    selected = Signal(str)  # conversation id
    renamed = Signal(str, str)  # id, new title
    delete_requested = Signal(str)
    new_requested = Signal()
    import_requested = Signal()
    search_changed = Signal(str)
    more_requested = Signal()  # "Show more": the search's older hits

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search all chats (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search conversations"))
        self.model = ConversationModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName(self.tr("Conversations"))
        self.list.setEditTriggers(QAbstractItemView.EditKeyPressed | QAbstractItemView.DoubleClicked)
        self.list.setSelectionMode(QAbstractItemView.SingleSelection)
        # One line per conversation, elided (the tooltip has the whole title): with rows of one
        # height the view lays out thousands of them without asking each for its size.
        self.list.setUniformItemSizes(True)
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.ElideRight)
        self.new_button = QPushButton(self.tr("New"))
        self.new_button.setToolTip(self.tr("Start a new conversation (Ctrl+N)"))
        self.rename_button = QPushButton(self.tr("Rename"))
        self.rename_button.setToolTip(self.tr("Rename the selected conversation (F2)"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setToolTip(self.tr("Delete the selected conversation (Del); you can undo it for a few seconds"))
        # A search lists its newest hits; this says so and offers the older ones.
        self.more_button = QPushButton()
        self.more_button.setFlat(True)
        self.more_button.hide()
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.setToolTip(self.tr("Add a conversation from an exported JSON, HTML or Markdown file"))
        buttons = QHBoxLayout()
        for button in (self.new_button, self.rename_button, self.delete_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.more_button)
        layout.addLayout(buttons)
        layout.addWidget(self.import_button)

        self._filling = False
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.search_changed.emit(self.search.text()))
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.model.renamed.connect(self.renamed)
        self.new_button.clicked.connect(self.new_requested)
        self.rename_button.clicked.connect(self.rename_current)
        self.delete_button.clicked.connect(self._delete_current)
        self.import_button.clicked.connect(self.import_requested)
        self.more_button.clicked.connect(self.more_requested)
        QShortcut(QKeySequence.Delete, self.list, self._delete_current, context=Qt.WidgetShortcut)
        QShortcut(QKeySequence("F2"), self.list, self.rename_current, context=Qt.WidgetShortcut)

    # -------------------------------------------------------------- filling

    def set_conversations(self, conversations: list[Conversation], current: str | None) -> None:
        self._fill([(c, "") for c in conversations], current)

    def set_search_results(self, hits: list[SearchHit], current: str | None) -> None:
        self._fill([(h.conversation, h.snippet) for h in hits], current)

    def set_rows(self, rows: list[tuple[Conversation, str]], current: str | None, row_of: dict[str, int] | None = None) -> None:
        """(conversation, snippet) pairs, as the store's worker reads them (snippet empty outside a search)."""
        self._fill(rows, current, row_of)

    def _fill(self, rows: list[tuple[Conversation, str]], current: str | None, row_of: dict[str, int] | None = None) -> None:
        self._filling = True
        try:
            self.model.set_rows(list(rows), row_of, keep=current)
            row = self.model.row_of(current)
            if row >= 0:
                self.list.setCurrentIndex(self.model.index(row))
        finally:
            self._filling = False
        self._update_buttons()

    def set_more(self, more: bool, shown: int) -> None:
        """Whether the search left older hits out (``shown`` are listed): then say so and offer them."""
        if more:
            self.more_button.setText(self.tr("The %n newest matches are shown. Show more", "", shown))
        self.more_button.setVisible(more)

    def ids(self) -> list[str]:
        return [conversation.id for conversation, _snippet in self.model.rows]

    def titles(self) -> list[str]:
        return [conversation_title(conversation) for conversation, _snippet in self.model.rows]

    def current_id(self) -> str | None:
        index = self.list.currentIndex()
        return index.data(Qt.UserRole) if index.isValid() else None

    def select(self, conversation_id: str | None) -> None:
        """Mark ``conversation_id`` as current without announcing it (the tab already shows it)."""
        self._filling = True
        try:
            row = self.model.row_of(conversation_id)
            if row >= 0:
                self.model.show_row(row)
                self.list.setCurrentIndex(self.model.index(row))
            else:
                self.list.selectionModel().clearCurrentIndex()
                self.list.clearSelection()
        finally:
            self._filling = False
        self._update_buttons()

    def choose_row(self, row: int) -> None:
        """What a click on row ``row`` (of all rows, shown or not yet) does: make it current, which opens it."""
        self.model.show_row(row)
        self.list.setCurrentIndex(self.model.index(row))

    def stop_timers(self) -> None:
        self._search_timer.stop()

    # -------------------------------------------------------------- actions

    def rename_current(self) -> None:
        index = self.list.currentIndex()
        if index.isValid():
            self.list.edit(index)

    def _delete_current(self) -> None:
        conversation_id = self.current_id()
        if conversation_id:
            self.delete_requested.emit(conversation_id)

    def _current_changed(self, current: QModelIndex, _previous) -> None:
        self._update_buttons()
        if current.isValid() and not self._filling:
            self.selected.emit(current.data(Qt.UserRole))

    def _update_buttons(self) -> None:
        has = self.list.currentIndex().isValid()
        self.rename_button.setEnabled(has)
        self.delete_button.setEnabled(has)
