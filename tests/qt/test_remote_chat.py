"""The Models page's Servers section and chatting with a server's model in the window (a scripted server on 127.0.0.1)."""

from __future__ import annotations

import pytest

from tests.fixtures.openai_servers import Reply, ScriptedServer
from tests.qt.conftest import wait_idle


@pytest.fixture(autouse=True)
def english(qapp):
    from assistant.ui.i18n.translators import install_translators

    install_translators("en")


def choose_model(tab, key: str) -> None:
    box = tab.settings_panel.model
    index = box.findData(key)
    assert index >= 0, [box.itemData(i) for i in range(box.count())]
    box.setCurrentIndex(index)
    box.activated.emit(index)


def test_add_a_server_its_models_reach_the_chat_which_answers_and_stops(qtbot, window):
    panel = window.models_page.servers_panel
    assert "kept in" in panel.key_storage.text()  # the page says where keys go (a file here: no keyring)
    replies = [Reply(pieces=("Bon", "jour")), Reply(pieces=("Au", " revoir", "!"), stall_after=1)]
    with ScriptedServer(replies, models=("m1", "org/m2")) as server:
        assert panel.add_server("scripted", server.base_url, key="sk-ui-key")
        qtbot.waitUntil(lambda: panel.found.get("scripted") == ["m1", "org/m2"], timeout=30_000)
        assert panel.table.item(0, 2).text() == "m1, org/m2"

        tab = window.chat_tab
        qtbot.waitUntil(lambda: tab.store_ready, timeout=10_000)
        choose_model(tab, "scripted/org/m2")
        tab.input.setPlainText("Say hello in French")
        tab.run()
        wait_idle(qtbot, tab)
        answer = tab.shown[-1]
        assert (answer.role, answer.content, answer.status) == ("assistant", "Bonjour", "done")
        assert server.requests[-1]["body"]["model"] == "org/m2"
        assert server.requests[-1]["headers"]["Authorization"] == "Bearer sk-ui-key"

        tab.input.setPlainText("And goodbye?")
        tab.run()
        qtbot.waitUntil(lambda: tab._answer == "Au", timeout=30_000)
        tab.stop()
        wait_idle(qtbot, tab)
        stopped = tab.shown[-1]
        assert (stopped.content, stopped.status) == ("Au", "stopped")
        assert not server.release.is_set()  # Stop ended it, not the server


def test_plain_http_to_a_public_address_is_asked_and_can_be_refused(qtbot, window):
    panel = window.models_page.servers_panel
    asked = []
    assert not panel.add_server("far", "http://llm.example.org", confirm=lambda url: asked.append(url) or False)
    assert asked == ["http://llm.example.org"] and panel.store.servers() == []
    assert "plain http" in window.models_page.banner.text()


def test_documents_searched_through_a_servers_embeddings_and_answered_by_a_servers_model(qtbot, window, tmp_path):
    """Document search picked on the Models page as a server's embedding model (a real `assistant serve`),
    the chat model a server's; the passages go to the server that answers, the sources stay with the answer."""
    from pathlib import Path

    from assistant.core.documents.index import DocumentIndex
    from assistant.worker.api_server import ApiServer
    from assistant.worker.engine import EngineConfig
    from tests.fixtures.documents_qa import write_topics

    docs = tmp_path / "docs"
    write_topics(docs)
    api = ApiServer(EngineConfig(models_dir=tmp_path / "serve" / "models", data_dir=tmp_path / "serve")).start()
    try:
        with ScriptedServer([Reply(pieces=("It landed in ", "Jezero crater [1]."))], models=("m",)) as chat_server:
            page = window.models_page
            assert page.servers_panel.add_server("emb", api.url) and page.servers_panel.add_server("box", chat_server.base_url)
            qtbot.waitUntil(lambda: page.servers_panel.found.get("box") == ["m"] and isinstance(page.servers_panel.found.get("emb"), list), timeout=30_000)
            box = page.documents_choice
            index = box.findData("emb/all-MiniLM-L6-v2")
            assert index >= 0, [box.itemData(i) for i in range(box.count())]
            box.setCurrentIndex(index)
            box.activated.emit(index)
            assert window.settings.models["documents"] == "emb/all-MiniLM-L6-v2"

            tab = window.chat_tab
            qtbot.waitUntil(lambda: tab.store_ready, timeout=10_000)
            choose_model(tab, "box/m")
            tab.attach_documents([str(docs)])
            wait_idle(qtbot, tab, timeout=120_000)
            assert tab.status_label.text().startswith("Documents ready: 16 files"), tab.status_label.text()
            tab.input.setPlainText("Where did the Perseverance rover land?")
            tab.run()
            wait_idle(qtbot, tab, timeout=120_000)
            answer = tab.shown[-1]
            assert (answer.role, answer.content, answer.status) == ("assistant", "It landed in Jezero crater [1].", "done")
            assert Path(answer.sources[0]["path"]).name == "mars_rover.pdf"
            sent = chat_server.requests[-1]["body"]
            assert sent["model"] == "m" and "Jezero" in sent["messages"][0]["content"]  # the passages went with the question
    finally:
        api.stop()
    index_db = DocumentIndex(tab._index_path())
    try:
        assert {row[0] for row in index_db.conn.execute("SELECT DISTINCT model FROM files")} == {"emb/all-MiniLM-L6-v2"}
    finally:
        index_db.close()
