"""The classify results: a table that fills as files finish, with sort, filter and
hand corrections, and a view of the passages that drove a file's label.

The rows live in a QStandardItemModel (``ResultsTable.table``) whose row number is
the item's index in the request, so a finished file updates its own row in O(1)
even while the view is sorted or filtered through the proxy.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QPlainTextEdit, QStyledItemDelegate, QTableView

from assistant.core.classify.messages import ClassifiedItem
from assistant.core.classify.scoring import CONTEXT_CHARS
from assistant.ui.i18n.core_text import for_person

# Texts of the interface (translated where shown, in the context "ResultsTable").
COLUMNS = (
    QT_TRANSLATE_NOOP("ResultsTable", "Item"),
    QT_TRANSLATE_NOOP("ResultsTable", "Label"),
    QT_TRANSLATE_NOOP("ResultsTable", "Score"),
    QT_TRANSLATE_NOOP("ResultsTable", "All labels"),
    QT_TRANSLATE_NOOP("ResultsTable", "Folder"),
)
ITEM_ROLE = Qt.UserRole + 1  # the ClassifiedItem of a row (column 0)
PATH_ROLE = Qt.UserRole + 2
SORT_ROLE = Qt.UserRole + 3
CORRECTED_ROLE = Qt.UserRole + 4  # column 1: set when the label was corrected by hand
STATE_ROLE = Qt.UserRole + 5  # column 1: "waiting", "unreadable", "unsure" or "labelled" (the filter reads it, not the text)
# The "Show" choices: (key, text).
SHOW = (
    ("all", QT_TRANSLATE_NOOP("ResultsTable", "All")),
    ("labelled", QT_TRANSLATE_NOOP("ResultsTable", "Labelled")),
    ("unsure", QT_TRANSLATE_NOOP("ResultsTable", "Unsure")),
    ("unreadable", QT_TRANSLATE_NOOP("ResultsTable", "Unreadable")),
    ("corrected", QT_TRANSLATE_NOOP("ResultsTable", "Corrected")),
    ("waiting", QT_TRANSLATE_NOOP("ResultsTable", "Waiting")),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ResultsTable", text)


def shown_label(item: ClassifiedItem) -> str:
    """The Label column of a finished item: its label, or "unsure" / "unreadable" in the interface language."""
    if not item.ok:
        return QCoreApplication.translate("ResultsTable", "unreadable")
    if item.unsure:
        return QCoreApplication.translate("ResultsTable", "unsure")
    return item.label


class _Filter(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.show = "all"
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self.setFilterKeyColumn(-1)  # the search box looks at every column

    def set_show(self, show: str) -> None:
        """Show the rows of one kind: a key of SHOW ("all", "unsure", ...)."""
        self.show = show or "all"
        self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent) -> bool:  # noqa: N802 (Qt naming)
        if self.show != "all":
            cell = self.sourceModel().index(row, 1, parent)
            corrected = bool(cell.data(CORRECTED_ROLE))
            if self.show == "corrected":
                wanted = corrected
            else:  # a label corrected by hand counts as labelled
                wanted = ("labelled" if corrected else cell.data(STATE_ROLE) or "waiting") == self.show
            if not wanted:
                return False
        return super().filterAcceptsRow(row, parent)


class _LabelChoice(QStyledItemDelegate):
    """Correcting a label by hand: a list of the labels in the Label column."""

    def __init__(self, labels_source, parent=None) -> None:
        super().__init__(parent)
        self.labels_source = labels_source

    def createEditor(self, parent, option, index):  # noqa: N802
        editor = QComboBox(parent)
        editor.setAccessibleName(QCoreApplication.translate("ResultsTable", "Label"))
        editor.addItems(self.labels_source())
        return editor

    def setEditorData(self, editor, index):  # noqa: N802
        editor.setCurrentText(index.data() or "")

    def setModelData(self, editor, model, index):  # noqa: N802
        model.setData(index, editor.currentText())


class ResultsTable(QTableView):
    corrected = Signal(str, str)  # path, label

    def __init__(self, labels_source, parent=None) -> None:
        super().__init__(parent)
        self.table = QStandardItemModel(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([_tr(column) for column in COLUMNS])
        self.proxy = _Filter(self)
        self.proxy.setSourceModel(self.table)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.AscendingOrder)  # request order until the user sorts
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed | QAbstractItemView.SelectedClicked)
        self.setItemDelegateForColumn(1, _LabelChoice(labels_source, self))
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setSectionResizeMode(3, QHeaderView.Stretch)
        self.setAccessibleName(self.tr("Results"))
        self.setAccessibleDescription(self.tr("Enter or a double-click opens the file; F2 or a double-click on the label corrects it"))
        self.corrections: dict[str, str] = {}  # path (or name) -> label chosen by hand
        self._filling = False
        self.table.itemChanged.connect(self._on_item_changed)

    # ------------------------------------------------------------- filling

    def reset_rows(self, names_and_paths: list[tuple[str, str]]) -> None:
        self._filling = True
        self.table.removeRows(0, self.table.rowCount())
        self.corrections = {}
        self._filling = False
        self.append_rows(names_and_paths)

    def append_rows(self, names_and_paths: list[tuple[str, str]]) -> None:
        """Rows for more waiting items, after the ones there (a folder listed in batches).

        Each row is made whole, then appended: the filter proxy looks at each new row once.
        (Empty rows filled cell by cell made it filter every row again for every cell:
        minutes for 10,000 files.)
        """
        self._filling = True
        waiting = QCoreApplication.translate("ResultsTable", "waiting…")
        for name, path in names_and_paths:
            self.table.appendRow(self._cells(name, path, waiting, "", "", None, "waiting"))
        self._filling = False

    def show_item(self, item: ClassifiedItem) -> None:
        self._filling = True
        if item.index >= self.table.rowCount():
            self.table.setRowCount(item.index + 1)
        if item.ok:
            others = ", ".join(f"{label} {score:.0%}" for label, score in item.scores.scores)
            state = "unsure" if item.unsure else "labelled"
            self._write(item.index, item.name, item.path, shown_label(item), f"{item.scores.top_score:.1%}", others, item, state)
            if item.unsure:
                self.table.item(item.index, 1).setForeground(QBrush(QColor("#8a6d00")))
        else:
            self._write(item.index, item.name, item.path, shown_label(item), "", for_person(item.error), item, "unreadable")
            self.table.item(item.index, 1).setForeground(QBrush(Qt.darkRed))
        correction = self.corrections.get(item.path or item.name)
        if correction:
            self._mark_corrected(item.index, correction)
        self._filling = False

    def _write(self, row: int, name: str, path: str, label: str, score: str, others: str, item, state: str) -> None:
        for column, cell in enumerate(self._cells(name, path, label, score, others, item, state)):
            self.table.setItem(row, column, cell)

    def _cells(self, name: str, path: str, label: str, score: str, others: str, item, state: str) -> list[QStandardItem]:
        folder = path.rsplit("/", 1)[0] if "/" in path else ""
        cells = [QStandardItem(v) for v in (name, label, score, others, folder)]
        for cell in cells:
            cell.setEditable(False)
            cell.setData(cell.text(), SORT_ROLE)
        cells[0].setData(item, ITEM_ROLE)
        cells[0].setData(path, PATH_ROLE)
        cells[0].setToolTip(path or name)
        cells[2].setData(item.scores.top_score if item is not None and item.ok else -1.0, SORT_ROLE)
        cells[1].setData(state, STATE_ROLE)
        cells[1].setEditable(item is not None and item.ok)  # only a classified file can be corrected
        return cells

    # ---------------------------------------------------------- corrections

    def correct(self, row: int, label: str) -> None:
        """Set the label of ``row`` (a row of the model, i.e. the item's index) by hand."""
        self.table.item(row, 1).setText(label)  # -> _on_item_changed

    def _on_item_changed(self, cell: QStandardItem) -> None:
        if self._filling or cell.column() != 1:
            return
        row = cell.row()
        item: ClassifiedItem | None = self.table.item(row, 0).data(ITEM_ROLE)
        if item is None:
            return
        key = item.path or item.name
        if cell.text() == shown_label(item):
            self.corrections.pop(key, None)
        else:
            self.corrections[key] = cell.text()
        self._mark_corrected(row, self.corrections.get(key))
        self.corrected.emit(key, cell.text())

    def _mark_corrected(self, row: int, label: str | None) -> None:
        self._filling = True
        cell = self.table.item(row, 1)
        font = cell.font()
        font.setItalic(bool(label))
        cell.setFont(font)
        cell.setData(bool(label), CORRECTED_ROLE)  # read by the "Corrected" filter
        if label:
            cell.setText(label)
            cell.setToolTip(self.tr("Corrected by hand"))
        self._filling = False

    # --------------------------------------------------------------- access

    def items(self) -> list[ClassifiedItem]:
        """The finished items in request order (for export and organizing)."""
        out = []
        for row in range(self.table.rowCount()):
            cell = self.table.item(row, 0)
            item = cell.data(ITEM_ROLE) if cell is not None else None
            if item is not None:
                out.append(item)
        return out

    def item_at(self, view_row: int) -> ClassifiedItem | None:
        source = self.proxy.mapToSource(self.proxy.index(view_row, 0))
        return self.table.item(source.row(), 0).data(ITEM_ROLE) if source.isValid() else None

    def current_item(self) -> ClassifiedItem | None:
        index = self.currentIndex()
        return self.item_at(index.row()) if index.isValid() else None

    def label_of(self, item: ClassifiedItem) -> str:
        """The label a person sees: their correction, else the model's."""
        return self.corrections.get(item.path or item.name) or shown_label(item)


class PassageView(QPlainTextEdit):
    """The passages that drove a file's label, each shown in its context with the passage highlighted.

    Text is inserted as plain text with a character format: nothing from the
    file is ever interpreted as markup.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAccessibleName(self.tr("Passages that drove the label"))
        self.setPlaceholderText(self.tr("Select a file to see the passages that decided its label."))

    def show_item(self, item: ClassifiedItem | None, label: str = "") -> None:
        self.clear()
        if item is None:
            return
        cursor = self.textCursor()
        plain = QTextCharFormat()
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Bold)
        highlight = QTextCharFormat()
        highlight.setBackground(QColor("#fff3a0"))
        highlight.setForeground(QColor("#000000"))
        if not item.ok:
            cursor.insertText(self.tr("{name}: could not be read ({error}).").format(name=item.name, error=for_person(item.error)), plain)
            return
        cursor.insertText(f"{item.name} → {label or shown_label(item)}", bold)
        note = "  " + self.tr("(%n passages scored)", "", item.chunks) if item.chunks > 1 else ""
        cursor.insertText(note + "\n", plain)
        for number, passage in enumerate(item.passages, 1):
            cursor.insertText(f"\n{number}. {passage.label} {passage.score:.2f}\n", bold)
            more_before = passage.start > len(passage.before)  # the context does not reach the start
            more_after = len(passage.after) >= CONTEXT_CHARS
            cursor.insertText(("…" if more_before else "") + passage.before.lstrip(), plain)
            cursor.insertText(passage.text, highlight)
            cursor.insertText(passage.after.rstrip() + ("…" if more_after else "") + "\n", plain)
        self.moveCursor(QTextCursor.Start)

    def highlighted_text(self) -> list[str]:
        """The highlighted spans, for tests and accessibility."""
        spans = []
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                if fragment.charFormat().background().color() == QColor("#fff3a0"):
                    spans.append(fragment.text())
                it += 1
            block = block.next()
        return spans
