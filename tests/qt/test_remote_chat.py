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
