"""Classify: sort pasted text or the user's files into their own labels.

Files come from the buttons or by drag and drop; each gets a row that fills in
as soon as the worker has classified it.  Unreadable files get a row saying why.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assistant.core.files import expand_paths
from assistant.core.messages import ClassifiedItem, ClassifyItem, ClassifyRequest, Partial, Result, Task
from assistant.core.tasks.classify import parse_labels
from assistant.ui.tabs.base import TaskTab, UiContext

COLUMNS = ("Item", "Label", "Score", "All labels")


class ClassifyTab(TaskTab):
    task = Task.CLASSIFY
    run_text = "Classify"

    def __init__(self, context: UiContext, parent=None) -> None:
        super().__init__(context, parent)
        self.files: list[Path] = []
        self.setAcceptDrops(True)
        self.labels = QLineEdit(context.settings.classify_labels)
        self.labels.setPlaceholderText("Labels, separated by commas: sports, politics, technology")
        self.labels.setAccessibleName("Labels")
        self.labels.editingFinished.connect(self._remember_labels)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("Paste a text to classify, or add files and folders (you can drop them here).")
        self.text.setAccessibleName("Text to classify")
        add_files = QPushButton("Add files…")
        add_files.clicked.connect(self.choose_files)
        add_folder = QPushButton("Add folder…")
        add_folder.clicked.connect(self.choose_folder)
        self.clear_button = QPushButton("Clear")
        self.clear_button.clicked.connect(self.clear)
        copy = QPushButton("Copy table")
        copy.setToolTip("Copy the results as CSV")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.table_as_csv()))
        self.files_note = QLabel("No files added")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.Stretch)
        self.table.setAccessibleName("Results")
        self.busy_changed.connect(lambda busy: self.clear_button.setEnabled(not busy))

        inputs = QWidget()
        inputs_layout = QVBoxLayout(inputs)
        inputs_layout.setContentsMargins(0, 0, 0, 0)
        inputs_layout.addWidget(self.text, 1)
        file_row = QHBoxLayout()
        file_row.addWidget(add_files)
        file_row.addWidget(add_folder)
        file_row.addWidget(self.files_note, 1)
        inputs_layout.addLayout(file_row)
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(inputs)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(1, 2)
        label_row = QHBoxLayout()
        label_row.addWidget(QLabel("Labels"))
        label_row.addWidget(self.labels, 1)
        self.setFocusProxy(self.text)  # switching to the tab puts the cursor in its input
        layout = self.base_layout()
        layout.addLayout(label_row)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.progress)
        layout.addLayout(self.button_row(self.clear_button, copy))

    # ---------------------------------------------------------------- files

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Files to classify")
        self.add_paths(names)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder to classify")
        if folder:
            self.add_paths([folder])

    def add_paths(self, paths: list[str]) -> None:
        if self.busy or not paths:
            return
        known = set(self.files)
        self.files.extend(p for p in expand_paths(paths) if p not in known)
        self.files_note.setText(f"{len(self.files)} file(s) to classify" if self.files else "No files added")
        self._fill_waiting_rows([p.name for p in self.files])

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if event.mimeData().hasUrls() and not self.busy:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        self.add_paths(paths)
        event.acceptProposedAction()

    def clear(self) -> None:
        self.files = []
        self.files_note.setText("No files added")
        self.table.setRowCount(0)
        self.text.clear()
        self.banner.hide()

    def _remember_labels(self) -> None:
        self.context.settings.classify_labels = self.labels.text()
        self.context.save_settings()

    # ------------------------------------------------------------ requests

    def build_request(self) -> ClassifyRequest | None:
        labels = parse_labels(self.labels.text())
        self._remember_labels()
        if self.files:
            items = tuple(ClassifyItem(name=p.name, path=str(p)) for p in self.files)
        elif self.text.toPlainText().strip():
            items = (ClassifyItem(name=_preview(self.text.toPlainText()), text=self.text.toPlainText()),)
        else:
            self.banner.show_message("Paste some text or add files to classify first.", "info")
            return None
        self._fill_waiting_rows([item.name for item in items])
        return ClassifyRequest(labels, items, model=self.chosen_model())

    def _fill_waiting_rows(self, names: list[str]) -> None:
        self.table.setRowCount(len(names))
        for row, name in enumerate(names):
            self._set_row(row, name, "waiting…", "", "")

    def _set_row(self, row: int, *values: str) -> None:
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            if column == 0 and row < len(self.files):
                item.setToolTip(str(self.files[row]))
            self.table.setItem(row, column, item)

    def on_partial(self, reply: Partial) -> None:
        item: ClassifiedItem = reply.payload
        if item.index >= self.table.rowCount():
            self.table.setRowCount(item.index + 1)
        if item.ok:
            others = ", ".join(f"{label} {score:.0%}" for label, score in item.scores.scores)
            self._set_row(item.index, item.name, item.scores.top, f"{item.scores.top_score:.1%}", others)
        else:
            self._set_row(item.index, item.name, "unreadable", "", item.error)
            self.table.item(item.index, 1).setForeground(Qt.darkRed)

    def show_result(self, reply: Result) -> None:
        for item in reply.payload:  # the partials already filled the rows; this makes sure
            self.on_partial(Partial(reply.request_id, item))
        unreadable = sum(1 for item in reply.payload if not item.ok)
        if unreadable:
            self.banner.show_message(f"{unreadable} item(s) could not be read; the table says why.", "info")

    def table_as_csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(COLUMNS)
        for row in range(self.table.rowCount()):
            writer.writerow([self.table.item(row, c).text() if self.table.item(row, c) else "" for c in range(len(COLUMNS))])
        return buffer.getvalue()


def _preview(text: str, length: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"
