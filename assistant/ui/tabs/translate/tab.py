"""Translate: paste text or open a file, pick the languages, sentences appear as they finish.

The language lists show every language with what the installed models can do
with it: "✓" a model translates it directly, "via English" two models do, and
"needs a model" (greyed) nothing installed does yet.  "Detect language" lets the
worker guess the source; the guess and its confidence are shown and the user can
pick the language instead.

For a pair that needs a model, a strip under the lists offers the catalog's models
that would translate it (routes.download_offers), with size and licence, and
downloads the chosen one right here: the same download as the Models page's
(ui/downloads.py), with its progress and Stop.  When it is in, the Models page
rescans, the lists are rebuilt and the pair works.  For a pair that works through
English, a small "Direct model…" button offers the same, only when asked.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cmp_to_key
from pathlib import Path

from PySide6.QtCore import QCollator, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDesktopServices,
    QGuiApplication,
    QKeySequence,
    QShortcut,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
)

from assistant.core import languages
from assistant.core.models.messages import DownloadedModel, DownloadProgress, format_bytes
from assistant.core.models.sources import ModelInventory
from assistant.core.protocol import Failure, FailureKind, Partial, Result, Started, Task
from assistant.core.text import Line, join_lines, split_lines
from assistant.core.translate.files import SUFFIXES
from assistant.core.translate.glossary import (
    GLOSSARY_FILE,
    GlossaryError,
    StoredGlossary,
    pairs_for,
)
from assistant.core.translate.messages import FileTranslation, GlossaryReport, TranslatedSentence, TranslateFileRequest, TranslateRequest, TranslationInfo
from assistant.core.translate.routes import (
    VIA_ENGLISH,
    DownloadOffer,
    availability,
    download_offers,
    find_route,
    serves,
)
from assistant.ui.downloads import ModelDownloads
from assistant.ui.i18n.core_text import for_person
from assistant.ui.i18n.language_names import language_label, language_name
from assistant.ui.tabs.base import TaskTab, UiContext
from assistant.ui.theme import colour
from assistant.ui.widgets.banner import strip_style

PENDING = "…"


def qt_length(text: str) -> int:
    """How many positions ``text`` takes in a QTextDocument: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


class SentenceSlots:
    """Where each sentence of the output starts while its "…" is replaced, one sentence at a time.

    The output is first the whole text with a placeholder per sentence (join_lines with
    PENDING); sentences then finish in any order (the worker sorts them by length).  The
    start of sentence i is its start in that first text plus the change in length of the
    sentences before it, kept in a Fenwick tree: finding a place and recording a new
    length take O(log n), so each finished sentence costs the same however long the text.
    Positions are QTextDocument positions (UTF-16 code units, one per line break).
    """

    def __init__(self, lines: list[Line], joiner: str, placeholder: str = PENDING) -> None:
        self.first_text = join_lines(lines, [placeholder] * sum(len(line.sentences) for line in lines), joiner)
        self.starts: list[int] = []
        self.lengths: list[int] = []
        position = 0
        placeholder_length, joiner_length = qt_length(placeholder), qt_length(joiner)
        for number, line in enumerate(lines):
            position += (1 if number else 0) + qt_length(line.indent)
            for k in range(len(line.sentences)):
                position += joiner_length if k else 0
                self.starts.append(position)
                self.lengths.append(placeholder_length)
                position += placeholder_length
        self._tree = [0] * (len(self.starts) + 1)  # Fenwick tree of length changes, 1-based

    def __len__(self) -> int:
        return len(self.starts)

    def span(self, index: int) -> tuple[int, int]:
        """(start, end) of sentence ``index`` in the output now."""
        shift, i = 0, index  # sum of the changes of sentences 0 .. index-1
        while i > 0:
            shift += self._tree[i]
            i -= i & -i
        start = self.starts[index] + shift
        return start, start + self.lengths[index]

    def set_length(self, index: int, length: int) -> None:
        change = length - self.lengths[index]
        self.lengths[index] = length
        i = index + 1
        while i < len(self._tree):
            self._tree[i] += change
            i += i & -i


class ModelOffer(QFrame):
    """The strip that offers catalog models for a language pair: choose one, Download, watch it, Stop.

    It shows the shared download (ModelDownloads) whenever that download is one of the
    models it offers, whoever started it, so the Models page and this strip agree.
    """

    dismissed = Signal()
    requested = Signal(object)  # the DownloadOffer whose Download was clicked

    def __init__(self, downloads: ModelDownloads, show_models_page, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("modelOffer")
        self.kind = "info"
        self.setStyleSheet(strip_style("modelOffer", "info"))  # the banner's colours
        self.downloads = downloads
        self.offers: list[DownloadOffer] = []
        self._headline = ""
        self._waiting = False  # the status says another download is under way
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.PlainText)
        self.choice = QComboBox()
        self.choice.setAccessibleName(self.tr("Model to download"))
        self.choice.currentIndexChanged.connect(self._choice_changed)
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.clicked.connect(self.download)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop the download; what was fetched is kept and the next try goes on from there"))
        self.stop_button.clicked.connect(self.downloads.stop)
        self.models_page_button = QPushButton(self.tr("Open Models page"))
        self.models_page_button.setToolTip(self.tr("The recommended translation models on the Models page"))
        self.models_page_button.clicked.connect(show_models_page)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Hide this offer"))
        close.setAccessibleName(self.tr("Hide this offer"))
        close.clicked.connect(self.dismiss)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)  # per mille: byte counts overflow a QProgressBar's int
        self.progress.setTextVisible(True)
        self.progress.setAccessibleName(self.tr("Download progress"))
        self.status = QLabel()
        self.status.setTextFormat(Qt.PlainText)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.status.hide()

        top = QHBoxLayout()
        top.addWidget(self.label, 1)
        top.addWidget(self.choice)
        top.addWidget(self.download_button)
        top.addWidget(self.stop_button)
        top.addWidget(self.models_page_button)
        top.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)

        downloads.started.connect(self._started)
        downloads.partial.connect(self._partial)
        downloads.progress.connect(self._progress)
        downloads.finished.connect(self._finished)
        self._show_download_state()
        self.hide()

    # ------------------------------------------------------------------ offer

    def offer(self, headline: str, offers: list[DownloadOffer]) -> None:
        """Show ``headline`` and the models of ``offers`` (best first) to choose from."""
        same_pair = bool(self.offers and offers) and (self.offers[0].source, self.offers[0].target) == (offers[0].source, offers[0].target)
        keep = self.selected.entry.id if same_pair and self.selected else ""
        if not same_pair:
            self.clear_status()
        self._headline, self.offers = headline, offers
        self.choice.blockSignals(True)
        self.choice.clear()
        for offer in offers:
            entry = offer.entry
            text = self.tr("{name} — {size}, {license}").format(name=entry.display_name, size=size_text(entry.size_mb), license=entry.license)
            if offer.kind == VIA_ENGLISH:
                text += self.tr(" (through English)")
            self.choice.addItem(text, entry.id)
            self.choice.setItemData(self.choice.count() - 1, f"{entry.id}: {entry.note}", Qt.ToolTipRole)
        index = self.choice.findData(keep) if keep else -1
        self.choice.setCurrentIndex(max(index, 0))
        self.choice.blockSignals(False)
        self.choice.setVisible(len(offers) > 1)
        self._choice_changed()
        self._show_download_state()
        self.show()

    @property
    def selected(self) -> DownloadOffer | None:
        index = self.choice.currentIndex()
        return self.offers[index] if 0 <= index < len(self.offers) else None

    def shows_pair(self, source: str, target: str) -> bool:
        return bool(self.offers) and (self.offers[0].source, self.offers[0].target) == (source, target)

    def offered_ids(self) -> set[str]:
        return {offer.entry.id for offer in self.offers}

    def _choice_changed(self) -> None:
        offer = self.selected
        if offer is None:
            self.label.setText(self._headline)
            return
        entry = offer.entry
        question = self.tr("Download {name} ({size}, {license})?").format(name=entry.display_name, size=size_text(entry.size_mb), license=entry.license)
        if offer.kind == VIA_ENGLISH:
            first, second = (offer.source, "en") if offer.entry.pair[0] == "en" else ("en", offer.target)
            half = self.tr("{source} → {target}").format(source=language_name(first), target=language_name(second))
            question += " " + self.tr("Together with the installed {half} model, it translates through English.").format(half=half)
        self.label.setText(f"{self._headline} {question}")
        self.label.setToolTip(f"{entry.id}: {entry.note}")
        self.download_button.setToolTip(self.tr("Download {id} into the Hugging Face cache").format(id=entry.id))

    def clear_status(self) -> None:
        self._set_status("")
        self._set_kind("info")

    def _set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))  # no empty line in the strip

    def _set_kind(self, kind: str) -> None:
        self.kind = kind
        self.setStyleSheet(strip_style("modelOffer", kind))

    def dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()

    # --------------------------------------------------------------- download

    def download(self) -> None:
        offer = self.selected
        if offer is None or self.downloads.busy:
            return
        self._set_kind("info")
        if self.downloads.start(offer.entry.id, offer.entry.revision):
            self.requested.emit(offer)

    @property
    def showing_download(self) -> bool:
        """Whether the download under way is one of the offered models."""
        return self.downloads.busy and self.downloads.repo_id in self.offered_ids()

    def _show_download_state(self) -> None:
        mine = self.showing_download
        other = self.downloads.busy and not mine
        self.download_button.setEnabled(not self.downloads.busy and bool(self.offers))
        self.download_button.setVisible(not mine)
        self.stop_button.setVisible(mine)
        self.choice.setEnabled(not mine)
        self.progress.setVisible(mine)
        if other:
            self._set_kind("info")
            self._set_status(self.tr("Another download is under way ({id}); this one can start when it ends.").format(id=self.downloads.repo_id))
        elif self._waiting:
            self.clear_status()
        self._waiting = other

    def _started(self, repo_id: str) -> None:
        if repo_id in self.offered_ids():
            index = self.choice.findData(repo_id)
            if index >= 0:
                self.choice.setCurrentIndex(index)  # started from the Models page: show which one
            self.progress.setValue(0)
            self.progress.setFormat("%p%")
            self._set_kind("info")
            self._set_status(self.tr("Asking the hub about {id}…").format(id=repo_id))
        self._show_download_state()

    def _partial(self, progress: DownloadProgress) -> None:
        if self.showing_download and progress.total:
            self.progress.setValue(int(1000 * progress.done / progress.total))
            self.progress.setFormat(
                self.tr("{done} of {total} (%p%)").format(done=format_bytes(progress.done), total=format_bytes(progress.total))
            )

    def _progress(self, message: str) -> None:
        if self.showing_download:
            self._set_status(message)

    def _finished(self, reply: Result | Failure) -> None:
        was_mine = self.downloads.repo_id in self.offered_ids()
        self._show_download_state()
        if not was_mine:
            return
        if isinstance(reply, Result):
            result: DownloadedModel = reply.payload
            self._set_kind("info")
            self._set_status(self.tr("Downloaded {id}; adding it to the installed models…").format(id=result.repo_id))
        elif reply.kind is FailureKind.CANCELLED:
            self._set_kind("info")
            self._set_status(for_person(reply.message))
        else:
            self._set_kind("error")
            self._set_status(self.tr("The download failed: {reason}").format(reason=for_person(reply.message)))


def size_text(size_mb: float) -> str:
    return format_bytes(size_mb * 1e6) if size_mb > 0 else "?"


class TranslateTab(TaskTab):
    task = Task.TRANSLATE
    run_text = "Translate"  # base class default; the button's text is set translated below

    def __init__(self, context: UiContext, parent=None) -> None:
        super().__init__(context, parent)
        self.run_button.setText(self.tr("Translate"))
        self.run_button.setToolTip(self.tr("Translate (Ctrl+Enter)"))
        self._pairs: set[tuple[str, str]] = set()  # direct pairs, for a quick look
        self._inventory = ModelInventory()
        self._availability = availability(self._inventory)
        self._lines: list[Line] = []
        self._sentences: list[str] = []
        self._joiner = " "  # between sentences in the target language of the request under way
        self._slots: SentenceSlots | None = None  # the sentences shown in the output, once the first has finished
        self._unshown: dict[int, str] = {}  # finished sentences not in the output yet: index -> text
        # The worker sends a batch's sentences together: they are put in the output together, in one edit,
        # once the event loop has delivered them all (a zero timer), so a paragraph is laid out once per batch.
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(0)
        self._show_timer.timeout.connect(self._show_sentences)
        self._stored_glossary: StoredGlossary | None = None
        self._file_job: TranslateFileRequest | None = None
        self._offer_dismissed: set[tuple[str, str]] = set()  # pairs whose offer the user closed
        # A model downloaded from the strip, and the pair it was for, until the rescan that lists it.
        self._fresh_download: tuple[str, str, str] | None = None
        self.source_language = QComboBox()
        self.source_language.setAccessibleName(self.tr("Source language"))
        self.target_language = QComboBox()
        self.target_language.setAccessibleName(self.tr("Target language"))
        swap = QToolButton()
        swap.setText("⇄")
        swap.setToolTip(self.tr("Swap languages (Ctrl+Shift+S)"))
        swap.setAccessibleName(self.tr("Swap languages"))
        swap.setShortcut("Ctrl+Shift+S")
        swap.clicked.connect(self.swap_languages)
        self.pair_note = QLabel()
        self.pair_note.setTextFormat(Qt.PlainText)
        self.pair_note.setAccessibleName(self.tr("Models for this pair"))
        self.better_button = QToolButton()  # a pair that works through English: a direct model, if wanted
        self.better_button.setText(self.tr("Direct model…"))
        self.better_button.setToolTip(self.tr("Models that translate this pair directly, to download"))
        self.better_button.setAutoRaise(True)
        self.better_button.clicked.connect(self.show_better_models)
        self.better_button.hide()
        self.detected_note = QLabel()
        self.detected_note.setTextFormat(Qt.PlainText)
        self.detected_note.setAccessibleName(self.tr("Detected language"))
        self.model_offer = ModelOffer(context.downloads, self.open_catalog)
        self.model_offer.dismissed.connect(self._offer_closed)
        self.model_offer.requested.connect(self._download_requested)
        self._requested: DownloadOffer | None = None  # the download this tab's strip started
        self._better_asked: tuple[str, str] | None = None  # the pair whose "Direct model…" button was clicked
        self._scanned = False  # no offer before the first look for installed models: every pair would need one
        context.downloads.finished.connect(self._download_finished)
        self.source = QPlainTextEdit()
        self.source.setPlaceholderText(self.tr("Paste or type the text to translate — Ctrl+Enter to translate, Ctrl+O for a file"))
        self.source.setAccessibleName(self.tr("Text to translate"))
        self.output = QPlainTextEdit()
        self.output.setReadOnly(True)
        self.output.setUndoRedoEnabled(False)  # read-only: an undo history of every finished sentence would only grow
        self.output.setPlaceholderText(self.tr("The translation appears here, sentence by sentence."))
        self.output.setAccessibleName(self.tr("Translation"))
        self.file_button = QPushButton(self.tr("Translate file…"))
        self.file_button.setToolTip(self.tr("Translate a .txt, .md or .docx file into a new file (Ctrl+O)"))
        self.file_button.clicked.connect(self.choose_file)
        glossary_button = QPushButton(self.tr("Glossary…"))
        glossary_button.setToolTip(self.tr("Terms that must be translated in a fixed way (Ctrl+G)"))
        glossary_button.clicked.connect(self.edit_glossary)
        self.use_glossary = QCheckBox(self.tr("Use glossary"))
        self.use_glossary.setChecked(context.settings.translate_use_glossary)
        self.use_glossary.toggled.connect(self._remember_glossary_choice)
        copy = QPushButton(self.tr("Copy"))
        copy.setToolTip(self.tr("Copy the translation (Ctrl+Shift+C)"))
        copy.clicked.connect(self.copy_output)
        clear = QPushButton(self.tr("Clear"))
        clear.setToolTip(self.tr("Clear both panes (Ctrl+Shift+X)"))
        clear.clicked.connect(self.clear)
        for keys, slot in (("Ctrl+O", self.choose_file), ("Ctrl+G", self.edit_glossary), ("Ctrl+Shift+C", self.copy_output), ("Ctrl+Shift+X", self.clear)):
            QShortcut(QKeySequence(keys), self, slot, context=Qt.WidgetWithChildrenShortcut)
        self.busy_changed.connect(lambda busy: self.file_button.setEnabled(not busy))

        language_row = QHBoxLayout()
        from_label = QLabel(self.tr("From"))
        from_label.setBuddy(self.source_language)
        to_label = QLabel(self.tr("to"))
        to_label.setBuddy(self.target_language)
        language_row.addWidget(from_label)
        language_row.addWidget(self.source_language)
        language_row.addWidget(swap)
        language_row.addWidget(to_label)
        language_row.addWidget(self.target_language)
        language_row.addWidget(self.pair_note, 1)
        language_row.addWidget(self.better_button)
        language_row.addWidget(self.detected_note)
        splitter = QSplitter()
        splitter.addWidget(self.source)
        splitter.addWidget(self.output)
        self.setFocusProxy(self.source)  # switching to the tab puts the cursor in its input
        layout = self.base_layout()
        layout.addLayout(language_row)
        layout.addWidget(self.model_offer)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.progress)
        layout.addLayout(self.button_row(self.file_button, glossary_button, self.use_glossary, copy, clear))

        self._fill_languages(context.settings.translate_source, context.settings.translate_target)
        self.source_language.currentIndexChanged.connect(self._source_changed)
        self.target_language.currentIndexChanged.connect(self._languages_changed)
        self._languages_changed()

    # ------------------------------------------------------------ languages

    def _all_codes(self) -> list[str]:
        codes = set(languages.LANGUAGES) | set(self._availability.languages)
        collator = QCollator()  # the interface language's alphabetical order (pinyin for Chinese, with ICU)
        return sorted(codes, key=cmp_to_key(lambda a, b: collator.compare(language_name(a), language_name(b))))

    def _fill_languages(self, source: str, target: str) -> None:
        """(Re)build both lists, usable languages first, keeping the selection."""
        status = self._availability
        sources = status.sources()
        for box in (self.source_language, self.target_language):
            box.blockSignals(True)
            box.clear()
        self.source_language.addItem(self.tr("Detect language"), languages.AUTO)
        codes = self._all_codes()  # sorted by name: once for both lists
        add = self._item_adder(self.source_language)
        for code in sorted(codes, key=lambda c: c not in sources):
            add(code, "" if code in sources else "missing")
        self._select(self.source_language, source)
        self._fill_targets(target, codes)
        for box in (self.source_language, self.target_language):
            box.blockSignals(False)

    def _fill_targets(self, target: str, codes: list[str] | None = None) -> None:
        source = self.source_language.currentData()
        status = self._availability
        box = self.target_language
        box.blockSignals(True)
        box.clear()
        states = {}  # code -> "direct" | "pivot" | "missing" | "" (reachable from some source)
        sources = status.sources()
        for code in codes if codes is not None else self._all_codes():
            if source == languages.AUTO:
                reachable = any(status.status(s, code) != "missing" for s in sources)
                states[code] = "" if reachable else "missing"
            else:
                states[code] = status.status(source, code)
        add = self._item_adder(box)
        for code in sorted(states, key=lambda c: states[c] == "missing"):
            if code != source:
                add(code, states[code])
        self._select(box, target)
        box.blockSignals(False)

    def _item_adder(self, box: QComboBox) -> Callable[[str, str], None]:
        """A function that adds a language to ``box`` with its state; the notes, colour and tooltip made once
        (a list holds ~150 languages, and the Models page's rescan refills both lists)."""
        notes = {"direct": "✓", "pivot": self.tr("via English"), "missing": self.tr("needs a model")}
        muted = QBrush(QColor(colour("muted")))
        missing_tip = self.tr("No installed model translates this: pick it to see which model to download")
        foreground, tooltip = Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole

        def add(code: str, state: str) -> None:
            note = notes.get(state, "")
            box.addItem(language_label(code) + (f"  — {note}" if note else ""), code)
            if state == "missing":
                box.setItemData(box.count() - 1, muted, foreground)
                box.setItemData(box.count() - 1, missing_tip, tooltip)

        return add

    @staticmethod
    def _select(box: QComboBox, code: str) -> None:
        index = box.findData(code)
        if index < 0:
            box.addItem(code, code)
            index = box.count() - 1
        box.setCurrentIndex(index)

    def set_inventory(self, inventory: ModelInventory) -> None:
        self._inventory = inventory
        self._scanned = True
        self._availability = availability(inventory)
        self._pairs = set(self._availability.direct)
        self._fill_languages(self.source_language.currentData(), self.target_language.currentData())
        self._languages_changed()

    def _source_changed(self) -> None:
        self._fill_targets(self.target_language.currentData())
        self._languages_changed()

    def _languages_changed(self) -> None:
        source, target = self.source_language.currentData(), self.target_language.currentData()
        self.detected_note.clear()
        if self._chosen_model_for(source, target):
            self.pair_note.setText(self.tr("Using the model chosen on the Models page"))
        elif source == languages.AUTO:
            self.pair_note.setText(self.tr("The source language is detected when you translate"))
        elif (source, target) in self._pairs:
            self.pair_note.setText(self.tr("✓ installed"))
        elif self._availability.status(source, target) == "pivot":
            route = find_route(self._inventory, source, target)
            if route:
                self.pair_note.setText(self.tr("No direct model: through English ({models})").format(models=" + ".join(route.model_names)))
            else:
                self.pair_note.setText(self.tr("Through English"))
        else:
            self.pair_note.setText(self.tr("No model installed for this pair"))
        self._update_offer(source, target)
        settings = self.context.settings
        if (settings.translate_source, settings.translate_target) != (source, target):  # not at startup: nothing changed
            settings.translate_source, settings.translate_target = source, target
            self.context.save_settings()  # an atomic write with fsync

    def _chosen_model_for(self, source: str, target: str) -> str | None:
        """The model chosen on the Models page, when it can translate this pair (else the best route is used)."""
        key = self.chosen_model()
        if not key:
            return None
        info = self._inventory.find(key)
        if info is None or (not info.languages and not info.language_codes):
            return key  # nothing known about it: the user's choice stands
        if source == languages.AUTO:
            return key if (info.language_codes and target in info.language_codes) or (info.languages and info.languages[1] == target) else None
        return key if serves(info, source, target) else None

    def swap_languages(self) -> None:
        source, target = self.source_language.currentData(), self.target_language.currentData()
        if source == languages.AUTO:
            source = self._detected or target
        self._select(self.source_language, target)
        self._fill_targets(source)
        self._languages_changed()
        if self.output.toPlainText().strip() and not self.busy:
            self.source.setPlainText(self.output.toPlainText())
            self.output.clear()

    _detected: str | None = None

    # ------------------------------------------------- models to download

    def _pair_text(self, source: str, target: str) -> str:
        return self.tr("{source} → {target}").format(source=language_name(source), target=language_name(target))

    def _offers(self, source: str, target: str) -> list[DownloadOffer]:
        if source == languages.AUTO or self._chosen_model_for(source, target):
            return []
        return download_offers(self.context.downloads.catalog, source, target, self._inventory)

    def _update_offer(self, source: str, target: str) -> None:
        """Offer the catalog's models for a pair that needs one; for a pair through English, only when asked.

        The strip is always about the pair shown.  It stays open while one of its models downloads.
        """
        if self._fresh_download:
            self._announce_download(*self._fresh_download)
            self._fresh_download = None
        state = "" if source == languages.AUTO or not self._scanned else self._availability.status(source, target)
        offers = self._offers(source, target) if state in ("missing", "pivot") else []
        self.better_button.setVisible(state == "pivot" and bool(offers))
        downloads = self.context.downloads
        downloading = downloads.busy and downloads.repo_id in {offer.entry.id for offer in offers}
        if state == "pivot":
            # A better option, not a missing one: the strip opens only when asked (the "Direct model…" button).
            asked = self._better_asked == (source, target) and not self.model_offer.isHidden()
            wanted = asked or downloading
        else:
            wanted = bool(offers) and ((source, target) not in self._offer_dismissed or downloading)
        if not wanted:
            self.model_offer.hide()
            return
        self.model_offer.offer(self._headline(source, target, state), offers)

    def _headline(self, source: str, target: str, state: str) -> str:
        pair = self._pair_text(source, target)
        if state == "pivot":
            return self.tr("{pair} works through English; a direct model is usually better and faster.").format(pair=pair)
        return self.tr("No installed model translates {pair}.").format(pair=pair)

    def _announce_download(self, repo_id: str, source: str, target: str) -> None:
        """After the rescan that follows a download from the strip: does the pair it was for work now?"""
        self.model_offer.clear_status()
        pair = self._pair_text(source, target)
        state = self._availability.status(source, target)
        if state == "direct" or self._chosen_model_for(source, target):
            text = self.tr("{id} is installed: {pair} works now.").format(id=repo_id, pair=pair)
        elif state == "pivot":
            text = self.tr("{id} is installed: {pair} works now, through English.").format(id=repo_id, pair=pair)
        else:
            # e.g. the folder downloaded is no model this program can read, or lacks one of the languages
            self.banner.show_message(
                self.tr("{id} was downloaded, but no installed model translates {pair} yet: see the Models page.").format(id=repo_id, pair=pair),
                "error",
                (self.tr("Open Models page"), self.context.show_models_page),
            )
            return
        self.banner.show_message(text, "info")

    def show_better_models(self) -> None:
        """The "Direct model…" button: open the strip with the direct models for a pair that works through English."""
        source, target = self.source_language.currentData(), self.target_language.currentData()
        offers = self._offers(source, target)
        if offers:
            self._better_asked = (source, target)
            self.model_offer.offer(self._headline(source, target, self._availability.status(source, target)), offers)

    def open_catalog(self) -> None:
        """The strip's "Open Models page": its catalog of translation models, the chosen one selected for download."""
        offer = self.model_offer.selected
        self.context.show_catalog(Task.TRANSLATE.value, offer.entry.id if offer else "")

    def _offer_closed(self) -> None:
        pair = (self.source_language.currentData(), self.target_language.currentData())
        self._offer_dismissed.add(pair)

    def _download_requested(self, offer: DownloadOffer) -> None:
        self._requested = offer

    def _download_finished(self, reply: Result | Failure) -> None:
        """A download this tab started ended: say so; the Models page's rescan then makes the pair usable."""
        offer, self._requested = self._requested, None
        if offer is None or offer.entry.id != self.context.downloads.repo_id:
            return
        if isinstance(reply, Result):
            self._fresh_download = (offer.entry.id, offer.source, offer.target)  # told once the rescan (set_inventory) lists it
        elif reply.kind is not FailureKind.CANCELLED and (self.model_offer.isHidden() or offer.entry.id not in self.model_offer.offered_ids()):
            # The strip that says why is closed (another pair is shown): the banner says it instead.
            self.banner.show_message(self.tr("Could not download {id}: {reason}").format(id=offer.entry.id, reason=for_person(reply.message)), "error")

    # --------------------------------------------------------------- actions

    def copy_output(self) -> None:
        QGuiApplication.clipboard().setText(self.output.toPlainText())

    def clear(self) -> None:
        if self.busy:
            return
        self.source.clear()
        self.output.clear()
        self.banner.hide()
        self.detected_note.clear()

    def _remember_glossary_choice(self, checked: bool) -> None:
        self.context.settings.translate_use_glossary = checked
        self.context.save_settings()

    @property
    def glossary_path(self) -> Path:
        return self.context.paths.data / GLOSSARY_FILE

    def edit_glossary(self) -> None:
        from assistant.ui.tabs.translate.glossary_dialog import GlossaryDialog

        dialog = GlossaryDialog(self.glossary_path, self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()  # not exec(): the window keeps answering while it is open
        self.glossary_dialog = dialog

    def _glossary(self, source: str, target: str) -> tuple[tuple[str, str], ...]:
        if not self.use_glossary.isChecked():
            return ()
        path = self.glossary_path
        if self._stored_glossary is None or self._stored_glossary.path != path:
            self._stored_glossary = StoredGlossary(path)
        try:
            return pairs_for(self._stored_glossary.terms(), source, target)  # parsed again only when the file changed
        except GlossaryError as exc:
            self.banner.show_message(self.tr("{problem} Translating without it.").format(problem=for_person(exc)), "error")
            return ()

    def choose_file(self) -> None:
        if self.busy:
            return
        patterns = " ".join(f"*{suffix}" for suffix in SUFFIXES)
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Translate a file"), "", self.tr("Documents ({patterns})").format(patterns=patterns))
        if not name:
            return
        path = Path(name)
        target = self.target_language.currentData()
        suggested = path.with_name(f"{path.stem}.{target}{path.suffix}")
        out, _ = QFileDialog.getSaveFileName(self, self.tr("Save the translation as"), str(suggested), f"*{path.suffix}")
        if out:
            self.translate_file(path, Path(out))

    def translate_file(self, path: Path, out_path: Path) -> None:
        if self.busy:
            return
        self.banner.hide()
        source, target = self.source_language.currentData(), self.target_language.currentData()
        request = TranslateFileRequest(
            str(path),
            str(out_path),
            source,
            target,
            glossary=self._glossary(source, target),
            checkpoint_dir=str(self.context.paths.cache / "translate-checkpoints"),
            model=self._chosen_model_for(source, target),
        )
        self._file_job = request
        self._lines, self._sentences, self._slots, self._unshown = [], [], None, {}
        self.output.setPlainText(self.tr("Translating {file} into {out}…").format(file=path.name, out=out_path.name))
        self.submit(request)

    # ------------------------------------------------------------ requests

    def build_request(self) -> TranslateRequest | None:
        text = self.source.toPlainText()
        if not text.strip():
            self.banner.show_message(self.tr("Paste or type some text to translate first."), "info")
            return None
        source, target = self.source_language.currentData(), self.target_language.currentData()
        self._file_job = None
        self._lines = split_lines(text)
        self._sentences = [PENDING] * sum(len(line.sentences) for line in self._lines)
        self._joiner = languages.joiner(target or "")
        self._slots, self._unshown = None, {}
        self.output.clear()
        return TranslateRequest(text, source, target, model=self._chosen_model_for(source, target), glossary=self._glossary(source, target))

    def on_started(self, reply: Started) -> None:
        super().on_started(reply)
        info = reply.detail
        if isinstance(info, TranslationInfo):
            if info.detected:
                self._detected = info.detected
                self.detected_note.setText(
                    self.tr("Detected: {language} ({confidence})").format(language=language_name(info.detected), confidence=f"{info.confidence:.0%}")
                )
                guesses = ", ".join(f"{language_name(c)} {p:.0%}" for c, p in info.alternatives)
                self.detected_note.setToolTip(
                    self.tr("Other guesses: {guesses}. Pick the language in the list if the guess is wrong.").format(guesses=guesses)
                )
            if info.pivot:
                self.pair_note.setText(self.tr("No direct model: through English ({models})").format(models=" + ".join(info.models)))

    def on_partial(self, reply: Partial) -> None:
        payload = reply.payload
        if isinstance(payload, GlossaryReport):
            if payload.missed:
                self.banner.show_message(
                    self.tr("Glossary: the model did not keep {terms} in every sentence; check those places.").format(terms=", ".join(payload.missed)),
                    "info",
                )
            return
        if isinstance(payload, TranslatedSentence) and self._file_job is None and 0 <= payload.index < len(self._sentences):
            self._sentences[payload.index] = payload.text
            self._unshown[payload.index] = payload.text
            if not self._show_timer.isActive():
                self._show_timer.start()

    def _show_sentences(self) -> None:
        """Put the sentences finished since the last time in place of their "…": work for those sentences
        (and the paragraphs they are in), not for the whole text."""
        unshown, self._unshown = self._unshown, {}
        if not unshown:
            return
        if self._slots is None:
            # The first finished sentences: the whole text with a "…" for each sentence, once per request.
            self._slots = SentenceSlots(self._lines, self._joiner)
            if "\r" in self._slots.first_text:
                # A carriage return is a line break of its own in a QTextDocument ("\r\n" one, not two):
                # positions would not add up, so such a text is shown whole each time, as it always was.
                self._slots = None
                self.output.setPlainText(join_lines(self._lines, self._sentences, self._joiner))
                return
            self.output.setPlainText(self._slots.first_text)
        cursor = QTextCursor(self.output.document())
        cursor.beginEditBlock()  # one change for all: the layout follows once; setPosition lays nothing out meanwhile
        for index, text in unshown.items():
            start, end = self._slots.span(index)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.KeepAnchor)
            cursor.insertText(text)
            self._slots.set_length(index, cursor.position() - start)  # what the document really took, line breaks included
        cursor.endEditBlock()

    def show_result(self, reply: Result) -> None:
        payload = reply.payload
        if isinstance(payload, FileTranslation):
            out = Path(payload.out_path)
            resumed = self.tr(" ({count} sentences from the stopped run)").format(count=payload.resumed) if payload.resumed else ""
            self.output.setPlainText(
                self.tr("Saved the translation of {file} to {out}{resumed}.").format(file=Path(payload.path).name, out=out, resumed=resumed)
            )
            self.banner.show_message(
                self.tr("Saved to {out}{resumed}.").format(out=out, resumed=resumed),
                "info",
                (self.tr("Open folder"), lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(out.parent)))),
            )
            return
        self._show_timer.stop()
        self._show_sentences()  # the last ones, if the Result came in the same pass of the event loop
        self._slots = None
        if self.output.toPlainText() != payload:  # shown sentence by sentence already, as a rule: no second rendering
            self.output.setPlainText(payload)
