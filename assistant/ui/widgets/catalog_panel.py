"""The catalog of recommended models and the download of one, with real progress and Stop.

The download runs on the download thread (worker/downloads.py); this panel only
asks the shared ModelDownloads (ui/downloads.py) to start it and shows what comes
back: bytes, speed, the file under way.  A download started elsewhere (the
Translate tab's offer) shows here too.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assistant.core.messages import Failure, FailureKind, Result
from assistant.core.models.catalog import TASK_NAMES, Catalog, cached_commit
from assistant.core.models.requests import DownloadedModel, DownloadProgress
from assistant.core.models.sources import default_hf_cache

COLUMNS = ("Model", "Task", "Size", "License", "Languages", "Note", "Here")
HERE = COLUMNS.index("Here")
ALL_TASKS = ""


class CatalogPanel(QWidget):
    downloaded = Signal(object)  # DownloadedModel
    message = Signal(str, str)  # text, "info" | "error"

    def __init__(self, context, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.catalog = Catalog()
        self.downloads = context.downloads  # shared with the Translate tab: one download at a time
        self.downloads.started.connect(self._started)
        self.downloads.partial.connect(self._partial)
        self.downloads.progress.connect(self._progress)
        self.downloads.finished.connect(self._finished)
        self.task_filter = QComboBox()
        self.task_filter.setAccessibleName("Show models for")
        self.task_filter.addItem("All tasks", ALL_TASKS)
        for task, name in TASK_NAMES.items():
            self.task_filter.addItem(name, task)
        self.task_filter.currentIndexChanged.connect(self._fill)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.Stretch)
        self.table.setAccessibleName("Recommended models")
        self.table.setWordWrap(False)  # one line per model; the selected one's note is shown in full below
        self.details = QLabel()
        self.details.setTextFormat(Qt.PlainText)
        self.details.setWordWrap(True)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(lambda _index: self.start())
        self.repo_id = QLineEdit()
        self.repo_id.setPlaceholderText("owner/name, e.g. Helsinki-NLP/opus-mt-en-de")
        self.repo_id.setAccessibleName("Model id on the Hugging Face hub")
        self.repo_id.returnPressed.connect(self.start)
        self.revision = QLineEdit("main")
        self.revision.setAccessibleName("Revision")
        self.revision.setMaximumWidth(160)
        self.allow_unsafe = QCheckBox("Also pickle weights (*.bin) when there are no safetensors")
        self.allow_unsafe.setToolTip("Pickle files can run code when they are loaded. Only for models you trust.")
        self.allow_unsafe.setChecked(context.settings.allow_pickle_weights)
        self.allow_unsafe.toggled.connect(self._allow_unsafe_changed)
        self.download_button = QPushButton("Download")
        self.download_button.clicked.connect(self.start)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)  # per mille: byte counts overflow a QProgressBar's int
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.status = QLabel()
        self.status.setTextFormat(Qt.PlainText)
        self.status.setWordWrap(True)
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.about.setStyleSheet("color: palette(mid);")
        self._set_about()

        top = QHBoxLayout()
        top.addWidget(QLabel("Show:"))
        top.addWidget(self.task_filter)
        top.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(QLabel("Model:"))
        row.addWidget(self.repo_id, 1)
        row.addWidget(QLabel("Revision:"))
        row.addWidget(self.revision)
        row.addWidget(self.download_button)
        row.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addLayout(row)
        layout.addWidget(self.allow_unsafe)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.about)

    # ---------------------------------------------------------------- catalog

    def set_catalog(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._set_about()
        self._fill()

    def _set_about(self) -> None:
        entries = self.catalog.entries
        unpinned = sum(1 for e in entries if not e.pinned)
        if not entries:
            revisions = ""
        elif unpinned == len(entries):
            revisions = " The catalog's revisions are branch names such as 'main' (not pinned to a commit)."
        elif unpinned:
            revisions = f" {unpinned} of the catalog's {len(entries)} revisions are branch names (not pinned to a commit)."
        else:
            revisions = " Every revision of the catalog is pinned to a commit."
        self.about.setText(
            "Files go to the Hugging Face cache, where other tools find them too. Only safetensors weights "
            "and tokenizer/config files are fetched. 'Here' shows the commit that was downloaded." + revisions
        )

    def _fill(self) -> None:
        task = self.task_filter.currentData()
        entries = self.catalog.for_task(task) if task else self.catalog.entries
        cache = default_hf_cache()
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            languages = ", ".join(entry.languages)
            commit = cached_commit(entry, cache)
            here = f"✓ {commit[:10]}" if commit else ""
            values = (entry.id, entry.task_name, f"{entry.size_mb:,.0f} MB", entry.license, languages, entry.note, here)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(_here_tip(entry, commit) if column == HERE and commit else value)
                item.setData(Qt.UserRole, entry.id)
                if column == 2:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        for column, widest in ((3, 170), (4, 140)):  # licence and languages: the rest is in the tooltip
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))

    def show_task(self, task: str, repo_id: str = "") -> None:
        """Filter on ``task`` and, if given, put ``repo_id`` in the download field (from a tab's 'missing model')."""
        self.task_filter.setCurrentIndex(max(0, self.task_filter.findData(task)))
        if repo_id:
            self.repo_id.setText(repo_id)
            for row in range(self.table.rowCount()):
                if self.table.item(row, 0).data(Qt.UserRole) == repo_id:
                    self.table.selectRow(row)  # its revision, licence and note below
                    self.table.scrollToItem(self.table.item(row, 0))
                    break

    def _selected(self) -> None:
        items = self.table.selectedItems()
        if not items:
            return
        entry = self.catalog.find(items[0].data(Qt.UserRole))
        if entry is not None:
            self.repo_id.setText(entry.id)
            self.revision.setText(entry.revision)
            pinned = "pinned commit" if entry.pinned else "not pinned"
            commit = cached_commit(entry, default_hf_cache())
            here = f"\n{_here_tip(entry, commit)}" if commit else ""
            self.details.setText(
                f"{entry.id}: {entry.note}\nLicence: {entry.license}. Languages: {', '.join(entry.languages)}. "
                f"About {entry.size_mb:,.0f} MB. Revision {entry.revision} ({pinned}).{here}"
            )

    def _allow_unsafe_changed(self, allowed: bool) -> None:
        self.context.settings.allow_pickle_weights = allowed
        self.context.save_settings()

    # --------------------------------------------------------------- download

    @property
    def busy(self) -> bool:
        return self.downloads.busy

    def start(self) -> None:
        repo_id = self.repo_id.text().strip()
        if self.busy:
            return
        if not repo_id:
            self.message.emit("Pick a model in the list or type its id (owner/name).", "error")
            return
        self.downloads.start(repo_id, self.revision.text().strip() or "main", self.allow_unsafe.isChecked())

    def stop(self) -> None:
        if self.busy:
            self.downloads.stop()
            self.status.setText("Stopping…")

    def _started(self, repo_id: str) -> None:
        self._set_busy(True)
        self.status.setText(f"Asking the hub about {repo_id}…")

    def _set_busy(self, busy: bool) -> None:
        self.download_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setValue(0)

    def _partial(self, progress: DownloadProgress) -> None:
        if progress.total:
            self.progress.setValue(int(1000 * progress.done / progress.total))
            self.progress.setFormat(f"{progress.done / 1e6:,.1f} of {progress.total / 1e6:,.1f} MB (%p%)")

    def _progress(self, message: str) -> None:
        self.status.setText(message)

    def _finished(self, reply: Result | Failure) -> None:
        self._set_busy(False)
        if isinstance(reply, Failure):
            self.status.setText("")
            kind = "info" if reply.kind is FailureKind.CANCELLED else "error"
            self.message.emit(reply.message, kind)
            return
        result: DownloadedModel = reply.payload
        fetched = f"{result.bytes_downloaded / 1e6:,.1f} MB fetched"
        reused = f", {result.bytes_reused / 1e6:,.1f} MB were already here" if result.bytes_reused else ""
        self.status.setText(f"{result.repo_id} ({result.commit[:10]}) is in {Path(result.path).parent.parent}: {fetched}{reused}.")
        self._fill()
        self.downloaded.emit(result)



def _here_tip(entry, commit: str) -> str:
    """What the cache holds of a catalog entry, said in full."""
    if entry.pinned and commit != entry.revision:
        return f"Downloaded: commit {commit}, not the catalog's pinned commit {entry.revision}."
    return f"Downloaded: commit {commit}."
