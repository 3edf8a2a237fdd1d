"""The Classify tab's dialogs: label descriptions, teaching by example, the organize preview."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from assistant.core.messages import OrganizeResult


class DescriptionsDialog(QDialog):
    """A description or example phrases per label: they steer zero-shot classification."""

    def __init__(self, labels: tuple[str, ...], descriptions: dict[str, str], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Label descriptions")
        note = QLabel(
            "Describe each label in a few words, or give example phrases separated by ';'. "
            "For example, for 'sports': football; tennis; match results."
        )
        note.setWordWrap(True)
        self.grid = QTableWidget(len(labels), 2)
        self.grid.setHorizontalHeaderLabels(("Label", "Description or example phrases"))
        self.grid.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        for row, label in enumerate(labels):
            name = QTableWidgetItem(label)
            name.setFlags(name.flags() & ~Qt.ItemIsEditable)
            self.grid.setItem(row, 0, name)
            self.grid.setItem(row, 1, QTableWidgetItem(descriptions.get(label, "")))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.grid)
        layout.addWidget(buttons)
        self.resize(560, 320)

    def descriptions(self) -> dict[str, str]:
        out = {}
        for row in range(self.grid.rowCount()):
            text = self.grid.item(row, 1).text().strip()
            if text:
                out[self.grid.item(row, 0).text()] = text
        return out


class TeachDialog(QDialog):
    """Name a classifier and choose a folder with one subfolder of examples per label."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Teach by example")
        note = QLabel(
            "Choose a folder that holds one subfolder per label, with a few example files in each "
            "(at least 2 per label; 10 or more is better). The program learns from them in seconds "
            "and tells you how accurate it is."
        )
        note.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. my mail folders")
        self.folder = QLineEdit()
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Examples folder", folder_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText("Train")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder with one subfolder per label")
        if folder:
            self.folder.setText(folder)
            if not self.name.text():
                self.name.setText(folder.rstrip("/").rsplit("/", 1)[-1])


class OrganizeDialog(QDialog):
    """Step 1: where to, and copy or move."""

    def __init__(self, parent=None, destination: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Organize into folders")
        self.destination = QLineEdit(destination)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.destination, 1)
        row.addWidget(browse)
        self.move_button = QRadioButton("Move the files")
        self.copy_button = QRadioButton("Copy the files (the originals stay)")
        self.copy_button.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.move_button)
        group.addButton(self.copy_button)
        note = QLabel("One folder per label is made inside. Nothing is overwritten, unsure and unreadable files stay "
                      "where they are, and the whole run can be undone. The next step shows what will happen.")  # fmt: skip
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Preview…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow("Into folder", row)
        layout.addLayout(form)
        layout.addWidget(self.move_button)
        layout.addWidget(self.copy_button)
        layout.addWidget(note)
        layout.addWidget(buttons)

    @property
    def mode(self) -> str:
        return "move" if self.move_button.isChecked() else "copy"

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Organize into")
        if folder:
            self.destination.setText(folder)


class PreviewDialog(QDialog):
    """Step 2, the dry run: every planned copy or move, and what is left alone."""

    def __init__(self, plan: OrganizeResult, parent=None) -> None:
        super().__init__(parent)
        verb = "Move" if plan.mode == "move" else "Copy"
        self.setWindowTitle(f"{verb} {len(plan.planned)} files?")
        self.grid = QTableWidget(len(plan.planned) + len(plan.skipped), 3)
        self.grid.setHorizontalHeaderLabels(("File", "Goes to", "Label"))
        self.grid.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.grid.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        for row, op in enumerate(plan.planned):
            for column, value in enumerate((op.source, op.target, op.label)):
                self.grid.setItem(row, column, QTableWidgetItem(value))
        for row, (path, why) in enumerate(plan.skipped, len(plan.planned)):
            for column, value in enumerate((path, f"stays: {why}", "")):
                self.grid.setItem(row, column, QTableWidgetItem(value))
        renamed = sum(1 for op in plan.planned if "(" in op.target.rsplit("/", 1)[-1] and "(" not in op.source.rsplit("/", 1)[-1])
        summary = QLabel(f"{len(plan.planned)} file(s) will be {'moved' if plan.mode == 'move' else 'copied'}"
                         + (f"; {renamed} get a new name because the name is taken" if renamed else "")
                         + (f"; {len(plan.skipped)} stay where they are" if plan.skipped else "") + ".")  # fmt: skip
        summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(f"{verb} {len(plan.planned)} files")
        buttons.button(QDialogButtonBox.Ok).setEnabled(bool(plan.planned))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.grid)
        layout.addWidget(buttons)
        self.resize(820, 480)
