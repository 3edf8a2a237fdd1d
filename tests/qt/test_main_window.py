"""The main window driven like a person would, on the real worker thread and tiny models."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QAction, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

from assistant.core.protocol import Partial, Task
from assistant.paths import app_paths
from tests.qt.conftest import add_model_folder, wait_idle, wait_scanned


def test_window_shows_all_tabs_and_the_device(window):
    titles = [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]
    assert titles == ["Chat / QA", "Translate", "Sentiment", "Classify", "Models"]
    assert window.device_label.text() == "Device: CPU"
    assert window.status_message.text() == "Ready"


def test_chat_streams_an_answer_and_keeps_the_conversation(qtbot, window):
    tab = window.chat_tab
    window.tabs.setCurrentWidget(tab)
    partials = []
    window.client.activity.connect(lambda r: partials.append(r) if isinstance(r, Partial) else None)
    qtbot.keyClicks(tab.input, "Hello there")
    qtbot.keyClick(tab.input, Qt.Key_Return, Qt.ControlModifier)
    assert tab.busy and not tab.run_button.isEnabled() and tab.stop_button.isEnabled()
    wait_idle(qtbot, tab)
    assert [m.role for m in tab.messages] == ["user", "assistant"]
    assert tab.messages[0].content == "Hello there"
    assert tab.messages[1].content.strip()
    transcript = tab.transcript_text()
    assert "Hello there" in transcript and tab.messages[1].content.strip()[:5] in transcript
    assert partials  # the answer came in pieces
    assert "tokens/s" in window.speed_label.text()
    # a second turn sends the whole conversation
    qtbot.keyClicks(tab.input, "And then?")
    tab.run()
    wait_idle(qtbot, tab)
    assert [m.role for m in tab.messages] == ["user", "assistant", "user", "assistant"]


def test_chat_stop_keeps_what_was_shown(qtbot, window):
    tab = window.chat_tab
    tab.max_tokens.setValue(4000)
    qtbot.keyClicks(tab.input, "Tell me everything")
    tab.run()
    qtbot.waitUntil(lambda: len(tab._answer) > 0, timeout=60_000)
    qtbot.keyClick(tab.input, Qt.Key_Escape)
    wait_idle(qtbot, tab)
    assert tab.banner.isVisible() and "Stopped" in tab.banner.text()
    # what was shown stays part of the conversation, saved and marked as stopped
    assert tab.messages[-1].role == "assistant" and tab.messages[-1].content
    assert tab.shown[-1].status == "stopped" and "Stopped before the end." in tab.transcript_text()


def test_model_output_is_shown_as_text_never_as_html(window):
    from assistant.core.chat.history import StoredMessage

    tab = window.chat_tab
    nasty = '<img src="http://example.com/x.png"><script>alert(1)</script><a href="http://x">link</a>'
    tab.transcript.set_messages([StoredMessage(1, "c", "assistant", nasty, 0.0)])
    assert '<img src="http://example.com/x.png">' in tab.transcript_text()
    html = tab.transcript.toHtml()
    assert "<img" not in html and "<script" not in html and '<a href="http' not in html
    assert "&lt;img" in html  # escaped, shown as the characters the model wrote


def test_empty_question_is_not_sent(qtbot, window):
    tab = window.chat_tab
    tab.run()
    assert not tab.busy and "Type a question" in tab.banner.text()


def test_translate_tab_fills_sentences_and_keeps_paragraphs(qtbot, window):
    tab = window.translate_tab
    assert tab.pair_note.text() == "✓ installed"
    tab.source.setPlainText("Hello world. Where is the train station?\n\nGood morning.")
    tab.run()
    wait_idle(qtbot, tab)
    lines = tab.output.toPlainText().split("\n")
    assert len(lines) == 3 and lines[1] == "" and lines[0] and lines[2]
    assert "sentences/s" in window.speed_label.text()


def test_translate_without_a_model_points_to_the_models_page(qtbot, window):
    tab = window.translate_tab
    tab._select(tab.source_language, "fr")
    tab._select(tab.target_language, "ja")
    assert tab.pair_note.text() == "No model installed for this pair"
    tab.source.setPlainText("Bonjour.")
    tab.run()
    wait_idle(qtbot, tab)
    assert "No translation model for fr → ja" in tab.banner.text()
    tab.banner.action_button.click()
    assert window.tabs.currentWidget() is window.models_page
    # the choice of languages was remembered
    saved = json.loads(app_paths().settings_file.read_text())
    assert (saved["translate_source"], saved["translate_target"]) == ("fr", "ja")


def test_sentiment_tab_shows_label_and_bars(qtbot, window):
    tab = window.sentiment_tab
    tab.input.setPlainText("What a day.")
    tab.run()
    wait_idle(qtbot, tab)
    scores = tab.bars.scores()
    assert set(scores) == {"negative", "neutral", "positive"}
    assert abs(sum(scores.values()) - 1) < 0.01
    assert tab.label.text().lower() == max(scores, key=scores.get)
    assert "tiny-sentiment" in tab.backend_note.text()


def test_sentiment_huge_text_gets_a_message_and_the_tab_goes_on(qtbot, window):
    tab = window.sentiment_tab
    tab.input.setPlainText("word " * 200_000)
    tab.run()
    wait_idle(qtbot, tab)
    assert "too long" in tab.banner.text()
    tab.input.setPlainText("Fine again.")
    tab.run()
    wait_idle(qtbot, tab)
    assert not tab.banner.isVisible() and tab.label.text()


def test_classify_dropped_folder_fills_rows_as_files_finish(qtbot, window, tmp_path):
    tab = window.classify_tab
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "match.txt").write_text("The striker scored in the final minute.")
    (folder / "vote.md").write_text("# Senate\nThe senate passed the budget.")
    (folder / "page.html").write_text("<p>A new chip doubles battery life.</p>")
    (folder / "image.bin").write_bytes(b"\x00\xff" * 500)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    drop = QDropEvent(QPoint(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    tab.dropEvent(drop)
    qtbot.waitUntil(lambda: not tab.listing.busy, timeout=10_000)  # listed off the GUI thread
    assert tab.table.rowCount() == 4 and tab.files_note.text() in ("4 file(s) to classify", "4 files to classify")  # "files": English plural forms
    rows_seen = []
    window.client.activity.connect(lambda r: rows_seen.append(r) if isinstance(r, Partial) else None)
    tab.run()
    wait_idle(qtbot, tab)
    assert len(rows_seen) == 4
    table = {tab.table.item(r, 0).text(): (tab.table.item(r, 1).text(), tab.table.item(r, 3).text()) for r in range(4)}
    assert table["image.bin"][0] == "unreadable" and "binary" in table["image.bin"][1]
    for name in ("match.txt", "vote.md", "page.html"):
        assert table[name][0] in {"sports", "politics", "technology"}
    assert "1 item(s) could not be read" in tab.banner.text() or "1 item could not be read" in tab.banner.text()  # English plural forms
    assert tab.table_as_csv().splitlines()[0] == "Item,Label,Score,All labels,Folder"


def test_classify_pasted_text(qtbot, window):
    tab = window.classify_tab
    tab.labels.setText("cats, dogs")
    tab.text.setPlainText("The kitten purrs.")
    tab.run()
    wait_idle(qtbot, tab)
    assert tab.table.rowCount() == 1 and tab.table.item(0, 1).text() in {"cats", "dogs"}


def test_models_page_lists_models_and_remembers_the_choice(qtbot, window, tiny_models):
    page = window.models_page
    names = {page.table.item(r, 0).text(): page.table.item(r, 2).text() for r in range(page.table.rowCount())}
    assert {"opus-mt-en-de", "tiny-sentiment", "tiny-nli", "tiny-chat", "all-MiniLM-L6-v2", "SmolLM2-135M-Instruct"} <= set(names)
    assert names["tiny-chat"] == "Chat" and names["opus-mt-en-de"] == "Translate"  # the tabs, named as the window names them
    box = page.choices[Task.SENTIMENT]
    index = box.findText("all-MiniLM-L6-v2 (embedding)")
    box.setCurrentIndex(index)
    box.activated.emit(index)
    saved = json.loads(app_paths().settings_file.read_text())
    assert saved["models"]["sentiment"].endswith("model")
    # the sentiment tab now uses the embedding model and says it is an approximation
    tab = window.sentiment_tab
    tab.input.setPlainText("I love it")
    tab.run()
    wait_idle(qtbot, tab)
    assert "approximation" in tab.backend_note.text()


def test_adding_a_folder_without_models_is_refused(qtbot, window, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    window.models_page.add_folder(str(empty))
    wait_scanned(qtbot, window)
    assert "No model found" in window.models_page.banner.text()
    assert str(empty) not in window.settings.extra_model_dirs


def test_closing_while_work_runs_stops_the_worker_and_saves_settings(qtbot, window):
    tab = window.chat_tab
    tab.max_tokens.setValue(4000)
    tab.input.setPlainText("A long answer please")
    tab.run()
    qtbot.waitUntil(lambda: len(tab._answer) > 0, timeout=60_000)
    window.tabs.setCurrentIndex(2)
    window.close()
    assert not window.client.running
    saved = json.loads(app_paths().settings_file.read_text())
    assert saved["last_tab"] == 2 and saved["window_geometry"]


def test_a_broken_chosen_model_is_reported_in_the_tab(qtbot, window, tiny_models):
    window.settings.models["sentiment"] = str(tiny_models["broken"])
    tab = window.sentiment_tab
    tab.input.setPlainText("Fine.")
    tab.run()
    wait_idle(qtbot, tab)
    assert "cannot do sentiment" in tab.banner.text() or "damaged" in tab.banner.text()
    assert tab.banner.action_button.text() == "Open Models page"


def test_choosing_an_absent_gpu_is_said_plainly_never_a_silent_fallback(qtbot, window):
    page = window.models_page
    page.device.setCurrentIndex(page.device.findData("cuda"))
    page.device.activated.emit(page.device.currentIndex())
    qtbot.waitUntil(lambda: "not available" in window.device_label.text(), timeout=10_000)
    tab = window.sentiment_tab
    tab.input.setPlainText("Fine.")
    tab.run()
    wait_idle(qtbot, tab)
    assert "cuda" in tab.banner.text() and "not available" in tab.banner.text()
    page.device.setCurrentIndex(page.device.findData("cpu"))
    page.device.activated.emit(page.device.currentIndex())
    qtbot.waitUntil(lambda: window.device_label.text() == "Device: CPU", timeout=10_000)
    tab.run()
    wait_idle(qtbot, tab)
    assert tab.label.text()
    assert json.loads(app_paths().settings_file.read_text())["device"] == "cpu"


def test_adding_a_model_folder_makes_its_models_usable(qtbot, window, tiny_models, tmp_path):
    import shutil

    folder = tmp_path / "more-models"
    shutil.copytree(tiny_models["marian_de_en"], folder / "opus-mt-de-en")
    add_model_folder(qtbot, window, str(folder))
    assert ("de", "en") in window.translate_tab._pairs
    tab = window.translate_tab
    tab._select(tab.source_language, "de")
    tab._select(tab.target_language, "en")
    tab.source.setPlainText("Guten Morgen.")
    tab.run()
    wait_idle(qtbot, tab)
    assert tab.output.toPlainText() and not tab.banner.text()


def test_menus_reach_settings_shortcuts_and_about(qtbot, window):
    actions = {a.text().replace("&", ""): a for a in window.findChildren(QAction)}
    assert actions["Settings…"].shortcut() == QKeySequence("Ctrl+,")
    assert actions["Keyboard shortcuts"].shortcut() == QKeySequence("F1")
    assert "About Local Assistant" in actions
    assert [actions[name].shortcut().toString() for name in ("Chat / QA", "Translate", "Sentiment", "Classify", "Models")] == [
        f"Ctrl+{i}" for i in range(1, 6)]
    actions["Keyboard shortcuts"].trigger()
    shortcuts = [w for w in QApplication.topLevelWidgets() if type(w).__name__ == "ShortcutsDialog" and w.isVisible()]
    assert len(shortcuts) == 1
    shortcuts[0].close()


def test_the_app_icon_has_every_size_for_high_dpi_screens(qapp):
    from assistant.app import app_icon

    sizes = {size.width() for size in app_icon().availableSizes()}
    assert {16, 32, 48, 64, 128, 256} <= sizes  # 2x and 3x of the usual 16-64 px


@pytest.fixture
def chinese_window(chinese, request):
    return request.getfixturevalue("window")  # built after the translator is installed


def test_the_main_windows_own_texts_are_translated(qtbot, chinese_window):
    from tests.interface_checks import english_words

    window = chinese_window
    texts = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    texts += [menu.title() for menu in window.menuBar().findChildren(QMenu)]
    texts += [a.text() for a in window.findChildren(QAction, options=Qt.FindDirectChildrenOnly)]
    texts += [label.accessibleName() for label in (window.status_message, window.device_label, window.speed_label,
                                                   window.models_label, window.restart_note)]
    texts.append(window.device_label.text())
    left = [text for text in texts if english_words(text)]
    assert left == []
    assert window.tabs.tabText(0) == "聊天 / 问答(&C)" and window.device_label.text() == "设备：CPU"


def test_every_listed_shortcut_is_bound_somewhere_in_the_window(window):
    """Help > Keyboard shortcuts lists only keys that something in the window answers."""
    from PySide6.QtGui import QAction, QKeySequence, QShortcut
    from PySide6.QtWidgets import QAbstractButton

    from assistant.ui.main_window import SHORTCUTS

    bound = set()
    for action in window.findChildren(QAction):
        bound |= {key.toString() for key in action.shortcuts()}
    bound |= {shortcut.key().toString() for shortcut in window.findChildren(QShortcut)}
    bound |= {button.shortcut().toString() for button in window.findChildren(QAbstractButton)}
    listed = [keys for keys, _what in SHORTCUTS if "…" not in keys]
    assert [keys for keys in listed if QKeySequence(keys).toString() not in bound] == []
    assert {f"Ctrl+{n}" for n in range(1, 6)} <= bound  # the "Ctrl+1 … Ctrl+5" row
