"""The local API switched on from Settings: the real server, started by the window through the
engine its worker thread runs, used with the `openai` client; the settings kept, the token not
in the settings file; other machines only with a token; off again."""

from __future__ import annotations

import socket
import threading

import openai
import pytest

from assistant.core.protocol import Task
from assistant.core.servers.store import LOCAL_API_TOKEN, ServerStore
from assistant.paths import app_paths
from assistant.settings import Settings
from tests.fixtures.openai_servers import free_port


@pytest.fixture(autouse=True)
def english(qapp):
    from assistant.ui.i18n.translators import install_translators

    install_translators("en")


def in_thread(qtbot, work, timeout: int = 120_000):
    """Run ``work`` on a thread (a client of the API) while the window's event loop keeps turning; its result or exception."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = work()
        except Exception as exc:  # noqa: BLE001 - handed to the test
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=timeout)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def test_the_local_api_from_settings_serves_the_windows_models_and_is_remembered(qtbot, window):
    dialog = window.show_settings()
    assert not dialog.api_enabled.isChecked() and not dialog.api_port.isEnabled()  # off by default
    assert dialog.api_address.text() == "off" and window.local_api.server is None

    port = free_port()
    dialog.api_enabled.setChecked(True)
    dialog.api_port.setValue(port)
    assert dialog.apply()
    address = f"http://127.0.0.1:{port}/v1"
    assert window.local_api.address == address and dialog.api_address.text() == address
    assert not window.api_label.isHidden() and address in window.api_label.text()
    assert window.local_api.server.engine is window.client.engine  # the window's own engine and worker

    saved = Settings.load(app_paths().settings_file)
    assert (saved.api_enabled, saved.api_port, saved.api_allow_network) == (True, port, False)

    def use_it():
        client = openai.OpenAI(base_url=address, api_key="unused", max_retries=0)
        ids = {m.id for m in client.models.list()}
        answer = client.chat.completions.create(model="tiny-chat", messages=[{"role": "user", "content": "Hello?"}], max_tokens=4)
        streamed = "".join(
            chunk.choices[0].delta.content or ""
            for chunk in client.chat.completions.create(model="tiny-chat", messages=[{"role": "user", "content": "Hi"}], max_tokens=4, stream=True)
            if chunk.choices
        )
        vectors = client.embeddings.create(model="all-MiniLM-L6-v2", input=["a cat", "a dog"], encoding_format="float")
        return ids, answer, streamed, vectors

    ids, answer, streamed, vectors = in_thread(qtbot, use_it)
    assert {"tiny-chat", "all-MiniLM-L6-v2"} <= ids
    assert answer.choices[0].message.content is not None and isinstance(streamed, str)
    assert [len(d.embedding) for d in vectors.data] == [384, 384]
    assert [kind for _id, kind in window.local_api.server.ended] == ["done", "done", "done"]
    # The window's engine loaded the models the API used: they are in its memory, as the status bar shows.
    qtbot.waitUntil(lambda: window.client.last_memory is not None and len(window.client.last_memory.models) >= 2, timeout=30_000)

    # Other machines: a token is made at once, kept outside the settings file, asked of every client.
    dialog.api_network.setChecked(True)
    token = dialog.api_token.text()
    assert len(token) >= 20
    assert dialog.apply()
    assert ServerStore(app_paths().data).key(LOCAL_API_TOKEN) == token
    assert token not in app_paths().settings_file.read_text()
    assert Settings.load(app_paths().settings_file).api_allow_network
    port = window.local_api.server.httpd.server_address[1]
    here = f"http://127.0.0.1:{port}/v1"
    with pytest.raises(openai.AuthenticationError):
        in_thread(qtbot, lambda: openai.OpenAI(base_url=here, api_key="wrong", max_retries=0).models.list())
    assert in_thread(qtbot, lambda: openai.OpenAI(base_url=here, api_key=token, max_retries=0).models.list()).data

    # Without a token other machines are refused before anything listens.
    dialog.api_token.setText("")
    assert not dialog.apply() and "token" in dialog.error.text()

    # Off: nothing listens any more, the status bar says nothing of it.
    dialog.show_values(dialog.current)
    dialog.api_enabled.setChecked(False)
    assert dialog.apply()
    assert window.local_api.server is None and window.api_label.isHidden() and dialog.api_address.text() == "off"
    with pytest.raises(openai.APIConnectionError):
        in_thread(qtbot, lambda: openai.OpenAI(base_url=here, api_key=token, max_retries=0).models.list())
    assert not Settings.load(app_paths().settings_file).api_enabled


def test_a_port_in_use_is_said_and_the_saved_switch_starts_it_at_the_next_start(qtbot, window):
    dialog = window.show_settings()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        window.settings.api_enabled, window.settings.api_port = True, busy
        window.start_local_api()  # what the program does when it starts with the API switched on
        assert window.local_api.server is None
        assert f"port {busy}" in window.status_message.text() and "Choose another port" in window.status_message.text()
        assert "could not start" in dialog.api_address.text()  # said where the address would be, too
    dialog.close()
    port = free_port()
    window.settings.api_port = port
    window.start_local_api()
    try:
        assert window.local_api.address == f"http://127.0.0.1:{port}/v1"
        models = in_thread(qtbot, lambda: openai.OpenAI(base_url=window.local_api.address, api_key="x", max_retries=0).models.list())
        assert "tiny-chat" in {m.id for m in models.data}
        # A request that names no model gets the chat model chosen on the Models page, as the Chat tab does.
        chat_key = next(m.key for m in window.models_page.inventory.models if m.name == "tiny-chat")
        window.settings.models["chat"] = chat_key
        assert window.local_api.server.default_key(Task.CHAT) == chat_key
    finally:
        window.local_api.stop()
