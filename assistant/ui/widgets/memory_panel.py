"""Where models run and how much memory they take: device, precision, budget, and the models in memory."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assistant.core.models.messages import format_bytes
from assistant.core.protocol import MemoryStatus
from assistant.ui.i18n.core_text import for_person

# The choices: (setting value, text); the texts are translated where shown (context "MemoryPanel").
DEVICES = (
    ("auto", QT_TRANSLATE_NOOP("MemoryPanel", "Automatic (GPU if present)")),
    ("cpu", QT_TRANSLATE_NOOP("MemoryPanel", "CPU")),
    ("cuda", QT_TRANSLATE_NOOP("MemoryPanel", "NVIDIA GPU (CUDA)")),
    ("mps", QT_TRANSLATE_NOOP("MemoryPanel", "Apple GPU (MPS)")),
)
DTYPES = (
    ("auto", QT_TRANSLATE_NOOP("MemoryPanel", "Automatic (int8 for chat models on the CPU when it keeps their quality)")),
    ("float32", QT_TRANSLATE_NOOP("MemoryPanel", "float32 (exact, largest)")),
    ("bfloat16", QT_TRANSLATE_NOOP("MemoryPanel", "bfloat16 (half the memory)")),
    ("float16", QT_TRANSLATE_NOOP("MemoryPanel", "float16 (half the memory; GPU)")),
    ("int8", QT_TRANSLATE_NOOP("MemoryPanel", "int8 dynamic quantization (CPU only; smallest, fastest on CPU)")),
)
OOM_ACTIONS = (
    ("ask", QT_TRANSLATE_NOOP("MemoryPanel", "Ask me (offer a retry at lower precision or on the CPU)")),
    ("lower precision", QT_TRANSLATE_NOOP("MemoryPanel", "Retry at lower precision by itself (and say so)")),
    ("cpu", QT_TRANSLATE_NOOP("MemoryPanel", "Retry on the CPU by itself (and say so)")),
)


class MemoryPanel(QWidget):
    settings_changed = Signal()
    device_changed = Signal(str)
    unload_requested = Signal(str)  # a model key; "" for all

    def __init__(self, context, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        settings = context.settings
        self.device = self._combo(self.tr("Device"), DEVICES, settings.device)
        self.device.activated.connect(self._device_changed)
        self.dtype = self._combo(self.tr("Precision"), DTYPES, settings.dtype)
        self.dtype.activated.connect(self._changed)
        self.budget = QSpinBox()
        self.budget.setAccessibleName(self.tr("Memory budget for loaded models"))
        self.budget.setRange(0, 1_048_576)
        self.budget.setSingleStep(512)
        self.budget.setSuffix(self.tr(" MB"))
        self.budget.setSpecialValueText(self.tr("Automatic (half of the memory)"))
        self.budget.setValue(settings.memory_budget_mb)
        self.budget.editingFinished.connect(self._changed)
        self.oom_action = self._combo(self.tr("When the GPU runs out of memory"), OOM_ACTIONS, settings.oom_action)
        self.oom_action.activated.connect(self._changed)
        form_box = QGroupBox(self.tr("Where models run"))
        form = QFormLayout(form_box)
        form.addRow(self.tr("Run models on"), self.device)
        form.addRow(self.tr("Precision"), self.dtype)
        form.addRow(self.tr("Keep models in memory up to"), self.budget)
        form.addRow(self.tr("Out of GPU memory"), self.oom_action)
        self.placements_note = QLabel()
        self.reset_placements = QPushButton(self.tr("Use these for every model"))
        self.reset_placements.setToolTip(self.tr("Forget the device and precision chosen for single models (after running out of memory)"))
        self.reset_placements.clicked.connect(self._reset_placements)
        placements = QHBoxLayout()
        placements.addWidget(self.placements_note, 1)
        placements.addWidget(self.reset_placements)
        form.addRow(placements)
        self._show_placements()
        note = QLabel(
            self.tr(
                "Changes apply to the next model loaded. Least recently used models are unloaded when a new one "
                "would not fit in the budget. A model is never moved to another device without telling you."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(mid);")
        form.addRow(note)

        self.loaded = QTableWidget(0, 3)
        self.loaded.setHorizontalHeaderLabels((self.tr("Model in memory"), self.tr("Where"), self.tr("Memory")))
        self.loaded.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.loaded.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.loaded.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.loaded.setAccessibleName(self.tr("Models in memory"))
        self.used = QLabel(self.tr("No model in memory."))
        unload = QPushButton(self.tr("Unload"))
        unload.setToolTip(self.tr("Free the memory the selected model takes"))
        unload.clicked.connect(self._unload_selected)
        unload_all = QPushButton(self.tr("Unload all"))
        unload_all.setToolTip(self.tr("Free the memory of every loaded model"))
        unload_all.clicked.connect(lambda: self.unload_requested.emit(""))
        buttons = QHBoxLayout()
        buttons.addWidget(self.used, 1)
        buttons.addWidget(unload)
        buttons.addWidget(unload_all)
        memory_box = QGroupBox(self.tr("Memory"))
        memory_layout = QVBoxLayout(memory_box)
        memory_layout.addWidget(self.loaded)
        self.precision_notes = QLabel()  # why a model on automatic precision runs in float32
        self.precision_notes.setWordWrap(True)
        self.precision_notes.setVisible(False)
        memory_layout.addWidget(self.precision_notes)
        memory_layout.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(form_box)
        layout.addWidget(memory_box, 1)

    def _combo(self, name: str, choices, current: str) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(name)
        for value, text in choices:
            box.addItem(QCoreApplication.translate("MemoryPanel", text), value)
        box.setCurrentIndex(max(0, box.findData(current)))
        return box

    # --------------------------------------------------------------- settings

    def show_settings(self) -> None:
        """Show the device and budget of the settings after a change made elsewhere (the Settings dialog).

        Nothing is sent: the device list answers only the user's choice (``activated``), and
        the budget's ``_changed`` finds the settings already equal.
        """
        settings = self.context.settings
        self.device.setCurrentIndex(max(0, self.device.findData(settings.device)))
        self.budget.setValue(settings.memory_budget_mb)

    def _device_changed(self) -> None:
        self.context.settings.device = self.device.currentData()
        self.context.save_settings()
        self.device_changed.emit(self.context.settings.device)

    def _changed(self) -> None:
        settings = self.context.settings
        new = (self.dtype.currentData(), self.budget.value(), self.oom_action.currentData())
        if new == (settings.dtype, settings.memory_budget_mb, settings.oom_action):
            return
        settings.dtype, settings.memory_budget_mb, settings.oom_action = new
        self.context.save_settings()
        self.settings_changed.emit()

    def _show_placements(self) -> None:
        chosen = self.context.settings.model_placements
        names = ", ".join(f"{key.rstrip('/').split('/')[-1]} → {value}" for key, value in chosen.items())
        self.placements_note.setText(self.tr("Chosen for single models: {models}").format(models=names) if chosen else "")
        self.reset_placements.setVisible(bool(chosen))

    def _reset_placements(self) -> None:
        self.context.settings.model_placements.clear()
        self.context.save_settings()
        self._show_placements()
        self.settings_changed.emit()

    # ----------------------------------------------------------------- memory

    def set_memory(self, status: MemoryStatus) -> None:
        self._show_placements()  # a retry elsewhere may have added one
        self.loaded.setRowCount(len(status.models))
        for row, model in enumerate(status.models):
            for column, value in enumerate((model.name, model.placement, format_bytes(model.bytes))):
                item = QTableWidgetItem(value)
                item.setData(Qt.UserRole, model.key)
                if column == 2:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if model.note:
                    item.setToolTip(for_person(model.note))
                self.loaded.setItem(row, column, item)
        notes = [f"{model.name}: {for_person(model.note)}" for model in status.models if model.note]
        self.precision_notes.setText("\n".join(notes))
        self.precision_notes.setVisible(bool(notes))
        if status.models:
            self.used.setText(
                self.tr("{used} in use of a {budget} budget.").format(used=format_bytes(status.used_bytes), budget=format_bytes(status.budget_bytes))
            )
        else:
            self.used.setText(self.tr("No model in memory."))

    def _unload_selected(self) -> None:
        items = self.loaded.selectedItems()
        if items:
            self.unload_requested.emit(items[0].data(Qt.UserRole))
