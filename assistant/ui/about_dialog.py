"""The Help menu's dialogs: About (versions and the models in use, with Copy) and Keyboard shortcuts.

The versions of torch and transformers come from the installed packages' metadata
(importlib.metadata): nothing here imports them, so the GUI thread stays light.
"""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass, field

import PySide6
from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from assistant import APP_NAME, __version__
from assistant.core.models.messages import format_bytes
from assistant.core.protocol import LoadedSummary

LIBRARIES = ("torch", "transformers")


@dataclass(frozen=True)
class ModelUse:
    """The model a tab uses: its name ("" when there is none) and whether the user chose it."""

    tab: str  # the tab's name, translated
    model: str
    chosen: bool


@dataclass(frozen=True)
class AboutInfo:
    """What the window knows about the engine when About is opened."""

    device: str = ""
    loaded: tuple[LoadedSummary, ...] = ()
    uses: tuple[ModelUse, ...] = field(default_factory=tuple)


def package_version(name: str) -> str | None:
    """The installed version of a distribution, read from its metadata (no import)."""
    from importlib import metadata  # 30 ms to import: only when About is opened, not at start

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


class AboutDialog(QDialog):
    def __init__(self, info: AboutInfo, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About {name}").format(name=APP_NAME))
        heading = QLabel(f"<b>{APP_NAME}</b> {__version__}")
        heading.setTextFormat(Qt.RichText)
        blurb = QLabel(
            self.tr("Chat, translation, sentiment analysis and classification with models that run on this computer. "
                    "Nothing you type leaves it.")
        )
        blurb.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setPlainText(self.about_text(info))
        self.text.setAccessibleName(self.tr("Versions and models in use"))
        self.text.setMinimumSize(520, 300)
        self.copy_button = QPushButton(self.tr("&Copy"))
        self.copy_button.setToolTip(self.tr("Copy this text to the clipboard, for example for a bug report"))
        self.copy_button.clicked.connect(self.copy)
        self.copied_note = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(blurb)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.copied_note)
        layout.addWidget(buttons)
        self.copy_button.setFocus()

    def about_text(self, info: AboutInfo) -> str:
        none = self.tr("none")
        lines = [f"{APP_NAME} {__version__}", "", self.tr("Versions")]
        lines.append(f"  Python {platform.python_version()} ({sys.implementation.name}, {platform.machine()})")
        lines.append(f"  Qt {qVersion()} (PySide6 {PySide6.__version__})")
        for name in LIBRARIES:
            version = package_version(name)
            lines.append(f"  {name} {version}" if version else "  " + self.tr("{name}: not installed").format(name=name))
        lines.append("  " + self.tr("Operating system: {system}").format(system=platform.platform()))
        lines += ["", self.tr("Device: {device}").format(device=info.device or self.tr("not known yet"))]
        lines += ["", self.tr("Models in memory")]
        if info.loaded:
            for model in info.loaded:
                lines.append(f"  {model.name} ({model.placement}, {format_bytes(model.bytes)})")
        else:
            lines.append(f"  {none}")
        lines += ["", self.tr("Model used by each tab")]
        for use in info.uses:
            if not use.model:
                model = none
            elif use.chosen:
                model = use.model
            else:
                model = self.tr("{model} (automatic choice)").format(model=use.model)
            lines.append("  " + self.tr("{tab}: {model}").format(tab=use.tab, model=model))
        return "\n".join(lines) + "\n"

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
        self.copied_note.setText(self.tr("Copied to the clipboard."))


def native_keys(keys: str) -> str:
    """Key sequences as this platform writes them (⌘ on macOS); "A … B" stays a range."""
    return " … ".join(QKeySequence(part.strip()).toString(QKeySequence.NativeText) for part in keys.split("…"))


class ShortcutsDialog(QDialog):
    """A table of the keys and what they do. ``rows`` hold English sources marked with
    QT_TRANSLATE_NOOP("Shortcuts", ...); they are translated here."""

    def __init__(self, rows, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels((self.tr("Keys"), self.tr("Action")))
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        for row, (keys, what) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(native_keys(keys)))
            self.table.setItem(row, 1, QTableWidgetItem(QCoreApplication.translate("Shortcuts", what)))
        self.table.resizeColumnToContents(0)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.resizeRowsToContents()
        self.table.setMinimumSize(560, 380)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.table.setFocus()
        if rows:
            self.table.setCurrentCell(0, 0)
