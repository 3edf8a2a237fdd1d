"""Sentiment: the label of a text and the score of every label, as bars."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QPlainTextEdit

from assistant.core.messages import Result, SentimentRequest, Started, Task
from assistant.ui.tabs.base import TaskTab, UiContext
from assistant.ui.widgets.score_bars import ScoreBars

_COLOURS = {"positive": "#1e7b34", "negative": "#b3261e", "neutral": "#5f6368"}


class SentimentTab(TaskTab):
    task = Task.SENTIMENT
    run_text = "Analyze"

    def __init__(self, context: UiContext, parent=None) -> None:
        super().__init__(context, parent)
        self._model_name = ""
        self.input = QPlainTextEdit()
        self.input.setPlaceholderText("Paste a review, a message or any text — Ctrl+Enter to analyze")
        self.input.setAccessibleName("Text to analyze")
        self.label = QLabel()
        self.label.setTextFormat(Qt.PlainText)
        font = self.label.font()
        font.setPointSize(font.pointSize() + 8)
        font.setWeight(QFont.Bold)
        self.label.setFont(font)
        self.label.setAccessibleName("Sentiment")
        self.bars = ScoreBars()
        self.backend_note = QLabel()
        self.backend_note.setTextFormat(Qt.PlainText)
        self.backend_note.setWordWrap(True)

        self.setFocusProxy(self.input)  # switching to the tab puts the cursor in its input
        layout = self.base_layout()
        layout.addWidget(self.input, 1)
        layout.addWidget(self.progress)
        layout.addLayout(self.button_row())
        layout.addWidget(self.label)
        layout.addWidget(self.bars)
        layout.addWidget(self.backend_note)

    def build_request(self) -> SentimentRequest | None:
        text = self.input.toPlainText()
        if not text.strip():
            self.banner.show_message("Paste or type some text to analyze first.", "info")
            return None
        return SentimentRequest(text, model=self.chosen_model())

    def on_started(self, reply: Started) -> None:
        super().on_started(reply)
        self._model_name = reply.model
        self.label.clear()
        self.bars.clear()

    def show_result(self, reply: Result) -> None:
        result = reply.payload
        self.label.setText(result.label.capitalize())
        self.label.setStyleSheet(f"color: {_COLOURS.get(result.label, 'palette(text)')};")
        self.bars.set_scores(result.scores.scores)
        if "approximation" in result.backend:
            self.backend_note.setText(
                "No sentiment model is installed, so this is an approximation: the text is compared with example "
                "phrases using the embedding model. Add a sentiment model on the Models page for better results."
            )
        else:
            self.backend_note.setText(f"Scored by the sentiment model {self._model_name}.")
