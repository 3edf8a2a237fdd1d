"""The labels suggested for a folder with none, as a list the person edits before anything is sorted.

Each suggestion is a group of similar files named by its distinctive words
(core/classify/suggest.py).  The person renames a label in place, merges groups that are
one thing to them, or removes a group (its files stay unsorted); "Use these labels"
hands the edited groups to the tab.  Two groups given the same name become one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from assistant.core.classify.messages import SuggestedLabels

NAME, FILES, WORDS, EXAMPLES = range(4)


class SuggestionsDialog(QDialog):
    def __init__(self, suggested: SuggestedLabels, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Suggested labels"))
        # Each row's files: (path, cosine to its group's centre), most typical first.
        self.groups: list[list[tuple[str, float]]] = [list(label.files) for label in suggested.labels]
        note = QLabel(
            self.tr(
                "%n group(s) of similar files, each named by the words that set it apart. Rename a label by "
                "double-clicking it, merge groups that are one thing to you, remove those you do not want "
                "(their files stay unsorted). Nothing is moved until you organize.",
                "",
                len(suggested.labels),
            )
        )
        note.setWordWrap(True)
        self.grid = QTableWidget(0, 4)
        self.grid.setHorizontalHeaderLabels((self.tr("Label"), self.tr("Files"), self.tr("Distinctive words"), self.tr("For example")))
        self.grid.horizontalHeader().setSectionResizeMode(WORDS, QHeaderView.Stretch)
        self.grid.horizontalHeader().setSectionResizeMode(EXAMPLES, QHeaderView.Stretch)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.grid.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed | QAbstractItemView.SelectedClicked)
        self.grid.setAccessibleName(self.tr("Suggested labels"))
        for label in suggested.labels:
            self._add_row(label.name, len(label.files), ", ".join(label.words), label.examples)
        self.merge_button = QPushButton(self.tr("Merge selected"))
        self.merge_button.setToolTip(self.tr("Make the selected groups one label, named as the first of them"))
        self.merge_button.clicked.connect(lambda: self.merge(self.selected_rows()))
        self.remove_button = QPushButton(self.tr("Remove selected"))
        self.remove_button.setToolTip(self.tr("Drop these labels; their files stay where they are"))
        self.remove_button.clicked.connect(lambda: self.remove(self.selected_rows()))
        self.problem = QLabel()
        self.problem.setStyleSheet("color: palette(highlight);")
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("Use these labels"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.merge_button)
        edit_row.addWidget(self.remove_button)
        edit_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.grid, 1)
        layout.addLayout(edit_row)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(820, 420)

    def _add_row(self, name: str, count: int, words: str, examples: tuple[str, ...]) -> None:
        row = self.grid.rowCount()
        self.grid.insertRow(row)
        self.grid.setItem(row, NAME, QTableWidgetItem(name))
        for column, value in ((FILES, str(count)), (WORDS, words), (EXAMPLES, ", ".join(Path(p).name for p in examples))):
            cell = QTableWidgetItem(value)
            cell.setFlags(cell.flags() & ~Qt.ItemIsEditable)
            if column == EXAMPLES:
                cell.setToolTip("\n".join(examples))
            self.grid.setItem(row, column, cell)

    # ------------------------------------------------------------- editing

    def names(self) -> list[str]:
        return [self.grid.item(row, NAME).text() for row in range(self.grid.rowCount())]

    def rename(self, row: int, name: str) -> None:
        self.grid.item(row, NAME).setText(name)

    def selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.grid.selectionModel().selectedRows()})

    def merge(self, rows: list[int]) -> None:
        """The groups of ``rows`` become the first one's (its name, their files together)."""
        rows = sorted(set(rows))
        if len(rows) < 2:
            self._say(self.tr("Select two or more labels to merge."))
            return
        first = rows[0]
        for row in reversed(rows[1:]):
            self.groups[first] += self.groups.pop(row)
            self.grid.removeRow(row)
        self.groups[first].sort(key=lambda pair: -pair[1])
        self.grid.item(first, FILES).setText(str(len(self.groups[first])))
        examples = tuple(path for path, _ in self.groups[first][:3])
        self.grid.item(first, EXAMPLES).setText(", ".join(Path(p).name for p in examples))
        self.grid.item(first, EXAMPLES).setToolTip("\n".join(examples))
        self.grid.selectRow(first)
        self.problem.hide()

    def remove(self, rows: list[int]) -> None:
        for row in sorted(set(rows), reverse=True):
            self.groups.pop(row)
            self.grid.removeRow(row)
        self.problem.hide()

    def chosen(self) -> list[tuple[str, list[tuple[str, float]]]]:
        """(label, its files) as edited; rows given the same name are one label."""
        merged: dict[str, list[tuple[str, float]]] = {}
        for name, files in zip(self.names(), self.groups, strict=True):
            merged.setdefault(name.strip(), []).extend(files)
        return list(merged.items())

    def problem_with_names(self) -> str:
        names = [name.strip() for name in self.names()]
        if not names:
            return self.tr("Every label was removed: keep at least one, or cancel.")
        if any(not name for name in names):
            return self.tr("A label needs a name.")
        if any("," in name for name in names):
            return self.tr("A label cannot contain a comma: labels are separated by commas.")
        return ""

    def accept(self) -> None:
        problem = self.problem_with_names()
        if problem:
            self._say(problem)
            return
        super().accept()

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
