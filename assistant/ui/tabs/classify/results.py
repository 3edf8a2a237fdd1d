"""The classify results: a table that fills as files finish, with sort, filter and
hand corrections, and a view of the passages that drove a file's label.

The rows live in a ResultsModel (``ResultsTable.table``), a QAbstractTableModel over plain
tuples whose row number is the item's index in the request, so a finished file updates its
own row in O(1) even while the view is sorted or filtered through the proxy.  Plain tuples
rather than five QStandardItem per row: 10,000 rows made 50,000 Python wrappers that every
full garbage collection walked (40-110 ms each, on the GUI thread); a tuple of strings is
not even tracked by the collector.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QCoreApplication, QIdentityProxyModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor
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

# The fields of a row tuple.  The shown columns are NAME, LABEL, SCORE, OTHERS, FOLDER.
NAME, LABEL, SCORE, OTHERS, FOLDER, PATH, STATE, TOP, ITEM, CORRECTED = range(10)
_SHOWN = (NAME, LABEL, SCORE, OTHERS, FOLDER)  # column -> field
_UNSURE = QColor("#8a6d00")
_UNREADABLE = QColor(Qt.darkRed)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ResultsTable", text)


def shown_label(item: ClassifiedItem) -> str:
    """The Label column of a finished item: its label, or "unsure" / "unreadable" in the interface language."""
    if not item.ok:
        return QCoreApplication.translate("ResultsTable", "unreadable")
    if item.unsure:
        return QCoreApplication.translate("ResultsTable", "unsure")
    return item.label


def _folder(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def _label_text(row: tuple) -> str:
    """What the Label column shows: the correction by hand, else the model's label (or state)."""
    return row[CORRECTED] or row[LABEL]


def _sort_key(row: tuple, column: int):
    if column == 2:
        return row[TOP]
    if column == 1:
        return _label_text(row)
    return row[_SHOWN[column]]


class _Cell:
    """One cell of a ResultsModel, read as a QStandardItem's would be: ``.text()``, ``.data(role)``."""

    __slots__ = ("model", "_row", "_column")

    def __init__(self, model: ResultsModel, row: int, column: int) -> None:
        self.model, self._row, self._column = model, row, column

    def row(self) -> int:
        return self._row

    def column(self) -> int:
        return self._column

    def data(self, role=Qt.DisplayRole):
        return self.model.value(self._row, self._column, role)

    def text(self) -> str:
        return self.data(Qt.DisplayRole) or ""


_ROOT = QModelIndex()  # the invalid index: a table's top level


class ResultsModel(QAbstractTableModel):
    """The rows of the results, one tuple per item, and the order and filter they are shown in.

    Two numberings: an *item index* (the item's place in the request: ``rows[index]``, what
    ``item()``, ``put()``, ``removeRows()`` and ``label_edited`` speak of) and a *shown row* (what
    Qt's side of the model speaks of: the rows that pass the filter, in the sort order). Sorting
    and filtering happen here, in Python over the tuples (a sort of 10,000 rows is a few ms),
    rather than in a QSortFilterProxyModel that would call back into Python for every
    comparison (1.7 s for 10,000 rows).  While nothing is sorted or filtered, the two are the same.

    Editing the Label column (the view's delegate, or ``setData``) announces the new text with
    ``label_edited(item index, text)``; the table decides what counts as a correction.
    """

    label_edited = Signal(int, str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[tuple] = []
        self._shown: list[int] | None = None  # shown row -> item index; None: all, in request order
        self.sort_column = -1
        self.descending = False
        self.show = "all"
        self.needle = ""
        self._headers = [_tr(column) for column in COLUMNS]

    # ------------------------------------------------------------ Qt's side

    def rowCount(self, parent=_ROOT) -> int:  # noqa: N802 (Qt naming)
        if parent.isValid():
            return 0
        return len(self.rows) if self._shown is None else len(self._shown)

    def columnCount(self, parent=_ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if role == Qt.DisplayRole and orientation == Qt.Horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        return super().headerData(section, orientation, role)

    def item_index(self, shown_row: int) -> int:
        """The item index of a shown row (-1 outside)."""
        shown = self._shown
        if shown is None:
            return shown_row if 0 <= shown_row < len(self.rows) else -1
        return shown[shown_row] if 0 <= shown_row < len(shown) else -1

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        at = self.item_index(index.row())
        if at < 0:
            return None
        return self._value(self.rows[at], index.column(), role)

    @staticmethod
    def _value(row: tuple, column: int, role):
        if role == Qt.DisplayRole or role == Qt.EditRole:
            return _label_text(row) if column == 1 else row[_SHOWN[column]]
        if role == Qt.ForegroundRole:
            if column == 1:
                return _UNSURE if row[STATE] == "unsure" else _UNREADABLE if row[STATE] == "unreadable" else None
            return None
        if role == Qt.FontRole:
            if column == 1 and row[CORRECTED]:
                font = QFont()
                font.setItalic(True)
                return font
            return None
        if role == Qt.ToolTipRole:
            if column == 0:
                return row[PATH] or row[NAME]
            if column == 1 and row[CORRECTED]:
                return QCoreApplication.translate("ResultsTable", "Corrected by hand")
            return None
        if role == SORT_ROLE:
            return _sort_key(row, column)
        if role == ITEM_ROLE:
            return row[ITEM] if column == 0 else None
        if role == PATH_ROLE:
            return row[PATH] if column == 0 else None
        if role == STATE_ROLE:
            return row[STATE] if column == 1 else None
        if role == CORRECTED_ROLE:
            return bool(row[CORRECTED]) if column == 1 else None
        return None

    def flags(self, index):
        flags = super().flags(index)
        if index.isValid() and index.column() == 1:
            at = self.item_index(index.row())
            item = self.rows[at][ITEM] if at >= 0 else None
            if item is not None and item.ok:  # only a classified file can be corrected
                flags |= Qt.ItemIsEditable
        return flags

    def setData(self, index, value, role=Qt.EditRole) -> bool:  # noqa: N802
        if role != Qt.EditRole or not index.isValid() or index.column() != 1 or not (self.flags(index) & Qt.ItemIsEditable):
            return False
        self.label_edited.emit(self.item_index(index.row()), str(value))
        return True

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        """Qt asks (a click on a header, ``sortByColumn``); -1: back to request order."""
        self.sort_column = column if 0 <= column < len(COLUMNS) else -1
        self.descending = order == Qt.DescendingOrder
        self._arrange()

    def removeRows(self, row: int, count: int, parent=_ROOT) -> bool:  # noqa: N802
        """Remove the items ``row`` .. ``row + count - 1`` (item indexes: a superseded listing's tail)."""
        if parent.isValid() or count <= 0 or row < 0 or row + count > len(self.rows):
            return count == 0
        if self._shown is None:
            self.beginRemoveRows(QModelIndex(), row, row + count - 1)
            del self.rows[row : row + count]
            self.endRemoveRows()
        else:
            self._arrange(lambda: self.rows.__delitem__(slice(row, row + count)))
        return True

    # ----------------------------------------------------------- our side

    def item(self, row: int, column: int) -> _Cell | None:
        """The cell of item ``row`` in ``column``, read like a QStandardItem (``.text()``); None outside the table."""
        return _Cell(self, row, column) if 0 <= row < len(self.rows) and 0 <= column < len(COLUMNS) else None

    def value(self, row: int, column: int, role=Qt.DisplayRole):
        """What item ``row`` holds in ``column`` for ``role``."""
        return self._value(self.rows[row], column, role)

    def arranged(self) -> bool:
        return self.sort_column >= 0 or self.show != "all" or bool(self.needle)

    def set_filter(self, show: str, needle: str) -> None:
        self.show, self.needle = show or "all", needle.casefold()
        self._arrange()

    def reset(self, rows: list[tuple]) -> None:
        self.beginResetModel()
        self.rows = rows
        self._shown = None if not self.arranged() else self._order()
        self.endResetModel()

    def append(self, rows: list[tuple]) -> None:
        if not rows:
            return
        if self._shown is None:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()
        elif self.sort_column < 0:  # filtered, in request order: the new rows that pass go at the end
            first = len(self.rows)
            self.rows.extend(rows)
            passing = [first + i for i, row in enumerate(rows) if self._accepts(row)]
            if passing:
                self.beginInsertRows(QModelIndex(), len(self._shown), len(self._shown) + len(passing) - 1)
                self._shown.extend(passing)
                self.endInsertRows()
        else:
            self._arrange(lambda: self.rows.extend(rows))

    def put(self, row: int, values: tuple) -> None:
        """Replace item ``row`` (growing the table with empty rows up to it)."""
        if row >= len(self.rows):
            self.append([waiting_row("", "", "")] * (row + 1 - len(self.rows)))
        old = self.rows[row]
        if self._shown is not None and (
            self._accepts(old) != self._accepts(values) or (self.sort_column >= 0 and _sort_key(old, self.sort_column) != _sort_key(values, self.sort_column))
        ):
            self._arrange(lambda: self.rows.__setitem__(row, values))
            return
        self.rows[row] = values
        at = row if self._shown is None else self._where(row)
        if at >= 0:
            self.dataChanged.emit(self.index(at, 0), self.index(at, len(COLUMNS) - 1))

    def put_many(self, changes: list[tuple[int, tuple]]) -> None:
        """Replace several items at once (``(row, values)`` pairs): one re-arrangement, or one
        dataChanged, for them all. A job's second step revises every row together; through ``put``
        a sorted table of 10,000 rows was re-sorted per row (2.3 ms each: 22 s of frozen window)."""
        if not changes:
            return
        last = max(row for row, _ in changes)
        if last >= len(self.rows):
            self.append([waiting_row("", "", "")] * (last + 1 - len(self.rows)))

        def replace_rows() -> None:
            for row, values in changes:
                self.rows[row] = values

        if self._shown is not None:
            self._arrange(replace_rows)
            return
        replace_rows()
        first = min(row for row, _ in changes)
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def set_corrected(self, row: int, label: str | None) -> None:
        old = self.rows[row]
        self.put(row, old[:CORRECTED] + (label or None,))

    # ------------------------------------------------------ sort and filter

    def _where(self, row: int) -> int:
        try:
            return self._shown.index(row)
        except ValueError:
            return -1

    def _accepts(self, values: tuple) -> bool:
        show, needle = self.show, self.needle
        if show != "all":
            corrected = bool(values[CORRECTED])
            if show == "corrected":
                wanted = corrected
            else:  # a label corrected by hand counts as labelled
                wanted = ("labelled" if corrected else values[STATE]) == show
            if not wanted:
                return False
        if needle:
            return any(needle in text.casefold() for text in (values[NAME], _label_text(values), values[SCORE], values[OTHERS], values[FOLDER]))
        return True

    def _order(self) -> list[int]:
        rows = self.rows
        shown = [i for i, row in enumerate(rows) if self._accepts(row)] if self.show != "all" or self.needle else list(range(len(rows)))
        if self.sort_column >= 0:
            column = self.sort_column
            shown.sort(key=lambda i: _sort_key(rows[i], column), reverse=self.descending)
        return shown

    def _arrange(self, change=None) -> None:
        """Apply ``change`` to the rows, then show them in the current order and filter, as one layout
        change: the view keeps its current row and selection where those rows are still shown."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [(index, self.item_index(index.row()), index.column()) for index in persistent]
        if change is not None:
            change()
        self._shown = self._order() if self.arranged() else None
        if persistent:
            where = {item: at for at, item in enumerate(self._shown)} if self._shown is not None else None
            new = []
            for _index, item, column in held:
                at = (item if item < len(self.rows) else -1) if where is None else where.get(item, -1)
                new.append(self.index(at, column) if at >= 0 else QModelIndex())
            self.changePersistentIndexList(persistent, new)
        self.layoutChanged.emit()


def waiting_row(name: str, path: str, waiting: str) -> tuple:
    return (name, waiting, "", "", _folder(path), path, "waiting", -1.0, None, None)


def finished_row(item: ClassifiedItem) -> tuple:
    if item.ok:
        others = ", ".join(f"{label} {score:.0%}" for label, score in item.scores.scores)
        state = "unsure" if item.unsure else "labelled"
        score, top = f"{item.scores.top_score:.1%}", item.scores.top_score
    else:
        others, state, score, top = for_person(item.error), "unreadable", "", -1.0
    return (item.name, shown_label(item), score, others, _folder(item.path), item.path, state, top, item, None)


class _Filter(QIdentityProxyModel):
    """What the view shows: the model's shown rows as they are (the model sorts and filters).

    Kept as a proxy so that ``proxy.rowCount()``, ``proxy.index()``, ``proxy.set_show()`` and
    ``proxy.setFilterFixedString()`` read as they did with a QSortFilterProxyModel.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.show = "all"
        self._needle = ""

    def set_show(self, show: str) -> None:
        """Show the rows of one kind: a key of SHOW ("all", "unsure", ...)."""
        self.show = show or "all"
        self.sourceModel().set_filter(self.show, self._needle)

    def setFilterFixedString(self, text: str) -> None:  # noqa: N802 (Qt naming)
        """Show only the rows with ``text`` in one of their columns (any case)."""
        self._needle = text or ""
        self.sourceModel().set_filter(self.show, self._needle)


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
    items_shown = Signal(list)  # the ClassifiedItems that queue_item put in the table

    def __init__(self, labels_source, parent=None) -> None:
        super().__init__(parent)
        self.table = ResultsModel(self)
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
        self._queued: list[ClassifiedItem] = []  # streamed items waiting for the next event-loop turn
        self.table.label_edited.connect(self._on_label_edited)

    # ------------------------------------------------------------- filling

    def reset_rows(self, names_and_paths: list[tuple[str, str]]) -> None:
        self.corrections = {}
        self._queued = []  # an earlier job's rows not shown yet are not this job's
        self.table.reset([])
        self.append_rows(names_and_paths)

    def append_rows(self, names_and_paths: list[tuple[str, str]]) -> None:
        """Rows for more waiting items, after the ones there (a folder listed in batches): one insertion."""
        waiting = QCoreApplication.translate("ResultsTable", "waiting…")
        self.table.append([waiting_row(name, path, waiting) for name, path in names_and_paths])

    def show_item(self, item: ClassifiedItem) -> None:
        self.table.put(item.index, self._row_of(item))

    def queue_item(self, item: ClassifiedItem) -> None:
        """Show a streamed item on the next event-loop turn, with every other item that came by then
        (``items_shown`` says which): thousands of revised rows arrive at once at a job's end."""
        self._queued.append(item)
        if len(self._queued) == 1:
            QTimer.singleShot(0, self.show_queued)

    def show_queued(self) -> None:
        items, self._queued = self._queued, []
        if items:
            self.table.put_many([(item.index, self._row_of(item)) for item in items])
            self.items_shown.emit(items)

    def _row_of(self, item: ClassifiedItem) -> tuple:
        return finished_row(item)[:CORRECTED] + (self.corrections.get(item.path or item.name),)

    # ---------------------------------------------------------- corrections

    def correct(self, row: int, label: str) -> None:
        """Set the label of ``row`` (a row of the model, i.e. the item's index) by hand."""
        item = self.table.rows[row][ITEM] if 0 <= row < len(self.table.rows) else None
        if item is not None and item.ok:  # only a classified file can be corrected
            self._on_label_edited(row, label)

    def _on_label_edited(self, row: int, text: str) -> None:
        item: ClassifiedItem | None = self.table.rows[row][ITEM]
        if item is None:
            return
        key = item.path or item.name
        if text == shown_label(item):
            self.corrections.pop(key, None)
        else:
            self.corrections[key] = text
        self.table.set_corrected(row, self.corrections.get(key))
        self.corrected.emit(key, text)

    # --------------------------------------------------------------- access

    def items(self) -> list[ClassifiedItem]:
        """The finished items in request order (for export and organizing)."""
        return [row[ITEM] for row in self.table.rows if row[ITEM] is not None]

    def item_at(self, view_row: int) -> ClassifiedItem | None:
        source = self.proxy.mapToSource(self.proxy.index(view_row, 0))
        at = self.table.item_index(source.row()) if source.isValid() else -1
        return self.table.rows[at][ITEM] if at >= 0 else None

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
        first_label = item.passages[0].label if item.passages else ""
        if first_label and first_label != item.scores.top:
            # The second step (learning from the whole batch) changed the label; the passages are
            # still those the first step read for its label: say so rather than let them pass as
            # the reason for the new one.
            cursor.insertText(
                self.tr("Learning from all the files changed the label from {old} to {new}; the passages below pointed to {old}.")
                .format(old=first_label, new=item.scores.top) + "\n",
                plain,
            )
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
