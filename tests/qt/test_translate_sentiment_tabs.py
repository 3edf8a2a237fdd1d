"""The Translate and Sentiment tabs: language lists, detection, pivot note, files, glossary, coloured sentences, batches."""

from __future__ import annotations

import csv
import json

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from assistant.core import languages
from assistant.core.translate.glossary import Term, save
from assistant.paths import app_paths
from tests.conftest import model_folder
from tests.interface_checks import english_words, nameless_controls, untranslated
from tests.qt.conftest import add_model_folder, wait_idle


def _item_text(box, code):
    return box.itemText(box.findData(code))


def test_language_lists_show_what_works_now(qtbot, window, translation_models, tmp_path):
    tab = window.translate_tab
    add_model_folder(qtbot, window, str(model_folder(tmp_path / "more", translation_models["fr_en"])))
    tab._select(tab.source_language, "fr")
    assert _item_text(tab.target_language, "en").endswith("✓")
    assert _item_text(tab.target_language, "de").endswith("via English")
    assert _item_text(tab.target_language, "ja").endswith("needs a model")
    assert tab.target_language.itemData(tab.target_language.findData("ja"), Qt.ToolTipRole)
    assert _item_text(tab.source_language, "fr") == "French (fr)"
    assert _item_text(tab.source_language, "ko").endswith("needs a model")
    assert tab.source_language.itemText(0) == "Detect language"
    tab._select(tab.target_language, "de")
    assert tab.pair_note.text() == "No direct model: through English (opus-mt-fr-en + opus-mt-en-de)"
    tab.source.setPlainText("Bonjour le monde.")
    tab.run()
    wait_idle(qtbot, tab)
    assert tab.output.toPlainText() and not tab.banner.text()
    assert "through English" in tab.status_label.text() or "words/s" in window.speed_label.text()


def test_detected_language_is_shown_and_swap_uses_it(qtbot, window):
    tab = window.translate_tab
    tab._select(tab.source_language, languages.AUTO)
    tab._select(tab.target_language, "de")
    assert "detected when you translate" in tab.pair_note.text()
    tab.source.setPlainText("Good morning, how are you today? The weather is nice and the sun is shining.")
    window.tabs.setCurrentWidget(tab)
    tab.source.setFocus()
    qtbot.keyClick(tab.source, Qt.Key_Return, Qt.ControlModifier)
    assert tab.busy
    wait_idle(qtbot, tab)
    assert tab.detected_note.text().startswith("Detected: English (")
    assert tab.output.toPlainText()
    assert "words/s" in window.speed_label.text()
    tab.swap_languages()
    assert (tab.source_language.currentData(), tab.target_language.currentData()) == ("de", "en")
    saved = json.loads(app_paths().settings_file.read_text())
    assert (saved["translate_source"], saved["translate_target"]) == ("de", "en")


def test_file_translation_from_the_tab(qtbot, window, tmp_path):
    tab = window.translate_tab
    source = tmp_path / "letter.md"
    source.write_text("# Hello world\n\nGood morning.\n\n```\ncode stays\n```\n")
    out = tmp_path / "letter.de.md"
    tab.translate_file(source, out)
    assert tab.busy and not tab.file_button.isEnabled()
    wait_idle(qtbot, tab)
    assert out.is_file() and "code stays" in out.read_text()
    assert str(out) in tab.banner.text() and tab.banner.action_button.text() == "Open folder"
    assert tab.file_button.isEnabled()


def test_glossary_is_edited_stored_and_used(qtbot, window, tmp_path):
    tab = window.translate_tab
    save(tab.glossary_path, [Term("world", "Welt", "en", "de")])
    tab.edit_glossary()
    dialog = tab.glossary_dialog
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 1).text() == "Welt"
    (tmp_path / "more.csv").write_text("laptop,Klapprechner\n")
    assert dialog.import_file(tmp_path / "more.csv")
    dialog.accept()
    assert tab.glossary_path == app_paths().data / "glossary.json"
    stored = json.loads(tab.glossary_path.read_text())["terms"]
    assert [t["source"] for t in stored] == ["world", "laptop"]
    request = tab.build_request() if tab.source.setPlainText("Hello world.") is None else None
    assert dict(request.glossary) == {"world": "Welt", "laptop": "Klapprechner"}
    tab.use_glossary.setChecked(False)
    assert tab.build_request().glossary == ()


def test_copy_and_clear_shortcuts(qtbot, window):
    from PySide6.QtGui import QGuiApplication

    tab = window.translate_tab
    window.tabs.setCurrentWidget(tab)
    tab.source.setPlainText("Hello world.")
    tab.output.setPlainText("Hallo Welt.")
    tab.source.setFocus()
    qtbot.keyClick(tab.source, Qt.Key_C, Qt.ControlModifier | Qt.ShiftModifier)
    assert QGuiApplication.clipboard().text() == "Hallo Welt."
    qtbot.keyClick(tab.source, Qt.Key_X, Qt.ControlModifier | Qt.ShiftModifier)
    assert not tab.source.toPlainText() and not tab.output.toPlainText()


def test_sentiment_sentences_are_coloured_and_escaped(qtbot, window):
    tab = window.sentiment_tab
    tab.input.setPlainText('I love it. <b onclick="x()">Not bold</b> at all.\n\nThe end.')
    tab.run()
    wait_idle(qtbot, tab)
    assert not tab.sentences_view.isHidden()
    html = tab.sentences_view.toHtml()
    assert "&lt;b onclick" in html and "<b onclick" not in html
    assert "background-color:#" in html
    assert tab.sentences_view.toPlainText().startswith("I love it.")
    assert "weighted by its length" in tab.backend_note.text()


def test_sentiment_batch_table_chart_and_export(qtbot, window, tmp_path):
    tab = window.sentiment_tab
    path = tmp_path / "feedback.csv"
    path.write_text("id,comment\n" + "".join(f"{i},Comment {i} was fine\n" for i in range(40)))
    tab.set_batch_file(path, column="comment")
    assert tab.batch_mode and tab.column.currentData() == "comment"
    tab.run()
    wait_idle(qtbot, tab)
    assert tab.table.rowCount() == 40 and tab.table.item(0, 1).text() == "Comment 0 was fine"
    assert sum(tab.chart.counts.values()) == 40
    summary = tab.batch_summary.text()  # "(s)" as written, or the English plural once the English translator is in
    assert "40 line(s) scored (column 'comment')" in summary or "40 lines scored (column 'comment')" in summary
    out = tmp_path / "scores.csv"
    assert tab.export_csv(out)
    rows = list(csv.reader(out.open()))
    assert rows[0][:3] == ["id", "comment", "sentiment"] and len(rows) == 41
    tab.chart.grab()  # paints without error
    # Exporting onto the file that was scored is refused: the input stays as it was, no temporary file.
    before = path.read_bytes()
    assert not tab.export_csv(path)
    assert "is the file being read" in tab.banner.text()
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_sentiment_batch_without_a_file_says_so(qtbot, window):
    tab = window.sentiment_tab
    tab.pages.setCurrentIndex(1)
    tab.run()
    assert not tab.busy and "Choose a file" in tab.banner.text()


# ------------------------------------------------------------ in Chinese


def test_the_glossary_dialog_in_chinese_and_by_keyboard(qtbot, chinese, tmp_path):
    from assistant.ui.tabs.translate.glossary_dialog import GlossaryDialog

    path = tmp_path / "glossary.json"
    save(path, [Term("world", "Welt", "en", "de")])
    dialog = GlossaryDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "术语表"
    assert untranslated(dialog) == [] and nameless_controls(dialog) == []
    (tmp_path / "more.csv").write_text("laptop,Klapprechner\n")
    assert dialog.import_file(tmp_path / "more.csv")
    assert dialog.error.text() == "已从 more.csv 添加 1 个术语。"
    dialog.activateWindow()
    dialog.table.setFocus()
    qtbot.waitUntil(dialog.table.hasFocus)
    selection = QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows  # not selectRow(): it reads the keyboard's modifiers
    dialog.table.selectionModel().select(dialog.table.model().index(0, 0), selection)
    qtbot.keyClick(dialog.table, Qt.Key_Delete)  # Del removes the selected terms
    assert [t.source for t in dialog.terms()] == ["laptop"]


@pytest.fixture
def chinese_window(chinese, request):
    return request.getfixturevalue("window")  # built after the translator is installed


def test_sentiment_in_chinese_names_its_labels_in_chinese(qtbot, chinese_window, tmp_path):
    tab = chinese_window.sentiment_tab
    tab.input.setPlainText("I love it. The end.")
    tab.run()
    wait_idle(qtbot, tab)
    assert tab.label.text() in ("积极", "消极", "中性")
    assert set(tab.bars.scores()) == {"积极", "消极", "中性"}
    assert "积极" in tab.sentences_view.toPlainText()  # the legend under the coloured sentences
    assert not english_words(tab.backend_note.text())  # "由情感分析模型 tiny-sentiment 评分。..."
    assert untranslated(tab.pages) == [] and nameless_controls(tab.pages) == []

    path = tmp_path / "feedback.csv"
    path.write_text("编号,评论\n" + "".join(f"{i},Comment {i} was fine\n" for i in range(5)))  # the file's own words are its own
    tab.set_batch_file(path)
    assert tab.column.itemText(0) == "（自动判断文本列）"
    tab.run()
    wait_idle(qtbot, tab)
    assert tab.batch_summary.text().startswith("已为 5 行评分（列“评论”）。")
    assert set(tab.chart.counts) <= {"积极", "消极", "中性"} and sum(tab.chart.counts.values()) == 5
    assert {tab.table.item(r, 2).text() for r in range(5)} <= {"积极", "消极", "中性"}
    assert untranslated(tab.pages) == [] and nameless_controls(tab.pages) == []
