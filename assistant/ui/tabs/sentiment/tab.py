"""Sentiment: of a text (label, bars, sentences coloured by their sentiment), or of a
whole file of lines or a CSV column (a table that fills as it goes, a chart, CSV export)."""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from assistant.core.files.write import CannotWrite, check_output
from assistant.core.protocol import Partial, Result, Started, Task
from assistant.core.sentiment.labels import polarity
from assistant.core.sentiment.messages import ScoredRow, SentimentBatchRequest, SentimentBatchResult, SentimentRequest, SentimentResult
from assistant.core.sentiment.tables import CSV_SUFFIXES, TableError, csv_columns, write_csv
from assistant.core.text import split_lines
from assistant.ui.i18n.core_text import for_person
from assistant.ui.tabs.base import TaskTab, UiContext
from assistant.ui.tabs.sentiment.distribution_chart import DistributionChart
from assistant.ui.tabs.sentiment.score_bars import ScoreBars

_COLOURS = {"positive": "#1e7b34", "negative": "#b3261e", "neutral": "#5f6368"}
_BACKGROUNDS = {"positive": "#d4edda", "negative": "#f8d7da", "neutral": "#e8eaed"}
# Texts of the interface, translated where shown (context "SentimentTab").
APPROXIMATION_NOTE = QT_TRANSLATE_NOOP(
    "SentimentTab",
    "No sentiment model is installed, so this is an approximation: the text is compared with example "
    "phrases using the embedding model. Add a sentiment model on the Models page for better results.",
)
BATCH_COLUMNS = ("#", QT_TRANSLATE_NOOP("SentimentTab", "Text"), QT_TRANSLATE_NOOP("SentimentTab", "Label"), QT_TRANSLATE_NOOP("SentimentTab", "Score"))
GUESS_COLUMN = QT_TRANSLATE_NOOP("SentimentTab", "(guess the text column)")
# The labels models give (in lower case), named in the interface language; other labels are shown as they are.
LABEL_NAMES = {
    "positive": QT_TRANSLATE_NOOP("SentimentTab", "positive"),
    "negative": QT_TRANSLATE_NOOP("SentimentTab", "negative"),
    "neutral": QT_TRANSLATE_NOOP("SentimentTab", "neutral"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("SentimentTab", text)


def shown_label(label: str) -> str:
    """A model's label as the interface shows it: "positive" is "积极" in Chinese; "5 stars" stays."""
    return _tr(LABEL_NAMES[label]) if label in LABEL_NAMES else label


def _label_of_shown(shown: str) -> str:
    return next((label for label in LABEL_NAMES if shown_label(label) == shown), shown)


def colour_of(label: str) -> str:
    return _COLOURS.get(polarity(label) or "", "#1a73e8")


def sentences_html(text: str, result: SentimentResult) -> str:
    """The text with each sentence on the background of its sentiment; every piece of text escaped."""
    by_index = {s.index: s for s in result.sentences}
    position = 0
    lines = []
    for line in split_lines(text):
        spans = []
        for sentence_text in line.sentences:
            scored = by_index.get(position)
            position += 1
            if scored is None:
                spans.append(html.escape(sentence_text))
                continue
            background = _BACKGROUNDS.get(polarity(scored.label) or "", "#e8f0fe")
            scores = ", ".join(f"{shown_label(label)} {score:.0%}" for label, score in scored.scores.scores)
            spans.append(f'<span style="background-color:{background}" title="{html.escape(scores, quote=True)}">{html.escape(sentence_text)}</span>')
        lines.append(html.escape(line.indent) + " ".join(spans))
    legend = " ".join(f'<span style="background-color:{c}">&nbsp;{html.escape(shown_label(name))}&nbsp;</span>' for name, c in _BACKGROUNDS.items())
    body = "\n".join(lines)
    return f'<div style="white-space: pre-wrap">{body}</div><p style="color:#5f6368">{legend}</p>'


class SentimentTab(TaskTab):
    task = Task.SENTIMENT
    run_text = "Analyze"

    def __init__(self, context: UiContext, parent=None) -> None:
        super().__init__(context, parent)
        self.run_button.setText(self.tr("Analyze"))
        self.run_button.setToolTip(self.tr("Analyze (Ctrl+Enter)"))
        self._model_name = ""
        self._analyzed_text = ""
        self.batch_path: Path | None = None
        self.batch_rows: list[ScoredRow] = []
        self.batch_result: SentimentBatchResult | None = None

        # ------------------------------------------------------- one text
        self.input = QPlainTextEdit()
        self.input.setPlaceholderText(self.tr("Paste a review, a message or any text — Ctrl+Enter to analyze"))
        self.input.setAccessibleName(self.tr("Text to analyze"))
        self.label = QLabel()
        self.label.setTextFormat(Qt.PlainText)
        font = self.label.font()
        font.setPointSize(font.pointSize() + 8)
        font.setWeight(QFont.Bold)
        self.label.setFont(font)
        self.label.setAccessibleName(self.tr("Sentiment"))
        self.bars = ScoreBars()
        self.sentences_view = QTextBrowser()
        self.sentences_view.setOpenLinks(False)
        self.sentences_view.setOpenExternalLinks(False)
        self.sentences_view.setAccessibleName(self.tr("Sentences coloured by sentiment"))
        self.sentences_view.setPlaceholderText(self.tr("A text of several sentences is shown here, each sentence coloured by its sentiment."))
        self.sentences_view.hide()
        self.backend_note = QLabel()
        self.backend_note.setTextFormat(Qt.PlainText)
        self.backend_note.setWordWrap(True)
        text_page = QWidget()
        text_layout = QVBoxLayout(text_page)
        text_layout.addWidget(self.input, 2)
        text_layout.addWidget(self.label)
        text_layout.addWidget(self.bars)
        text_layout.addWidget(self.sentences_view, 2)

        # ---------------------------------------------------------- batch
        choose = QPushButton(self.tr("Choose file…"))
        choose.setToolTip(self.tr("A text file (one text per line) or a CSV/TSV file (Ctrl+O)"))
        choose.clicked.connect(self.choose_batch_file)
        QShortcut(QKeySequence("Ctrl+O"), self, self.choose_batch_file, context=Qt.WidgetWithChildrenShortcut)
        self.batch_file_label = QLabel(self.tr("No file chosen"))
        self.batch_file_label.setTextFormat(Qt.PlainText)
        self.column = QComboBox()
        self.column.setAccessibleName(self.tr("CSV column"))
        self.column.setEnabled(False)
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.setToolTip(self.tr("Save the scores as a CSV file"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.choose_export)
        self.table = QTableWidget(0, len(BATCH_COLUMNS))
        self.table.setHorizontalHeaderLabels([_tr(column) for column in BATCH_COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(self.tr("Scored lines"))
        self.chart = DistributionChart()
        self.chart.setAccessibleName(self.tr("Distribution of labels"))
        self.chart.colour_of = lambda shown: colour_of(_label_of_shown(shown))  # the chart is given the labels as shown
        self.batch_summary = QLabel()
        self.batch_summary.setTextFormat(Qt.PlainText)
        batch_page = QWidget()
        batch_layout = QVBoxLayout(batch_page)
        file_row = QHBoxLayout()
        file_row.addWidget(choose)
        file_row.addWidget(self.batch_file_label, 1)
        column_label = QLabel(self.tr("Column"))
        column_label.setBuddy(self.column)
        file_row.addWidget(column_label)
        file_row.addWidget(self.column)
        file_row.addWidget(self.export_button)
        batch_layout.addLayout(file_row)
        batch_layout.addWidget(self.table, 3)
        batch_layout.addWidget(self.chart, 1)
        batch_layout.addWidget(self.batch_summary)

        self.pages = QTabWidget()
        self.pages.addTab(text_page, self.tr("Text"))
        self.pages.addTab(batch_page, self.tr("File (batch)"))
        self.busy_changed.connect(lambda busy: self.pages.tabBar().setEnabled(not busy))
        self.setFocusProxy(self.input)  # switching to the tab puts the cursor in its input
        layout = self.base_layout()
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.progress)
        layout.addLayout(self.button_row())
        layout.addWidget(self.backend_note)

    # ---------------------------------------------------------------- batch

    @property
    def batch_mode(self) -> bool:
        return self.pages.currentIndex() == 1

    def choose_batch_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Score a file"), "", self.tr("Lines or CSV (*.txt *.csv *.tsv);;All files (*)")
        )
        if name:
            self.set_batch_file(Path(name))

    def set_batch_file(self, path: Path, column: str | None = None) -> None:
        self.batch_path = path
        self.batch_file_label.setText(str(path))
        self.pages.setCurrentIndex(1)
        self.column.clear()
        self.column.setEnabled(False)
        if path.suffix.lower() in CSV_SUFFIXES:
            try:
                columns = csv_columns(path)
            except TableError as exc:
                self.banner.show_message(for_person(exc), "error")
                return
            self.column.addItem(_tr(GUESS_COLUMN), None)
            for name in columns:
                self.column.addItem(name, name)
            self.column.setEnabled(True)
            if column:
                self.column.setCurrentIndex(max(self.column.findData(column), 0))

    def choose_export(self) -> None:
        suggested = self.batch_path.with_name(self.batch_path.stem + ".sentiment.csv") if self.batch_path else Path("sentiment.csv")
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export the scores"), str(suggested), self.tr("CSV (*.csv)"))
        if name:
            self.export_csv(Path(name))

    def export_csv(self, path: Path) -> bool:
        result = self.batch_result
        if result is None:  # stopped part-way: what was scored, with the text only
            result = SentimentBatchResult(count=len(self.batch_rows), counts=(), backend="", rows=tuple(self.batch_rows))
        try:
            check_output(path, [self.batch_path] if self.batch_path else [])
            write_csv(result, path)
        except CannotWrite as exc:
            self.banner.show_message(for_person(exc), "error")
            return False
        except OSError as exc:
            self.banner.show_message(self.tr("The CSV could not be written: {error}").format(error=exc.strerror or exc), "error")
            return False
        self.banner.show_message(self.tr("Exported %n row(s) to {file}.", "", result.count).format(file=path), "info")
        return True

    # ------------------------------------------------------------- requests

    def build_request(self) -> SentimentRequest | SentimentBatchRequest | None:
        if self.batch_mode:
            if self.batch_path is None:
                self.banner.show_message(self.tr("Choose a file of lines or a CSV file to score first."), "info")
                return None
            return SentimentBatchRequest(path=str(self.batch_path), column=self.column.currentData(), model=self.chosen_model())
        text = self.input.toPlainText()
        if not text.strip():
            self.banner.show_message(self.tr("Paste or type some text to analyze first."), "info")
            return None
        self._analyzed_text = text
        return SentimentRequest(text, model=self.chosen_model())

    def on_started(self, reply: Started) -> None:
        super().on_started(reply)
        self._model_name = reply.model
        if self.batch_mode:
            self.table.setRowCount(0)
            self.batch_rows = []
            self.batch_result = None
            self.chart.clear()
            self.batch_summary.clear()
            self.export_button.setEnabled(False)
        else:
            self.label.clear()
            self.bars.clear()
            self.sentences_view.clear()
            self.sentences_view.hide()

    def on_partial(self, reply: Partial) -> None:
        row = reply.payload
        if not isinstance(row, ScoredRow):
            return
        self.batch_rows.append(row)
        position = self.table.rowCount()
        self.table.insertRow(position)
        cells = (str(row.index + 1), row.text, shown_label(row.label), f"{row.scores.top_score:.1%}")
        for column, value in enumerate(cells):
            item = QTableWidgetItem(value)
            if column == 2:
                item.setForeground(QColor("white"))
                item.setBackground(QColor(colour_of(row.label)))
            self.table.setItem(position, column, item)
        self.chart.set_counts(Counter(shown_label(r.label) for r in self.batch_rows))
        self.export_button.setEnabled(True)

    def show_result(self, reply: Result) -> None:
        result = reply.payload
        if "approximation" in result.backend:
            self.backend_note.setText(_tr(APPROXIMATION_NOTE))
        else:
            self.backend_note.setText(self.tr("Scored by the sentiment model {model}.").format(model=self._model_name))
        if isinstance(result, SentimentBatchResult):
            self.batch_result = result
            self.chart.set_counts({shown_label(label): count for label, count in result.counts})
            counts = ", ".join(f"{shown_label(label)}: {count}" for label, count in result.counts)
            if result.column:
                scored = self.tr("%n line(s) scored (column '{column}').", "", result.count).format(column=result.column)
            else:
                scored = self.tr("%n line(s) scored.", "", result.count)
            self.batch_summary.setText(f"{scored} {counts}")
            self.export_button.setEnabled(True)
            return
        shown = shown_label(result.label)
        self.label.setText(shown[:1].upper() + shown[1:])
        self.label.setStyleSheet(f"color: {colour_of(result.label)};")
        self.bars.set_scores([(shown_label(label), score) for label, score in result.scores.scores])
        for shown, bar in self.bars.bars.items():  # named here, in the interface language
            bar.setAccessibleName(self.tr("{label} score").format(label=shown))
        if result.sentences:
            self.sentences_view.setHtml(sentences_html(self._analyzed_text, result))
            self.sentences_view.show()
            self.backend_note.setText(
                self.backend_note.text()
                + " "
                + self.tr("Overall: the %n sentences' scores averaged, each weighted by its length.", "", len(result.sentences))
            )
