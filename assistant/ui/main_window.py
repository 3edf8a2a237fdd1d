"""The main window: the four task tabs and the Models page, menus, status bar."""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget

from assistant import APP_NAME, __version__
from assistant.core.messages import EngineStatus, Failure, Progress, Result, Started
from assistant.paths import AppPaths
from assistant.settings import Settings
from assistant.ui.downloads import ModelDownloads
from assistant.ui.tabs.base import TaskTab, UiContext
from assistant.ui.tabs.chat import ChatTab
from assistant.ui.tabs.classify import ClassifyTab
from assistant.ui.tabs.models import ModelsPage
from assistant.ui.tabs.sentiment import SentimentTab
from assistant.ui.tabs.translate import TranslateTab
from assistant.worker.engine import EngineConfig
from assistant.worker.qt import WorkerClient

log = logging.getLogger(__name__)

SHORTCUTS = (
    ("Ctrl+1 … Ctrl+5", "Go to Chat, Translate, Sentiment, Classify, Models"),
    ("Ctrl+Enter", "Send / Translate / Analyze / Classify in the current tab"),
    ("Esc", "Stop the current job"),
    ("Ctrl+N", "New chat"),
    ("Ctrl+R", "Regenerate the last answer (Chat)"),
    ("Ctrl+F", "Search all chats (Chat)"),
    ("Ctrl+Shift+S", "Swap translation languages"),
    ("Ctrl+O", "Translate a file (Translate tab)"),
    ("Ctrl+G", "Edit the glossary (Translate tab)"),
    ("Ctrl+Shift+C", "Copy the translation"),
    ("Ctrl+Shift+X", "Clear the Translate tab"),
    ("F5", "Rescan models (Models page)"),
    ("Ctrl+Q", "Quit"),
)


class MainWindow(QMainWindow):
    first_painted = Signal()

    def __init__(self, settings: Settings, paths: AppPaths, client: WorkerClient) -> None:
        super().__init__()
        self.settings = settings
        self.paths = paths
        self.client = client
        self._painted = False
        self.setWindowTitle(APP_NAME)
        self.resize(1000, 720)
        context = UiContext(
            settings=settings,
            paths=paths,
            client=client,
            save_settings=self.save_settings,
            show_models_page=lambda: self.tabs.setCurrentWidget(self.models_page),
            apply_settings=lambda: self.apply_engine_settings(),
            downloads=ModelDownloads(client, settings, paths, self),  # the Models page and the Translate tab share it
            show_catalog=lambda task, repo_id="": self.show_catalog(task, repo_id),
        )
        self.chat_tab = ChatTab(context)
        self.translate_tab = TranslateTab(context)
        self.sentiment_tab = SentimentTab(context)
        self.classify_tab = ClassifyTab(context)
        self.models_page = ModelsPage(context)
        self.task_tabs: list[TaskTab] = [self.chat_tab, self.translate_tab, self.sentiment_tab, self.classify_tab]
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for widget, title in (
            (self.chat_tab, "&Chat / Q&&A"),
            (self.translate_tab, "&Translate"),
            (self.sentiment_tab, "&Sentiment"),
            (self.classify_tab, "C&lassify"),
            (self.models_page, "&Models"),
        ):
            self.tabs.addTab(widget, title)
        self.setCentralWidget(self.tabs)
        self.tabs.currentChanged.connect(lambda _index: self.tabs.currentWidget().setFocus())
        self._build_menus()
        self._build_status_bar()
        self.models_page.inventory_changed.connect(self.translate_tab.set_inventory)
        self.models_page.inventory_changed.connect(self.chat_tab.set_inventory)
        self.models_page.inventory_changed.connect(lambda _inventory: self.apply_engine_settings())
        self.models_page.device_changed.connect(lambda _device: self.apply_engine_settings())
        self.models_page.settings_changed.connect(self.apply_engine_settings)
        client.status.connect(self._on_engine_status)
        client.activity.connect(self._on_activity)
        client.memory.connect(self._on_memory)
        self._restore_state()

    # --------------------------------------------------------------- chrome

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.Quit, triggered=self.close)
        file_menu.addAction(quit_action)
        go_menu = self.menuBar().addMenu("&Go")
        for index, name in enumerate(("Chat", "Translate", "Sentiment", "Classify", "Models")):
            action = QAction(name, self, shortcut=QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _checked=False, i=index: self.tabs.setCurrentIndex(i))
            go_menu.addAction(action)
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(QAction("&Keyboard shortcuts", self, triggered=self.show_shortcuts))
        help_menu.addAction(QAction("&About", self, triggered=self.show_about))

    def _build_status_bar(self) -> None:
        self.status_message = QLabel("Starting…")
        self.device_label = QLabel("")
        self.speed_label = QLabel("")
        self.models_label = QLabel("")  # where each loaded model runs, and its memory
        for label in (self.status_message, self.device_label, self.speed_label, self.models_label):
            label.setTextFormat(Qt.PlainText)
        self.statusBar().addWidget(self.status_message, 1)
        self.statusBar().addPermanentWidget(self.speed_label)
        self.statusBar().addPermanentWidget(self.models_label)
        self.statusBar().addPermanentWidget(self.device_label)

    def show_shortcuts(self) -> None:
        rows = "\n".join(f"{keys:<18} {what}" for keys, what in SHORTCUTS)
        box = QMessageBox(QMessageBox.Information, "Keyboard shortcuts", rows, parent=self)
        box.setTextFormat(Qt.PlainText)
        box.open()

    def show_about(self) -> None:
        box = QMessageBox(
            QMessageBox.Information,
            f"About {APP_NAME}",
            f"{APP_NAME} {__version__}\nChat, translate, sentiment and classification with models "
            "that run on this computer. Nothing you type leaves it.",
            parent=self,
        )
        box.setTextFormat(Qt.PlainText)
        box.open()

    def show_catalog(self, task: str, repo_id: str = "") -> None:
        """The Models page's Download section, showing ``task``'s models, ``repo_id`` ready to download."""
        self.tabs.setCurrentWidget(self.models_page)
        self.models_page.sections.setCurrentWidget(self.models_page.catalog_panel)
        self.models_page.catalog_panel.show_task(task, repo_id)

    # ------------------------------------------------------ worker feedback

    def _on_engine_status(self, status: EngineStatus) -> None:
        self.status_message.setText(status.message)
        if status.device:
            self.device_label.setText(f"Device: {status.device}")

    def _on_memory(self, status) -> None:
        self.models_page.set_memory(status)
        if not status.models:
            self.models_label.setText("")
            self.models_label.setToolTip("")
            return
        from assistant.core.models.requests import format_bytes

        parts = [f"{m.name.split('/')[-1]} ({m.placement}, {format_bytes(m.bytes)})" for m in status.models]
        self.models_label.setText("In memory: " + "; ".join(parts[:2]) + (f" +{len(parts) - 2}" if len(parts) > 2 else ""))
        self.models_label.setToolTip("\n".join(parts))

    def _on_activity(self, reply) -> None:
        if isinstance(reply, Started):
            self.status_message.setText(f"Working with {reply.model}…")
        elif isinstance(reply, Progress) and reply.message:
            self.status_message.setText(reply.message)  # loading, converting, n of m
        elif isinstance(reply, Result):
            self.status_message.setText("Ready")
            if reply.stats is not None:
                self.speed_label.setText(f"Last job: {reply.stats.describe()}")
        elif isinstance(reply, Failure):
            self.status_message.setText(reply.message)

    # ------------------------------------------------------- state & closing

    def event(self, event) -> bool:
        if event.type() == QEvent.Paint and not self._painted:
            self._painted = True
            result = super().event(event)
            self.first_painted.emit()
            return result
        return super().event(event)

    def _restore_state(self) -> None:
        if self.settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(self.settings.window_geometry.encode("ascii")))
        self.tabs.setCurrentIndex(max(0, min(self.settings.last_tab, self.tabs.count() - 1)))
        self.tabs.currentWidget().setFocus()

    def save_settings(self) -> None:
        try:
            self.settings.save(self.paths.settings_file)
        except OSError as exc:  # a full or read-only disk: say so, keep working
            log.error("settings not saved: %s", exc)
            self.status_message.setText(f"Settings could not be saved: {exc.strerror or exc}")

    def apply_engine_settings(self) -> None:
        self.client.reconfigure(EngineConfig.from_settings(self.settings, self.paths))

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        self.settings.window_geometry = bytes(self.saveGeometry().toBase64()).decode("ascii")
        self.settings.last_tab = self.tabs.currentIndex()
        self.save_settings()
        self.chat_tab.shutdown()  # keeps a streaming answer as shown, before the worker is stopped
        self.client.shutdown()
        super().closeEvent(event)
