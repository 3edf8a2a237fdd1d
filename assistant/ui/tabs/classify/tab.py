"""Classify: sort pasted text or the user's files into their own labels, and organize them.

Zero-shot with the labels (and optional descriptions), or a classifier taught by
example.  Files run as a checkpointed job: rows fill in as files finish, the
progress line shows files/s and the time left, and a job cut short by a crash or
a closed window is offered for resuming the next time.  The table sorts,
filters, opens files, and takes corrections, which can be added to a trained
classifier's examples.  Organize copies or moves files into label folders after
a preview; every run can be undone.  Dropped or chosen folders are listed on a thread
of their own (ui/workers/folder_listing.py): the rows and the count come in batches.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from assistant.core.classify.job import JobStore, new_job_id, request_for, unfinished_jobs
from assistant.core.classify.labels import parse_labels
from assistant.core.classify.messages import (
    ClassifiedItem,
    ClassifyItem,
    ClassifyJobResult,
    ClassifyRequest,
    OrganizeRequest,
    OrganizeResult,
    SuggestedLabels,
    SuggestLabelsRequest,
    TrainedSummary,
    TrainRequest,
    WalkOptions,
)
from assistant.core.classify.organize import list_runs
from assistant.core.classify.reliability import reliability_bins
from assistant.core.classify.results import write_csv, write_json
from assistant.core.classify.trained import list_classifiers, reliability_at
from assistant.core.files.walk import parse_patterns
from assistant.core.files.write import CannotWrite
from assistant.core.protocol import Failure, FailureKind, Partial, Result, Task
from assistant.core.say import say
from assistant.core.scores import LabelScores
from assistant.ui.i18n.core_text import for_person
from assistant.ui.tabs.base import TaskTab, UiContext
from assistant.ui.tabs.classify.dialogs import DescriptionsDialog, OrganizeDialog, PreviewDialog, TeachDialog
from assistant.ui.tabs.classify.reliability_chart import ReliabilityChart
from assistant.ui.tabs.classify.results import SHOW, PassageView, ResultsTable
from assistant.ui.tabs.classify.suggestions import SuggestionsDialog
from assistant.ui.workers.folder_listing import FolderListing


class ClassifyTab(TaskTab):
    task = Task.CLASSIFY
    run_text = "Classify"

    def __init__(self, context: UiContext, parent=None) -> None:
        super().__init__(context, parent)
        self.run_button.setText(self.tr("Classify"))
        self.run_button.setToolTip(self.tr("Classify (Ctrl+Enter)"))
        settings = context.settings
        self.files: list[Path] = []
        self.job: str | None = None
        self.open_url = QDesktopServices.openUrl  # replaced in tests: nothing is opened there
        self.preview_dialog: PreviewDialog | None = None
        self.setAcceptDrops(True)
        # Folders are listed off the GUI thread; while a listing runs, these say what it adds to.
        self.listing = FolderListing(self)
        self.listing.found.connect(self._listed)
        self.listing.finished.connect(self._listing_finished)
        self._listing_roots: list[str] = []  # every path asked for since the listing began
        self._files_before_listing: list[Path] = []
        self._known: set[Path] = set()

        # --- how to classify
        self.mode = QComboBox()
        self.mode.setAccessibleName(self.tr("Way to classify"))
        self.mode.activated.connect(self._mode_changed)
        self.teach_button = QPushButton(self.tr("Teach by example…"))
        self.teach_button.setToolTip(self.tr("Train a classifier from folders of examples, one subfolder per label"))
        self.teach_button.clicked.connect(self.open_teach_dialog)
        self.labels = QLineEdit(settings.classify_labels)
        self.labels.setPlaceholderText(self.tr("Labels, separated by commas: sports, politics, technology"))
        self.labels.setAccessibleName(self.tr("Labels"))
        self.labels.editingFinished.connect(self._remember_labels)
        self.describe_button = QPushButton(self.tr("Describe labels…"))
        self.describe_button.setToolTip(self.tr("A description or example phrases per label improve zero-shot results"))
        self.describe_button.clicked.connect(self.open_descriptions)
        self.suggest_button = QPushButton(self.tr("Suggest labels"))
        self.suggest_button.setToolTip(self.tr("Group the files added below by what they are about and suggest a label for each group"))
        self.suggest_button.clicked.connect(self.suggest_labels)
        self.suggestions_dialog: SuggestionsDialog | None = None
        self.multi_label = QCheckBox(self.tr("Several labels per file"))
        self.multi_label.setChecked(settings.classify_multi_label)
        self.threshold = _spin(settings.classify_threshold, self.tr("Several labels per file: the score a label needs"))
        self.unsure_below = _spin(settings.classify_unsure_below, self.tr("Files whose best score is lower are marked unsure"))
        for widget in (self.multi_label, self.threshold, self.unsure_below):
            signal = widget.toggled if widget is self.multi_label else widget.valueChanged
            signal.connect(self._remember_options)
        self.unsure_note = QLabel()  # what "unsure below" means for the trained classifier chosen
        self.unsure_note.setWordWrap(True)
        self.unsure_note.setVisible(False)
        self.unsure_below.valueChanged.connect(self._explain_unsure)
        self.reliability = ReliabilityChart()  # the chosen classifier's accuracy by score, held out
        self.reliability.setVisible(False)

        # --- what to classify
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(self.tr("Paste a text to classify, or add files and folders (you can drop them here)."))
        self.text.setAccessibleName(self.tr("Text to classify"))
        self.add_files_button = QPushButton(self.tr("Add files…"))
        self.add_files_button.setToolTip(self.tr("Add files to classify (Ctrl+O)"))
        self.add_files_button.clicked.connect(self.choose_files)
        self.add_folder_button = QPushButton(self.tr("Add folder…"))
        self.add_folder_button.setToolTip(self.tr("Add a folder and its subfolders (Ctrl+Shift+O)"))
        self.add_folder_button.clicked.connect(self.choose_folder)
        self.files_note = QLabel(self.tr("No files added"))
        self.include = QLineEdit(settings.classify_include)
        self.include.setPlaceholderText(self.tr("only: *.pdf, *.docx"))
        self.include.setAccessibleName(self.tr("Only files that match"))
        self.include.setToolTip(self.tr("Only files whose names match these patterns, separated by commas (empty: all files)"))
        self.exclude = QLineEdit(settings.classify_exclude)
        self.exclude.setPlaceholderText(self.tr("skip: node_modules, *.tmp"))
        self.exclude.setAccessibleName(self.tr("Skip files and folders that match"))
        self.exclude.setToolTip(self.tr("Skip files and folders whose names match these patterns, separated by commas"))
        self.hidden = QCheckBox(self.tr("Hidden files"))
        self.hidden.setChecked(settings.classify_hidden)
        self.self_train = QCheckBox(self.tr("Learn from all the files"))
        self.self_train.setChecked(settings.classify_self_train)
        self.self_train.setToolTip(
            self.tr(
                "When every file has a score, learn from the files each label is surest of and score them all again "
                "(20 files or more, one label per file): labels shown during the run may change at the end"
            )
        )
        self.max_mb = QSpinBox()
        self.max_mb.setRange(1, 2000)
        self.max_mb.setSuffix(self.tr(" MB max"))
        self.max_mb.setValue(settings.classify_max_file_mb)
        self.max_mb.setToolTip(self.tr("Larger files are listed as too large, not read"))
        self.max_mb.setAccessibleName(self.tr("Largest file to read, in MB"))
        for widget in (self.include, self.exclude):
            widget.editingFinished.connect(self._remember_options)
        self.hidden.toggled.connect(self._remember_options)
        self.self_train.toggled.connect(self._remember_options)
        self.max_mb.valueChanged.connect(self._remember_options)

        # --- results
        self.results = ResultsTable(self._label_choices)
        self.table = self.results.table  # the rows (ResultsModel): .rowCount(), .item(row, column).text()
        self.results.doubleClicked.connect(self._open_current)
        self.results.selectionModel().currentRowChanged.connect(lambda *_: self._show_passages())
        self.results.corrected.connect(lambda *_: self._corrections_changed())
        self.results.items_shown.connect(self._items_shown)
        self.passages = PassageView()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Filter rows…"))
        self.search.setAccessibleName(self.tr("Filter rows"))
        self.search.setToolTip(self.tr("Show only the rows that contain this text (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.results.proxy.setFilterFixedString)
        self.show_only = QComboBox()
        for key, text in SHOW:
            self.show_only.addItem(QCoreApplication.translate("ResultsTable", text), key)
        self.show_only.setAccessibleName(self.tr("Show rows"))
        self.show_only.currentIndexChanged.connect(lambda _index: self.results.proxy.set_show(self.show_only.currentData()))

        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.clicked.connect(self.clear)
        self.copy_button = QPushButton(self.tr("Copy table"))
        self.copy_button.setToolTip(self.tr("Copy the visible results as CSV"))
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.table_as_csv()))
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Save the results as CSV or JSON"))
        self.export_button.clicked.connect(self.choose_export)
        self.organize_button = QPushButton(self.tr("Organize…"))
        self.organize_button.setToolTip(self.tr("Copy or move the files into one folder per label (with a preview; undoable)"))
        self.organize_button.clicked.connect(self.open_organize_dialog)
        self.undo_button = QPushButton(self.tr("Undo organize"))
        self.undo_button.clicked.connect(self.undo_last_run)
        self.learn_button = QPushButton(self.tr("Add corrections to examples"))
        self.learn_button.setToolTip(self.tr("Retrain the classifier with the labels you corrected by hand"))
        self.learn_button.clicked.connect(self.learn_from_corrections)
        self.learn_button.setEnabled(False)
        self.busy_changed.connect(self._busy_changed)

        # Keys: the filter, adding files and folders; Enter in the results opens the file (as a double-click does).
        for keys, slot in (("Ctrl+F", self._focus_search), ("Ctrl+O", self.choose_files), ("Ctrl+Shift+O", self.choose_folder)):
            QShortcut(QKeySequence(keys), self, slot, context=Qt.WidgetWithChildrenShortcut)
        for key in (Qt.Key_Return, Qt.Key_Enter):
            QShortcut(QKeySequence(key), self.results, self.open_selected, context=Qt.WidgetShortcut)

        self._build_layout()
        self.refresh_classifiers()
        self._refresh_undo()
        self.offer_resume()

    def _build_layout(self) -> None:
        mode_row = QHBoxLayout()
        mode_row.addWidget(_buddy(self.tr("Classify with"), self.mode))
        mode_row.addWidget(self.mode, 1)
        mode_row.addWidget(self.multi_label)
        mode_row.addWidget(_buddy(self.tr("threshold"), self.threshold))
        mode_row.addWidget(self.threshold)
        mode_row.addWidget(_buddy(self.tr("unsure below"), self.unsure_below))
        mode_row.addWidget(self.unsure_below)
        mode_row.addWidget(self.learn_button)
        mode_row.addWidget(self.teach_button)
        label_row = QHBoxLayout()
        label_row.addWidget(_buddy(self.tr("Labels"), self.labels))
        label_row.addWidget(self.labels, 1)
        label_row.addWidget(self.describe_button)
        label_row.addWidget(self.suggest_button)
        inputs = QWidget()
        inputs_layout = QVBoxLayout(inputs)
        inputs_layout.setContentsMargins(0, 0, 0, 0)
        inputs_layout.addWidget(self.text, 1)
        file_row = QHBoxLayout()
        file_row.addWidget(self.add_files_button)
        file_row.addWidget(self.add_folder_button)
        file_row.addWidget(self.files_note, 1)
        file_row.addWidget(self.include)
        file_row.addWidget(self.exclude)
        file_row.addWidget(self.hidden)
        file_row.addWidget(self.self_train)
        file_row.addWidget(self.max_mb)
        inputs_layout.addLayout(file_row)
        results = QWidget()
        results_layout = QVBoxLayout(results)
        results_layout.setContentsMargins(0, 0, 0, 0)
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.search, 1)
        filter_row.addWidget(_buddy(self.tr("Show"), self.show_only))
        filter_row.addWidget(self.show_only)
        results_layout.addLayout(filter_row)
        side = QSplitter(Qt.Horizontal)
        side.addWidget(self.results)
        side.addWidget(self.passages)
        side.setStretchFactor(0, 3)
        side.setStretchFactor(1, 2)
        results_layout.addWidget(side, 1)
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(inputs)
        splitter.addWidget(results)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([160, 480])
        self.setFocusProxy(self.text)  # switching to the tab puts the cursor in its input
        layout = self.base_layout()
        layout.addLayout(mode_row)
        honesty_row = QHBoxLayout()
        honesty_row.addWidget(self.unsure_note, 1)
        honesty_row.addWidget(self.reliability)
        layout.addLayout(honesty_row)
        layout.addLayout(label_row)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.progress)
        layout.addLayout(self.button_row(self.clear_button, self.copy_button, self.export_button, self.organize_button, self.undo_button))

    # ------------------------------------------------------------ settings

    def _remember_labels(self) -> None:
        self.context.settings.classify_labels = self.labels.text()
        self.context.save_settings()

    def _remember_options(self, *_args) -> None:
        settings = self.context.settings
        settings.classify_multi_label = self.multi_label.isChecked()
        settings.classify_threshold = float(self.threshold.value())
        settings.classify_unsure_below = float(self.unsure_below.value())
        settings.classify_include = self.include.text()
        settings.classify_exclude = self.exclude.text()
        settings.classify_hidden = self.hidden.isChecked()
        settings.classify_self_train = self.self_train.isChecked()
        settings.classify_max_file_mb = int(self.max_mb.value())
        self.context.save_settings()

    def refresh_classifiers(self) -> None:
        """The mode list: zero-shot, then every trained classifier with its accuracy."""
        self.classifiers = {meta["name"]: meta for meta in list_classifiers(self.context.paths.data)}
        self.mode.clear()
        self.mode.addItem(self.tr("Zero-shot: my labels"), "")
        for name, meta in self.classifiers.items():
            accuracy = meta.get("cv_accuracy")
            if accuracy is None:
                shown = self.tr("Trained: {name}").format(name=name)
            else:
                shown = self.tr("Trained: {name} ({accuracy} accurate)").format(name=name, accuracy=f"{accuracy:.0%}")
            self.mode.addItem(shown, name)
        chosen = self.mode.findData(self.context.settings.classify_mode)
        self.mode.setCurrentIndex(max(0, chosen))
        self._mode_changed()

    @property
    def classifier(self) -> str:
        return self.mode.currentData() or ""

    def _mode_changed(self, *_args) -> None:
        name = self.classifier
        self.labels.setEnabled(not name)
        self.describe_button.setEnabled(not name)
        self.labels.setToolTip(
            self.tr("The trained classifier's labels: {labels}").format(labels=", ".join(self.classifiers[name]["labels"])) if name else ""
        )
        if self.context.settings.classify_mode != name:
            self.context.settings.classify_mode = name
            self.context.save_settings()
        self._explain_unsure()

    def _explain_unsure(self, *_args) -> None:
        """What "unsure below X" will mean, from the chosen classifier's held-out examples (its
        scores are calibrated on them); nothing for zero-shot, whose scores are not calibrated."""
        name = self.classifier
        answers = reliability_at(self.classifiers[name], float(self.unsure_below.value())) if name else None
        bins = reliability_bins(self.classifiers[name]) if name else None
        self.reliability.setVisible(bins is not None)
        if bins is not None:
            self.reliability.set_bins(bins)
        if answers is None:
            self.unsure_note.setVisible(False)
            return
        right, sure, total = answers
        at = f"{self.unsure_below.value():.2f}"
        if sure == 0:
            text = self.tr("None of this classifier's held-out examples scored {at} or above: every file would be marked unsure.").format(at=at)
        else:
            text = self.tr(
                "Files at {at} or above were right {tenths} times in 10 here ({right} of {sure} held-out examples); "
                "{below} of {total} scored lower and would be marked unsure."
            ).format(at=at, tenths=round(10 * right / sure), right=right, sure=sure, below=total - sure, total=total)
        self.unsure_note.setText(text)
        self.unsure_note.setVisible(True)
        self._corrections_changed()

    def _label_choices(self) -> list[str]:
        if self.classifier:
            return list(self.classifiers[self.classifier]["labels"])
        return list(parse_labels(self.labels.text()))

    def open_descriptions(self) -> None:
        dialog = DescriptionsDialog(parse_labels(self.labels.text()), self.context.settings.classify_descriptions, self)
        if dialog.exec():
            self.context.settings.classify_descriptions = dialog.descriptions()
            self.context.save_settings()

    # ---------------------------------------------------------------- files

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Files to classify"))
        self.add_paths(names)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder to classify"))
        if folder:
            self.add_paths([folder])

    def add_paths(self, paths: list[str]) -> None:
        """Add files, and folders with their subfolders, listed off the GUI thread.

        Asked while a listing runs, that listing is superseded: it stops, its rows go, and one
        listing of everything asked for since runs instead (the end is the same as one after
        the other).
        """
        if self.busy or not paths:
            return
        if self.listing.busy:
            self._listing_roots += list(paths)
            self.files = list(self._files_before_listing)
            self.table.removeRows(len(self.files), self.table.rowCount() - len(self.files))
        else:
            self._listing_roots = list(paths)
            self._files_before_listing = list(self.files)
        self._known = set(self.files)
        self.listing.start(list(self._listing_roots), self._walk_options())
        self._show_files_note()

    def _listed(self, found: list[Path]) -> None:
        new = [p for p in found if p not in self._known]
        self._known.update(new)
        self.files.extend(new)
        self.results.append_rows([(p.name, str(p)) for p in new])
        self._show_files_note()

    def _listing_finished(self, result) -> None:
        self._listing_roots = []
        self._files_before_listing = []
        self._known = set()
        self._show_files_note()
        if isinstance(result, Exception):
            self.banner.show_message(for_person(result), "error")

    def _show_files_note(self) -> None:
        if self.files:
            text = self.tr("%Ln file(s) to classify", "", len(self.files))
        else:
            text = self.tr("No files added")
        if self.listing.busy:
            text = f"{_listing_text()} {text if self.files else ''}".strip()
        self.files_note.setText(text)

    def shutdown(self) -> None:
        """The window closes: stop a listing under way."""
        self.listing.shutdown()

    def _walk_options(self) -> WalkOptions:
        return WalkOptions(parse_patterns(self.include.text()), parse_patterns(self.exclude.text()), self.hidden.isChecked())

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if event.mimeData().hasUrls() and not self.busy:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        self.add_paths(paths)
        event.acceptProposedAction()

    def clear(self) -> None:
        self.listing.stop()
        self.files = []
        self.job = None
        self.files_note.setText(self.tr("No files added"))
        self.results.reset_rows([])
        self.passages.clear()
        self.text.clear()
        self.banner.hide()
        self._corrections_changed()

    # ------------------------------------------------------------ requests

    def build_request(self) -> ClassifyRequest | None:
        if self.listing.busy:  # the list is not complete yet
            self.banner.show_message(_listing_text(), "info")
            return None
        labels = parse_labels(self.labels.text())
        self._remember_labels()
        options = dict(
            model=None if self.classifier else self.chosen_model(),
            descriptions=tuple(self.context.settings.classify_descriptions.items()),
            multi_label=self.multi_label.isChecked(),
            threshold=float(self.threshold.value()),
            unsure_below=float(self.unsure_below.value()),
            classifier=self.classifier or None,
            self_train=self.self_train.isChecked(),
            max_file_bytes=int(self.max_mb.value()) * 1024 * 1024,
        )
        if self.files:
            # A checkpointed job: its id is remembered, so a crash or a closed window can resume it.
            self.job = new_job_id()
            items = tuple(ClassifyItem(name=p.name, path=str(p)) for p in self.files)
            self.results.reset_rows([(p.name, str(p)) for p in self.files])
            return ClassifyRequest(labels, items, job=self.job, walk=self._walk_options(), **options)
        if self.text.toPlainText().strip():
            self.job = None
            items = (ClassifyItem(name=_preview(self.text.toPlainText()), text=self.text.toPlainText()),)
            self.results.reset_rows([(items[0].name, "")])
            return ClassifyRequest(labels, items, **options)
        self.banner.show_message(self.tr("Paste some text or add files to classify first."), "info")
        return None

    def offer_resume(self) -> None:
        jobs = unfinished_jobs(self.context.paths.data)
        if not jobs:
            return
        job = jobs[0]
        self.banner.show_message(
            self.tr("A classification of %Ln file(s) stopped before it finished ({done} done).", "", job["total"]).format(
                done=f"{job['done']:,}"
            ),
            "info",
            (self.tr("Resume"), lambda: self.resume(job["job"])),
        )

    def resume(self, job_id: str) -> None:
        if self.busy:
            return
        self.listing.stop()
        store = JobStore(self.context.paths.data, job_id)
        self.files = [Path(path) for _, path in store.files()]
        self.files_note.setText(self.tr("%Ln file(s) to classify (resumed)", "", len(self.files)))
        self.results.reset_rows([(p.name, str(p)) for p in self.files])
        self.job = job_id
        self.banner.hide()
        self.submit(request_for(self.context.paths.data, job_id))

    # --------------------------------------------------------------- replies

    def on_partial(self, reply: Partial) -> None:
        if isinstance(reply.payload, ClassifiedItem):
            self.results.queue_item(reply.payload)  # shown on the next turn, with the others that came by then

    def _items_shown(self, items: list) -> None:
        current = self._current_index()
        if any(item.index == current for item in items):
            self._show_passages()

    def on_finished(self, reply: Result | Failure) -> None:
        self.results.show_queued()  # the summary speaks of rows that must be in the table first
        super().on_finished(reply)

    def show_result(self, reply: Result) -> None:
        payload = reply.payload
        if isinstance(payload, list):  # pasted text
            for item in payload:
                self.results.show_item(item)
            self._report_unreadable(sum(1 for item in payload if not item.ok))
        elif isinstance(payload, ClassifyJobResult):
            self._report_unreadable(payload.unreadable, payload.unsure, payload.revised)
        elif isinstance(payload, TrainedSummary):
            self._trained(payload)
        elif isinstance(payload, OrganizeResult):
            self._organized(payload)
        elif isinstance(payload, SuggestedLabels):
            self._suggested(payload)

    def show_failure(self, failure) -> None:
        if failure.kind is FailureKind.CANCELLED and self.job and JobStore(self.context.paths.data, self.job).exists():
            job = self.job
            self.banner.show_message(self.tr("Stopped. The files done so far are kept."), "info", (self.tr("Resume"), lambda: self.resume(job)))
            return
        super().show_failure(failure)

    def _report_unreadable(self, unreadable: int, unsure: int = 0, revised: int = 0) -> None:
        parts = []
        if revised:
            parts.append(self.tr("Learning from all the files changed the label of %n file(s).", "", revised))
        if unreadable:
            parts.append(self.tr("%n item(s) could not be read; the table says why.", "", unreadable))
        if unsure:
            parts.append(self.tr("%n file(s) are unsure: check them and correct the label if needed.", "", unsure))
        if parts:
            self.banner.show_message(" ".join(parts), "info")

    def _current_index(self) -> int:
        item = self.results.current_item()
        return item.index if item is not None else -1

    def _show_passages(self) -> None:
        item = self.results.current_item()
        self.passages.show_item(item, self.results.label_of(item) if item is not None else "")

    def _open_current(self, index) -> None:
        if index.column() == 1:
            return  # double-click on the label edits it
        item = self.results.item_at(index.row())
        if item is not None and item.path:
            self.open_url(QUrl.fromLocalFile(item.path))

    def open_selected(self) -> None:
        """Enter in the results: open the current row's file (F2 edits its label)."""
        item = self.results.current_item()
        if item is not None and item.path:
            self.open_url(QUrl.fromLocalFile(item.path))

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.ShortcutFocusReason)
        self.search.selectAll()

    # ---------------------------------------------------- corrections, teach

    def _corrections_changed(self) -> None:
        self.learn_button.setEnabled(bool(self.results.corrections) and not self.busy)

    def _busy_changed(self, busy: bool) -> None:
        for widget in (self.clear_button, self.organize_button, self.undo_button, self.teach_button, self.suggest_button):
            widget.setEnabled(not busy)
        self._corrections_changed()
        if not busy:
            self._refresh_undo()

    def open_teach_dialog(self) -> None:
        dialog = TeachDialog(self, finetune=self.context.settings.classify_finetune)
        if not dialog.exec():
            return
        self.context.settings.classify_finetune = dialog.finetune.isChecked()  # remembered for the next time
        self.context.save_settings()
        if dialog.name.text().strip() and dialog.folder.text().strip():
            self.teach(dialog.name.text().strip(), dialog.folder.text().strip())

    def teach(self, name: str, folder: str) -> None:
        if not self.busy:
            self.submit(TrainRequest(name, examples_dir=folder, finetune=self.context.settings.classify_finetune))

    def learn_from_corrections(self) -> None:
        pairs = tuple((path, label) for path, label in self.results.corrections.items() if Path(path).is_file())
        if not pairs or self.busy:
            return
        name = self.classifier
        if not name:
            name, ok = QInputDialog.getText(
                self, self.tr("Add corrections to examples"), self.tr("Name of the classifier to train or extend:")
            )
            if not ok or not name.strip():
                return
        self.submit(TrainRequest(name.strip(), examples=pairs, extend=True))

    def _trained(self, summary: TrainedSummary) -> None:
        self.context.settings.classify_mode = summary.name
        self.refresh_classifiers()
        if summary.cv_accuracy is None:
            quality = self.tr("too few examples to measure its accuracy (give at least 2 per label)")
        else:
            quality = self.tr("cross-validated accuracy {accuracy} ({folds}-fold)").format(
                accuracy=f"{summary.cv_accuracy:.0%}", folds=summary.cv_folds
            )
        examples = ", ".join(f"{label}: {count}" for label, count in summary.examples)
        text = self.tr("Trained '{name}' ({examples}): {quality}. It is now selected.").format(
            name=summary.name, examples=examples, quality=quality
        )
        if summary.finetuned:
            text += " " + self.tr("The embedding model was tuned on the examples and is saved with the classifier.")
        if summary.names_used:
            text += " " + self.tr("The labels' names help it too: they count as a hint beside the examples.")
        if summary.unreadable:
            text += " " + self.tr("%n example file(s) could not be read.", "", len(summary.unreadable))
        self.banner.show_message(text, "info")

    # ------------------------------------------------------- suggested labels

    def suggest_labels(self) -> None:
        """Group the added files and offer a label per group (the result opens the suggestions)."""
        if self.busy:
            return
        if self.listing.busy:
            self.banner.show_message(_listing_text(), "info")
            return
        if not self.files:
            self.banner.show_message(self.tr("Add the files or a folder first: the labels are suggested from them."), "info")
            return
        self.job = None
        self.results.reset_rows([(p.name, str(p)) for p in self.files])
        items = tuple(ClassifyItem(name=p.name, path=str(p)) for p in self.files)
        self.submit(SuggestLabelsRequest(items=items, max_file_bytes=int(self.max_mb.value()) * 1024 * 1024))

    def _suggested(self, suggested: SuggestedLabels) -> None:
        self.suggestions_dialog = SuggestionsDialog(suggested, self)
        dialog = self.suggestions_dialog
        dialog.accepted.connect(lambda: self.use_suggestions(dialog.chosen(), suggested.unreadable))
        dialog.open()

    def use_suggestions(self, groups: list[tuple[str, list[tuple[str, float]]]], unreadable=()) -> None:
        """The labels the person kept become the labels, and each file gets its group's label in the
        table (its score: how close it is to the group's centre), ready to correct, organize or teach
        from; the files of removed groups are unsure, those that could not be read say why."""
        self.mode.setCurrentIndex(0)  # zero-shot: the labels field holds the labels
        self._mode_changed()
        self.labels.setText(", ".join(name for name, _ in groups))
        self._remember_labels()
        label_of = {path: (name, score) for name, files in groups for path, score in files}
        why = dict(unreadable)
        self.results.reset_rows([(p.name, str(p)) for p in self.files])
        for index, path in enumerate(self.files):
            key = str(path)
            if key in label_of:
                name, score = label_of[key]
                item = ClassifiedItem(index, path.name, LabelScores(((name, score),)), path=key, labels=(name,))
            elif key in why:
                item = ClassifiedItem(index, path.name, None, error=why[key], path=key)
            else:
                item = ClassifiedItem(index, path.name, LabelScores(((self.tr("no label"), 0.0),)), path=key, unsure=True)
            self.results.show_item(item)
        self.banner.show_message(
            self.tr("%n label(s) set from the suggestions. Check the table (a label can be corrected by double-clicking it), then organize.", "", len(groups)),
            "info",
        )

    # -------------------------------------------------------------- organize

    def assignments(self) -> tuple[tuple[str, str], ...]:
        """(path, label) for every classified file with a sure label, corrections applied."""
        out = []
        for item in self.results.items():
            corrected = self.results.corrections.get(item.path)
            if item.path and (corrected or (item.ok and item.labels and not item.unsure)):
                out.append((item.path, corrected or item.labels[0]))
        return tuple(out)

    def open_organize_dialog(self) -> None:
        if not self.assignments():
            self.banner.show_message(self.tr("Classify some files first: there is nothing to organize yet."), "info")
            return
        dialog = OrganizeDialog(self)
        if dialog.exec() and dialog.destination.text().strip():
            self.organize(dialog.destination.text().strip(), dialog.mode)

    def organize(self, destination: str, mode: str) -> None:
        """Step 1: the dry run.  Its result opens the preview, which asks before anything moves."""
        if not self.busy:
            self.submit(OrganizeRequest(self.assignments(), destination, mode=mode, dry_run=True))

    def _organized(self, result: OrganizeResult) -> None:
        if result.mode == "undo":
            text = self.tr("Undone: %n file(s) are back where they were.", "", result.done)
            kept = len(result.skipped) - len(result.failed)
            if kept:
                text += " " + self.tr("%n changed copy(ies) were kept.", "", kept)
            if result.failed:
                text += " " + self.tr("%n could not be put back: %1. Fix that and undo again.", "", len(result.failed)).replace(
                    "%1", _first_failure(result.failed)
                )
            self.banner.show_message(text, "error" if result.failed else "info")
            self._refresh_undo()
            return
        if not result.run_id:  # the dry run: show it, act only on OK
            self.preview_dialog = PreviewDialog(result, self)
            self.preview_dialog.accepted.connect(lambda: self._apply_plan(result))
            self.preview_dialog.open()
            return
        if result.mode == "move":
            text = self.tr("%n file(s) moved into label folders.", "", result.done)
        else:
            text = self.tr("%n file(s) copied into label folders.", "", result.done)
        left_alone = len(result.skipped) - len(result.failed)
        if left_alone:
            text += " " + self.tr("%n file(s) were left alone.", "", left_alone)
        if result.failed:
            text += " " + self.tr("%n file(s) failed and stay where they were: %1.", "", len(result.failed)).replace(
                "%1", _first_failure(result.failed)
            )
        self.banner.show_message(text, "error" if result.failed else "info", (self.tr("Undo"), lambda: self.undo(result.run_id)))

    def _apply_plan(self, plan: OrganizeResult) -> None:
        destination = str(Path(plan.planned[0].target).parent.parent) if plan.planned else ""
        assignments = tuple((op.source, op.label) for op in plan.planned)
        self.submit(OrganizeRequest(assignments, destination, mode=plan.mode))

    def _refresh_undo(self) -> None:
        self.last_run = next((r for r in list_runs(self.context.paths.data) if not r["undone"]), None)
        self.undo_button.setEnabled(self.last_run is not None and not self.busy)
        if self.last_run:
            self.undo_button.setToolTip(self.tr("Put back the %n file(s) of the last organize run", "", self.last_run["done"]))
        else:
            self.undo_button.setToolTip(self.tr("Nothing to undo: no organize run yet"))

    def undo_last_run(self) -> None:
        if self.last_run is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Undo organize"), self.tr("Put back the %n file(s) of the last run?", "", self.last_run["done"])
        )
        if answer == QMessageBox.Yes:
            self.undo(self.last_run["run"])

    def undo(self, run_id: str) -> None:
        if not self.busy:
            self.submit(OrganizeRequest(undo=run_id))

    # ---------------------------------------------------------------- export

    def choose_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export results"), "results.csv", self.tr("CSV (*.csv);;JSON (*.json)"))
        if name:
            self.export(Path(name))

    def export(self, path: Path) -> int:
        items = self.results.items()
        try:
            if path.suffix.lower() == ".json":
                count = write_json(items, path, self.results.corrections)
            else:
                count = write_csv(items, path, self.results.corrections)
        except CannotWrite as exc:
            self.banner.show_message(for_person(exc), "error")
            return 0
        except OSError as exc:
            self.banner.show_message(self.tr("The results could not be saved: {error}").format(error=exc.strerror or exc), "error")
            return 0
        self.status_label.setText(self.tr("Exported %n row(s) to {file}", "", count).format(file=path.name))
        return count

    def table_as_csv(self) -> str:
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer)
        proxy = self.results.proxy
        columns = range(proxy.columnCount())
        writer.writerow([proxy.headerData(c, Qt.Horizontal) for c in columns])  # what the table shows, as shown
        for row in range(proxy.rowCount()):
            writer.writerow([proxy.index(row, c).data() or "" for c in columns])
        return buffer.getvalue()


def _spin(value: float, tip: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0.0, 1.0)
    spin.setSingleStep(0.05)
    spin.setDecimals(2)
    spin.setValue(value)
    spin.setToolTip(tip)
    return spin


def _buddy(text: str, control: QWidget) -> QLabel:
    """A label that names ``control`` for screen readers (its buddy)."""
    label = QLabel(text)
    label.setBuddy(control)
    return label


def _listing_text() -> str:
    """'Listing the files…', the classify job's own words for it (a core sentence, translated there)."""
    return for_person(say("Listing the files…"))


def _first_failure(failed: tuple[tuple[str, str], ...]) -> str:
    """The first file that failed and why, in the person's language (the rest are in the log)."""
    path, why = failed[0]
    return f"{Path(path).name} ({for_person(why)})"


def _preview(text: str, length: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"
