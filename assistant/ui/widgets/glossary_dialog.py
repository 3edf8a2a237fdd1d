"""Editing the glossary: terms and the translation they must get, per language pair."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
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

from assistant.core.translation.glossary import ANY, GlossaryError, Term, load, parse_file, save

COLUMNS = ("Term", "Translation", "From", "To")


class GlossaryDialog(QDialog):
    def __init__(self, path: Path, parent=None) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle("Glossary")
        self.resize(620, 420)
        note = QLabel(
            "Terms that must be translated in a fixed way. From/To are language codes (e.g. en, de) "
            "or * for any. The model may still lose a term; the translation tab says when it did."
        )
        note.setWordWrap(True)
        note.setTextFormat(Qt.PlainText)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setAccessibleName("Glossary terms")
        add = QPushButton("Add term")
        add.clicked.connect(lambda: self.add_row(Term("", "")))
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_selected)
        import_button = QPushButton("Import…")
        import_button.setToolTip("Add terms from a CSV/TSV file or lines 'term -> translation'")
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
            self.error.setText(str(exc))

    def add_row(self, term: Term) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, value in enumerate((term.source, term.target, term.source_lang, term.target_lang)):
            self.table.setItem(row, column, QTableWidgetItem(value))

    def remove_selected(self) -> None:
        for row in sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def choose_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import glossary", "", "Glossary (*.csv *.tsv *.txt *.json)")
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> bool:
        try:
            terms = parse_file(path)
        except GlossaryError as exc:
            self.error.setText(str(exc))
            return False
        for term in terms:
            self.add_row(term)
        self.error.setText(f"{len(terms)} term(s) added from {path.name}.")
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
            self.error.setText(f"The glossary could not be saved: {exc.strerror or exc}")
            return
        super().accept()
