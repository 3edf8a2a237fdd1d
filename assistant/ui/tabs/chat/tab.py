"""Chat / Q&A: saved conversations with the chat model, and questions about the user's documents.

Every conversation lives in the chat store (core/chat/history.py).  The file is
opened after the tab's first paint, on the store's own thread
(ui/workers/chat_store.py: integrity check, migration, the first list); the list
fills in when it is ready.  A question sent before that waits (input read-only,
"Queued…") and goes once the store is open.  Then the GUI thread has a connection
of its own for small writes: the question when it is sent, the answer while it
streams (StreamSaver: at most every half second), so a crash keeps what the
window showed.  Listing and searching the conversations, whose cost grows with
the history, run on the store's thread; only the newest request counts.  Model
work goes to the worker as requests; replies come back here as signals.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assistant.core.chat.history import (
    DB_NAME,
    DONE,
    FAILED,
    SEARCH_LIMIT,
    STOPPED,
    STREAMING,
    ChatStore,
    Conversation,
    ConversationBusy,
    StoredMessage,
    StoreError,
    StreamSaver,
)
from assistant.core.chat.messages import ChatMessage, ContextTrimmed
from assistant.core.chat.settings import ChatSettings, history_characters
from assistant.core.documents.messages import INDEX_NAME, AskDocumentsRequest, DocumentAnswer, IndexReport, IndexRequest
from assistant.core.files.write import write_atomically
from assistant.core.protocol import Failure, FailureKind, Partial, Progress, Result, Started, Task
from assistant.ui.i18n.core_text import for_person
from assistant.ui.i18n.model_names import source_name
from assistant.ui.tabs.base import TaskTab, UiContext
from assistant.ui.tabs.chat.conversation_list import ConversationList, conversation_title
from assistant.ui.tabs.chat.documents_bar import DocumentsBar
from assistant.ui.tabs.chat.settings_panel import ChatSettingsPanel
from assistant.ui.tabs.chat.transcript import TranscriptView
from assistant.ui.theme import tint
from assistant.ui.widgets.after_paint import AfterPaint
from assistant.ui.workers.chat_store import ChatStoreWorker, OpenReport

log = logging.getLogger(__name__)

# Messages drawn when a conversation opens; earlier ones come a page at a time (scrolled to the top, or
# "Show earlier messages").  All of a 10,000-message conversation held the window 0.26-0.6 s (bench/gui_stall.py
# --long-chat-only); 100 messages took 20-75 ms to draw on this loaded machine, 50 about half that.
PAGE = 50

EXPORT_FILTERS = {
    "md": QT_TRANSLATE_NOOP("ChatTab", "Markdown (*.md)"),
    "json": QT_TRANSLATE_NOOP("ChatTab", "JSON (*.json)"),
    "html": QT_TRANSLATE_NOOP("ChatTab", "Web page (*.html)"),
}
EXPORT_MENU = (
    ("md", QT_TRANSLATE_NOOP("ChatTab", "Markdown…")),
    ("json", QT_TRANSLATE_NOOP("ChatTab", "JSON (can be imported again)…")),
    ("html", QT_TRANSLATE_NOOP("ChatTab", "Web page (HTML)…")),
)


@dataclass
class UnsavedAnswer:
    """An answer the store could not take (a full disk, a read-only folder, a lock): kept here, shown, saved again later."""

    conversation_id: str
    message_id: int | None  # its row when one was made (streaming), else None: a row is added when saved
    content: str
    status: str
    note: str = ""
    sources: list[dict] | None = None
    model: str = ""

    def as_message(self) -> StoredMessage:
        return StoredMessage(
            self.message_id if self.message_id is not None else UNSAVED_ID, self.conversation_id, "assistant", self.content, 0.0,
            status=self.status, note=self.note, sources=tuple(self.sources or ()), model=self.model,
        )  # fmt: skip


UNSAVED_ID = -1  # the transcript's id of an answer that has no row yet (its action links are ignored)


class ChatTab(TaskTab):
    task = Task.CHAT
    run_text = QT_TRANSLATE_NOOP("ChatTab", "Send")
    undo_seconds = 8  # how long a deleted conversation can be brought back
    _send_queued = False  # a question sent before the store was open waits for it
    save_interval = 0.5  # seconds between writes of a streaming answer
    documents_choice_forgotten = Signal()  # the document-search model chosen was gone: "Automatic" again

    def __init__(self, context: UiContext, parent=None) -> None:
        super().__init__(context, parent)
        self.store: ChatStore | None = None  # the GUI thread's connection, once the store's thread has opened the file
        self._store_worker: ChatStoreWorker | None = None
        self._when_open: list[Callable[[], None]] = []  # what the user asked for before the store was open
        self._send_queued = False
        self._list_generation = 0
        self._search_limit = SEARCH_LIMIT  # search hits listed: the newest ones; "Show more" adds as many again
        self._opening_newest = False  # the newest conversation is shown on the event-loop turn after the list
        self.conversation: Conversation | None = None  # None: a new chat, saved with its first question
        self.shown: list[StoredMessage] = []  # the newest messages of the conversation, as many pages as were asked for
        self._earlier = 0  # how many messages come before self.shown (not read)
        self._first_shown_id: int | None = None  # the oldest message shown: reloads keep the pages the person opened
        self._answer = ""
        self._answer_message: StoredMessage | None = None
        self._saver: StreamSaver | None = None
        self._save_failed = False  # the answer streaming now could not be written (said once per answer)
        self.unsaved: list[UnsavedAnswer] = []  # answers the store refused, shown and saved again on the next action
        self._claim = None  # the claim on the conversation being answered (core/chat/claims.py)
        self._answer_note = ""
        self._answer_model = ""
        self._local_models: list[tuple[str, str]] = []  # (label, key) of the installed chat models
        self._remote_models: list[tuple[str, str]] = []  # (label, "server/model-id") of the servers' models
        self._dropped = 0
        self._dropped_by_setting = False  # the chat's "History sent to the model" left them out, not the model
        self._request_kind = ""  # "chat", "ask" or "index"
        self._edit_target: StoredMessage | None = None
        self._search_text = ""
        self._pending_deletes: dict[str, QTimer] = {}
        self._closed = False
        self._delete_notice = ""  # the banner text that offers to undo the last delete
        self.source_dialog: QMessageBox | None = None
        self._build()

    # ---------------------------------------------------------------- the store

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().paintEvent(event)
        if self._store_worker is None and self.store is None and not self._closed:
            QTimer.singleShot(0, self.start_store)  # after this first paint

    def start_store(self) -> None:
        """Open the chat file on the store's thread (once); ``_store_opened`` follows."""
        if self._store_worker is not None or self.store is not None or self._closed:
            return
        self._store_worker = ChatStoreWorker(self.context.paths.data / DB_NAME)
        self._store_worker.opened.connect(self._store_opened)
        self._store_worker.listed.connect(self._listed)
        self._store_worker.open()

    @property
    def store_ready(self) -> bool:
        """The store is open and what opening shows is shown (the list, the newest conversation)."""
        return self.store is not None and not self._opening_newest

    def _store_opened(self, report: OpenReport) -> None:
        if self._closed:
            return
        notice, rows, row_of = (for_person(report.notice) if report.notice else ""), report.rows, report.row_of
        error = report.error
        if not error:
            try:
                self.store = ChatStore(self.context.paths.data / DB_NAME, check=False)  # just checked on the store's thread
            except (OSError, sqlite3.Error, StoreError) as exc:
                error = str(exc)
        if error:  # a read-only or full disk: keep chatting, say it is not kept
            log.error("chat store unavailable: %s", error)
            if self._store_worker is not None:
                self._store_worker.close()
                self._store_worker = None
            self.store = ChatStore(":memory:")
            notice = self.tr(
                "Chats cannot be saved ({error}); this session's conversations will be lost when the program closes."
            ).format(error=error)
            rows, row_of = [], {}
        self.list.set_rows(rows, self.conversation.id if self.conversation else None, row_of)
        if notice:
            self.banner.show_message(notice, "error")
        pending, self._when_open = self._when_open, []
        if self._search_text:
            self.refresh_list()
        elif rows and not pending and self.conversation is None:
            # Not in this event: filling the list and showing a conversation each take the GUI thread
            # ~10 ms (several times that on a busy machine), and so does painting each the first time;
            # the list is painted first, the conversation after (a zero timer would run before that paint).
            self._opening_newest = True
            open_newest = lambda newest=rows[0][0].id: self._open_newest(newest)  # noqa: E731
            viewport = self.list.list.viewport()
            if viewport.isVisible():
                AfterPaint(viewport, open_newest)
            else:
                QTimer.singleShot(0, open_newest)
        for action in pending:
            action()

    def _open_newest(self, conversation_id: str) -> None:
        if not self._closed and self.conversation is None and not self.busy:  # unless the user chose meanwhile
            # Its last messages now, all of them once those are painted (TranscriptView.set_messages' end_first).
            self.open_conversation(conversation_id, end_first=True)
            viewport = self.transcript.viewport()
            if viewport.isVisible():
                AfterPaint(viewport, self._opened_newest)
            else:
                QTimer.singleShot(0, self._opened_newest)
        else:
            self._opening_newest = False

    def _opened_newest(self) -> None:
        self._opening_newest = False
        if not self._closed:
            self.transcript.render_rest()

    def _after_paint(self, action: Callable[[], None]) -> None:
        """``action`` once the transcript has been painted (on the next turn of the event loop when it is hidden)."""
        viewport = self.transcript.viewport()
        if viewport.isVisible():
            AfterPaint(viewport, action)
        else:
            QTimer.singleShot(0, action)

    def _when_store_open(self, action: Callable[[], None]) -> bool:
        """True when the store is open; otherwise ``action`` runs once it is (and opening starts now)."""
        if self.store is not None:
            return True
        self._when_open.append(action)
        self.start_store()
        return False

    def run(self) -> None:
        """Send; before the store is open the question waits, read-only, and goes once it is."""
        if self.store is None and not self.busy and self.input.toPlainText().strip():
            self.banner.hide()
            self._send_queued = True
            self.input.setReadOnly(True)
            self._set_busy(True)  # Stop takes the question back
            self.status_label.setText(QCoreApplication.translate("TaskTab", "Queued…"))
            self._when_store_open(self._send_queued_question)
            return
        super().run()

    @property
    def busy(self) -> bool:
        """A request runs, or a question waits for the store to open."""
        return self.request_id is not None or self._send_queued

    def _send_queued_question(self) -> None:
        if not self._send_queued:
            return  # stopped meanwhile
        self._unqueue()
        self.run()

    def _unqueue(self) -> None:
        self._send_queued = False
        self.input.setReadOnly(False)
        self.status_label.clear()
        self._set_busy(False)

    def default_settings(self) -> ChatSettings:
        return ChatSettings(max_new_tokens=self.context.settings.chat_max_new_tokens)

    def _build(self) -> None:
        self.list = ConversationList()
        self.transcript = TranscriptView()
        self.transcript.setPlaceholderText(self.tr("Ask a question below. Answers come from a model running on this computer."))
        self.settings_panel = ChatSettingsPanel(self.default_settings())
        self.settings_panel.hide()
        self.max_tokens = self.settings_panel.max_new_tokens  # the longest answer, per conversation
        self.documents_bar = DocumentsBar()
        self.title_label = QLabel()
        self.title_label.setTextFormat(Qt.PlainText)
        self.title_label.setStyleSheet("font-weight: bold;")
        self.settings_button = QPushButton(self.tr("Settings"))
        self.settings_button.setCheckable(True)
        self.settings_button.setToolTip(self.tr("This chat's system prompt, model and generation settings"))
        self.settings_button.toggled.connect(self.settings_panel.setVisible)
        self.export_button = QToolButton()
        self.export_button.setText(self.tr("Export"))
        self.export_button.setToolTip(self.tr("Save this conversation as a file (Ctrl+E)"))
        self.export_button.setPopupMode(QToolButton.InstantPopup)
        menu = QMenu(self.export_button)
        for fmt, label in EXPORT_MENU:
            menu.addAction(self.tr(label), lambda f=fmt: self.choose_export(f))
        self.export_button.setMenu(menu)
        self.context_note = QLabel()
        self.context_note.setWordWrap(True)
        self.context_note.setTextFormat(Qt.PlainText)
        tint(self.context_note, "warning")
        self.context_note.hide()
        self.edit_note = QLabel()
        self.edit_note.setTextFormat(Qt.PlainText)
        tint(self.edit_note, "warning")
        self.cancel_edit_button = QPushButton(self.tr("Cancel edit"))
        self.cancel_edit_button.setToolTip(self.tr("Keep the earlier question as it was (Esc)"))
        self.cancel_edit_button.clicked.connect(self.cancel_edit)
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.edit_note, 1)
        edit_row.addWidget(self.cancel_edit_button)
        self.edit_bar = QWidget()
        self.edit_bar.setLayout(edit_row)
        self.edit_bar.hide()
        self.input = QPlainTextEdit()
        self.input.setPlaceholderText(self.tr("Type a question — Ctrl+Enter to send"))
        self.input.setAccessibleName(self.tr("Question"))
        self.input.setMaximumHeight(110)
        self.new_button = self.list.new_button
        self.new_button.setShortcut("Ctrl+N")
        self.regenerate_button = QPushButton(self.tr("Regenerate"))
        self.regenerate_button.setToolTip(self.tr("Answer the last question again (Ctrl+R)"))
        self.copy_button = QPushButton(self.tr("Copy chat"))
        self.copy_button.setToolTip(self.tr("Copy the whole conversation as Markdown (Ctrl+Shift+C)"))

        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.export_button)
        header.addWidget(self.settings_button)
        middle = QWidget()
        column = QVBoxLayout(middle)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(header)
        column.addWidget(self.transcript, 1)
        column.addWidget(self.context_note)
        column.addWidget(self.documents_bar)
        column.addWidget(self.edit_bar)
        column.addWidget(self.input)
        column.addWidget(self.progress)
        column.addLayout(self.button_row(self.regenerate_button, self.copy_button))
        self.splitter = QSplitter()
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self.settings_panel)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([210, 600, 260])
        layout = self.base_layout()
        layout.addWidget(self.splitter, 1)
        self.setFocusProxy(self.input)  # switching to the tab puts the cursor in its input
        self.setAcceptDrops(True)

        self.regenerate_button.clicked.connect(self.regenerate)
        self.copy_button.clicked.connect(self.copy_conversation)
        self.busy_changed.connect(self._busy_changed)
        self.list.selected.connect(self.open_conversation)
        self.list.renamed.connect(self.rename_conversation)
        self.list.delete_requested.connect(self.delete_conversation)
        self.list.new_requested.connect(self.new_chat)
        self.list.import_requested.connect(self.choose_import)
        self.list.search_changed.connect(self.search)
        self.list.more_requested.connect(self.show_more_results)
        self.settings_panel.changed.connect(self._settings_changed)
        self.documents_bar.attach.connect(self.attach_documents)
        self.documents_bar.detach_all.connect(self.detach_documents)
        self.documents_bar.update_index.connect(self.update_index)
        self.documents_bar.reader_changed.connect(self._reader_changed)
        self.transcript.action_requested.connect(self._message_action)
        self.transcript.earlier_requested.connect(self.show_earlier)
        QShortcut(QKeySequence("Ctrl+F"), self, self.list.search.setFocus, context=Qt.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+R"), self, self.regenerate, context=Qt.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+Shift+C"), self, self.copy_conversation, context=Qt.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+E"), self, self.show_export_menu, context=Qt.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+O"), self, self.attach_files, context=Qt.WidgetWithChildrenShortcut)

    def stop(self) -> None:
        """Esc: stop the answer; with nothing running, leave the edit of an earlier question."""
        if not self.busy and self._edit_target is not None:
            self.cancel_edit()
            return
        if self._send_queued:  # the question waits for the store: it stays in the input, not sent
            self._unqueue()
            return
        super().stop()

    def show_export_menu(self) -> None:
        if self.export_button.isEnabled():
            self.export_button.showMenu()

    def attach_files(self) -> None:
        if self.documents_bar.isEnabled():
            self.documents_bar.choose_files()

    def _busy_changed(self, busy: bool) -> None:
        for widget in (self.list, self.regenerate_button, self.documents_bar):
            widget.setEnabled(not busy)

    def set_inventory(self, inventory) -> None:
        """The models found (Models page): chat models for the settings, QA models for documents."""
        named = self.tr("{model} ({source})")
        chat_models = inventory.for_task(Task.CHAT)
        self._local_models = [(named.format(model=m.name, source=source_name(m.source)), m.key) for m in chat_models]
        self.settings_panel.set_models(self._local_models + self._remote_models)
        self.documents_bar.set_qa_models([(m.name, m.key) for m in inventory.for_task(Task.QA)])
        settings = self.settings_panel.settings()
        self.documents_bar.set_reader(settings.reader, settings.reader_model)

    def set_remote_models(self, models: list[tuple[str, str]]) -> None:
        """The servers' models (Models page, Servers): (label, "server/model-id"), offered after the local ones."""
        self._remote_models = list(models)
        self.settings_panel.set_models(self._local_models + self._remote_models)

    # ---------------------------------------------------------- conversations

    @property
    def messages(self) -> list[ChatMessage]:
        """The messages shown (the newest pages of the conversation) as the model sees them."""
        return [m.as_chat_message() for m in self.shown]

    def refresh_list(self) -> None:
        """Fill the list again (all conversations, or the search hits); it fills in when the store's thread answers."""
        if self._closed or self.store is None:
            return  # a timer that fired while the window closed; or not open yet (opening lists them)
        self._list_generation += 1
        if self._store_worker is None:  # the in-memory store of a session that cannot save: small, read here
            current = self.conversation.id if self.conversation else None
            if self._search_text:
                hits = self.store.search(self._search_text, self._search_limit + 1)
                self.list.set_search_results(hits[: self._search_limit], current)
                self.list.set_more(len(hits) > self._search_limit, min(len(hits), self._search_limit))
            else:
                self.list.set_conversations(self.store.conversations(full=False), current)
                self.list.set_more(False, 0)
            return
        self._store_worker.refresh(self._list_generation, self._search_text, self._search_limit)

    def _listed(self, generation: int, _text: str, listing) -> None:
        if self._closed or generation != self._list_generation:
            return  # an answer to a request that a newer one replaced
        rows, row_of, more = listing
        self.list.set_rows(rows, self.conversation.id if self.conversation else None, row_of)
        self.list.set_more(more, len(rows))

    def show_more_results(self) -> None:
        """The next older search hits, after those listed."""
        self._search_limit += SEARCH_LIMIT
        self.refresh_list()

    def open_conversation(self, conversation_id: str, end_first: bool = False) -> None:
        if self.busy:
            self.list.select(self.conversation.id if self.conversation else None)
            return
        try:
            conversation = self.store.get(conversation_id)
        except StoreError as exc:
            self.banner.show_message(for_person(exc), "error")
            return
        self.conversation = conversation
        self._first_shown_id = None
        if self._search_text:  # the page that holds the first match, and all after it
            try:
                self._first_shown_id = self.store.first_match(conversation.id, self._search_text)
            except StoreError as exc:
                log.warning("chat search in %s: %s", conversation.id, exc)
        self._end_edit()
        self.context_note.hide()
        self.settings_panel.set_settings(conversation.settings)
        self.documents_bar.set_documents(conversation.documents)
        self.documents_bar.set_reader(conversation.settings.reader, conversation.settings.reader_model)
        if self._search_text:
            self._reload(end_first=end_first)
            self.transcript.find(self._search_text)  # the first match, selected and scrolled to
        else:  # the last messages now, the page once they are painted: two short events, not one long one
            self._reload(end_first=True)
            if not end_first:  # (the caller that asked for end_first draws the rest itself)
                self._after_paint(self.transcript.render_rest)
        self.list.select(conversation.id)

    def new_chat(self) -> None:
        if self.busy:
            return  # the button is disabled meanwhile; the shortcut lands here
        self.conversation = None
        self._first_shown_id = None
        self._end_edit()
        self.context_note.hide()
        self.settings_panel.set_settings(self.default_settings())
        self.documents_bar.set_documents([])
        self.documents_bar.set_reader("auto", "")
        self._reload()
        self.list.select(None)
        self.banner.hide()
        self.input.setFocus()

    def _ensure_conversation(self) -> Conversation:
        """The open conversation, made now for a new chat (StoreError when it cannot be)."""
        if self.conversation is None:
            self.conversation = self.store.create(settings=self.settings_panel.settings())
            self.refresh_list()
        return self.conversation

    def _reload(self, waiting: bool = False, end_first: bool = False) -> None:
        """Draw the open conversation again: its newest page, or from the oldest message shown before if more."""
        if self.conversation is not None:
            try:
                self.conversation = self.store.get(self.conversation.id)
                stored, self._earlier = self.store.newest_messages(self.conversation.id, PAGE, self._first_shown_id)
                self.shown = stored
                self._first_shown_id = stored[0].id if stored else None
            except StoreError as exc:  # what is shown stays; the person is told
                self._store_failed(exc)
            self.shown = self._with_unsaved(self.shown)
        else:
            self.shown, self._earlier = [], 0
        title = conversation_title(self.conversation) if self.conversation else self.tr("New chat")
        self.title_label.setText(title)
        self.export_button.setEnabled(self.conversation is not None)
        self.transcript.set_messages(self.shown, waiting=waiting, end_first=end_first, earlier=self._earlier)

    def show_earlier(self) -> None:
        """The page of messages before those shown, drawn above them (the view stays where it was)."""
        if self.conversation is None or not self._earlier or self._first_shown_id is None or self.store is None:
            return
        try:
            older, self._earlier = self.store.messages_before(self.conversation.id, self._first_shown_id, PAGE)
        except StoreError as exc:
            self._store_failed(exc)
            return
        if older:
            self._first_shown_id = older[0].id
            self.shown = older + self.shown
        self.transcript.show_earlier(older, self._earlier)

    def _with_unsaved(self, shown: list[StoredMessage]) -> list[StoredMessage]:
        """``shown`` with this conversation's unsaved answers in place of (or after) what their rows hold."""
        if self.conversation is None:
            return shown
        pending = [u for u in self.unsaved if u.conversation_id == self.conversation.id]
        if not pending:
            return shown
        by_row = {u.message_id: u.as_message() for u in pending if u.message_id is not None}
        merged = [by_row.get(m.id, m) for m in shown]
        return merged + [u.as_message() for u in pending if u.message_id is None]

    def _store_failed(self, exc: Exception) -> None:
        """A store error outside an answer (rename, delete, settings...): a sentence, nothing else changes."""
        log.error("chat store: %s", exc)
        self.banner.show_message(for_person(exc) if isinstance(exc, StoreError) else str(exc), "error")

    def rename_conversation(self, conversation_id: str, title: str) -> None:
        try:
            self.store.rename(conversation_id, title)
            if self.conversation and self.conversation.id == conversation_id:
                self.conversation = self.store.get(conversation_id)
                self.title_label.setText(conversation_title(self.conversation))
        except (sqlite3.Error, StoreError) as exc:
            self._store_failed(exc)
        QTimer.singleShot(0, self.refresh_list)  # not while the list is still in its edit signal (the old title comes back)

    def delete_conversation(self, conversation_id: str) -> None:
        if self.busy:
            return
        try:
            conversation = self.store.get(conversation_id)
            self.store.delete(conversation_id)
        except (sqlite3.Error, StoreError) as exc:
            self._store_failed(exc)
            return
        if self.conversation and self.conversation.id == conversation_id:
            self.new_chat()
        self.refresh_list()
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(lambda: self._purge(conversation_id))
        timer.start(int(self.undo_seconds * 1000))
        self._pending_deletes[conversation_id] = timer
        self._delete_notice = self.tr("Deleted “{title}”.").format(title=conversation_title(conversation))
        self.banner.show_message(self._delete_notice, "info", (self.tr("Undo"), lambda: self.undo_delete(conversation_id)))

    def undo_delete(self, conversation_id: str) -> None:
        timer = self._pending_deletes.pop(conversation_id, None)
        if timer is None:
            return  # too late: it is gone
        timer.stop()
        try:
            self.store.undelete(conversation_id)
        except (sqlite3.Error, StoreError) as exc:
            self._pending_deletes[conversation_id] = timer  # still offered: the next Undo tries again
            timer.start()
            self._store_failed(exc)
            return
        self.banner.hide()
        self.refresh_list()
        self.open_conversation(conversation_id)

    def _purge(self, conversation_id: str) -> None:
        if self._pending_deletes.pop(conversation_id, None) is not None and not self._closed:
            try:
                self.store.purge_deleted(conversation_id)
            except (sqlite3.Error, StoreError) as exc:  # hidden already; purged when the store opens next
                log.warning("deleted conversation %s not purged yet: %s", conversation_id, exc)
            if self._delete_notice and self.banner.text() == self._delete_notice:
                self.banner.hide()

    def search(self, text: str) -> None:
        self._search_text = text.strip()
        self._search_limit = SEARCH_LIMIT  # a new search lists the newest hits first
        self.refresh_list()

    # --------------------------------------------------------------- settings

    def _settings_changed(self, settings: ChatSettings) -> None:
        if self.conversation is not None:
            try:
                self.store.set_settings(self.conversation.id, settings)
            except (sqlite3.Error, StoreError) as exc:
                self._store_failed(exc)  # used for this session's answers all the same
            self.conversation = replace(self.conversation, settings=settings)

    def _reader_changed(self, reader: str, model: str) -> None:
        settings = replace(self.settings_panel.settings(), reader=reader, reader_model=model)
        self.settings_panel.set_settings(settings)
        self._settings_changed(settings)

    # --------------------------------------------------------------- requests

    def build_request(self):
        question = self.input.toPlainText().strip()
        if not question:
            self.banner.show_message(self.tr("Type a question first."), "info")
            return None
        try:
            if self.store.read_only:
                self.store.reopen_writable()  # space may have been freed since: the question is saved if it can be
            self._save_unsaved()  # an earlier answer goes first, in its place
            conversation = self._ensure_conversation()
            if not self._take_claim(conversation.id):
                return None
            note = ""
            if self._edit_target is not None:
                replaced = self.store.replace_from(self._edit_target.id)
                # Notes are kept with the message and shown as written, in the language of the time.
                note = self.tr("Edited question: it replaced the earlier version and %n later message(s).", "", replaced - 1)
                self._end_edit()
            self.store.add_message(conversation.id, "user", question, note=note)
        except (sqlite3.Error, StoreError) as exc:
            self._release_claim()
            self._not_saved(exc)  # the question stays in the input; the next send tries again
            return None
        self.input.clear()
        self._answer_note = ""
        self.refresh_list()
        return self._answer_request()

    def _answer_request(self):
        """The request that answers the last question of the open conversation."""
        self._reload(waiting=True)
        settings = self.settings_panel.settings()
        turns, earlier = self._request_turns(settings)
        chat = settings.chat_request(turns, model=self.chosen_model(), earlier=earlier)
        self._answer, self._answer_message, self._saver, self._dropped, self._answer_model = "", None, None, 0, ""
        self._dropped_by_setting = False
        self.context_note.hide()
        documents = self.conversation.documents if self.conversation else ()
        if documents:
            self._request_kind = "ask"
            reader = settings.reader if settings.reader in ("auto", "extractive", "passages") else "auto"
            return AskDocumentsRequest(
                chat, tuple(documents), str(self._index_path()), reader=reader, reader_model=settings.reader_model or None, model=self._embedding_model(),
                fall_back=True,
            )
        self._request_kind = "chat"
        return chat

    def _request_turns(self, settings: ChatSettings) -> tuple[list[ChatMessage], int]:
        """The newest messages that surely cover what this chat sends to the model, and how many older ones were not read."""
        characters = history_characters(settings.history_tokens)
        if self.conversation is None:
            return self.messages, 0
        try:  # all of them with no cap: more than the pages shown
            recent, earlier = self.store.recent_messages(self.conversation.id, characters)
        except (sqlite3.Error, StoreError):
            return self.messages, 0  # what is shown (the person was told when it could not be read)
        return [m.as_chat_message() for m in self._with_unsaved(recent)], earlier

    def regenerate(self) -> None:
        """Answer the last question again; the previous answer is replaced (kept in the store, not shown)."""
        if self.busy or not self.shown:
            return
        last = self.shown[-1]
        self._answer_note = ""
        if last.role not in ("assistant", "user") or self.conversation is None or not self._take_claim(self.conversation.id):
            return
        try:
            self._save_unsaved()
            self._reload()
            last = self.shown[-1]
            if last.role == "assistant":
                self.store.replace_from(last.id)
                self._answer_note = self.tr("Regenerated: this answer replaced the previous one.")
        except StoreError as exc:
            self._release_claim()
            self._not_saved(exc)
            return
        self.banner.hide()
        self.submit(self._answer_request())

    def _take_claim(self, conversation_id: str) -> bool:
        """Claim the conversation for this answer; False (and the person told) when another chat answers there now."""
        if self._claim is not None and self._claim.conversation_id == conversation_id:
            return True
        self._release_claim()
        try:
            self._claim = self.store.claim(conversation_id)
        except ConversationBusy as exc:
            self.banner.show_message(for_person(exc), "error")
            return False
        return True

    def _release_claim(self) -> None:
        claim, self._claim = self._claim, None
        if claim is not None:
            claim.release()

    def _embedding_model(self) -> str | None:
        """The model chosen for document search on the Models page (a local one or a server's); None = automatic."""
        return self.context.settings.models.get(Task.DOCUMENTS.value) or None

    def _forget_gone_choice(self, report: IndexReport) -> str:
        """When the document-search model chosen was gone (the automatic one read the documents):
        the choice is forgotten, so the Models page shows "Automatic" again and this is said once.
        The sentence to show, "" when nothing was gone."""
        if not report.model_gone:
            return ""
        settings = self.context.settings
        if settings.models.get(Task.DOCUMENTS.value) == report.model_gone:
            del settings.models[Task.DOCUMENTS.value]
            self.context.save_settings()
            self.documents_choice_forgotten.emit()
        return for_person(report.gone_note())

    def _index_path(self) -> Path:
        return self.context.paths.data / INDEX_NAME

    # ------------------------------------------------------ replies (GUI thread)

    def on_started(self, reply: Started) -> None:
        if self._closed:
            return
        self._answer_model = reply.model
        super().on_started(reply)

    def on_progress(self, reply: Progress) -> None:
        if not self._closed:
            super().on_progress(reply)

    def _show_context_trimmed(self, trimmed: ContextTrimmed) -> None:
        self._dropped, self._dropped_by_setting = trimmed.dropped, trimmed.by_setting
        if trimmed.by_setting:
            text = self.tr(
                "The %n earliest exchange(s) were left out of what the model saw for this answer by the setting "
                "\"History sent to the model\" (this chat's Settings button); the system prompt is "
                "always kept. Raise it, or set it to \"All the model can read\", to send more.",
                "",
                trimmed.dropped,
            )
        else:
            text = self.tr(
                "This conversation is longer than the model can read: the %n earliest exchange(s) were left out "
                "of what it saw for this answer (the system prompt is always kept). Start a new chat for a fresh context.",
                "",
                trimmed.dropped,
            )
        self.context_note.setText(text)
        self.context_note.show()

    def on_partial(self, reply: Partial) -> None:
        if self._closed or self._request_kind not in ("chat", "ask"):
            return
        if isinstance(reply.payload, ContextTrimmed):
            self._show_context_trimmed(reply.payload)
            return
        if not isinstance(reply.payload, str):
            return
        self._answer += reply.payload
        if self._answer_message is None:
            self._start_answer_message()
        if self._saver is not None and not self._save_failed:
            try:
                self._saver.add(reply.payload)
            except (sqlite3.Error, StoreError) as exc:
                self._save_failed = True  # the rest is kept here and written at the end (or saved again later)
                self._not_saved(exc)
        self.transcript.append_text(self._answer_message.id, reply.payload)

    def on_finished(self, reply: Result | Failure) -> None:
        if self._closed:
            return
        try:
            super().on_finished(reply)
        finally:
            if self._request_kind in ("chat", "ask"):
                self._release_claim()

    def _start_answer_message(self) -> None:
        """The answer's row (and its saver); when the store refuses, the answer is shown all the same, with no row."""
        self._save_failed = False
        try:
            self._answer_message = self.store.add_message(
                self.conversation.id, "assistant", "", status=STREAMING, model=self._answer_model, note=self._answer_note
            )
            self._saver = StreamSaver(self.store, self._answer_message.id, min_interval=self.save_interval)
        except (sqlite3.Error, StoreError) as exc:
            self._save_failed = True
            self._not_saved(exc)
            self._answer_message = StoredMessage(
                UNSAVED_ID, self.conversation.id, "assistant", "", 0.0, status=STREAMING, model=self._answer_model, note=self._answer_note
            )
            self._saver = None
        self.transcript.update_message(self._answer_message)

    def show_result(self, reply: Result) -> None:
        payload = reply.payload
        if isinstance(payload, IndexReport):
            self._show_index_report(payload)
            return
        if isinstance(payload, DocumentAnswer):
            if gone := self._forget_gone_choice(payload.index):  # said under this answer, kept with it
                self._answer_note = f"{self._answer_note} {gone}".strip()
            text, sources = payload.text, [asdict(s) for s in payload.sources]
            self._dropped = max(self._dropped, payload.dropped_turns)
            if payload.span_score is not None and payload.span_source is not None:
                span = self.tr("Exact span from source [{number}], score {score}.").format(
                    number=payload.span_source + 1, score=f"{payload.span_score:.2f}"
                )
                text += f"\n\n*{span}*"
            if payload.index.failed:
                self._report_unreadable(payload.index)
        else:
            text, sources = str(payload), []
        self._finish_answer(DONE, text, sources, self._speed_note(reply.stats))

    def _speed_note(self, stats) -> str:
        """Time to first token and tokens per second, shown small under the answer (kept with it)."""
        if stats is None or stats.unit != "tokens" or stats.first_seconds <= 0:
            return ""
        return self.tr("First token after {first} s · {rate} tokens/s").format(first=f"{stats.first_seconds:.2f}", rate=f"{stats.rate:.1f}")

    def show_failure(self, failure: Failure) -> None:
        if self._request_kind in ("chat", "ask"):
            if self._answer_message is not None:
                self._finish_answer(STOPPED if failure.kind is FailureKind.CANCELLED else FAILED)
            else:
                self._reload()  # the question stays; Regenerate answers it
        super().show_failure(failure)

    def _finish_answer(self, status: str, text: str | None = None, sources: list[dict] | None = None, speed: str = "") -> None:
        if self._answer_message is None:
            if not (text or "").strip():
                self._reload()
                return
            self._start_answer_message()
        notes = [self._answer_note] if self._answer_note else []
        if self._dropped and self._dropped_by_setting:
            notes.append(
                self.tr(
                    "%n early exchange(s) were left out by the setting \"History sent to the model\" (this chat's Settings).",
                    "",
                    self._dropped,
                )
            )
        elif self._dropped:
            notes.append(self.tr("%n early exchange(s) were left out to fit what the model can read.", "", self._dropped))
        if speed:
            notes.append(speed)
        unsaved = UnsavedAnswer(
            self._answer_message.conversation_id, self._saver.message_id if self._saver else None,
            text if text is not None else self._answer, status, " ".join(notes), sources, self._answer_model,
        )  # fmt: skip
        if self._saver is None:  # the store refused its row at the start (the person was told then)
            self.unsaved.append(unsaved)
        else:
            try:
                self._saver.finish(status, content=unsaved.content, note=unsaved.note, sources=sources)
            except (sqlite3.Error, StoreError) as exc:
                self.unsaved.append(unsaved)  # shown, and saved again on the next action or with "Save again"
                self._not_saved(exc)
        self._answer_message, self._saver, self._answer, self._save_failed = None, None, "", False
        self._reload()
        self.refresh_list()

    def _save_unsaved(self) -> None:
        """Write the answers the store refused before, oldest first; StoreError (the rest kept) when it still cannot."""
        if self.unsaved and self.store.read_only:
            self.store.reopen_writable()
        while self.unsaved:
            answer = self.unsaved[0]
            if answer.message_id is None:
                row = self.store.add_message(answer.conversation_id, "assistant", "", status=STREAMING, model=answer.model, note=answer.note)
                answer.message_id = row.id  # a second try updates this row instead of adding another
            self.store.update_message(answer.message_id, content=answer.content, status=answer.status, note=answer.note,
                                      sources=answer.sources)  # fmt: skip
            self.unsaved.pop(0)

    def save_again(self) -> bool:
        """The banner's "Save again": the kept answers, then the question in the box (sent as usual); True when all went."""
        try:
            if self.store.read_only:
                self.store.reopen_writable()
            self._save_unsaved()
        except (sqlite3.Error, StoreError) as exc:
            self._not_saved(exc)
            return False
        self.banner.hide()
        self._reload()
        self.refresh_list()
        if self.input.toPlainText().strip() and not self.busy:
            self.run()
        return True

    def _not_saved(self, exc: Exception) -> None:
        log.error("chat not saved: %s", exc)
        self.banner.show_message(
            self.tr(
                "Not saved: {error} The window keeps working: a question that was not saved stays in the box below, "
                "an answer stays shown; both are saved with Save again or the next question."
            ).format(error=for_person(exc) if isinstance(exc, StoreError) else exc),
            "error",
            (self.tr("Save again"), self.save_again),
        )

    # -------------------------------------------------------------- documents

    def attach_documents(self, paths: list[str]) -> None:
        paths = [str(Path(p)) for p in paths if p]
        if not paths or not self._when_store_open(lambda: self.attach_documents(paths)):
            return
        try:
            conversation = self._ensure_conversation()
            documents = list(conversation.documents) + [p for p in paths if p not in conversation.documents]
            self.store.set_documents(conversation.id, documents)
            self.conversation = self.store.get(conversation.id)
        except (sqlite3.Error, StoreError) as exc:
            self._store_failed(exc)
            return
        self.documents_bar.set_documents(documents)
        self.update_index()

    def detach_documents(self) -> None:
        if self.conversation is not None:
            try:
                self.store.set_documents(self.conversation.id, [])
                self.conversation = self.store.get(self.conversation.id)
            except (sqlite3.Error, StoreError) as exc:
                self._store_failed(exc)
                return
        self.documents_bar.set_documents([])

    def update_index(self) -> None:
        """Read and embed the attached documents that are new or changed (also done before each answer)."""
        documents = self.conversation.documents if self.conversation else ()
        if not documents:
            return
        if self.busy:
            self.status_label.setText(self.tr("The documents are read before the next answer."))
            return
        self.banner.hide()
        self._request_kind = "index"
        self.submit(IndexRequest(tuple(documents), str(self._index_path()), model=self._embedding_model(), fall_back=True))

    def _show_index_report(self, report: IndexReport) -> None:
        self.status_label.setText(
            self.tr("Documents ready: {files}, {passages}; {indexed} read now, {unchanged} unchanged").format(
                files=self.tr("%n file(s)", "", len(report.files)),
                passages=self.tr("%n passage(s)", "", report.passages),
                indexed=report.indexed,
                unchanged=report.unchanged,
            )
        )
        if gone := self._forget_gone_choice(report):
            self.banner.show_message(gone, "info")
        if report.failed:
            self._report_unreadable(report)

    def _report_unreadable(self, report: IndexReport) -> None:
        reasons = "; ".join(f"{Path(path).name}: {for_person(why)}" for path, why in report.failed[:5])
        more = " " + self.tr("(and %n more)", "", len(report.failed) - 5) if len(report.failed) > 5 else ""
        self.banner.show_message(
            self.tr("%n document(s) could not be read: {reasons}{more}.", "", len(report.failed)).format(reasons=reasons, more=more),
            "info",
        )

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if event.mimeData().hasUrls() and any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.attach_documents(paths)

    # ------------------------------------------------------- message actions

    def _message_action(self, action: str, message_id: int, extra: int) -> None:
        message = next((m for m in self.shown if m.id == message_id), None)
        if message is None:
            return
        if action == "copy":
            QGuiApplication.clipboard().setText(message.content)
            self.status_label.setText(self.tr("Message copied"))
        elif action == "edit" and message.role == "user":
            self.start_edit(message)
        elif action == "regenerate":
            self.regenerate()
        elif action == "source" and 0 <= extra < len(message.sources):
            self.show_source(message.sources[extra], extra)

    def start_edit(self, message: StoredMessage) -> None:
        if self.busy:
            return
        later = sum(1 for m in self.shown if m.id > message.id)
        self._edit_target = message
        self.input.setPlainText(message.content)
        self.input.setFocus()
        self.edit_note.setText(
            self.tr(
                "Editing an earlier question: sending replaces it and the %n message(s) after it "
                "(they stay in the history file, hidden).",
                "",
                later,
            )
        )
        self.edit_bar.show()

    def cancel_edit(self) -> None:
        self._end_edit()
        self.input.clear()

    def _end_edit(self) -> None:
        self._edit_target = None
        self.edit_bar.hide()

    def show_source(self, source: dict, number: int) -> None:
        path = str(source.get("path", ""))
        position = source.get("position", "?")
        if source.get("location"):
            where = self.tr("{location}, passage {number}").format(location=source["location"], number=position)
        else:
            where = self.tr("Passage {number}").format(number=position)
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Source [{number}]").format(number=number + 1))
        box.setTextFormat(Qt.PlainText)  # the passage is the user's document: shown as text
        box.setText(f"{path}\n{where}\n\n{source.get('text', '')}")
        open_button = box.addButton(self.tr("Open file"), QMessageBox.AcceptRole)
        box.addButton(QMessageBox.Close)
        box.finished.connect(
            lambda _r: self.transcript.open_external(QUrl.fromLocalFile(path)) if box.clickedButton() is open_button else None
        )
        self.source_dialog = box
        box.open()

    # --------------------------------------------------------- copy / export

    def transcript_text(self) -> str:
        return self.transcript.plain_text()

    def copy_conversation(self) -> None:
        if self.conversation is None:
            return
        from assistant.core.chat import export as chat_export  # the exporter (and the markdown renderer): when used

        try:  # every message, also the pages not shown
            every = self._with_unsaved(self.store.messages(self.conversation.id))
        except StoreError as exc:
            self._store_failed(exc)
            return
        QGuiApplication.clipboard().setText(chat_export.to_markdown(self.conversation, every))
        self.status_label.setText(self.tr("Conversation copied"))

    def export_conversation(self, path: str | Path, fmt: str) -> bool:
        if self.conversation is None:
            return False
        from assistant.core.chat import export as chat_export  # the exporter (and the markdown renderer): when used

        text = chat_export.export(self.conversation, self.store.messages(self.conversation.id), fmt)
        try:
            write_atomically(Path(path), text)
        except OSError as exc:
            self.banner.show_message(
                self.tr("The conversation could not be exported to {path}: {error}").format(path=path, error=exc.strerror or exc), "error"
            )
            return False
        self.status_label.setText(self.tr("Exported to {path}").format(path=path))
        return True

    def choose_export(self, fmt: str) -> None:
        if self.conversation is None:
            return
        title = conversation_title(self.conversation)
        stem = "".join(c if c.isalnum() or c in " -_" else "_" for c in title).strip() or "conversation"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export conversation"), f"{stem}.{fmt}", self.tr(EXPORT_FILTERS[fmt]))
        if path:
            self.export_conversation(path, fmt)

    def import_file(self, path: str | Path) -> str | None:
        if self.busy or not self._when_store_open(lambda: self.import_file(path)):
            return None
        from assistant.core.chat import export as chat_export  # the exporter (and the markdown renderer): when used

        try:
            imported = chat_export.parse(Path(path).read_text(encoding="utf-8"), Path(path).name)
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            self.banner.show_message(self.tr("{path} cannot be read: {error}").format(path=path, error=reason), "error")
            return None
        except chat_export.BadExport as exc:
            self.banner.show_message(for_person(exc), "error")
            return None
        try:
            conversation = self.store.import_conversation(
                imported.title, imported.messages, imported.settings, imported.documents, imported.created
            )
        except (sqlite3.Error, StoreError) as exc:
            self._store_failed(exc)
            return None
        self.list.search.clear()
        self._search_text = ""
        self.refresh_list()
        self.open_conversation(conversation.id)
        self.status_label.setText(self.tr("Imported %n message(s)", "", len(imported.messages)))
        return conversation.id

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a conversation"), "", self.tr("Exported conversations (*.json *.html *.md);;All files (*)")
        )
        if path:
            self.import_file(path)

    # ------------------------------------------------------------- closing

    def shutdown(self) -> None:
        """Before the window closes: keep the answer shown so far, finish pending deletes, close the store."""
        if self._closed:
            return
        self._closed = True
        self.list.stop_timers()
        self._when_open.clear()
        if self._store_worker is not None:
            self._store_worker.close()  # interrupts what it reads; its thread ends on its own
            self._store_worker = None
        if self.store is None:
            return
        try:
            if self._saver is not None:
                self._saver.finish(STOPPED)
            self._save_unsaved()  # space may have come back since
            for conversation_id, timer in list(self._pending_deletes.items()):
                timer.stop()
                self.store.purge_deleted(conversation_id)
        except (sqlite3.Error, StoreError) as exc:
            log.error("chat store not finished cleanly (%d answer(s) not saved): %s", len(self.unsaved), exc)
        self._release_claim()
        self._pending_deletes.clear()
        self.store.close()
