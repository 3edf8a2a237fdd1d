"""The chat list over many conversations: a page of rows shown at a time, every conversation reachable
by scrolling, the current one kept shown, search reaching past the first page; real store, real thread."""

from __future__ import annotations

import time
import uuid

import pytest

from assistant.core.chat.history import ChatStore, Conversation
from assistant.paths import app_paths
from assistant.ui.tabs.chat.conversation_list import PAGE, ConversationList
from tests.qt.conftest import new_window

MANY = 1_200  # six pages


def write_history(count: int) -> list[str]:
    """``count`` conversations of two messages through the program's store, in one transaction; ids newest first."""
    store = ChatStore(app_paths().data / "chats.sqlite3")
    start = time.time() - count * 60.0
    conversations, messages = [], []
    for number in range(count):
        conversation_id = uuid.uuid4().hex
        question = "Where do quokkas live?" if number == 0 else f"Question number {number}"
        conversations.append((conversation_id, question, start + number * 60.0, start + number * 60.0))
        messages += [(conversation_id, "user", question, start + number * 60.0), (conversation_id, "assistant", f"Answer {number}.", start + number * 60.0)]
    store.conn.execute("BEGIN")
    store.conn.executemany("INSERT INTO conversations (id, title, created, updated) VALUES (?, ?, ?, ?)", conversations)
    store.conn.executemany("INSERT INTO messages (conversation_id, role, content, created) VALUES (?, ?, ?, ?)", messages)
    store.conn.execute("COMMIT")
    store.close()
    return [row[0] for row in reversed(conversations)]


def scroll_to_the_end(qtbot, view) -> None:
    """What a person does to see older conversations: drag the scroll bar down until the list stops growing."""
    while True:
        rows = view.model().rowCount()
        bar = view.verticalScrollBar()
        bar.setValue(bar.maximum())
        qtbot.wait(10)
        if view.model().rowCount() == rows:
            return


@pytest.fixture
def long_history_window(qtbot, isolated_home, settings):
    ids = write_history(MANY)
    window = new_window(qtbot, settings)
    tab = window.chat_tab
    qtbot.waitUntil(lambda: tab.store_ready and len(tab.list.ids()) == MANY, timeout=20_000)
    yield window, ids
    window.close()


def test_a_long_list_shows_a_page_and_scrolling_reaches_every_conversation(qtbot, long_history_window):
    window, ids = long_history_window
    view = window.chat_tab.list.list
    assert view.model().rowCount() == PAGE  # not 1,200 rows for the view to lay out at once
    assert window.chat_tab.list.ids() == ids  # all of them held, newest first
    scroll_to_the_end(qtbot, view)
    assert view.model().rowCount() == MANY
    last = view.model().index(MANY - 1)
    assert last.data() == "Where do quokkas live?" and last.data(0x0100) == ids[-1]  # UserRole: the oldest's id
    window.chat_tab.rename_conversation(ids[5], "Renamed")  # the list is read again...
    qtbot.waitUntil(lambda: window.chat_tab.list.titles()[5] == "Renamed", timeout=10_000)
    assert view.model().rowCount() == MANY  # ...and what was scrolled to stays shown


def test_the_current_conversation_stays_shown_through_a_search_and_its_end(qtbot, long_history_window):
    window, ids = long_history_window
    tab = window.chat_tab
    deep = 1_000  # on the sixth page
    tab.list.choose_row(deep)  # as if clicked after scrolling down
    assert tab.conversation.id == ids[deep] and tab.list.current_id() == ids[deep]
    tab.list.search.setText("quokka")  # the oldest conversation, on the last page
    qtbot.waitUntil(lambda: tab.list.titles() == ["Where do quokkas live?"], timeout=10_000)
    tab.list.choose_row(0)
    assert tab.conversation.id == ids[-1]
    tab.list.search.clear()
    qtbot.waitUntil(lambda: len(tab.list.ids()) == MANY, timeout=10_000)
    # back to the whole list: the one opened from the search is current, its page shown
    assert tab.list.current_id() == ids[-1] and tab.list.list.model().rowCount() == MANY
    tab.list.select(ids[deep])
    assert tab.list.current_id() == ids[deep]


def test_the_list_updates_after_an_answer_is_saved_and_a_rename(qtbot, long_history_window):
    window, ids = long_history_window
    tab = window.chat_tab
    oldest = ids[-1]
    tab.store.add_message(oldest, "user", "And what do they eat?")  # what saving an answer does: the conversation moves up
    tab.refresh_list()
    qtbot.waitUntil(lambda: tab.list.ids()[:1] == [oldest], timeout=10_000)
    assert tab.list.list.model().rowCount() == PAGE and tab.list.titles()[0] == "Where do quokkas live?"
    model = tab.list.list.model()
    model.setData(model.index(0), "Quokkas")  # renamed in place
    qtbot.waitUntil(lambda: tab.store.get(oldest).title == "Quokkas", timeout=10_000)
    qtbot.waitUntil(lambda: tab.list.titles()[0] == "Quokkas", timeout=10_000)


def test_the_model_shows_whole_pages_up_to_the_row_asked_for(qtbot):
    rows = [(Conversation(id=f"c{n}", title=f"Chat {n}", created=n, updated=n), "") for n in range(MANY)]
    widget = ConversationList()
    qtbot.addWidget(widget)
    model = widget.model
    widget.set_rows(rows, None)
    assert model.rowCount() == PAGE and model.canFetchMore(model.index(-1))
    widget.set_rows(rows, "c450")  # the current conversation is on the third page: three pages shown, it selected
    assert model.rowCount() == 3 * PAGE and widget.current_id() == "c450"
    widget.select("c1199")
    assert model.rowCount() == MANY and widget.current_id() == "c1199" and not model.canFetchMore(model.index(-1))
    widget.set_rows(rows[:5], None)  # a search's hits
    assert model.rowCount() == 5 and widget.ids() == ["c0", "c1", "c2", "c3", "c4"]
    widget.set_rows(rows, None)  # the search cleared: a page again
    assert model.rowCount() == PAGE


def test_a_search_lists_its_newest_hits_says_so_and_shows_more_on_demand(qtbot, long_history_window):
    from assistant.core.chat.history import SEARCH_LIMIT

    window, ids = long_history_window
    tab = window.chat_tab
    tab.list.search.setText("Question number")  # every conversation but the oldest
    qtbot.waitUntil(lambda: len(tab.list.ids()) == SEARCH_LIMIT and tab._search_text == "Question number", timeout=10_000)
    assert tab.list.ids() == ids[:SEARCH_LIMIT]  # the newest ones
    assert not tab.list.more_button.isHidden() and f"The {SEARCH_LIMIT} newest matches are shown" in tab.list.more_button.text()
    tab.list.more_button.click()
    qtbot.waitUntil(lambda: len(tab.list.ids()) == 2 * SEARCH_LIMIT, timeout=10_000)
    assert tab.list.ids() == ids[: 2 * SEARCH_LIMIT] and f"The {2 * SEARCH_LIMIT} newest" in tab.list.more_button.text()
    tab.list.search.setText("quokka")  # a new search: its newest hits, and all of them here
    qtbot.waitUntil(lambda: tab.list.titles() == ["Where do quokkas live?"], timeout=10_000)
    assert tab.list.more_button.isHidden()
