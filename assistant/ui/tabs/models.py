"""The Models page: what is installed and where it lives, downloads, imports, removal, devices and memory.

Finding models reads a few small JSON files per folder (no model is loaded), so
it runs here on the GUI thread, after the window is shown.  Everything else is a
request: imports, loads, unloads and removals go to the worker thread (they touch
loaded models or convert weights), downloads to the download thread.  The page
never waits for any of them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
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

from assistant.core.messages import Failure, FailureKind, Progress, Result, Task
from assistant.core.models.requests import (
    ImportedModel,
    ImportGgufRequest,
    LoadModelRequest,
    MemoryStatus,
    RemovedModel,
    RemoveModelRequest,
    UnloadModelRequest,
    format_bytes,
)
from assistant.core.models.sources import ModelInventory, discover, model_folders
from assistant.ui.tabs.base import UiContext
from assistant.ui.widgets.banner import Banner
from assistant.ui.widgets.calls import Call
from assistant.ui.widgets.catalog_panel import CatalogPanel
from assistant.ui.widgets.memory_panel import MemoryPanel

COLUMNS = ("Name", "Kind", "Used for", "Size", "Source", "In memory", "Location")
LOCATION = COLUMNS.index("Location")
IN_MEMORY = COLUMNS.index("In memory")
SOURCE = COLUMNS.index("Source")
TAB_TASKS = (Task.CHAT, Task.TRANSLATE, Task.SENTIMENT, Task.CLASSIFY)
AUTOMATIC = "Automatic"


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

        self.sections = QTabWidget()
        self.sections.addTab(self._installed_section(), "Installed")
        self.catalog_panel = CatalogPanel(context)
        self.catalog_panel.message.connect(lambda text, kind: self.banner.show_message(text, kind))
        self.catalog_panel.downloaded.connect(self._downloaded)
        self.sections.addTab(self.catalog_panel, "Download")
        self.memory_panel = MemoryPanel(context)
        self.memory_panel.device_changed.connect(self.device_changed)
        self.memory_panel.settings_changed.connect(self.settings_changed)
        self.memory_panel.unload_requested.connect(self.unload)
        self.sections.addTab(self.memory_panel, "Devices && memory")
        self.device = self.memory_panel.device  # the device choice, as before

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.sections, 1)

    def _installed_section(self) -> QWidget:
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(LOCATION, QHeaderView.Stretch)
        self.table.setAccessibleName("Installed models")
        buttons = QHBoxLayout()
        for text, slot, tip in (
            ("Add folder…", self.choose_folder, "Use the models in a folder on this computer"),
            ("Import GGUF…", self.choose_gguf, "Convert a GGUF chat model (llama.cpp format) to safetensors"),
            ("Load", self.load_selected, "Load the selected model into memory now"),
            ("Unload", lambda: self.unload(self.selected_key() or ""), "Free the memory the selected model takes"),
            ("Remove…", self.ask_remove, "Delete the selected model from disk (a folder you added is only forgotten)"),
            ("Open folder", self.open_location, "Show where the selected model lives"),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        rescan = QPushButton("Rescan")
        rescan.setToolTip("Look for models again (F5)")
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
        self.operation_stop = QPushButton("Stop")
        self.operation_stop.hide()
        self.operation_stop.clicked.connect(self.stop_operation)
        operation = QHBoxLayout()
        operation.addWidget(self.operation_label, 1)
        operation.addWidget(self.operation_progress, 1)
        operation.addWidget(self.operation_stop)

        self.choices: dict[Task, QComboBox] = {}
        choices_box = QGroupBox("Model used by each tab")
        form = QFormLayout(choices_box)
        for task in TAB_TASKS:
            box = QComboBox()
            box.setAccessibleName(f"Model for {task.value}")
            box.setSizeAdjustPolicy(QComboBox.AdjustToContents)
            box.activated.connect(lambda _index, t=task: self._choice_changed(t))
            self.choices[task] = box
            form.addRow(task.value.capitalize(), box)
        hint = QLabel(
            "Starter models come with the program. Download recommended models on the Download tab, or add any "
            "Hugging Face model folder (config.json + safetensors weights)."
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

    def refresh(self) -> None:
        settings = self.context.settings
        self.inventory = discover(self.context.paths.models, settings.extra_model_dirs)
        self._fill_table()
        self._fill_choices()
        catalog = self.context.downloads.reload_catalog()  # the Translate tab's offers read it too
        self.catalog_panel.set_catalog(catalog)
        problems = list(self.inventory.problems) + list(catalog.problems)
        vanished = [key for key in settings.models.values() if key and self.inventory.find(key) is None]
        problems += [f"The chosen model {key} is gone; the tab uses the automatic choice until you pick another." for key in vanished]
        if problems:
            self.banner.show_message("\n".join(problems), "error")
        else:
            self.banner.hide()
        self.summary.setText(f"{len(self.inventory.models)} model(s) found")
        self.inventory_changed.emit(self.inventory)

    def _fill_table(self) -> None:
        models = self.inventory.models
        in_memory = {m.key: m for m in self.memory.models}
        self.table.setRowCount(len(models))
        for row, model in enumerate(models):
            uses = ", ".join(t.value for t in TAB_TASKS if self.model_for(t) == model.key) or "—"
            kind = model.kind + (f" {model.languages[0]}→{model.languages[1]}" if model.languages else "")
            source = model.source + (" (prepared on first use)" if model.needs_conversion else "")
            source += f" at {model.commit[:10]}" if model.commit else ""
            loaded = in_memory.get(model.key)
            memory = f"{loaded.placement}, {format_bytes(loaded.bytes)}" if loaded else ""
            values = (model.name, kind, uses, _size(model.size_bytes), source, memory, str(model.path))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(f"{model.source}, commit {model.commit}" if column == SOURCE and model.commit else value)
                item.setData(Qt.UserRole, model.key)
                if column == 3:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()

    def _fill_choices(self) -> None:
        for task, box in self.choices.items():
            box.clear()
            box.addItem(AUTOMATIC, "")
            for model in self.inventory.for_task(task):
                box.addItem(f"{model.name} ({model.kind})", model.key)
            chosen = self.inventory.find(self.context.settings.models.get(task.value, ""))
            index = box.findData(chosen.key) if chosen else 0
            box.setCurrentIndex(index if index >= 0 else 0)

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
            self.banner.show_message("Select a model in the list first.", "error")
            return
        name = self.inventory.find(key).name if self.inventory.find(key) else key
        self._start(LoadModelRequest(key), f"Loading {name}…", self._load_finished)

    def unload(self, key: str) -> None:
        self.context.client.submit(UnloadModelRequest(key), Call(self._unload_finished))

    def _load_finished(self, reply: Result | Failure) -> None:
        if isinstance(reply, Result):
            self.banner.show_message(f"{reply.payload.name} is in memory ({reply.payload.placement}, {format_bytes(reply.payload.bytes)}).", "info")

    def _unload_finished(self, reply: Result | Failure) -> None:
        if isinstance(reply, Failure):
            self.banner.show_message(reply.message, "error")
        elif reply.payload:
            self.banner.show_message(f"Unloaded: {format_bytes(reply.payload)} of memory freed.", "info")

    # --------------------------------------------------- operations on disk

    def _start(self, request, text: str, done) -> None:
        if self.operation_id is not None:
            self.banner.show_message("Another model operation is under way; wait for it or stop it.", "error")
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
                self.banner.show_message(reply.message, "info" if reply.kind is FailureKind.CANCELLED else "error")
            done(reply)

        self.operation_id = self.context.client.submit(request, Call(finished, self._operation_progress))

    def _operation_progress(self, reply: Progress) -> None:
        if reply.total > 0:
            self.operation_progress.setRange(0, reply.total)
            self.operation_progress.setValue(reply.done)
        if reply.message:
            self.operation_label.setText(reply.message)

    def stop_operation(self) -> None:
        if self.operation_id is not None:
            self.context.client.cancel(self.operation_id)
            self.operation_label.setText("Stopping…")

    def choose_gguf(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "GGUF model file", "", "GGUF models (*.gguf);;All files (*)")
        if path:
            self.import_gguf(path)

    def import_gguf(self, path: str, name: str = "") -> None:
        self._start(ImportGgufRequest(path, name), f"Importing {Path(path).name}…", self._imported)

    def _imported(self, reply: Result | Failure) -> None:
        if isinstance(reply, Result):
            imported: ImportedModel = reply.payload
            self.refresh()
            self.select(imported.path)
            self.banner.show_message(f"Imported {imported.name} ({_size(imported.size_bytes)}) into {imported.path}.", "info")

    def ask_remove(self) -> None:
        """Ask first, in the banner (no modal dialog): removal deletes files."""
        key = self.selected_key()
        info = self.inventory.find(key) if key else None
        if info is None:
            self.banner.show_message("Select a model in the list first.", "error")
            return
        if info.source in ("models folder", "Hugging Face cache"):
            question = f"Delete {info.name} from disk? It frees about {_size(info.size_bytes)} ({info.path})."
        else:
            question = f"Forget the folder that holds {info.name}? Its files stay on disk ({info.path})."
        self.banner.show_message(question, "info", ("Remove", lambda: self.remove(info.key)))

    def remove(self, key: str) -> None:
        self._start(RemoveModelRequest(key), "Removing…", self._removed)

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
        self.refresh()
        if removed.deleted:
            self.banner.show_message(f"Removed {removed.name}: {_size(removed.freed_bytes)} freed.", "info")
        else:
            self.banner.show_message(f"Forgot {removed.forget_dir}; its files stay on disk.", "info")

    def open_location(self) -> None:
        key = self.selected_key()
        info = self.inventory.find(key) if key else None
        if info is None:
            self.banner.show_message("Select a model in the list first.", "error")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(info.path)))

    def _downloaded(self, result) -> None:
        self.refresh()
        self.select(result.path)
        self.banner.show_message(f"Downloaded {result.repo_id}. It is listed on the Installed tab and ready to use.", "info")

    # --------------------------------------------------------------- adding

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Model folder (with config.json)")
        if folder:
            self.add_folder(folder)

    def add_folder(self, folder: str) -> bool:
        """Remember ``folder`` if it is a model folder or holds model folders."""
        if not model_folders(Path(folder)):
            self.banner.show_message(f"No model found in {folder}: a model folder holds a config.json and its weights.", "error")
            return False
        if folder not in self.context.settings.extra_model_dirs:
            self.context.settings.extra_model_dirs.append(folder)
            self.context.save_settings()
        self.refresh()
        return True


_size = format_bytes
