"""The Chat tab driven like a person would: saved conversations, settings per chat, editing, export,
safe rendering and Q&A over documents; real worker thread, real SQLite, tiny and starter models."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QMessageBox

from assistant.core.chat.history import ChatStore
from assistant.core.chat.messages import ContextTrimmed
from assistant.core.documents.messages import IndexReport
from assistant.core.protocol import Failure, FailureKind, Partial, Started
from assistant.paths import app_paths
from assistant.settings import Settings
from assistant.ui.tabs.chat.settings_panel import HISTORY_ALL, HISTORY_AT_MOST, HISTORY_AUTO
from tests.fixtures.documents_qa import write_topics
from tests.interface_checks import english_words, nameless_controls, untranslated
from tests.qt.conftest import add_model_folder, new_window, wait_idle


@pytest.fixture(autouse=True)
def english(qapp):
    """The English interface, as the program installs it (its plural forms: "1 file", "3 files")."""
    from assistant.ui.i18n.translators import install_translators

    install_translators("en")


def send(qtbot, tab, text: str) -> None:
    tab.input.setPlainText(text)
    tab.run()
    wait_idle(qtbot, tab)


def chats_db() -> Path:
    return app_paths().data / "chats.sqlite3"


def restarted_window(qtbot, settings):
    """A second window on the same data folder, as after a restart (its worker is not needed); its store open."""
    window = new_window(qtbot, settings)
    store_open(qtbot, window.chat_tab)
    return window


def store_open(qtbot, tab) -> None:
    """The chat store opens after the first paint, on its own thread: wait for it."""
    qtbot.waitUntil(lambda: tab.store_ready, timeout=10_000)


def test_the_answer_is_saved_while_it_streams_and_everything_is_back_after_a_restart(qtbot, window, settings):
    tab = window.chat_tab
    tab.save_interval = 0.0  # write at every token, so the test sees the partial rows without timing
    tab.max_tokens.setValue(40)
    seen_on_disk = []

    def look_at_the_file(reply) -> None:
        if isinstance(reply, Partial):
            def check() -> None:
                with sqlite3.connect(chats_db()) as other:  # what another process would see
                    seen_on_disk.append(other.execute("SELECT status, content FROM messages WHERE role = 'assistant'").fetchall())
            QTimer.singleShot(0, check)

    window.client.activity.connect(look_at_the_file)
    send(qtbot, tab, "Where do penguins live?")
    streaming = [rows[0] for rows in seen_on_disk if rows and rows[0][0] == "streaming" and rows[0][1]]
    assert streaming, seen_on_disk  # the answer was on disk, partly, while it streamed
    answer = tab.shown[-1]
    assert answer.status == "done" and answer.content.startswith(streaming[0][1])
    # how fast it came, small under the answer, kept with it
    assert re.search(r"First token after \d+\.\d\d s · \d+\.\d tokens/s", answer.note), answer.note
    assert "First token after" in tab.transcript_text()
    qtbot.waitUntil(lambda: tab.list.titles() == ["Where do penguins live?"])
    assert tab.title_label.text() == "Where do penguins live?"

    window.close()
    again = restarted_window(qtbot, settings).chat_tab
    assert again.list.titles() == ["Where do penguins live?"]  # listed when the store opened
    assert [(m.role, m.content) for m in again.shown] == [("user", "Where do penguins live?"), ("assistant", answer.content)]
    assert "Where do penguins live?" in again.transcript_text()


def test_an_answer_cut_by_a_crash_is_shown_as_interrupted(qtbot, isolated_home, settings):
    store = ChatStore(chats_db())
    chat = store.create()
    store.add_message(chat.id, "user", "Tell me a story")
    store.add_message(chat.id, "assistant", "Once upon a time", status="streaming")  # what a killed process leaves
    store.close()
    tab = restarted_window(qtbot, settings).chat_tab
    text = tab.transcript_text()
    # Nobody holds the conversation's claim: the program that wrote it is gone, so opening marks it stopped.
    assert "Once upon a time" in text and "Stopped before the end." in text
    assert tab.shown[-1].status == "stopped" and tab.shown[-1].content == "Once upon a time"


def test_a_damaged_history_is_set_aside_and_said(qtbot, isolated_home, settings):
    chats_db().parent.mkdir(parents=True, exist_ok=True)
    chats_db().write_bytes(b"not a database at all " * 100)
    tab = restarted_window(qtbot, settings).chat_tab
    assert "damaged" in tab.banner.text() and "kept as chats.sqlite3.damaged-" in tab.banner.text()
    assert any(".damaged-" in p.name for p in chats_db().parent.iterdir())


def test_list_newest_first_rename_delete_with_undo_and_search(qtbot, window):
    tab = window.chat_tab
    tab.max_tokens.setValue(4)
    send(qtbot, tab, "First chat about volcanoes")
    tab.new_chat()
    tab.max_tokens.setValue(4)
    send(qtbot, tab, "Second chat about glaciers")
    qtbot.waitUntil(lambda: tab.list.titles() == ["Second chat about glaciers", "First chat about volcanoes"])
    first_id = tab.list.ids()[1]

    model = tab.list.model
    assert model.setData(model.index(1), "Volcano trip")  # what typing over the title in the list does
    qtbot.waitUntil(lambda: tab.list.titles() == ["Second chat about glaciers", "Volcano trip"])
    assert tab.store.get(first_id).title == "Volcano trip"

    tab.delete_conversation(first_id)
    qtbot.waitUntil(lambda: tab.list.ids() == [tab.conversation.id])
    assert "Deleted “Volcano trip”" in tab.banner.text()
    tab.banner.action_button.click()  # Undo
    qtbot.waitUntil(lambda: tab.list.titles() == ["Second chat about glaciers", "Volcano trip"])
    assert tab.conversation.id == first_id
    tab.undo_seconds = 0.05
    tab.delete_conversation(first_id)
    qtbot.waitUntil(lambda: not tab._pending_deletes)
    assert tab.store.conn.execute("SELECT count(*) FROM conversations WHERE id = ?", (first_id,)).fetchone()[0] == 0

    send(qtbot, tab, "Third question, same chat")
    tab.new_chat()
    tab.list.search.setText("GLACIERS")
    qtbot.waitUntil(lambda: tab.list.titles() == ["Second chat about glaciers"])
    tab.list.choose_row(0)  # clicking the hit opens the conversation
    assert tab.title_label.text() == "Second chat about glaciers" and tab.transcript.textCursor().hasSelection()
    tab.list.search.clear()
    qtbot.waitUntil(lambda: len(tab.list.titles()) == 1)


def test_a_long_conversation_opens_on_its_newest_page_and_earlier_pages_come_on_demand(qtbot, window, tmp_path):
    from assistant.ui.tabs.chat.tab import PAGE

    tab = window.chat_tab
    store_open(qtbot, tab)
    tab.resize(700, 500)
    chat = tab.store.create()
    total = 2 * PAGE + 50
    for number in range(total):
        role = "user" if number % 2 == 0 else "assistant"
        tab.store.add_message(chat.id, role, f"message {number:04d} " + "words " * 20)
    tab.open_conversation(chat.id)
    assert len(tab.shown) == PAGE and tab.shown[-1].content.startswith(f"message {total - 1:04d}")
    text = tab.transcript_text()
    assert f"message {total - 1:04d}" in text and f"message {total - PAGE - 1:04d}" not in text
    assert f"Show {total - PAGE} earlier message" in text

    bar = tab.transcript.verticalScrollBar()
    from_end = bar.maximum()  # scrolled to the top: this far above the end
    bar.setValue(bar.minimum())
    assert len(tab.shown) == 2 * PAGE and tab.shown[0].content.startswith(f"message {total - 2 * PAGE:04d}")
    assert bar.maximum() - bar.value() == from_end  # what was in view stays in view, the new page above it
    assert "Show 50 earlier message" in tab.transcript_text()
    tab.transcript._clicked(QUrl(tab.transcript._url("earlier", 0)))  # the link does the same
    text = tab.transcript_text()
    assert len(tab.shown) == total and "earlier message" not in text
    assert [text.count(f"message {n:04d}") for n in range(total)] == [1] * total  # each drawn once, in order
    assert text.index("message 0000") < text.index(f"message {PAGE:04d}") < text.index(f"message {total - 1:04d}")

    # Reopened: the newest page again; a search hit in the oldest page opens it, and all after it.
    tab.new_chat()
    tab.search("message 0003")
    tab.open_conversation(chat.id)
    assert tab.shown[0].content.startswith("message 0003") and tab.transcript.textCursor().selectedText() == "message 0003"
    tab.search("")
    tab.open_conversation(chat.id)
    assert len(tab.shown) == PAGE

    # Export and copy reach every message, not only the page shown.
    target = tmp_path / "long.json"
    assert tab.export_conversation(target, "json")
    assert len(json.loads(target.read_text())["messages"]) == total
    tab.copy_conversation()
    assert "message 0000" in QGuiApplication.clipboard().text()


def test_settings_belong_to_their_conversation_and_reach_the_request(qtbot, window):
    tab = window.chat_tab
    tab.max_tokens.setValue(4)
    send(qtbot, tab, "Chat A")
    panel = tab.settings_panel
    panel.system_prompt.setPlainText("Answer like a pirate.")
    panel.temperature.setValue(0.7)
    panel.top_p.setValue(0.9)
    panel.repetition_penalty.setValue(1.2)
    panel.seed.setValue(42)
    chat_a = tab.conversation.id
    tab.new_chat()
    assert panel.settings().temperature == 0.0 and panel.system_prompt.toPlainText() == ""
    tab.max_tokens.setValue(4)
    send(qtbot, tab, "Chat B")
    qtbot.waitUntil(lambda: chat_a in tab.list.ids())
    tab.list.choose_row(tab.list.ids().index(chat_a))
    assert panel.temperature.value() == 0.7 and panel.seed.value() == 42
    assert panel.system_prompt.toPlainText() == "Answer like a pirate."

    tab.input.setPlainText("What do you see?")
    request = tab.build_request()  # what Send would hand to the worker
    assert request.messages[0].role == "system" and request.messages[0].content == "Answer like a pirate."
    assert (request.temperature, request.top_p, request.repetition_penalty, request.seed, request.max_new_tokens) == (0.7, 0.9, 1.2, 42, 4)
    assert [m.content for m in request.messages[1:]][-1] == "What do you see?"
    tab.submit(request)
    wait_idle(qtbot, tab)
    assert tab.shown[-1].role == "assistant"  # the sampled settings ran through the real model

    panel.reset_button.click()
    assert tab.store.get(chat_a).settings == tab.default_settings()
    assert panel.temperature.value() == 0.0 and panel.seed.value() == -1


def test_regenerate_edit_copy_and_export(qtbot, window, tmp_path):
    tab = window.chat_tab
    tab.max_tokens.setValue(6)
    send(qtbot, tab, "First question")
    send(qtbot, tab, "Second question")
    assert [m.role for m in tab.shown] == ["user", "assistant", "user", "assistant"]

    tab.settings_panel.temperature.setValue(1.0)  # so that the new answer differs
    tab.regenerate()
    wait_idle(qtbot, tab)
    assert [m.role for m in tab.shown] == ["user", "assistant", "user", "assistant"]
    assert "Regenerated" in tab.shown[-1].note and "Regenerated" in tab.transcript_text()
    assert len(tab.store.messages(tab.conversation.id, include_replaced=True)) == 5

    first = tab.shown[0]
    tab._message_action("edit", first.id, 0)
    assert tab.input.toPlainText() == "First question" and tab.edit_bar.isVisible()
    assert "the 3 messages after it" in tab.edit_note.text()
    tab.input.setPlainText("First question, edited")
    tab.run()
    wait_idle(qtbot, tab)
    assert [(m.role, m.content) for m in tab.shown][0] == ("user", "First question, edited")
    assert len(tab.shown) == 2 and not tab.edit_bar.isVisible()
    assert "Edited question: it replaced the earlier version and 3 later messages." in tab.transcript_text()

    tab._message_action("copy", tab.shown[1].id, 0)
    assert QGuiApplication.clipboard().text() == tab.shown[1].content
    tab.copy_conversation()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("# First question") and "## You\n\nFirst question, edited" in copied

    for fmt in ("md", "json", "html"):
        assert tab.export_conversation(tmp_path / f"chat.{fmt}", fmt)
    assert json.loads((tmp_path / "chat.json").read_text())["messages"][0]["content"] == "First question, edited"
    original = [(m.role, m.content) for m in tab.shown]
    new_id = tab.import_file(tmp_path / "chat.html")
    assert tab.conversation.id == new_id and [(m.role, m.content) for m in tab.shown] == original
    assert tab.import_file(tmp_path / "nothing.json") is None and "cannot be read" in tab.banner.text()


def test_answers_are_markdown_but_links_wait_for_a_click_and_consent(qtbot, window):
    tab = window.chat_tab
    store_open(qtbot, tab)
    store = tab.store
    chat = store.create()
    store.add_message(chat.id, "user", "<b>not bold</b>")
    store.add_message(chat.id, "assistant", "**Bold** and `code`\n\n<img src=x onerror=alert(1)>\n\n[site](https://example.org) and [bad](javascript:alert(1))")
    tab.refresh_list()
    tab.open_conversation(chat.id)
    page = tab.transcript.toHtml()
    assert "font-weight" in page and "<img" not in page and "&lt;img src=x" in page and "&lt;b&gt;not bold" in page
    assert 'href="javascript' not in page
    opened = []
    tab.transcript.open_external = lambda url: opened.append(url.toString()) or True
    tab.transcript.anchorClicked.emit(QUrl("https://example.org"))
    dialog = tab.transcript.link_dialog
    assert dialog.isVisible() and "https://example.org" in dialog.text() and opened == []
    dialog.button(QMessageBox.Cancel).click()
    assert opened == []
    tab.transcript.anchorClicked.emit(QUrl("https://example.org"))
    tab.transcript.link_dialog.button(QMessageBox.Open).click()
    assert opened == ["https://example.org"]
    # an action link written by the model (it cannot know the window's key) does nothing
    actions = []
    tab.transcript.action_requested.connect(lambda *a: actions.append(a))
    tab.transcript.anchorClicked.emit(QUrl("assistant-action://guess/copy/1/0"))
    tab.transcript.anchorClicked.emit(QUrl(f"assistant-action://{tab.transcript.key}/copy/{tab.shown[1].id}/0"))
    assert actions == [("copy", tab.shown[1].id, 0)]


def test_a_conversation_longer_than_the_model_reads_says_so(qtbot, window, tiny_models, tmp_path):
    small = tmp_path / "tiny-chat-short-context"
    shutil.copytree(tiny_models["causal_lm"], small)
    config = json.loads((small / "config.json").read_text())
    config["max_position_embeddings"] = 160
    (small / "config.json").write_text(json.dumps(config))
    tab = window.chat_tab
    store_open(qtbot, tab)
    long_turn = "a long earlier message about many things " * 8
    chat = tab.store.import_conversation("Long chat", [{"role": r, "content": long_turn} for r in ("user", "assistant") * 3])
    tab.refresh_list()
    tab.open_conversation(chat.id)
    tab.settings_panel.model.addItem("short context", str(small))
    tab.settings_panel.model.setCurrentIndex(tab.settings_panel.model.count() - 1)
    tab.settings_panel.model.activated.emit(tab.settings_panel.model.currentIndex())
    assert tab.store.get(chat.id).settings.model == str(small)
    panel = tab.settings_panel
    panel.history.setCurrentIndex(panel.history.findData(HISTORY_ALL))
    panel.history.activated.emit(panel.history.currentIndex())
    assert tab.store.get(chat.id).settings.history_tokens == 0  # all the model can read: only its context limits
    tab.max_tokens.setValue(8)
    send(qtbot, tab, "And now?")
    assert tab.context_note.isVisible() and "longer than the model can read" in tab.context_note.text()
    assert "left out to fit what the model can read" in tab.shown[-1].note
    assert not tab.banner.isVisible()


def test_the_history_setting_caps_what_the_model_reads_and_the_note_names_it(qtbot, window, tiny_models):
    tab = window.chat_tab
    store_open(qtbot, tab)
    turns = [{"role": r, "content": f"earlier message {n} about the lighthouse and the fog"} for n, r in enumerate(("user", "assistant") * 60)]
    chat = tab.store.import_conversation("Long chat", turns)
    tab.refresh_list()
    tab.open_conversation(chat.id)
    panel = tab.settings_panel
    assert panel.history.currentData() == HISTORY_AUTO and not panel.history_tokens.isEnabled()
    panel.history.setCurrentIndex(panel.history.findData(HISTORY_AT_MOST))
    panel.history.activated.emit(panel.history.currentIndex())
    assert panel.history_tokens.isEnabled()
    panel.history_tokens.setValue(300)
    assert tab.store.get(chat.id).settings.history_tokens == 300  # kept with the conversation
    tab.input.setPlainText("And now?")
    request = tab.build_request()
    assert request.history_tokens == 300 and request.messages[-1].content == "And now?"
    assert len(request.messages) < 121 and request.earlier_exchanges > 0  # the newest messages only were read
    assert request.earlier_exchanges * 2 + len(request.messages) >= 121
    tab.submit(request)
    wait_idle(qtbot, tab)
    note = tab.context_note.text()
    assert tab.context_note.isVisible() and "History sent to the model" in note and "Settings" in note
    assert "History sent to the model" in tab.shown[-1].note
    panel.history.setCurrentIndex(panel.history.findData(HISTORY_AUTO))
    panel.history.activated.emit(panel.history.currentIndex())
    assert tab.store.get(chat.id).settings.history_tokens is None


def test_documents_dropped_indexed_and_answered_with_sources(qtbot, window, tmp_path):
    tab = window.chat_tab
    store_open(qtbot, tab)
    docs = tmp_path / "docs"
    write_topics(docs)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(docs))])
    tab.dropEvent(QDropEvent(QPoint(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier))
    assert tab.busy  # indexing started at once, with progress and Stop
    wait_idle(qtbot, tab, timeout=120_000)
    assert tab.status_label.text().startswith("Documents ready: 16 files")
    assert tab.store.get(tab.conversation.id).documents == (str(docs),)
    assert "from 1 attached item: docs" in tab.documents_bar.label.text()

    tab.documents_bar.set_reader("passages", "")  # "Show the best passages only"
    tab.documents_bar.reader.activated.emit(tab.documents_bar.reader.currentIndex())
    assert tab.store.get(tab.conversation.id).settings.reader == "passages"
    send(qtbot, tab, "What is the name of the helicopter carried by the rover?")
    answer = tab.shown[-1]
    assert answer.role == "assistant" and "Ingenuity" in answer.content
    assert Path(answer.sources[0]["path"]).name == "mars_rover.pdf" and answer.sources[0]["location"] == "page 1"
    assert "Sources: [1] mars_rover.pdf (page 1, passage 1)" in tab.transcript_text()

    opened = []
    tab.transcript.open_external = lambda url: opened.append(url.toLocalFile()) or True
    tab._message_action("source", answer.id, 0)
    assert "Ingenuity" in tab.source_dialog.text() and "page 1" in tab.source_dialog.text()
    tab.source_dialog.buttons()[0].click()  # Open file
    assert opened == [answer.sources[0]["path"]]

    tab.documents_bar.set_reader("auto", "")  # the chat model (tiny) answers from the passages, streaming
    tab.documents_bar.reader.activated.emit(tab.documents_bar.reader.currentIndex())
    tab.max_tokens.setValue(6)
    send(qtbot, tab, "Who was elected mayor?")
    assert tab.shown[-1].sources and Path(tab.shown[-1].sources[0]["path"]).name == "election.md"
    assert tab.shown[-1].content and not tab.banner.isVisible()


def test_a_chosen_search_model_removed_since_gives_way_to_the_automatic_one_said_once(qtbot, window, tmp_path):
    tab, page = window.chat_tab, window.models_page
    store_open(qtbot, tab)
    docs = tmp_path / "docs"
    write_topics(docs)
    tab.attach_documents([str(docs)])
    wait_idle(qtbot, tab, timeout=120_000)
    tab.documents_bar.set_reader("passages", "")
    tab.documents_bar.reader.activated.emit(tab.documents_bar.reader.currentIndex())
    window.settings.models["documents"] = str(tmp_path / "removed" / "my-minilm")  # chosen, then deleted outside the program
    page.fill_documents_choice()
    assert page.documents_choice.currentData() == ""  # the Models page shows "Automatic", not a model that is gone

    send(qtbot, tab, "Who was elected mayor?")
    answer = tab.shown[-1]
    assert answer.role == "assistant" and "Ruth Adeyemi" in answer.content  # answered, by the automatic choice
    assert "(my-minilm) is no longer installed: the automatic choice was used" in answer.note
    assert "documents" not in window.settings.models and "documents" not in Settings.load(app_paths().settings_file).models
    send(qtbot, tab, "Who was elected mayor?")
    assert "no longer installed" not in tab.shown[-1].note  # said once


def test_an_installed_extractive_model_can_answer_with_an_exact_span(qtbot, window, tmp_path):
    from tests.fixtures.qa_models import make_bert_qa

    make_bert_qa(tmp_path / "qa-models" / "tiny-qa")
    add_model_folder(qtbot, window, str(tmp_path / "qa-models"))
    tab = window.chat_tab
    store_open(qtbot, tab)
    docs = tmp_path / "docs"
    write_topics(docs)
    tab.attach_documents([str(docs / "telescope.docx"), str(docs / "lighthouse.txt")])
    wait_idle(qtbot, tab, timeout=120_000)
    labels = [tab.documents_bar.reader.itemText(i) for i in range(tab.documents_bar.reader.count())]
    assert "Exact span: tiny-qa" in labels
    tab.documents_bar.reader.setCurrentIndex(labels.index("Exact span: tiny-qa"))
    tab.documents_bar.reader.activated.emit(tab.documents_bar.reader.currentIndex())
    assert tab.store.get(tab.conversation.id).settings.reader == "extractive"
    send(qtbot, tab, "How wide is the mirror?")
    answer = tab.shown[-1]
    assert "Exact span from source [" in answer.content and "score" in answer.content
    assert len(answer.sources) == 2


# ------------------------------------------------------------------ keyboard


def test_main_actions_have_keys(qtbot, window, monkeypatch):
    tab = window.chat_tab
    window.activateWindow()
    tab.max_tokens.setValue(4)
    send(qtbot, tab, "A question to copy")
    tab.input.setFocus()
    qtbot.keyClick(tab.input, Qt.Key_C, Qt.ControlModifier | Qt.ShiftModifier)  # copy the conversation
    assert QGuiApplication.clipboard().text().startswith("# A question to copy")
    menus = []
    monkeypatch.setattr(tab.export_button, "showMenu", lambda: menus.append(True))
    qtbot.keyClick(tab.input, Qt.Key_E, Qt.ControlModifier)  # the Export menu
    assert menus == [True]
    asked = []
    monkeypatch.setattr(tab.documents_bar, "choose_files", lambda: asked.append(True))
    qtbot.keyClick(tab.input, Qt.Key_O, Qt.ControlModifier)  # attach documents
    assert asked == [True]

    tab._message_action("edit", tab.shown[0].id, 0)
    assert tab.edit_bar.isVisible()
    qtbot.keyClick(tab.input, Qt.Key_Escape)  # nothing runs: Esc leaves the edit
    assert not tab.edit_bar.isVisible() and tab.input.toPlainText() == ""


# ------------------------------------------------- the interface in Chinese


class FileDialogs:
    """Stands in for QFileDialog's static functions: records what the user would have seen, chooses nothing."""

    def __init__(self):
        self.seen: list[str] = []

    def getSaveFileName(self, _parent, title, _name="", filters=""):  # noqa: N802 (Qt naming)
        self.seen += [title, filters]
        return "", ""

    getOpenFileName = getSaveFileName  # noqa: N815

    def getOpenFileNames(self, _parent, title, _folder="", filters=""):  # noqa: N802
        self.seen += [title, filters]
        return [], ""

    def getExistingDirectory(self, _parent, title, _folder=""):  # noqa: N802
        self.seen.append(title)
        return ""


@pytest.fixture
def chinese_chat(chinese, request, qtbot):
    tab = request.getfixturevalue("window").chat_tab  # built after the zh_CN translator is installed
    store_open(qtbot, tab)
    store = tab.store
    other = store.create()
    store.add_message(other.id, "user", "另一个对话")
    source = {"path": "/tmp/资料/火星.txt", "position": 2, "location": "", "text": "机智号直升机。"}
    chat = store.import_conversation("火星", [
        {"role": "user", "content": "火星车带着什么？"},
        {"role": "assistant", "content": "一架直升机。", "status": "stopped", "sources": [source]},
    ])
    tab.refresh_list()
    tab.open_conversation(chat.id)
    return tab, tab.shown[0], other.id


def test_chat_parts_shown_on_demand_are_in_chinese(chinese_chat, qtbot):
    tab, question, other_id = chinese_chat
    tab.settings_button.setChecked(True)  # this chat's settings
    tab.documents_bar.set_qa_models([("tiny-qa", "/models/tiny-qa")])
    tab.documents_bar.set_documents(["/tmp/资料"])  # the documents bar with its buttons and readers
    tab.start_edit(question)  # the edit bar
    tab._show_context_trimmed(ContextTrimmed(2))  # the note on a conversation longer than the model reads
    assert english_words(tab.context_note.text()) == []
    tab._show_context_trimmed(ContextTrimmed(2, by_setting=True))  # ... and on one the setting cut
    assert "发送给模型的历史" in tab.context_note.text()
    tab._show_index_report(IndexReport(files=("/tmp/资料/火星.txt",), indexed=1, unchanged=0, passages=3))
    tab.delete_conversation(other_id)  # the banner offers Undo
    assert tab.context_note.isVisible() and tab.edit_bar.isVisible() and tab.banner.action_button.isVisible()
    assert untranslated(tab) == []
    assert nameless_controls(tab) == []
    shown = tab.transcript_text()  # roles, message actions, notes and sources
    assert "助手" in shown and english_words(shown) == []

    tab._not_saved(OSError("磁盘已满"))
    assert english_words(tab.banner.text()) == []
    tab._last_started = Started(0, "tiny", "causal LM", key="/models/tiny", device="cuda", dtype="float32")
    tab.show_failure(Failure(0, FailureKind.OUT_OF_MEMORY, "显存不足。"))
    assert tab.banner.second_button.isVisible() and untranslated(tab.banner) == []


def test_chat_dialogs_are_in_chinese(chinese_chat, qtbot, monkeypatch):
    from assistant.ui.tabs.chat import documents_bar
    from assistant.ui.tabs.chat import tab as chat

    tab, _question, _other = chinese_chat
    dialogs = FileDialogs()
    monkeypatch.setattr(chat, "QFileDialog", dialogs)
    monkeypatch.setattr(documents_bar, "QFileDialog", dialogs)
    for fmt in ("md", "json", "html"):
        tab.choose_export(fmt)
    tab.choose_import()
    tab.documents_bar.choose_files()
    tab.documents_bar.choose_folder()
    assert len(dialogs.seen) == 11 and all(dialogs.seen)
    assert [text for text in dialogs.seen if english_words(text)] == []
    assert untranslated(tab.export_button.menu()) == []

    tab._message_action("source", tab.shown[1].id, 0)
    assert tab.source_dialog.isVisible() and "第 2 段" in tab.source_dialog.text()
    assert untranslated(tab.source_dialog) == [] and nameless_controls(tab.source_dialog) == []
    tab.source_dialog.close()

    tab.transcript.ask_to_open(QUrl("https://example.org"))
    assert untranslated(tab.transcript.link_dialog) == [] and nameless_controls(tab.transcript.link_dialog) == []
    tab.transcript.link_dialog.close()


# ------------------------------------------- the store opens off the GUI thread


@pytest.fixture
def store_gate(monkeypatch):
    """Holds the chat store's opening on its own thread until the test sets the event."""
    import threading

    gate = threading.Event()
    opened_on = []
    original = ChatStore.open

    def held_open(self, check=True):
        opened_on.append((threading.current_thread() is threading.main_thread(), check))
        if threading.current_thread() is not threading.main_thread():
            gate.wait(20)
        return original(self, check)

    monkeypatch.setattr(ChatStore, "open", held_open)
    gate.opened_on = opened_on
    yield gate
    gate.set()


def test_the_window_shows_first_and_the_list_fills_in_when_the_store_is_open(qtbot, isolated_home, settings, store_gate):
    from assistant.ui.workers.chat_store import live_workers

    store = ChatStore(chats_db())
    for title in ("Oldest", "Middle", "Newest"):
        chat = store.create()
        store.add_message(chat.id, "user", title)
    store.close()
    store_gate.opened_on.clear()
    window = new_window(qtbot, settings)
    tab = window.chat_tab
    qtbot.waitUntil(lambda: tab._store_worker is not None)  # asked after the first paint...
    assert tab.store is None and tab.list.titles() == []  # ...and held: the window is up, the list not yet
    store_gate.set()
    qtbot.waitUntil(lambda: tab.store_ready and tab.list.titles() == ["Newest", "Middle", "Oldest"])
    assert [m.content for m in tab.shown] == ["Newest"] and tab.list.current_id() == tab.conversation.id
    # the checked open ran on the store's thread; the GUI thread's own connection did not check again
    assert store_gate.opened_on == [(False, True), (True, False)]
    window.close()
    qtbot.waitUntil(lambda: not live_workers())


def test_the_newest_conversation_opens_at_the_start_its_end_painted_first_then_all_of_it(qtbot, isolated_home, settings):
    """Each step gets an event of its own and a paint after it: the list, the last messages, the whole conversation."""
    from assistant.ui.tabs.chat.transcript import END_FIRST

    store = ChatStore(chats_db())
    chat = store.create()
    for number in range(12):
        store.add_message(chat.id, "user" if number % 2 == 0 else "assistant", f"message m{number:02d}.")
    store.close()
    window = new_window(qtbot, settings)
    tab = window.chat_tab
    drawn = []  # what the transcript holds at each of its paints until the store is ready

    class Watch(QObject):
        def eventFilter(self, _watched, event) -> bool:  # noqa: N802 (Qt naming)
            if event.type() == QEvent.Type.Paint and not tab.store_ready:
                drawn.append(tab.transcript.toPlainText())
            return False

    watch = Watch()
    tab.transcript.viewport().installEventFilter(watch)
    qtbot.waitUntil(lambda: tab.store_ready, timeout=10_000)
    shown = tab.transcript.toPlainText()
    assert all(f"message m{n:02d}." in shown for n in range(12))
    first = next(text for text in drawn if "message m" in text)  # the first paint with the conversation in it
    assert [n for n in range(12) if f"message m{n:02d}." in first] == list(range(12 - END_FIRST, 12))
    assert tab.transcript.verticalScrollBar().value() == tab.transcript.verticalScrollBar().maximum()  # at the end


def test_a_question_sent_before_the_store_opens_waits_and_then_goes(qtbot, store_gate, window):
    tab = window.chat_tab
    qtbot.waitUntil(lambda: tab._store_worker is not None)
    assert tab.store is None
    tab.max_tokens.setValue(4)
    tab.input.setPlainText("An early question")
    tab.run()
    assert tab.busy and tab.input.isReadOnly() and not tab.run_button.isEnabled() and tab.status_label.text() == "Queued…"
    tab.run()  # pressed again: still one question
    tab.stop()  # Stop takes it back: nothing sent, the text stays
    assert not tab.busy and not tab.input.isReadOnly() and tab.input.toPlainText() == "An early question"
    tab.run()
    assert tab.busy and tab.stop_button.isEnabled()
    store_gate.set()
    wait_idle(qtbot, tab)  # busy all along: waiting for the store, then answering
    assert [(m.role, m.content) for m in tab.shown][0] == ("user", "An early question") and len(tab.shown) == 2
    assert not tab.input.isReadOnly() and tab.input.toPlainText() == ""
    qtbot.waitUntil(lambda: tab.list.titles() == ["An early question"])
    assert len(tab.store.conversations()) == 1


def test_closing_while_the_store_opens_stops_it_and_keeps_the_file(qtbot, isolated_home, settings, store_gate):
    from assistant.ui.workers.chat_store import live_workers

    store = ChatStore(chats_db())
    store.add_message(store.create().id, "user", "keep me")
    store.close()
    window = new_window(qtbot, settings)
    qtbot.waitUntil(lambda: window.chat_tab._store_worker is not None)
    window.close()  # returns at once: the GUI thread does not wait for the store's thread
    store_gate.set()
    qtbot.waitUntil(lambda: not live_workers())
    assert not any(".damaged-" in p.name for p in chats_db().parent.iterdir())
    again = ChatStore(chats_db())
    assert again.notice == "" and [c.title for c in again.conversations()] == ["keep me"]
    again.close()


def test_typing_fast_searches_only_the_last_text(qtbot, window, monkeypatch):
    import threading

    tab = window.chat_tab
    store_open(qtbot, tab)
    for question in ("Apples in autumn", "Bananas all year", "火星车带着一架直升机", "Cherries in June"):
        tab.store.add_message(tab.store.create().id, "user", question)
    searched, held = [], threading.Event()
    original = ChatStore.search

    def recorded_search(self, text, limit=200):
        searched.append(text)
        if text == "slow":
            held.wait(20)
        return original(self, text, limit)

    monkeypatch.setattr(ChatStore, "search", recorded_search)
    tab.search("slow")
    qtbot.waitUntil(lambda: searched == ["slow"])  # the store's thread is busy with it
    for text in ("App", "Bana", "Cher", "直升机"):  # typed meanwhile
        tab.search(text)
    held.set()
    qtbot.waitUntil(lambda: tab.list.titles() == ["火星车带着一架直升机"])
    assert searched == ["slow", "直升机"]  # the stale ones were never run
    tab.search("june")
    qtbot.waitUntil(lambda: tab.list.titles() == ["Cherries in June"])
    tab.search("")
    qtbot.waitUntil(lambda: len(tab.list.titles()) == 4)
    held.set()
