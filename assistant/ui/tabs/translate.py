"""Translate: paste text or open a file, pick the languages, sentences appear as they finish.

The language lists show every language with what the installed models can do
with it: "✓" a model translates it directly, "via English" two models do, and
"needs a model" (greyed) nothing installed does yet.  "Detect language" lets the
worker guess the source; the guess and its confidence are shown and the user can
pick the language instead.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QSplitter, QToolButton

from assistant.core.messages import (
    FileTranslation,
    GlossaryReport,
    Partial,
    Result,
    Started,
    Task,
    TranslatedSentence,
    TranslateFileRequest,
    TranslateRequest,
    TranslationInfo,
)
from assistant.core.models.sources import ModelInventory
from assistant.core.text import Line, join_lines, split_lines
from assistant.core.translation import languages
from assistant.core.translation.documents import SUFFIXES
from assistant.core.translation.glossary import GLOSSARY_FILE, GlossaryError, load, pairs_for
from assistant.core.translation.routes import availability, find_route, serves
from assistant.ui.tabs.base import TaskTab, UiContext

PENDING = "…"
_GREY = QBrush(QColor("#8a8a8a"))


class TranslateTab(TaskTab):
    task = Task.TRANSLATE
    run_text = "Translate"

    def __init__(self, context: UiContext, parent=None) -> None:
        super().__init__(context, parent)
        self._pairs: set[tuple[str, str]] = set()  # direct pairs, for a quick look
        self._inventory = ModelInventory()
        self._availability = availability(self._inventory)
        self._lines: list[Line] = []
        self._sentences: list[str] = []
        self._file_job: TranslateFileRequest | None = None
        self.source_language = QComboBox()
        self.source_language.setAccessibleName("Source language")
        self.target_language = QComboBox()
        self.target_language.setAccessibleName("Target language")
        swap = QToolButton()
        swap.setText("⇄")
        swap.setToolTip("Swap languages (Ctrl+Shift+S)")
        swap.setAccessibleName("Swap languages")
        swap.setShortcut("Ctrl+Shift+S")
        swap.clicked.connect(self.swap_languages)
        self.pair_note = QLabel()
        self.pair_note.setTextFormat(Qt.PlainText)
        self.detected_note = QLabel()
        self.detected_note.setTextFormat(Qt.PlainText)
        self.detected_note.setAccessibleName("Detected language")
        self.source = QPlainTextEdit()
        self.source.setPlaceholderText("Paste or type the text to translate — Ctrl+Enter to translate, Ctrl+O for a file")
        self.source.setAccessibleName("Text to translate")
        self.output = QPlainTextEdit()
        self.output.setReadOnly(True)
        self.output.setPlaceholderText("The translation appears here, sentence by sentence.")
        self.output.setAccessibleName("Translation")
        self.file_button = QPushButton("Translate file…")
        self.file_button.setToolTip("Translate a .txt, .md or .docx file into a new file (Ctrl+O)")
        self.file_button.clicked.connect(self.choose_file)
        glossary_button = QPushButton("Glossary…")
        glossary_button.setToolTip("Terms that must be translated in a fixed way (Ctrl+G)")
        glossary_button.clicked.connect(self.edit_glossary)
        self.use_glossary = QCheckBox("Use glossary")
        self.use_glossary.setChecked(context.settings.translate_use_glossary)
        self.use_glossary.toggled.connect(self._remember_glossary_choice)
        copy = QPushButton("Copy")
        copy.setToolTip("Copy the translation (Ctrl+Shift+C)")
        copy.clicked.connect(self.copy_output)
        clear = QPushButton("Clear")
        clear.setToolTip("Clear both panes (Ctrl+Shift+X)")
        clear.clicked.connect(self.clear)
        for keys, slot in (("Ctrl+O", self.choose_file), ("Ctrl+G", self.edit_glossary), ("Ctrl+Shift+C", self.copy_output), ("Ctrl+Shift+X", self.clear)):
            QShortcut(QKeySequence(keys), self, slot, context=Qt.WidgetWithChildrenShortcut)
        self.busy_changed.connect(lambda busy: self.file_button.setEnabled(not busy))

        language_row = QHBoxLayout()
        language_row.addWidget(QLabel("From"))
        language_row.addWidget(self.source_language)
        language_row.addWidget(swap)
        language_row.addWidget(QLabel("to"))
        language_row.addWidget(self.target_language)
        language_row.addWidget(self.pair_note, 1)
        language_row.addWidget(self.detected_note)
        splitter = QSplitter()
        splitter.addWidget(self.source)
        splitter.addWidget(self.output)
        self.setFocusProxy(self.source)  # switching to the tab puts the cursor in its input
        layout = self.base_layout()
        layout.addLayout(language_row)
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
        return sorted(codes, key=lambda c: languages.name(c).lower())

    def _fill_languages(self, source: str, target: str) -> None:
        """(Re)build both lists, usable languages first, keeping the selection."""
        status = self._availability
        sources = status.sources()
        for box in (self.source_language, self.target_language):
            box.blockSignals(True)
            box.clear()
        self.source_language.addItem("Detect language", languages.AUTO)
        ordered = sorted(self._all_codes(), key=lambda c: c not in sources)
        for code in ordered:
            self._add_item(self.source_language, code, "" if code in sources else "needs a model")
        self._select(self.source_language, source)
        self._fill_targets(target)
        for box in (self.source_language, self.target_language):
            box.blockSignals(False)

    def _fill_targets(self, target: str) -> None:
        source = self.source_language.currentData()
        status = self._availability
        box = self.target_language
        box.blockSignals(True)
        box.clear()
        notes = {}
        for code in self._all_codes():
            if source == languages.AUTO:
                reachable = any(status.status(s, code) != "missing" for s in status.sources())
                notes[code] = "" if reachable else "needs a model"
            else:
                notes[code] = {"direct": "✓", "pivot": "via English", "missing": "needs a model"}[status.status(source, code)]
        for code in sorted(notes, key=lambda c: notes[c] == "needs a model"):
            if code != source:
                self._add_item(box, code, notes[code])
        self._select(box, target)
        box.blockSignals(False)

    @staticmethod
    def _add_item(box: QComboBox, code: str, note: str) -> None:
        box.addItem(languages.label(code) + (f"  — {note}" if note else ""), code)
        if note == "needs a model":
            box.setItemData(box.count() - 1, _GREY, Qt.ForegroundRole)
            box.setItemData(box.count() - 1, "No installed model translates this: add one on the Models page", Qt.ToolTipRole)

    @staticmethod
    def _select(box: QComboBox, code: str) -> None:
        index = box.findData(code)
        if index < 0:
            box.addItem(code, code)
            index = box.count() - 1
        box.setCurrentIndex(index)

    def set_inventory(self, inventory: ModelInventory) -> None:
        self._inventory = inventory
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
            self.pair_note.setText("Using the model chosen on the Models page")
        elif source == languages.AUTO:
            self.pair_note.setText("The source language is detected when you translate")
        elif (source, target) in self._pairs:
            self.pair_note.setText("✓ installed")
        elif self._availability.status(source, target) == "pivot":
            route = find_route(self._inventory, source, target)
            self.pair_note.setText(f"No direct model: through English ({' + '.join(route.model_names)})" if route else "Through English")
        else:
            self.pair_note.setText("No model installed for this pair")
        self.context.settings.translate_source, self.context.settings.translate_target = source, target
        self.context.save_settings()

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
        from assistant.ui.widgets.glossary_dialog import GlossaryDialog

        dialog = GlossaryDialog(self.glossary_path, self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()  # not exec(): the window keeps answering while it is open
        self.glossary_dialog = dialog

    def _glossary(self, source: str, target: str) -> tuple[tuple[str, str], ...]:
        if not self.use_glossary.isChecked():
            return ()
        try:
            return pairs_for(load(self.glossary_path), source, target)
        except GlossaryError as exc:
            self.banner.show_message(f"{exc} Translating without it.", "error")
            return ()

    def choose_file(self) -> None:
        if self.busy:
            return
        patterns = " ".join(f"*{suffix}" for suffix in SUFFIXES)
        name, _ = QFileDialog.getOpenFileName(self, "Translate a file", "", f"Documents ({patterns})")
        if not name:
            return
        path = Path(name)
        target = self.target_language.currentData()
        suggested = path.with_name(f"{path.stem}.{target}{path.suffix}")
        out, _ = QFileDialog.getSaveFileName(self, "Save the translation as", str(suggested), f"*{path.suffix}")
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
        self._lines, self._sentences = [], []
        self.output.setPlainText(f"Translating {path.name} into {out_path.name}…")
        self.submit(request)

    # ------------------------------------------------------------ requests

    def build_request(self) -> TranslateRequest | None:
        text = self.source.toPlainText()
        if not text.strip():
            self.banner.show_message("Paste or type some text to translate first.", "info")
            return None
        source, target = self.source_language.currentData(), self.target_language.currentData()
        self._file_job = None
        self._lines = split_lines(text)
        self._sentences = [PENDING] * sum(len(line.sentences) for line in self._lines)
        self.output.clear()
        return TranslateRequest(text, source, target, model=self._chosen_model_for(source, target), glossary=self._glossary(source, target))

    def on_started(self, reply: Started) -> None:
        super().on_started(reply)
        info = reply.detail
        if isinstance(info, TranslationInfo):
            if info.detected:
                self._detected = info.detected
                self.detected_note.setText(f"Detected: {languages.name(info.detected)} ({info.confidence:.0%})")
                self.detected_note.setToolTip(
                    "Other guesses: " + ", ".join(f"{languages.name(c)} {p:.0%}" for c, p in info.alternatives)
                    + ". Pick the language in the list if the guess is wrong."
                )
            if info.pivot:
                self.pair_note.setText(f"No direct model: through English ({' + '.join(info.models)})")

    def on_partial(self, reply: Partial) -> None:
        payload = reply.payload
        if isinstance(payload, GlossaryReport):
            if payload.missed:
                self.banner.show_message(f"Glossary: the model did not keep {', '.join(payload.missed)} in every sentence; check those places.", "info")
            return
        if isinstance(payload, TranslatedSentence) and self._file_job is None and 0 <= payload.index < len(self._sentences):
            self._sentences[payload.index] = payload.text
            joiner = languages.joiner(self.target_language.currentData() or "")
            self.output.setPlainText(join_lines(self._lines, self._sentences, joiner))

    def show_result(self, reply: Result) -> None:
        payload = reply.payload
        if isinstance(payload, FileTranslation):
            out = Path(payload.out_path)
            resumed = f" ({payload.resumed} sentences from the stopped run)" if payload.resumed else ""
            self.output.setPlainText(f"Saved the translation of {Path(payload.path).name} to {out}{resumed}.")
            self.banner.show_message(
                f"Saved to {out}{resumed}.", "info", ("Open folder", lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(out.parent))))
            )
            return
        self.output.setPlainText(payload)
