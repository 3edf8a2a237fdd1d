"""The Models page: what is installed, what each tab uses, and adding a folder.

Finding models reads a few small JSON files per folder (no model is loaded), so
it runs here on the GUI thread, after the window is shown.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assistant.core.messages import Task
from assistant.core.models.sources import ModelInventory, discover, model_folders
from assistant.ui.tabs.base import UiContext
from assistant.ui.widgets.banner import Banner

COLUMNS = ("Name", "Kind", "Used for", "Size", "Source", "Location")
TAB_TASKS = (Task.CHAT, Task.TRANSLATE, Task.SENTIMENT, Task.CLASSIFY)
AUTOMATIC = "Automatic"


class ModelsPage(QWidget):
    inventory_changed = Signal(object)  # ModelInventory
    device_changed = Signal(str)

    def __init__(self, context: UiContext, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.inventory = ModelInventory()
        self.banner = Banner()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.Stretch)
        self.table.setAccessibleName("Installed models")
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
        self.device = QComboBox()
        self.device.setAccessibleName("Device")
        for value, text in (("auto", "Automatic (GPU if present)"), ("cpu", "CPU"), ("cuda", "NVIDIA GPU (CUDA)"), ("mps", "Apple GPU (MPS)")):
            self.device.addItem(text, value)
        self.device.setCurrentIndex(max(0, self.device.findData(context.settings.device)))
        self.device.activated.connect(self._device_changed)
        form.addRow("Run models on", self.device)
        add = QPushButton("Add model folder…")
        add.clicked.connect(self.choose_folder)
        rescan = QPushButton("Rescan")
        rescan.setToolTip("Look for models again (F5)")
        rescan.setShortcut("F5")
        rescan.clicked.connect(self.refresh)
        self.summary = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(rescan)
        buttons.addStretch(1)
        buttons.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(choices_box)
        hint = QLabel(
            "Starter models come with the program. Add any Hugging Face model folder "
            "(config.json + safetensors weights): translation (opus-mt), sentiment, NLI zero-shot, or chat models."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")
        layout.addWidget(hint)

    # ------------------------------------------------------------ discovery

    def refresh(self) -> None:
        settings = self.context.settings
        self.inventory = discover(self.context.paths.models, settings.extra_model_dirs)
        self._fill_table()
        self._fill_choices()
        problems = list(self.inventory.problems)
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
        self.table.setRowCount(len(models))
        for row, model in enumerate(models):
            uses = ", ".join(t.value for t in TAB_TASKS if self.model_for(t) == model.key) or "—"
            kind = model.kind + (f" {model.languages[0]}→{model.languages[1]}" if model.languages else "")
            source = model.source + (" (prepared on first use)" if model.needs_conversion else "")
            for column, value in enumerate((model.name, kind, uses, _size(model.size_bytes), source, str(model.path))):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
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

    def _device_changed(self) -> None:
        self.context.settings.device = self.device.currentData()
        self.context.save_settings()
        self.device_changed.emit(self.context.settings.device)

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


def _size(size_bytes: int) -> str:
    if size_bytes >= 1e9:
        return f"{size_bytes / 1e9:.1f} GB"
    return f"{size_bytes / 1e6:.0f} MB"
