"""The documents attached to a conversation, and who answers questions about them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

DOCUMENT_PATTERNS = "*.txt *.md *.markdown *.rst *.html *.htm *.pdf *.docx *.csv *.json *.log"


class DocumentsBar(QWidget):
    attach = Signal(list)  # paths the user chose
    detach_all = Signal()
    update_index = Signal()
    reader_changed = Signal(str, str)  # reader, reader model key

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.documents: list[str] = []
        self.label = QLabel()
        self.label.setTextFormat(Qt.PlainText)
        self.files_button = QPushButton(self.tr("Attach files…"))
        self.files_button.setToolTip(
            self.tr("Ask questions about your documents: text, Markdown, HTML, PDF, Word (Ctrl+O, or drop them here)")
        )
        self.folder_button = QPushButton(self.tr("Attach folder…"))
        self.folder_button.setToolTip(self.tr("Ask questions about every document in a folder"))
        self.index_button = QPushButton(self.tr("Update index"))
        self.index_button.setToolTip(self.tr("Read the attached documents again where they changed"))
        self.detach_button = QPushButton(self.tr("Detach"))
        self.detach_button.setToolTip(self.tr("Stop using the attached documents in this chat (they are not deleted)"))
        self.reader = QComboBox()
        self.reader.setAccessibleName(self.tr("Who answers questions about the documents"))
        self.reader.setToolTip(self.tr("Who answers questions about the documents"))
        self.reader.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        for widget in (self.reader, self.files_button, self.folder_button, self.index_button, self.detach_button):
            layout.addWidget(widget)
        self.files_button.clicked.connect(self.choose_files)
        self.folder_button.clicked.connect(self.choose_folder)
        self.index_button.clicked.connect(self.update_index)
        self.detach_button.clicked.connect(self.detach_all)
        self.reader.activated.connect(lambda _i: self.reader_changed.emit(*self.current_reader()))
        self.set_qa_models([])
        self.set_documents([])

    def set_documents(self, documents: list[str] | tuple[str, ...]) -> None:
        self.documents = list(documents)
        if not self.documents:
            self.label.setText(self.tr("No documents attached"))
            self.label.setToolTip("")
        else:
            names = ", ".join(Path(d).name or d for d in self.documents[:3]) + (" …" if len(self.documents) > 3 else "")
            self.label.setText(self.tr("Answering from %n attached item(s): {names}", "", len(self.documents)).format(names=names))
            self.label.setToolTip("\n".join(self.documents))
        for widget in (self.index_button, self.detach_button, self.reader):
            widget.setVisible(bool(self.documents))

    def set_qa_models(self, models: list[tuple[str, str]]) -> None:
        """``models``: (label, key) of the installed extractive question-answering models."""
        current = self.current_reader() if self.reader.count() else None
        self.reader.clear()
        # Item data is "reader\tmodel key": plain strings survive the trip through Qt.
        self.reader.addItem(self.tr("Answer with the chat model"), "auto\t")
        for label, key in models:
            self.reader.addItem(self.tr("Exact span: {model}").format(model=label), f"extractive\t{key}")
        self.reader.addItem(self.tr("Show the best passages only"), "passages\t")
        if current:
            self.set_reader(*current)

    def current_reader(self) -> tuple[str, str]:
        reader, _, model = (self.reader.currentData() or "auto\t").partition("\t")
        return reader, model

    def set_reader(self, reader: str, model: str) -> None:
        for index in range(self.reader.count()):
            kind, _, key = self.reader.itemData(index).partition("\t")
            if kind == reader and (reader != "extractive" or not model or key == model):
                self.reader.setCurrentIndex(index)
                return
        self.reader.setCurrentIndex(0)

    def file_filter(self) -> str:
        return self.tr("Documents ({patterns});;All files (*)").format(patterns=DOCUMENT_PATTERNS)

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach documents"), "", self.file_filter())
        if files:
            self.attach.emit(files)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Attach a folder of documents"))
        if folder:
            self.attach.emit([folder])
