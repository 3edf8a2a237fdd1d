"""The main window: the four task tabs and the Models page, menus, status bar.

The window is painted first with its menus, tab bar and status bar and an empty page;
right after that first paint it builds the tab shown first (importing its module), and
says so with ``content_painted`` once that tab has been painted too.  The other tabs are
built when first used (shown, or touched by code: ``window.translate_tab``) or by
``build_remaining_tabs``, which app.py calls after that.  The dialogs are imported when
opened.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QEvent, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from assistant import APP_NAME
from assistant.paths import AppPaths, standard_paths
from assistant.settings import Settings
from assistant.ui.downloads import ModelDownloads
from assistant.ui.i18n.core_text import for_person
from assistant.ui.tabs.context import UiContext
from assistant.ui.theme import apply_theme
from assistant.ui.widgets.after_paint import AfterPaint

if TYPE_CHECKING:
    from assistant.core.protocol import EngineStatus
    from assistant.ui.about_dialog import AboutDialog, AboutInfo, ShortcutsDialog
    from assistant.ui.local_api import LocalApi
    from assistant.ui.settings_dialog import SettingsDialog, SharedSettings
    from assistant.ui.tabs.base import TaskTab
    from assistant.ui.tabs.chat.tab import ChatTab
    from assistant.ui.tabs.classify.tab import ClassifyTab
    from assistant.ui.tabs.models.tab import ModelsPage
    from assistant.ui.tabs.sentiment.tab import SentimentTab
    from assistant.ui.tabs.translate.tab import TranslateTab
    from assistant.worker.qt import WorkerClient

log = logging.getLogger(__name__)

# Keys (in Qt's portable form; shown in the platform's own form) and what they do.
# The descriptions are translated where they are shown (Help > Keyboard shortcuts).
SHORTCUTS = (
    ("Ctrl+1 … Ctrl+5", QT_TRANSLATE_NOOP("Shortcuts", "Go to Chat, Translate, Sentiment, Classify, Models")),
    ("Ctrl+Enter", QT_TRANSLATE_NOOP("Shortcuts", "Send / Translate / Analyze / Classify in the current tab")),
    ("Esc", QT_TRANSLATE_NOOP("Shortcuts", "Stop the current job")),
    ("Ctrl+N", QT_TRANSLATE_NOOP("Shortcuts", "New chat")),
    ("Ctrl+R", QT_TRANSLATE_NOOP("Shortcuts", "Regenerate the last answer (Chat)")),
    ("Ctrl+F", QT_TRANSLATE_NOOP("Shortcuts", "Search all chats (Chat)")),
    ("F2", QT_TRANSLATE_NOOP("Shortcuts", "Rename the selected chat (Chat)")),
    ("Del", QT_TRANSLATE_NOOP("Shortcuts", "Delete the selected chat, with Undo (Chat)")),
    ("Ctrl+E", QT_TRANSLATE_NOOP("Shortcuts", "Export the chat (Chat)")),
    ("Ctrl+O", QT_TRANSLATE_NOOP("Shortcuts", "Attach documents (Chat); translate a file (Translate)")),
    ("Ctrl+Shift+C", QT_TRANSLATE_NOOP("Shortcuts", "Copy the whole chat (Chat); copy the translation (Translate)")),
    ("Ctrl+Shift+S", QT_TRANSLATE_NOOP("Shortcuts", "Swap translation languages")),
    ("Ctrl+G", QT_TRANSLATE_NOOP("Shortcuts", "Edit the glossary (Translate tab)")),
    ("Ctrl+Shift+X", QT_TRANSLATE_NOOP("Shortcuts", "Clear the Translate tab")),
    ("F5", QT_TRANSLATE_NOOP("Shortcuts", "Rescan models (Models page)")),
    ("Ctrl+,", QT_TRANSLATE_NOOP("Shortcuts", "Settings")),
    ("F1", QT_TRANSLATE_NOOP("Shortcuts", "Keyboard shortcuts (this list)")),
    ("Ctrl+Q", QT_TRANSLATE_NOOP("Shortcuts", "Quit")),
)


def _build_tab(index: int, context: UiContext) -> QWidget:
    """Tab ``index`` (Chat, Translate, Sentiment, Classify, Models), its module imported now."""
    if index == 0:
        from assistant.ui.tabs.chat.tab import ChatTab

        return ChatTab(context)
    if index == 1:
        from assistant.ui.tabs.translate.tab import TranslateTab

        return TranslateTab(context)
    if index == 2:
        from assistant.ui.tabs.sentiment.tab import SentimentTab

        return SentimentTab(context)
    if index == 3:
        from assistant.ui.tabs.classify.tab import ClassifyTab

        return ClassifyTab(context)
    from assistant.ui.tabs.models.tab import ModelsPage

    return ModelsPage(context)


class _Started(NamedTuple):
    """What the settings dialog can change that applies only at the next start."""

    language: str
    data_folder: str


def _tab_property(index: int, doc: str) -> property:
    return property(lambda self: self.tab_at(index), doc=doc)


class MainWindow(QMainWindow):
    first_painted = Signal()  # the window itself: menus, tab bar, status bar
    content_painted = Signal()  # the tab shown first, built after the first paint, painted too

    chat_tab: ChatTab = _tab_property(0, "The Chat tab (built on first use).")
    translate_tab: TranslateTab = _tab_property(1, "The Translate tab (built on first use).")
    sentiment_tab: SentimentTab = _tab_property(2, "The Sentiment tab (built on first use).")
    classify_tab: ClassifyTab = _tab_property(3, "The Classify tab (built on first use).")
    models_page: ModelsPage = _tab_property(4, "The Models page (built on first use).")

    def __init__(self, settings: Settings, paths: AppPaths, client: WorkerClient) -> None:
        super().__init__()
        self.settings = settings
        self.paths = paths
        self.client = client
        self._painted = False
        self._content_painted = False
        self.settings_dialog: SettingsDialog | None = None
        self._local_api: LocalApi | None = None
        # the language and data folder in use until a restart
        self._started_with = _Started(language=settings.language, data_folder=settings.data_folder)
        self.setWindowTitle(APP_NAME)
        self.resize(1000, 720)
        self._context = UiContext(
            settings=settings,
            paths=paths,
            client=client,
            save_settings=self.save_settings,
            show_models_page=lambda: self.tabs.setCurrentWidget(self.models_page),
            apply_settings=lambda: self.apply_engine_settings(),
            downloads=ModelDownloads(client, settings, paths, self),  # the Models page and the Translate tab share it
            show_catalog=lambda task, repo_id="": self.show_catalog(task, repo_id),
        )
        self._built: list[QWidget | None] = [None] * 5  # the tabs built so far, by index
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tab_titles = (
            self.tr("&Chat / Q&&A"),
            self.tr("&Translate"),
            self.tr("&Sentiment"),
            self.tr("C&lassify"),
            self.tr("&Models"),
        )
        for title in self.tab_titles:
            self.tabs.addTab(QWidget(), title)  # a placeholder until the tab is built (tab_at)
        self.setCentralWidget(self.tabs)
        self.tabs.currentChanged.connect(self._on_current_changed)
        self._build_menus()
        self._build_status_bar()
        client.status.connect(self._on_engine_status)
        client.activity.connect(self._on_activity)
        client.memory.connect(self._on_memory)
        self._restore_state()

    # ------------------------------------------------------------------ tabs

    @property
    def task_tabs(self) -> list[TaskTab]:
        return [self.chat_tab, self.translate_tab, self.sentiment_tab, self.classify_tab]

    def tab_at(self, index: int) -> QWidget:
        """The tab at ``index``, built now if it was not yet: it takes its placeholder's place."""
        widget = self._built[index]
        if widget is not None:
            return widget
        widget = _build_tab(index, self._context)
        self._built[index] = widget
        current = self.tabs.currentIndex()
        blocked = self.tabs.blockSignals(True)  # the same tab stays current: no currentChanged
        try:
            placeholder = self.tabs.widget(index)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, widget, self.tab_titles[index])
            self.tabs.setCurrentIndex(current)
        finally:
            self.tabs.blockSignals(blocked)
        placeholder.deleteLater()
        if index == 4:
            self._connect_models_page(widget)
        if index == current:
            widget.setFocus()
        return widget

    def _connect_models_page(self, page: ModelsPage) -> None:
        page.inventory_changed.connect(self.translate_tab.set_inventory)
        page.inventory_changed.connect(self.chat_tab.set_inventory)
        page.servers_panel.remote_models_changed.connect(self.chat_tab.set_remote_models)
        self.chat_tab.documents_choice_forgotten.connect(page.fill_documents_choice)
        page.inventory_changed.connect(lambda _inventory: self.apply_engine_settings())
        page.device_changed.connect(lambda _device: self.apply_engine_settings())
        page.settings_changed.connect(self.apply_engine_settings)

    def build_remaining_tabs(self) -> None:
        """Build the tabs not built yet, one per turn of the event loop (app.py: after the first paint)."""
        for index, widget in enumerate(self._built):
            if widget is None:
                self.tab_at(index)
                QTimer.singleShot(0, self.build_remaining_tabs)
                return

    def _on_current_changed(self, index: int) -> None:
        if index >= 0:
            self.tab_at(index).setFocus()

    # --------------------------------------------------------------- chrome

    def _action(self, text: str, keys: str = "", triggered=None) -> QAction:
        """A menu action.  Its keys are given with setShortcuts: ``setShortcut`` (and ``shortcut=``) make PySide
        weigh an overload that takes a Qt.Key, which builds the Python types of all of Qt's enums (about
        50 ms) before the first paint."""
        action = QAction(text, self)
        if keys:
            action.setShortcuts([QKeySequence(keys)])
        if triggered is not None:
            action.triggered.connect(triggered)
        return action

    def _build_menus(self) -> None:
        """The menu bar's three menus; their actions are added on the turn after the first paint (fill_menus):
        they show only when a menu is opened, and their keys work from then on."""
        self._menus_filled = False
        self._menus = (
            self.menuBar().addMenu(self.tr("&File")),
            self.menuBar().addMenu(self.tr("&Go")),
            self.menuBar().addMenu(self.tr("&Help")),
        )

    def fill_menus(self) -> None:
        """The menus' actions and their keys (once)."""
        if self._menus_filled:
            return
        self._menus_filled = True
        file_menu, go_menu, help_menu = self._menus
        self.settings_action = self._action(self.tr("&Settings…"), "Ctrl+,", self.show_settings)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        quit_action = self._action(self.tr("&Quit"), triggered=self.close)
        # The platform's Quit keys; Ctrl+Q where the platform names none (some Linux desktops, offscreen).
        quit_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) or [QKeySequence("Ctrl+Q")])
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(quit_action)
        for index, title in enumerate(self.tab_titles):
            go_menu.addAction(self._action(title, f"Ctrl+{index + 1}", lambda _checked=False, i=index: self.tabs.setCurrentIndex(i)))
        help_menu.addAction(self._action(self.tr("&Keyboard shortcuts"), "F1", self.show_shortcuts))
        about_action = self._action(self.tr("&About {name}").format(name=APP_NAME), triggered=self.show_about)
        about_action.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about_action)

    def _build_status_bar(self) -> None:
        self.status_message = QLabel(self.tr("Starting…"))
        self.device_label = QLabel("")
        self.speed_label = QLabel("")
        self.models_label = QLabel("")  # where each loaded model runs, and its memory
        self.restart_note = QLabel("")  # settings that apply at the next start; stays until then
        self.restart_note.hide()
        self.api_label = QLabel("")  # where the local API answers, while it is on
        self.api_label.hide()  # made selectable when first shown: no Qt enum before the first paint
        for label, name in (
            (self.restart_note, self.tr("Needs a restart")),
            (self.status_message, self.tr("Status")),
            (self.device_label, self.tr("Device")),
            (self.speed_label, self.tr("Speed of the last job")),
            (self.models_label, self.tr("Models in memory")),
            (self.api_label, self.tr("Local API")),
        ):
            # Plain text (messages may quote file names or model output), set by name: Qt.TextFormat would make
            # PySide build the Python types of all of Qt's enums (about 50 ms) before the first paint.
            label.setProperty("textFormat", "PlainText")
            label.setAccessibleName(name)
        self.statusBar().addWidget(self.status_message, 1)
        self.statusBar().addPermanentWidget(self.restart_note)
        self.statusBar().addPermanentWidget(self.api_label)
        self.statusBar().addPermanentWidget(self.speed_label)
        self.statusBar().addPermanentWidget(self.models_label)
        self.statusBar().addPermanentWidget(self.device_label)

    # ---------------------------------------------------------------- dialogs

    def show_shortcuts(self) -> ShortcutsDialog:
        from PySide6.QtCore import Qt

        from assistant.ui.about_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(SHORTCUTS, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def about_info(self) -> AboutInfo:
        """The device, the models in memory and the model of each tab, as the window knows them now."""
        from assistant.ui.about_dialog import AboutInfo, ModelUse
        from assistant.ui.i18n.task_names import TAB_TASKS, tab_name

        status, memory, page = self.client.last_status, self.client.last_memory, self.models_page
        uses = []
        for task in TAB_TASKS:
            key = page.model_for(task)
            model = page.inventory.find(key) if key else None
            chosen = page.inventory.find(self.settings.models.get(task.value, "")) is not None
            uses.append(ModelUse(tab_name(task), model.name if model else "", chosen))
        return AboutInfo(
            device=status.device if status else "",
            loaded=memory.models if memory else (),
            uses=tuple(uses),
        )

    def show_about(self) -> AboutDialog:
        from PySide6.QtCore import Qt

        from assistant.ui.about_dialog import AboutDialog

        dialog = AboutDialog(self.about_info(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_settings(self) -> SettingsDialog:
        if self.settings_dialog is not None:  # already open: bring it forward
            self.settings_dialog.raise_()
            self.settings_dialog.activateWindow()
            return self.settings_dialog
        from PySide6.QtCore import Qt

        from assistant.ui.settings_dialog import SettingsDialog

        api = self.local_api
        dialog = SettingsDialog(self.settings, standard_paths().data, self, api_token=api.token(), api_address=api.address)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.applied.connect(self.apply_shared_settings)
        dialog.finished.connect(lambda _result: setattr(self, "settings_dialog", None))
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def apply_shared_settings(self, values: SharedSettings) -> None:
        """Settings dialog, OK or Apply: store the values, save them, and apply what applies now."""
        from assistant.ui.settings_dialog import SharedSettings

        before = SharedSettings.of(self.settings, self.local_api.token())
        values.write_to(self.settings)
        self.save_settings()
        api_values = (values.api_enabled, values.api_port, values.api_allow_network, values.api_token)
        if api_values != (before.api_enabled, before.api_port, before.api_allow_network, before.api_token):
            self.local_api.set_token(values.api_token)
            self.start_local_api()
        if values.theme != before.theme:
            apply_theme(values.theme)
        if (values.device, values.memory_budget_mb) != (before.device, before.memory_budget_mb):
            self.models_page.memory_panel.show_settings()
            self.apply_engine_settings()  # as the Models page does after its own changes
        if (values.hub_endpoint, values.proxy) != (before.hub_endpoint, before.proxy):
            self.models_page.catalog_panel.set_about()  # it names where downloads come from
        later = []
        if self.settings.language != self._started_with.language:
            later.append(self.tr("The interface language changes at the next start."))
        if self.settings.data_folder != self._started_with.data_folder:
            later.append(self.tr("The new data folder is used from the next start."))
        self.restart_note.setText(" ".join(later))
        self.restart_note.setVisible(bool(later))

    # ------------------------------------------------------------ local API

    @property
    def local_api(self) -> LocalApi:
        """The local OpenAI-compatible API (made at first use: nothing of it is imported before then)."""
        if self._local_api is None:
            from assistant.ui.local_api import LocalApi

            self._local_api = LocalApi(self.client, self.paths.data, lambda: self.settings.models, self)
            self._local_api.changed.connect(self._show_api_address)
        return self._local_api

    def start_local_api(self) -> None:
        """Serve the API as the settings say (started, restarted or stopped); a problem is said in the status bar."""
        settings = self.settings
        if not settings.api_enabled and self._local_api is None:
            return  # off, and never on: nothing to stop
        problem = self.local_api.apply(settings.api_enabled, settings.api_port, settings.api_allow_network)
        if problem:
            self.status_message.setText(problem)
            if self.settings_dialog is not None:
                self.settings_dialog.show_api_address(problem)  # where the person just asked for it

    def _show_api_address(self, address: str) -> None:
        self.api_label.setText(self.tr("API: {address}").format(address=address) if address else "")
        if address:
            from PySide6.QtCore import Qt

            self.api_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.api_label.setVisible(bool(address))
        if self.settings_dialog is not None:
            self.settings_dialog.show_api_address(address)

    def show_catalog(self, task: str, repo_id: str = "") -> None:
        """The Models page's Download section, showing ``task``'s models, ``repo_id`` ready to download."""
        self.tabs.setCurrentWidget(self.models_page)
        self.models_page.sections.setCurrentWidget(self.models_page.catalog_panel)
        self.models_page.catalog_panel.show_task(task, repo_id)

    # ------------------------------------------------------ worker feedback

    def _on_engine_status(self, status: EngineStatus) -> None:
        self.status_message.setText(for_person(status.message))  # a sentence of the worker, in the interface language
        if status.device:
            self.device_label.setText(self.tr("Device: {device}").format(device=for_person(status.device)))

    def _on_memory(self, status) -> None:
        self.models_page.set_memory(status)
        if not status.models:
            self.models_label.setText("")
            self.models_label.setToolTip("")
            return
        from assistant.core.models.messages import format_bytes

        parts = [f"{m.name.split('/')[-1]} ({m.placement}, {format_bytes(m.bytes)})" for m in status.models]
        shown = "; ".join(parts[:2]) + (f" +{len(parts) - 2}" if len(parts) > 2 else "")
        self.models_label.setText(self.tr("In memory: {models}").format(models=shown))
        self.models_label.setToolTip("\n".join(parts))

    def _on_activity(self, reply) -> None:
        from assistant.core.protocol import Failure, Progress, Result, Started

        if isinstance(reply, Started):
            self.status_message.setText(self.tr("Working with {model}…").format(model=reply.model))
        elif isinstance(reply, Progress) and reply.message:
            self.status_message.setText(for_person(reply.message))  # loading, converting, n of m
        elif isinstance(reply, Result):
            self.status_message.setText(self.tr("Ready"))
            if reply.stats is not None:
                self.speed_label.setText(self.tr("Last job: {stats}").format(stats=for_person(reply.stats.describe())))
        elif isinstance(reply, Failure):
            self.status_message.setText(for_person(reply.message))

    # ------------------------------------------------------- state & closing

    def event(self, event) -> bool:
        if event.type() == QEvent.Paint and not self._painted:
            self._painted = True
            result = super().event(event)
            self.first_painted.emit()
            QTimer.singleShot(0, self.fill_menus)
            QTimer.singleShot(0, self.build_current_tab)  # after what first_painted scheduled (app.py: the report)
            return result
        return super().event(event)

    def build_current_tab(self) -> QWidget:
        """The tab shown, built (once) and given the focus; ``content_painted`` follows its first paint."""
        index = self.tabs.currentIndex()
        painted_already = self._built[index] is not None  # touched by code before the first paint: painted with the window
        tab = self.tab_at(index)  # built now if it was not: it takes the focus
        self.show_settings_notice()
        if painted_already:
            QTimer.singleShot(0, self._on_content_painted)
        else:
            AfterPaint(tab, self._on_content_painted)
        return tab

    def _on_content_painted(self) -> None:
        if not self._content_painted:
            self._content_painted = True
            self.content_painted.emit()

    def _restore_state(self) -> None:
        if self.settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(self.settings.window_geometry.encode("ascii")))
        # Only the index: the tab itself is built right after the first paint (build_current_tab), or when first touched.
        blocked = self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(max(0, min(self.settings.last_tab, self.tabs.count() - 1)))
        self.tabs.blockSignals(blocked)

    def show_settings_notice(self) -> None:
        """What loading the settings file had to say (values reset, a file kept aside), once, on the tab shown."""
        notice = getattr(self.settings, "load_notice", "")
        banner = getattr(self.tabs.currentWidget(), "banner", None)
        if notice and banner is not None:
            banner.show_message(for_person(notice), "warning")

    def save_settings(self) -> None:
        try:
            self.settings.save(self.paths.settings_file)
        except OSError as exc:  # a full or read-only disk: say so, keep working
            log.error("settings not saved: %s", exc)
            self.status_message.setText(self.tr("Settings could not be saved: {reason}").format(reason=exc.strerror or exc))

    def apply_engine_settings(self) -> None:
        from assistant.worker.engine import EngineConfig

        self.client.reconfigure(EngineConfig.from_settings(self.settings, self.paths))

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        self.settings.window_geometry = bytes(self.saveGeometry().toBase64()).decode("ascii")
        self.settings.last_tab = self.tabs.currentIndex()
        self.save_settings()
        if self._built[0] is not None:
            self.chat_tab.shutdown()  # keeps a streaming answer as shown, before the worker is stopped
        if self._built[3] is not None:
            self.classify_tab.shutdown()  # a folder listing under way
        if self._built[4] is not None:
            self.models_page.shutdown()  # a model scan under way
        if self._local_api is not None:
            self._local_api.stop()  # no new requests from other programs; theirs in the queue are cancelled
        self.client.shutdown()
        super().closeEvent(event)
