"""The catalog of recommended models and the download of one, with real progress and Stop.

The download runs on the download thread (worker/downloads.py); this panel only
asks the shared ModelDownloads (ui/downloads.py) to start it and shows what comes
back: bytes, speed, the file under way.  A download started elsewhere (the
Translate tab's offer) shows here too.  What the Hugging Face cache holds of each entry
(the 'Here' column) comes from the Models page's scan, which runs off the GUI thread
(set_commits); this panel never looks into the cache itself.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
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

from assistant.core.languages import LANGUAGES
from assistant.core.models.catalog import TASK_NAMES, Catalog
from assistant.core.models.messages import DownloadedModel, DownloadProgress
from assistant.core.protocol import Failure, FailureKind, Result
from assistant.ui.i18n.core_text import for_person
from assistant.ui.i18n.language_names import language_name
from assistant.ui.i18n.task_names import catalog_task_title

# Texts of the interface, translated where shown (context "CatalogPanel").
COLUMNS = (
    QT_TRANSLATE_NOOP("CatalogPanel", "Model"),
    QT_TRANSLATE_NOOP("CatalogPanel", "Task"),
    QT_TRANSLATE_NOOP("CatalogPanel", "Size"),
    QT_TRANSLATE_NOOP("CatalogPanel", "License"),
    QT_TRANSLATE_NOOP("CatalogPanel", "Languages"),
    QT_TRANSLATE_NOOP("CatalogPanel", "Note"),
    QT_TRANSLATE_NOOP("CatalogPanel", "Here"),
)
HERE = COLUMNS.index("Here")
# Looked up once: PySide6 takes ~14 us to resolve a name such as ``Qt.UserRole``, and the tables
# of this page are filled cell by cell.
USER_ROLE = Qt.ItemDataRole.UserRole
RIGHT_ALIGNED = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ALL_TASKS = ""
def _tr(text: str) -> str:
    return QCoreApplication.translate("CatalogPanel", text)


def languages_text(codes) -> str:
    """'German, English' for ("de", "en"); what is not a known code ("200 languages") stays as it is."""
    return ", ".join(language_name(code) if code in LANGUAGES else code for code in codes)


class CatalogPanel(QWidget):
    downloaded = Signal(object)  # DownloadedModel
    message = Signal(str, str)  # text, "info" | "error"

    def __init__(self, context, parent=None) -> None:
        super().__init__(parent)
        self.context = context
        self.catalog = Catalog()
        self.commits: dict[str, str] = {}  # entry id -> the commit the cache holds (from the last scan)
        self.downloads = context.downloads  # shared with the Translate tab: one download at a time
        self.downloads.started.connect(self._started)
        self.downloads.partial.connect(self._partial)
        self.downloads.progress.connect(self._progress)
        self.downloads.finished.connect(self._finished)
        self.task_filter = QComboBox()
        self.task_filter.setAccessibleName(self.tr("Show models for"))
        self.task_filter.addItem(self.tr("All tasks"), ALL_TASKS)
        for task, name in TASK_NAMES.items():
            self.task_filter.addItem(catalog_task_title(task, name), task)
        self.task_filter.currentIndexChanged.connect(self._fill)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_tr(column) for column in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.Stretch)
        self.table.setAccessibleName(self.tr("Recommended models"))
        self.table.setAccessibleDescription(self.tr("Enter or a double-click downloads the selected model"))
        self.table.setWordWrap(False)  # one line per model; the selected one's note is shown in full below
        self.details = QLabel()
        self.details.setTextFormat(Qt.PlainText)
        self.details.setWordWrap(True)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(lambda _index: self.start())
        for key in (Qt.Key_Return, Qt.Key_Enter):
            QShortcut(QKeySequence(key), self.table, self.start, context=Qt.WidgetShortcut)
        self.repo_id = QLineEdit()
        self.repo_id.setPlaceholderText(self.tr("owner/name, e.g. Helsinki-NLP/opus-mt-en-de"))
        self.repo_id.setAccessibleName(self.tr("Model id on the Hugging Face hub"))
        self.repo_id.returnPressed.connect(self.start)
        self.revision = QLineEdit("main")
        self.revision.setAccessibleName(self.tr("Revision"))
        self.revision.setMaximumWidth(160)
        self.allow_unsafe = QCheckBox(self.tr("Also pickle weights (*.bin) when there are no safetensors"))
        self.allow_unsafe.setToolTip(self.tr("Pickle files can run code when they are loaded. Only for models you trust."))
        self.allow_unsafe.setChecked(context.settings.allow_pickle_weights)
        self.allow_unsafe.toggled.connect(self._allow_unsafe_changed)
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.clicked.connect(self.start)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop the download (what was fetched is kept, and the next download goes on from there)"))
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
        self.set_about()

        top = QHBoxLayout()
        top.addWidget(_buddy(self.tr("Show:"), self.task_filter))
        top.addWidget(self.task_filter)
        top.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(_buddy(self.tr("Model:"), self.repo_id))
        row.addWidget(self.repo_id, 1)
        row.addWidget(_buddy(self.tr("Revision:"), self.revision))
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

    def set_catalog(self, catalog: Catalog, commits: dict[str, str] | None = None) -> None:
        """The catalog and, when given, what the Hugging Face cache holds of its entries (the scan's commits)."""
        self.catalog = catalog
        if commits is not None:
            self.commits = dict(commits)
        self.set_about()
        self._fill()

    def set_about(self) -> None:
        entries = self.catalog.entries
        unpinned = sum(1 for e in entries if not e.pinned)
        if not entries:
            revisions = ""
        elif unpinned == len(entries):
            revisions = self.tr("The catalog's revisions are branch names such as 'main' (not pinned to a commit).")
        elif unpinned:
            revisions = self.tr("{unpinned} of the catalog's {count} revisions are branch names (not pinned to a commit).").format(
                unpinned=unpinned, count=len(entries)
            )
        else:
            revisions = self.tr("Every revision of the catalog is pinned to a commit.")
        about = self.tr(
            "Files go to the Hugging Face cache, where other tools find them too. Only safetensors weights "
            "and tokenizer/config files are fetched. 'Here' shows the commit that was downloaded."
        )
        self.about.setText(f"{about} {self._route()} {revisions}".strip())

    def _route(self) -> str:
        """Where downloads go: the hub address and the proxy of the settings (the Settings dialog changes them)."""
        from assistant.core.models.network import effective_endpoint

        settings = self.context.settings
        hub = effective_endpoint(settings.hub_address())
        proxy = settings.proxy.strip() or "system"
        if proxy == "system":
            return self.tr("Downloads come from {hub}.").format(hub=hub)
        if proxy == "none":
            return self.tr("Downloads come from {hub}, without a proxy.").format(hub=hub)
        return self.tr("Downloads come from {hub} through the proxy {proxy}.").format(hub=hub, proxy=proxy)

    def _fill(self) -> None:
        task = self.task_filter.currentData()
        entries = self.catalog.for_task(task) if task else self.catalog.entries
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            languages = ", ".join(entry.languages)
            commit = self.commits.get(entry.id)
            here = f"✓ {commit[:10]}" if commit else ""
            size = self.tr("{size} MB").format(size=f"{entry.size_mb:,.0f}")
            values = (entry.id, catalog_task_title(entry.task, entry.task_name), size, entry.license, languages, entry.note, here)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if column == 4:
                    item.setToolTip(languages_text(entry.languages))
                elif column == HERE and commit:
                    item.setToolTip(self._here_tip(entry, commit))
                item.setData(USER_ROLE, entry.id)
                if column == 2:
                    item.setTextAlignment(RIGHT_ALIGNED)
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
            pinned = self.tr("pinned commit") if entry.pinned else self.tr("not pinned")
            commit = self.commits.get(entry.id)
            here = "\n" + self._here_tip(entry, commit) if commit else ""
            self.details.setText(
                self.tr("{model}: {note}\nLicence: {license}. Languages: {languages}. About {size} MB. Revision {revision} ({pinned}).").format(
                    model=entry.id,
                    note=entry.note,
                    license=entry.license,
                    languages=languages_text(entry.languages),
                    size=f"{entry.size_mb:,.0f}",
                    revision=entry.revision,
                    pinned=pinned,
                )
                + here
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
            self.message.emit(self.tr("Pick a model in the list or type its id (owner/name)."), "error")
            return
        self.downloads.start(repo_id, self.revision.text().strip() or "main", self.allow_unsafe.isChecked())

    def stop(self) -> None:
        if self.busy:
            self.downloads.stop()
            self.status.setText(self.tr("Stopping…"))

    def _started(self, repo_id: str) -> None:
        self._set_busy(True)
        self.set_about()  # the Settings dialog may have changed the hub address since
        self.status.setText(self.tr("Asking the hub about {model}…").format(model=repo_id))

    def _set_busy(self, busy: bool) -> None:
        self.download_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setValue(0)

    def _partial(self, progress: DownloadProgress) -> None:
        if progress.total:
            self.progress.setValue(int(1000 * progress.done / progress.total))
            self.progress.setFormat(
                self.tr("{done} of {total} MB (%p%)").format(done=f"{progress.done / 1e6:,.1f}", total=f"{progress.total / 1e6:,.1f}")
            )

    def _progress(self, message: str) -> None:
        self.status.setText(message)

    def _finished(self, reply: Result | Failure) -> None:
        self._set_busy(False)
        if isinstance(reply, Failure):
            self.status.setText("")
            kind = "info" if reply.kind is FailureKind.CANCELLED else "error"
            self.message.emit(for_person(reply.message), kind)
            return
        result: DownloadedModel = reply.payload
        fetched, reused = f"{result.bytes_downloaded / 1e6:,.1f}", f"{result.bytes_reused / 1e6:,.1f}"
        where = {"model": result.repo_id, "commit": result.commit[:10], "folder": Path(result.path).parent.parent, "fetched": fetched}
        if result.bytes_reused:
            text = self.tr("{model} ({commit}) is in {folder}: {fetched} MB fetched, {reused} MB were already here.")
            self.status.setText(text.format(reused=reused, **where))
        else:
            self.status.setText(self.tr("{model} ({commit}) is in {folder}: {fetched} MB fetched.").format(**where))
        if result.note:  # weights from the bot's branch, or converted here
            self.status.setText(f"{self.status.text()} {for_person(result.note)}")
        self._fill()
        self.downloaded.emit(result)


    def _here_tip(self, entry, commit: str) -> str:
        """What the cache holds of a catalog entry, said in full."""
        if entry.pinned and commit != entry.revision:
            return self.tr("Downloaded: commit {commit}, not the catalog's pinned commit {pinned}.").format(commit=commit, pinned=entry.revision)
        return self.tr("Downloaded: commit {commit}.").format(commit=commit)


def _buddy(text: str, control: QWidget) -> QLabel:
    """A label that names ``control`` for screen readers (its buddy)."""
    label = QLabel(text)
    label.setBuddy(control)
    return label
