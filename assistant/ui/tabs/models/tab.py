"""The Models page: what is installed and where it lives, downloads, imports, removal, devices and memory.

Finding models loads none, but it walks and sizes every model folder and the Hugging
Face cache: it runs on a thread of its own (ui/workers/inventory.py), one scan at a
time, and the page fills in when it is done.  Everything else is a request: imports,
loads, unloads and removals go to the worker thread (they touch loaded models or
convert weights), downloads to the download thread.  The page never waits for any
of them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from assistant.core.chat.remote import remote_reference
from assistant.core.models.messages import (
    ImportedModel,
    ImportGgufRequest,
    ImportPickleRequest,
    LoadModelRequest,
    RemovedModel,
    RemoveModelRequest,
    UnloadModelRequest,
    format_bytes,
)
from assistant.core.models.sources import ModelInventory, default_hf_cache
from assistant.core.protocol import Failure, FailureKind, MemoryStatus, Progress, Result, Task
from assistant.ui.i18n.core_text import for_person
from assistant.ui.i18n.language_names import language_name
from assistant.ui.i18n.model_names import kind_name, source_name
from assistant.ui.i18n.task_names import TAB_TASKS, tab_name
from assistant.ui.tabs.base import UiContext
from assistant.ui.tabs.models.catalog_panel import RIGHT_ALIGNED, USER_ROLE, CatalogPanel
from assistant.ui.tabs.models.servers_panel import ServersPanel
from assistant.ui.widgets.banner import Banner
from assistant.ui.widgets.calls import Call
from assistant.ui.widgets.memory_panel import MemoryPanel
from assistant.ui.workers.inventory import InventoryScan, InventoryScanner, ScanRequest

# Texts of the interface, translated where shown (context "ModelsPage").
COLUMNS = (
    QT_TRANSLATE_NOOP("ModelsPage", "Name"),
    QT_TRANSLATE_NOOP("ModelsPage", "Kind"),
    QT_TRANSLATE_NOOP("ModelsPage", "Used for"),
    QT_TRANSLATE_NOOP("ModelsPage", "Size"),
    QT_TRANSLATE_NOOP("ModelsPage", "Source"),
    QT_TRANSLATE_NOOP("ModelsPage", "In memory"),
    QT_TRANSLATE_NOOP("ModelsPage", "Location"),
)
LOCATION = COLUMNS.index("Location")
IN_MEMORY = COLUMNS.index("In memory")
SOURCE = COLUMNS.index("Source")
AUTOMATIC = QT_TRANSLATE_NOOP("ModelsPage", "Automatic")
def _tr(text: str) -> str:
    return QCoreApplication.translate("ModelsPage", text)


class ModelsPage(QWidget):
    inventory_changed = Signal(object)  # ModelInventory
    device_changed = Signal(str)
    settings_changed = Signal()  # precision, budget, out-of-memory choice: the engine must hear of it

    def __init__(self, context: UiContext, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.inventory = ModelInventory()
        self.memory = MemoryStatus((), 0)
        self.operation_id: int | None = None  # the import / load / removal under way
        self.banner = Banner()
        self._refill: list = []  # the parts of a scan result still to show, one per event-loop turn
        self.scanner = InventoryScanner(self)
        self.scanner.scanned.connect(self._scanned)
        self.scanner.failed.connect(self._scan_failed)
        self._after_scan: list[Callable[[], None]] = []  # run once the newest scan is shown
        self._candidates: list[str] = []  # folders to add once a scan has looked into them
        self._catalog = None  # the catalog read at the last refresh

        self.sections = QTabWidget()
        self.sections.addTab(self._installed_section(), self.tr("Installed"))
        self.catalog_panel = CatalogPanel(context)
        self.catalog_panel.message.connect(lambda text, kind: self.banner.show_message(text, kind))
        self.catalog_panel.downloaded.connect(self._downloaded)
        self.sections.addTab(self.catalog_panel, self.tr("Download"))
        self.memory_panel = MemoryPanel(context)
        self.memory_panel.device_changed.connect(self.device_changed)
        self.memory_panel.settings_changed.connect(self.settings_changed)
        self.memory_panel.unload_requested.connect(self.unload)
        self.sections.addTab(self.memory_panel, self.tr("Devices && memory"))
        self.servers_panel = ServersPanel(context)
        self.servers_panel.message.connect(lambda text, kind: self.banner.show_message(text, kind))
        self.servers_panel.remote_models_changed.connect(self._set_remote_models)
        self.sections.addTab(self.servers_panel, self.tr("Servers"))
        self.device = self.memory_panel.device  # the device choice, as before

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.sections, 1)

    def _installed_section(self) -> QWidget:
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_tr(column) for column in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(LOCATION, QHeaderView.Stretch)
        self.table.setAccessibleName(self.tr("Installed models"))
        QShortcut(QKeySequence.Delete, self.table, self.ask_remove, context=Qt.WidgetShortcut)
        buttons = QHBoxLayout()
        for text, slot, tip in (
            (self.tr("Add folder…"), self.choose_folder, self.tr("Use the models in a folder on this computer")),
            (self.tr("Import GGUF…"), self.choose_gguf, self.tr("Convert a GGUF chat model (llama.cpp format) to safetensors")),
            (self.tr("Load"), self.load_selected, self.tr("Load the selected model into memory now")),
            (self.tr("Unload"), lambda: self.unload(self.selected_key() or ""), self.tr("Free the memory the selected model takes")),
            (
                self.tr("Remove…"),
                self.ask_remove,
                self.tr("Delete the selected model from disk (a folder you added is only forgotten) (Del)"),
            ),
            (self.tr("Open folder"), self.open_location, self.tr("Show where the selected model lives")),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        rescan = QPushButton(self.tr("Rescan"))
        rescan.setToolTip(self.tr("Look for models again (F5)"))
        rescan.setShortcut("F5")
        rescan.clicked.connect(self.refresh)
        buttons.addWidget(rescan)
        buttons.addStretch(1)
        self.summary = QLabel()
        buttons.addWidget(self.summary)

        self.operation_progress = QProgressBar()
        self.operation_progress.hide()
        self.operation_label = QLabel()
        self.operation_label.setTextFormat(Qt.PlainText)
        self.operation_stop = QPushButton(self.tr("Stop"))
        self.operation_stop.setToolTip(self.tr("Stop the import, load or removal under way"))
        self.operation_stop.hide()
        self.operation_stop.clicked.connect(self.stop_operation)
        operation = QHBoxLayout()
        operation.addWidget(self.operation_label, 1)
        operation.addWidget(self.operation_progress, 1)
        operation.addWidget(self.operation_stop)

        self.choices: dict[Task, QComboBox] = {}
        choices_box = QGroupBox(self.tr("Model used by each tab"))
        form = QFormLayout(choices_box)
        for task in TAB_TASKS:
            box = QComboBox()
            box.setAccessibleName(self.tr("Model for the {tab} tab").format(tab=tab_name(task)))
            box.setSizeAdjustPolicy(QComboBox.AdjustToContents)
            box.activated.connect(lambda _index, t=task: self._choice_changed(t))
            self.choices[task] = box
            form.addRow(tab_name(task), box)
        # Document search: a local embedding model or a server's (its /v1/embeddings).
        self.documents_choice = QComboBox()
        self.documents_choice.setAccessibleName(self.tr("Model for document search"))
        self.documents_choice.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.documents_choice.setToolTip(self.tr("The embedding model that finds the passages of attached documents; a server's model must offer /v1/embeddings."))
        self.documents_choice.activated.connect(lambda _index: self._documents_choice_changed())
        self._remote_models: list[tuple[str, str]] = []  # (label, "server/model-id")
        form.addRow(self.tr("Document search"), self.documents_choice)
        hint = QLabel(
            self.tr(
                "Starter models come with the program. Download recommended models on the Download tab, or add any "
                "Hugging Face model folder (config.json + safetensors weights)."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")

        section = QWidget()
        layout = QVBoxLayout(section)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(operation)
        layout.addWidget(choices_box)
        layout.addWidget(hint)
        return section

    # ------------------------------------------------------------ discovery

    @property
    def scanning(self) -> bool:
        """A scan runs or is due: the list is filled in when it ends."""
        return self.scanner.busy or bool(self._refill)

    def refresh(self, then: Callable[[], None] | None = None) -> None:
        """Look for models again, off the GUI thread; ``then`` runs once the result is shown.

        Asked while a scan runs, it schedules one more scan after it (not a second at once).
        """
        if then is not None:
            self._after_scan.append(then)
        settings = self.context.settings
        catalog = self.context.downloads.reload_catalog()  # the Translate tab's offers read it too
        self._catalog = catalog  # shown with what the cache holds of it, once the scan ends
        if not self.catalog_panel.catalog.entries:
            self.catalog_panel.set_catalog(catalog)  # the first time: at once, the 'Here' column follows
        self.summary.setText(self.tr("Looking for models…"))
        self.servers_panel.refresh()
        self.scanner.scan(
            ScanRequest(
                models_dir=self.context.paths.models,
                extra_dirs=tuple(settings.extra_model_dirs),
                hf_cache=default_hf_cache(),
                catalog=tuple(catalog.entries),
                candidates=tuple(self._candidates),
            )
        )

    def _scanned(self, scan: InventoryScan) -> None:
        """Show a scan's result, one part per event-loop turn (the table, the choices, the catalog, then
        the tabs that read the inventory), so that the GUI paints and answers in between; ``scanning``
        stays true until the last part is shown."""
        settings = self.context.settings
        self.inventory = scan.inventory
        added = [folder for folder, found in scan.candidates.items() if found]
        empty = [folder for folder, found in scan.candidates.items() if not found]
        self._candidates = [folder for folder in self._candidates if folder not in scan.candidates]
        if added:
            settings.extra_model_dirs.extend(folder for folder in added if folder not in settings.extra_model_dirs)
            self.context.save_settings()
        catalog = self._catalog
        self._refill = [
            self._fill_table,
            self._fill_choices,
            lambda: self.catalog_panel.set_catalog(catalog, scan.commits),
            lambda: self._shown(catalog, empty),
        ]  # a newer scan's result replaces what is left of this one
        self._refill_next()

    def _refill_next(self) -> None:
        if not self._refill:
            return
        step = self._refill.pop(0)
        if self._refill:
            QTimer.singleShot(0, self._refill_next)
        step()

    def _shown(self, catalog, empty: list[str]) -> None:
        settings = self.context.settings
        problems = [for_person(p) for p in (*self.inventory.problems, *catalog.problems)]
        # A server's model ("server/model-id") is not installed here: the Servers section says whether it answers.
        vanished = [key for key in settings.models.values() if key and self.inventory.find(key) is None and remote_reference(key) is None]
        problems += [
            self.tr("The chosen model {model} is gone; the tab uses the automatic choice until you pick another.").format(model=key)
            for key in vanished
        ]
        if empty:
            problems += [
                self.tr("No model found in {folder}: a model folder holds a config.json and its weights.").format(folder=folder)
                for folder in empty
            ]
        if problems:
            self.banner.show_message("\n".join(problems), "error")
        else:
            self.banner.hide()
        self.summary.setText(self.tr("%n model(s) found", "", len(self.inventory.models)))
        self.inventory_changed.emit(self.inventory)
        after, self._after_scan = self._after_scan, []
        for then in after:
            then()

    def _scan_failed(self, error: Exception) -> None:
        self._after_scan = []
        self.summary.setText("")
        self.banner.show_message(for_person(error), "error")

    def shutdown(self) -> None:
        """The window closes: a scan under way is not waited for beyond a few seconds."""
        self.scanner.shutdown()
        self.servers_panel.shutdown()

    def _fill_table(self) -> None:
        models = self.inventory.models
        in_memory = {m.key: m for m in self.memory.models}
        used = {task: self.model_for(task) for task in TAB_TASKS}  # once, not once per row: each sorts the inventory
        self.table.setRowCount(len(models))
        for row, model in enumerate(models):
            uses = ", ".join(tab_name(t) for t in TAB_TASKS if used[t] == model.key) or "—"
            kind = kind_name(model.kind) + (f" {model.languages[0]}→{model.languages[1]}" if model.languages else "")
            source = source_name(model.source)
            if model.needs_conversion:
                source = self.tr("{source} (prepared on first use)").format(source=source)
            if model.commit:
                source = self.tr("{source} at {commit}").format(source=source, commit=model.commit[:10])
            loaded = in_memory.get(model.key)
            memory = f"{loaded.placement}, {format_bytes(loaded.bytes)}" if loaded else ""
            values = (model.name, kind, uses, _size(model.size_bytes), source, memory, str(model.path))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if column == 1 and model.languages:
                    from_name, to_name = (language_name(code) for code in model.languages[:2])
                    item.setToolTip(f"{kind_name(model.kind)}: {from_name} → {to_name}")
                if column == SOURCE and model.commit:
                    item.setToolTip(self.tr("{source}, commit {commit}").format(source=source, commit=model.commit))
                item.setData(USER_ROLE, model.key)
                if column == 3:
                    item.setTextAlignment(RIGHT_ALIGNED)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()

    def _fill_choices(self) -> None:
        for task, box in self.choices.items():
            box.clear()
            box.addItem(_tr(AUTOMATIC), "")
            for model in self.inventory.for_task(task):
                box.addItem(f"{model.name} ({kind_name(model.kind)})", model.key)
            chosen = self.inventory.find(self.context.settings.models.get(task.value, ""))
            index = box.findData(chosen.key) if chosen else 0
            box.setCurrentIndex(index if index >= 0 else 0)

        self.fill_documents_choice()

    def fill_documents_choice(self) -> None:
        """The document-search choice as the settings say; a local model no longer installed shows as "Automatic"."""
        box = self.documents_choice
        box.clear()
        box.addItem(_tr(AUTOMATIC), "")
        for model in self.inventory.for_task(Task.DOCUMENTS):
            box.addItem(f"{model.name} ({kind_name(model.kind)})", model.key)
        for label, key in self._remote_models:
            box.addItem(label, key)
        chosen = self.context.settings.models.get(Task.DOCUMENTS.value, "")
        index = box.findData(chosen) if chosen else 0
        if index < 0 and remote_reference(chosen) is not None:  # a server's model while the servers have not answered yet: kept
            box.addItem(chosen, chosen)
            index = box.count() - 1
        box.setCurrentIndex(max(index, 0))

    def _set_remote_models(self, models: list[tuple[str, str]]) -> None:
        self._remote_models = list(models)
        self.fill_documents_choice()

    def _documents_choice_changed(self) -> None:
        key = self.documents_choice.currentData() or ""
        if key:
            self.context.settings.models[Task.DOCUMENTS.value] = key
        else:
            self.context.settings.models.pop(Task.DOCUMENTS.value, None)
        self.context.save_settings()

    def model_for(self, task: Task) -> str | None:
        """The key of the model the tab for ``task`` uses now (None: none, or by language pair)."""
        chosen = self.inventory.find(self.context.settings.models.get(task.value, ""))
        if chosen is not None:
            return chosen.key
        if task is Task.TRANSLATE:
            settings = self.context.settings
            model = self.inventory.translation_model(settings.translate_source, settings.translate_target)
            return model.key if model else None
        candidates = self.inventory.for_task(task)
        return candidates[0].key if candidates else None

    def _choice_changed(self, task: Task) -> None:
        key = self.choices[task].currentData() or ""
        if key:
            self.context.settings.models[task.value] = key
        else:
            self.context.settings.models.pop(task.value, None)
        self.context.save_settings()
        self._fill_table()
        self.inventory_changed.emit(self.inventory)

    def selected_key(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.UserRole) if items else None

    def select(self, key: str) -> bool:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.UserRole) == key:
                self.table.selectRow(row)
                return True
        return False

    # --------------------------------------------------------------- memory

    def set_memory(self, status: MemoryStatus) -> None:
        self.memory = status
        self.memory_panel.set_memory(status)
        in_memory = {m.key: m for m in status.models}
        for row in range(self.table.rowCount()):
            key = self.table.item(row, 0).data(Qt.UserRole)
            loaded = in_memory.get(key)
            text = f"{loaded.placement}, {format_bytes(loaded.bytes)}" if loaded else ""
            self.table.item(row, IN_MEMORY).setText(text)
            self.table.item(row, IN_MEMORY).setToolTip(text)
        self.table.resizeColumnToContents(IN_MEMORY)

    def load_selected(self) -> None:
        key = self.selected_key()
        if key is None:
            self.banner.show_message(self.tr("Select a model in the list first."), "error")
            return
        name = self.inventory.find(key).name if self.inventory.find(key) else key
        self._start(LoadModelRequest(key), self.tr("Loading {model}…").format(model=name), self._load_finished)

    def unload(self, key: str) -> None:
        self.context.client.submit(UnloadModelRequest(key), Call(self._unload_finished))

    def _load_finished(self, reply: Result | Failure) -> None:
        if isinstance(reply, Result):
            loaded = reply.payload
            self.banner.show_message(
                self.tr("{model} is in memory ({placement}, {size}).").format(
                    model=loaded.name, placement=loaded.placement, size=format_bytes(loaded.bytes)
                ),
                "info",
            )

    def _unload_finished(self, reply: Result | Failure) -> None:
        if isinstance(reply, Failure):
            self.banner.show_message(for_person(reply.message), "error")
        elif reply.payload:
            self.banner.show_message(self.tr("Unloaded: {size} of memory freed.").format(size=format_bytes(reply.payload)), "info")

    # --------------------------------------------------- operations on disk

    def _start(self, request, text: str, done) -> None:
        if self.operation_id is not None:
            self.banner.show_message(self.tr("Another model operation is under way; wait for it or stop it."), "error")
            return
        self.banner.hide()
        self.operation_label.setText(text)
        self.operation_progress.setRange(0, 0)
        self.operation_progress.show()
        self.operation_stop.show()

        def finished(reply: Result | Failure) -> None:
            self.operation_id = None
            self.operation_progress.hide()
            self.operation_stop.hide()
            self.operation_label.setText("")
            if isinstance(reply, Failure):
                self.banner.show_message(for_person(reply.message), "info" if reply.kind is FailureKind.CANCELLED else "error")
            done(reply)

        self.operation_id = self.context.client.submit(request, Call(finished, self._operation_progress))

    def _operation_progress(self, reply: Progress) -> None:
        if reply.total > 0:
            self.operation_progress.setRange(0, reply.total)
            self.operation_progress.setValue(reply.done)
        if reply.message:
            self.operation_label.setText(for_person(reply.message))

    def stop_operation(self) -> None:
        if self.operation_id is not None:
            self.context.client.cancel(self.operation_id)
            self.operation_label.setText(self.tr("Stopping…"))

    def choose_gguf(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("GGUF model file"), "", self.tr("GGUF models (*.gguf);;All files (*)"))
        if path:
            self.import_gguf(path)

    def import_gguf(self, path: str, name: str = "") -> None:
        self._start(ImportGgufRequest(path, name), self.tr("Importing {file}…").format(file=Path(path).name), self._imported)

    def _imported(self, reply: Result | Failure) -> None:
        if isinstance(reply, Result):
            imported: ImportedModel = reply.payload

            def show() -> None:
                self.select(imported.path)
                text = self.tr("Imported {model} ({size}) into {folder}.").format(model=imported.name, size=_size(imported.size_bytes), folder=imported.path)
                self.banner.show_message(f"{text} {for_person(imported.note)}" if imported.note else text, "info")

            self.refresh(then=show)

    def ask_remove(self) -> None:
        """Ask first, in the banner (no modal dialog): removal deletes files."""
        key = self.selected_key()
        info = self.inventory.find(key) if key else None
        if info is None:
            self.banner.show_message(self.tr("Select a model in the list first."), "error")
            return
        if info.source in ("models folder", "Hugging Face cache"):
            question = self.tr("Delete {model} from disk? It frees about {size} ({folder}).").format(
                model=info.name, size=_size(info.size_bytes), folder=info.path
            )
        else:
            question = self.tr("Forget the folder that holds {model}? Its files stay on disk ({folder}).").format(
                model=info.name, folder=info.path
            )
        self.banner.show_message(question, "info", (self.tr("Remove"), lambda: self.remove(info.key)))

    def remove(self, key: str) -> None:
        self._start(RemoveModelRequest(key), self.tr("Removing…"), self._removed)

    def _removed(self, reply: Result | Failure) -> None:
        if not isinstance(reply, Result):
            return
        removed: RemovedModel = reply.payload
        settings = self.context.settings
        if removed.forget_dir and removed.forget_dir in settings.extra_model_dirs:
            settings.extra_model_dirs.remove(removed.forget_dir)
        for task, chosen in list(settings.models.items()):
            if chosen == removed.path or (removed.forget_dir and chosen.startswith(removed.forget_dir)):
                del settings.models[task]
        self.context.save_settings()

        def show() -> None:
            if removed.deleted:
                self.banner.show_message(
                    self.tr("Removed {model}: {size} freed.").format(model=removed.name, size=_size(removed.freed_bytes)), "info"
                )
            else:
                self.banner.show_message(self.tr("Forgot {folder}; its files stay on disk.").format(folder=removed.forget_dir), "info")

        self.refresh(then=show)

    def open_location(self) -> None:
        key = self.selected_key()
        info = self.inventory.find(key) if key else None
        if info is None:
            self.banner.show_message(self.tr("Select a model in the list first."), "error")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(info.path)))

    def _downloaded(self, result) -> None:
        def show() -> None:
            self.select(result.path)
            self.banner.show_message(
                self.tr("Downloaded {model}. It is listed on the Installed tab and ready to use.").format(model=result.repo_id), "info"
            )

        self.refresh(then=show)

    # --------------------------------------------------------------- adding

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Model folder (with config.json)"))
        if folder:
            self.add_folder(folder)

    def add_folder(self, folder: str) -> None:
        """Remember ``folder`` if it is a model folder or holds model folders.

        The scan looks into it (off the GUI thread): a folder with models is added to the
        settings and listed; one without is refused in the banner.
        """
        if folder in self.context.settings.extra_model_dirs:
            self.refresh()
            return
        if _pickle_only(Path(folder)):
            # Not added as it is: a copy converted to safetensors goes into the models folder.
            self._start(ImportPickleRequest(folder), self.tr("Converting {folder} to safetensors…").format(folder=Path(folder).name), self._imported)
            return
        if folder not in self._candidates:
            self._candidates.append(folder)
        self.refresh()


_size = format_bytes


def _pickle_only(folder: Path) -> bool:
    """A model folder whose weights are pytorch_model.bin only (a few file checks: fine on the GUI thread)."""
    from assistant.core.models.convert import pickle_weights

    return (folder / "config.json").is_file() and bool(pickle_weights(folder)) and not any(folder.glob("*.safetensors"))
