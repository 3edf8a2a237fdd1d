"""Translate: paste text, pick the languages, sentences appear as they finish."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QSplitter, QToolButton

from assistant.core.messages import Partial, Result, Task, TranslatedSentence, TranslateRequest
from assistant.core.models.sources import ModelInventory
from assistant.core.text import Line, join_lines, split_lines
from assistant.ui.tabs.base import TaskTab, UiContext

COMMON_LANGUAGES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "sv": "Swedish", "pl": "Polish", "cs": "Czech", "ru": "Russian", "uk": "Ukrainian",
    "tr": "Turkish", "ar": "Arabic", "hi": "Hindi", "zh": "Chinese", "ja": "Japanese", "ko": "Korean",
}  # fmt: skip
PENDING = "…"


class TranslateTab(TaskTab):
    task = Task.TRANSLATE
    run_text = "Translate"

    def __init__(self, context: UiContext, parent=None) -> None:
        super().__init__(context, parent)
        self._pairs: set[tuple[str, str]] = set()
        self._lines: list[Line] = []
        self._sentences: list[str] = []
        self.source_language = self._language_box("Source language")
        self.target_language = self._language_box("Target language")
        swap = QToolButton()
        swap.setText("⇄")
        swap.setToolTip("Swap languages (Ctrl+Shift+S)")
        swap.setAccessibleName("Swap languages")
        swap.setShortcut("Ctrl+Shift+S")
        swap.clicked.connect(self.swap_languages)
        self.pair_note = QLabel()
        self.source = QPlainTextEdit()
        self.source.setPlaceholderText("Paste or type the text to translate — Ctrl+Enter to translate")
        self.source.setAccessibleName("Text to translate")
        self.output = QPlainTextEdit()
        self.output.setReadOnly(True)
        self.output.setPlaceholderText("The translation appears here, sentence by sentence.")
        self.output.setAccessibleName("Translation")
        copy = QPushButton("Copy")
        copy.setToolTip("Copy the translation")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.output.toPlainText()))
        clear = QPushButton("Clear")
        clear.clicked.connect(self.clear)

        languages = QHBoxLayout()
        languages.addWidget(QLabel("From"))
        languages.addWidget(self.source_language)
        languages.addWidget(swap)
        languages.addWidget(QLabel("to"))
        languages.addWidget(self.target_language)
        languages.addWidget(self.pair_note, 1)
        splitter = QSplitter()
        splitter.addWidget(self.source)
        splitter.addWidget(self.output)
        self.setFocusProxy(self.source)  # switching to the tab puts the cursor in its input
        layout = self.base_layout()
        layout.addLayout(languages)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.progress)
        layout.addLayout(self.button_row(copy, clear))

        self._select(self.source_language, context.settings.translate_source)
        self._select(self.target_language, context.settings.translate_target)
        self.source_language.currentIndexChanged.connect(self._languages_changed)
        self.target_language.currentIndexChanged.connect(self._languages_changed)

    def _language_box(self, name: str) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(name)
        box.setEditable(False)
        for code, language in COMMON_LANGUAGES.items():
            box.addItem(f"{language} ({code})", code)
        return box

    @staticmethod
    def _select(box: QComboBox, code: str) -> None:
        index = box.findData(code)
        if index < 0:
            box.addItem(code, code)
            index = box.count() - 1
        box.setCurrentIndex(index)

    def set_inventory(self, inventory: ModelInventory) -> None:
        self._pairs = set(inventory.language_pairs())
        for source, target in self._pairs:
            if self.source_language.findData(source) < 0:
                self.source_language.addItem(source, source)
            if self.target_language.findData(target) < 0:
                self.target_language.addItem(target, target)
        self._languages_changed()

    def _languages_changed(self) -> None:
        pair = (self.source_language.currentData(), self.target_language.currentData())
        if self.chosen_model():
            self.pair_note.setText("Using the model chosen on the Models page")
        elif pair in self._pairs:
            self.pair_note.setText("✓ installed")
        else:
            self.pair_note.setText("No model installed for this pair")
        self.context.settings.translate_source, self.context.settings.translate_target = pair
        self.context.save_settings()

    def swap_languages(self) -> None:
        source, target = self.source_language.currentData(), self.target_language.currentData()
        self._select(self.source_language, target)
        self._select(self.target_language, source)
        if self.output.toPlainText().strip() and not self.busy:
            self.source.setPlainText(self.output.toPlainText())
            self.output.clear()

    def clear(self) -> None:
        self.source.clear()
        self.output.clear()
        self.banner.hide()

    # ------------------------------------------------------------ requests

    def build_request(self) -> TranslateRequest | None:
        text = self.source.toPlainText()
        if not text.strip():
            self.banner.show_message("Paste or type some text to translate first.", "info")
            return None
        self._lines = split_lines(text)
        self._sentences = [PENDING] * sum(len(line.sentences) for line in self._lines)
        self.output.clear()
        return TranslateRequest(
            text, self.source_language.currentData(), self.target_language.currentData(), model=self.chosen_model()
        )

    def on_partial(self, reply: Partial) -> None:
        sentence: TranslatedSentence = reply.payload
        if 0 <= sentence.index < len(self._sentences):
            self._sentences[sentence.index] = sentence.text
            self.output.setPlainText(join_lines(self._lines, self._sentences))

    def show_result(self, reply: Result) -> None:
        self.output.setPlainText(reply.payload)
