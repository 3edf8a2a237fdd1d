"""Editing the glossary: terms and the translation they must get, per language pair."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from assistant.core.translate.glossary import ANY, GlossaryError, Term, load, parse_file, save
from assistant.ui.i18n.core_text import for_person

# Translated where shown (context "GlossaryDialog").
COLUMNS = (
    QT_TRANSLATE_NOOP("GlossaryDialog", "Term"),
    QT_TRANSLATE_NOOP("GlossaryDialog", "Translation"),
    QT_TRANSLATE_NOOP("GlossaryDialog", "From"),
    QT_TRANSLATE_NOOP("GlossaryDialog", "To"),
)


class GlossaryDialog(QDialog):
    def __init__(self, path: Path, parent=None) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(self.tr("Glossary"))
        self.resize(620, 420)
        note = QLabel(
            self.tr(
                "Terms that must be translated in a fixed way. From/To are language codes (e.g. en, de) "
                "or * for any. The model may still lose a term; the translation tab says when it did."
            )
        )
        note.setWordWrap(True)
        note.setTextFormat(Qt.PlainText)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([QCoreApplication.translate("GlossaryDialog", column) for column in COLUMNS])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setAccessibleName(self.tr("Glossary terms"))
        QShortcut(QKeySequence.Delete, self.table, self.remove_selected, context=Qt.WidgetShortcut)
        add = QPushButton(self.tr("&Add term"))
        add.setToolTip(self.tr("Add an empty row to fill in"))
        add.clicked.connect(self._add_empty_row)
        remove = QPushButton(self.tr("&Remove"))
        remove.setToolTip(self.tr("Remove the selected terms (Del)"))
        remove.clicked.connect(self.remove_selected)
        import_button = QPushButton(self.tr("&Import…"))
        import_button.setToolTip(self.tr("Add terms from a CSV/TSV file or lines 'term -> translation'"))
        import_button.clicked.connect(self.choose_import)
        self.error = QLabel()
        self.error.setTextFormat(Qt.PlainText)
        self.error.setStyleSheet("color: #b3261e;")
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        for widget in (add, remove, import_button):
            row.addWidget(widget)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        try:
            for term in load(path):
                self.add_row(term)
        except GlossaryError as exc:
            self.error.setText(for_person(exc))

    def add_row(self, term: Term) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, value in enumerate((term.source, term.target, term.source_lang, term.target_lang)):
            self.table.setItem(row, column, QTableWidgetItem(value))

    def _add_empty_row(self) -> None:
        """A new row, with the cursor in its first cell, ready to type (no mouse needed)."""
        self.add_row(Term("", ""))
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, 0)
        self.table.setFocus()
        self.table.editItem(self.table.item(row, 0))

    def remove_selected(self) -> None:
        for row in sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def choose_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Import glossary"), "", self.tr("Glossary (*.csv *.tsv *.txt *.json)"))
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> bool:
        try:
            terms = parse_file(path)
        except GlossaryError as exc:
            self.error.setText(for_person(exc))
            return False
        for term in terms:
            self.add_row(term)
        self.error.setText(self.tr("%n term(s) added from {file}.", "", len(terms)).format(file=path.name))
        return True

    def terms(self) -> list[Term]:
        out = []
        for row in range(self.table.rowCount()):
            values = [(self.table.item(row, c).text().strip() if self.table.item(row, c) else "") for c in range(4)]
            if values[0] and values[1]:
                out.append(Term(values[0], values[1], values[2] or ANY, values[3] or ANY))
        return out

    def accept(self) -> None:
        try:
            save(self.path, self.terms())
        except OSError as exc:  # a full or read-only disk: say so and keep the dialog open
            self.error.setText(self.tr("The glossary could not be saved: {error}").format(error=exc.strerror or exc))
            return
        super().accept()
