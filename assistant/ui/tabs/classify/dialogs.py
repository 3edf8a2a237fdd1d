"""The Classify tab's dialogs: label descriptions, teaching by example, the organize preview."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
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

from assistant.core.classify.messages import OrganizeResult
from assistant.ui.i18n.core_text import for_person


class DescriptionsDialog(QDialog):
    """A description or example phrases per label: they steer zero-shot classification."""

    def __init__(self, labels: tuple[str, ...], descriptions: dict[str, str], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Label descriptions"))
        note = QLabel(
            self.tr(
                "Describe each label in a few words, or give example phrases separated by ';'. "
                "For example, for 'sports': football; tennis; match results."
            )
        )
        note.setWordWrap(True)
        self.grid = QTableWidget(len(labels), 2)
        self.grid.setHorizontalHeaderLabels((self.tr("Label"), self.tr("Description or example phrases")))
        self.grid.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.grid.setAccessibleName(self.tr("Label descriptions"))
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

    def __init__(self, parent=None, finetune: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Teach by example"))
        note = QLabel(
            self.tr(
                "Choose a folder that holds one subfolder per label, with a few example files in each "
                "(at least 2 per label; 10 or more is better). The program learns from them in seconds "
                "and tells you how accurate it is."
            )
        )
        note.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. my mail folders"))
        self.folder = QLineEdit()
        browse = QPushButton(self.tr("&Browse…"))
        browse.setToolTip(self.tr("Choose the folder of examples"))
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        folder_label = QLabel(self.tr("&Examples folder"))
        folder_label.setBuddy(self.folder)  # the field sits in a row with its button: name it by hand
        form.addRow(folder_label, folder_row)
        self.finetune = QCheckBox(self.tr("&Fine-tune the embedding model (slower, usually more accurate)"))
        self.finetune.setChecked(finetune)
        self.finetune.setToolTip(
            self.tr(
                "Before the classifier is trained, the embedding model learns from pairs of your examples: "
                "two of the same label are drawn together, two of different labels apart. Takes a minute or "
                "more instead of seconds; the tuned model is saved with the classifier."
            )
        )
        form.addRow("", self.finetune)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText(self.tr("Train"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder with one subfolder per label"))
        if folder:
            self.folder.setText(folder)
            if not self.name.text():
                self.name.setText(folder.rstrip("/").rsplit("/", 1)[-1])


class OrganizeDialog(QDialog):
    """Step 1: where to, and copy or move."""

    def __init__(self, parent=None, destination: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Organize into folders"))
        self.destination = QLineEdit(destination)
        browse = QPushButton(self.tr("&Browse…"))
        browse.setToolTip(self.tr("Choose the folder to organize into"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.destination, 1)
        row.addWidget(browse)
        self.move_button = QRadioButton(self.tr("&Move the files"))
        self.copy_button = QRadioButton(self.tr("&Copy the files (the originals stay)"))
        self.copy_button.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.move_button)
        group.addButton(self.copy_button)
        note = QLabel(self.tr("One folder per label is made inside. Nothing is overwritten, unsure and unreadable files stay "
                              "where they are, and the whole run can be undone. The next step shows what will happen."))  # fmt: skip
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("Preview…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        destination_label = QLabel(self.tr("&Into folder"))
        destination_label.setBuddy(self.destination)  # the field sits in a row with its button: name it by hand
        form.addRow(destination_label, row)
        layout.addLayout(form)
        layout.addWidget(self.move_button)
        layout.addWidget(self.copy_button)
        layout.addWidget(note)
        layout.addWidget(buttons)

    @property
    def mode(self) -> str:
        return "move" if self.move_button.isChecked() else "copy"

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Organize into"))
        if folder:
            self.destination.setText(folder)


class PreviewDialog(QDialog):
    """Step 2, the dry run: every planned copy or move, and what is left alone."""

    def __init__(self, plan: OrganizeResult, parent=None) -> None:
        super().__init__(parent)
        planned, move = len(plan.planned), plan.mode == "move"
        self.setWindowTitle(self.tr("Move %n file(s)?", "", planned) if move else self.tr("Copy %n file(s)?", "", planned))
        self.grid = QTableWidget(len(plan.planned) + len(plan.skipped), 3)
        self.grid.setHorizontalHeaderLabels((self.tr("File"), self.tr("Goes to"), self.tr("Label")))
        self.grid.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.grid.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.grid.setAccessibleName(self.tr("Where each file goes"))
        for row, op in enumerate(plan.planned):
            for column, value in enumerate((op.source, op.target, op.label)):
                self.grid.setItem(row, column, QTableWidgetItem(value))
        for row, (path, why) in enumerate(plan.skipped, len(plan.planned)):
            for column, value in enumerate((path, self.tr("stays: {why}").format(why=for_person(why)), "")):
                self.grid.setItem(row, column, QTableWidgetItem(value))
        renamed = sum(1 for op in plan.planned if "(" in op.target.rsplit("/", 1)[-1] and "(" not in op.source.rsplit("/", 1)[-1])
        sentences = [self.tr("%n file(s) will be moved.", "", planned) if move else self.tr("%n file(s) will be copied.", "", planned)]
        if renamed:
            sentences.append(self.tr("%n file(s) get a new name because the name is taken.", "", renamed))
        if plan.skipped:
            sentences.append(self.tr("%n file(s) stay where they are.", "", len(plan.skipped)))
        summary = QLabel(" ".join(sentences))
        summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        ok = buttons.button(QDialogButtonBox.Ok)
        ok.setText(self.tr("Move %n file(s)", "", planned) if move else self.tr("Copy %n file(s)", "", planned))
        ok.setEnabled(bool(plan.planned))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.grid)
        layout.addWidget(buttons)
        self.resize(820, 480)
