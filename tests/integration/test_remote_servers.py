"""Chat through OpenAI-compatible servers: a real `transformers serve` on 127.0.0.1 with the
starter model, and a scripted stdlib server for the failures a real one does not give on demand."""

from __future__ import annotations

import os
import stat
import threading

import pytest

from assistant.core.chat.messages import ChatMessage, ChatRequest
from assistant.core.protocol import BadInput, Cancelled, Failure, FailureKind, Partial, Result, Started
from assistant.core.servers.client import KeyRefused, ModelGone, RemoteError, ServerClient, StreamCut
from assistant.core.servers.store import KEYRING_SERVICE, Server, ServerStore
from tests.fixtures.openai_servers import Reply, ScriptedServer, free_port, start_transformers_serve

QUESTION = (ChatMessage("user", "What is the capital of France?"),)


def engine_for(data_dir, replies):
    from assistant.worker.engine import Engine, EngineConfig

    return Engine(EngineConfig(models_dir=data_dir / "models", data_dir=data_dir), emit=replies.append)


def pieces_of(replies) -> list[str]:
    return [r.payload for r in replies if isinstance(r, Partial) and isinstance(r.payload, str)]


# ------------------------------------------------------------------ the list and the keys


class MemoryKeyring:
    """A keyring backend that keeps passwords in a dict: the real keyring API, no system keyring touched."""

    def __init__(self) -> None:
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service, name):
        return self.passwords.get((service, name))

    def set_password(self, service, name, password):
        self.passwords[(service, name)] = password

    def delete_password(self, service, name):
        del self.passwords[(service, name)]


def test_without_a_keyring_keys_go_to_a_file_only_the_user_reads(tmp_path):
    store = ServerStore(tmp_path, keyring_backend=None)
    store._keyring = None  # as on a machine without a keyring (this one has none either)
    store.add("team", "https://llm.example.org", key="sk-secret-1")
    assert store.key("team") == "sk-secret-1"
    assert "sk-secret-1" not in store.list_file.read_text()
    assert stat.S_IMODE(os.stat(store.keys_file).st_mode) == 0o600
    assert str(store.keys_file) in store.key_storage()
    assert [s.base_url for s in store.servers()] == ["https://llm.example.org/v1"]
    assert store.remove("team") and store.key("team") == "" and store.servers() == []
    assert not store.remove("team")


def test_with_a_keyring_the_key_never_touches_the_data_folder(tmp_path):
    ring = MemoryKeyring()
    store = ServerStore(tmp_path, keyring_backend=ring)
    store.add("team", "https://llm.example.org/v1/", key="sk-secret-2")
    assert ring.passwords == {(KEYRING_SERVICE, "team"): "sk-secret-2"}
    assert not store.keys_file.exists()
    assert all("sk-secret-2" not in p.read_text() for p in tmp_path.rglob("*") if p.is_file())
    assert "keyring" in store.key_storage()
    store.remove("team")
    assert ring.passwords == {}


def test_plain_http_only_to_local_addresses_unless_confirmed(tmp_path):
    store = ServerStore(tmp_path, keyring_backend=None)
    store.add("here", "http://127.0.0.1:8000")
    store.add("lan", "http://192.168.1.20:8000/v1")
    with pytest.raises(BadInput, match="plain http"):
        store.add("far", "http://llm.example.org")
    assert store.add("far", "http://llm.example.org", confirm_plain_http=True).plain_http_confirmed
    with pytest.raises(BadInput, match="one word"):
        store.add("a/b", "https://x.example.org")
    with pytest.raises(BadInput, match="http:// or https://"):
        store.add("ftp", "ftp://x.example.org")
    with pytest.raises(BadInput):  # a hand-edited list cannot skip the confirmation
        ServerClient(Server("far", "http://llm.example.org/v1"))


def test_a_model_of_a_server_nobody_added_is_refused_without_a_request(tmp_path):
    replies: list = []
    terminal = engine_for(tmp_path, replies).handle(ChatRequest(QUESTION, model="nowhere/some-model"))
    assert isinstance(terminal, Failure) and terminal.kind is FailureKind.MODEL_MISSING
    assert "No server named 'nowhere'" in terminal.message


# ------------------------------------------------------------------ a real server


@pytest.fixture(scope="module")
def served(starter_chat_dir, tmp_path_factory):
    server = start_transformers_serve(starter_chat_dir, tmp_path_factory.mktemp("serve") / "serve.log")
    yield server
    server.stop()


def test_models_and_a_streamed_answer_through_the_engine(served, tmp_path):
    store = ServerStore(tmp_path, keyring_backend=None)
    store.add("box", served.base_url)
    assert ServerClient(store.get("box")).models() == [served.model_id]

    replies: list = []
    request = ChatRequest(QUESTION, max_new_tokens=12, model=f"box/{served.model_id}")
    terminal = engine_for(tmp_path, replies).handle(request)
    assert isinstance(terminal, Result), terminal
    started = next(r for r in replies if isinstance(r, Started))
    assert started.backend == "remote server" and started.model == f"box/{served.model_id}"
    pieces = pieces_of(replies)
    assert len(pieces) > 1 and "".join(pieces) == terminal.payload
    assert "Paris" in terminal.payload
    assert terminal.stats.unit == "tokens" and 0 < terminal.stats.items <= 12

    # Not streamed: the same greedy answer in one piece.
    whole = ServerClient(store.get("box")).chat(served.model_id, [{"role": "user", "content": QUESTION[0].content}], {"max_tokens": 12, "temperature": 0}, threading.Event(), stream=False)
    assert whole.text == terminal.payload


def test_stop_mid_stream_keeps_what_came_and_ends_the_request(served, tmp_path):
    store = ServerStore(tmp_path, keyring_backend=None)
    store.add("box", served.base_url)
    replies: list = []
    engine = engine_for(tmp_path, replies)
    request = ChatRequest((ChatMessage("user", "Write a long story about a dragon."),), max_new_tokens=200, model=f"box/{served.model_id}")

    def emit(reply):
        replies.append(reply)
        if isinstance(reply, Partial) and len(pieces_of(replies)) == 3:
            engine.cancel(request.id)

    engine.emit = emit
    engine.submit(request)
    terminal = engine.handle(request)
    assert isinstance(terminal, Failure) and terminal.kind is FailureKind.CANCELLED
    assert 3 <= len(pieces_of(replies)) < 200


def test_a_server_killed_mid_answer_leaves_the_partial_answer_and_says_so(starter_chat_dir, tmp_path):
    server = start_transformers_serve(starter_chat_dir, tmp_path / "serve.log")
    try:
        store = ServerStore(tmp_path, keyring_backend=None)
        store.add("box", server.base_url)
        replies: list = []

        def emit(reply):
            replies.append(reply)
            if isinstance(reply, Partial) and len(pieces_of(replies)) == 2:
                server.process.kill()

        engine = engine_for(tmp_path, replies)
        engine.emit = emit
        request = ChatRequest((ChatMessage("user", "Write a long story about a dragon."),), max_new_tokens=200, model=f"box/{server.model_id}")
        terminal = engine.handle(request)
    finally:
        server.stop()
    assert isinstance(terminal, Failure) and terminal.kind is FailureKind.ERROR
    assert "broke off midway" in terminal.message and "kept" in terminal.message
    assert len(pieces_of(replies)) >= 2


# ------------------------------------------------------------------ failures on demand


def ask(base_url: str, key: str = "", cancel: threading.Event | None = None, read_timeout: float = 60, waits: list | None = None, pieces: list | None = None):
    client = ServerClient(Server("scripted", base_url + "/v1"), key, read_timeout=read_timeout)
    return client.chat(
        "m",
        [{"role": "user", "content": "hi"}],
        {"max_tokens": 5},
        cancel or threading.Event(),
        on_text=(pieces if pieces is not None else []).append,
        on_wait=(waits if waits is not None else []).append,
    )


def test_the_key_travels_as_a_bearer_token_and_a_refused_key_is_said():
    with ScriptedServer([Reply(401, body={"error": {"message": "Invalid API key"}})]) as server:
        with pytest.raises(KeyRefused, match="API key is wrong or missing"):
            ask(server.base_url, key="sk-wrong")
        assert server.requests[0]["headers"]["Authorization"] == "Bearer sk-wrong"
    with ScriptedServer([Reply(403)]) as server, pytest.raises(KeyRefused, match="HTTP 403"):
        ask(server.base_url)


def test_a_model_gone_is_a_missing_model():
    with ScriptedServer([Reply(404, body={"error": {"message": "model not found"}})]) as server, pytest.raises(ModelGone, match="no model 'm'"):
        ask(server.base_url)


def test_rate_limited_waits_as_told_once_then_answers():
    replies = [Reply(429, headers={"Retry-After": "1"}), Reply(pieces=("Hel", "lo"))]
    waits: list = []
    with ScriptedServer(replies) as server:
        answer = ask(server.base_url, waits=waits)
        assert answer.text == "Hello" and len(server.requests) == 2
    assert len(waits) == 1 and "trying again in 1 s" in waits[0]


def test_rate_limited_twice_says_when_to_try_again():
    with ScriptedServer([Reply(429, headers={"Retry-After": "0"}), Reply(429, headers={"Retry-After": "30"})]) as server:
        with pytest.raises(RemoteError, match="try again in 30 s"):
            ask(server.base_url)
        assert len(server.requests) == 2  # honoured once, not more


def test_a_server_error_gives_its_own_words():
    with ScriptedServer([Reply(503, body={"error": {"message": "overloaded, 40 in queue"}})]) as server, pytest.raises(RemoteError, match=r"HTTP 503\): overloaded, 40 in queue"):
        ask(server.base_url)


def test_nobody_listening_is_unreachable():
    port = free_port()
    with pytest.raises(RemoteError, match="Could not reach scripted.*connection refused"):
        ask(f"http://127.0.0.1:{port}")


def test_a_stream_that_goes_silent_times_out_keeping_what_came():
    pieces: list = []
    with ScriptedServer([Reply(pieces=("one", "two", "three"), stall_after=2)]) as server, pytest.raises(StreamCut, match="sent nothing for 1 s"):
        ask(server.base_url, read_timeout=1, pieces=pieces)
    assert pieces == ["one", "two"]


def test_a_stream_without_its_end_is_marked_cut():
    with ScriptedServer([Reply(pieces=("one", "two"), finish=False)]) as server, pytest.raises(StreamCut, match="broke off midway"):
        ask(server.base_url)


def test_stop_closes_a_silent_stream_at_once():
    """The server holds the stream open for 30 s and the read timeout is 60 s: only closing the socket ends it as Cancelled."""
    cancel = threading.Event()
    pieces: list = []

    def on_piece(text):
        pieces.append(text)
        cancel.set()

    with ScriptedServer([Reply(pieces=("one", "two"), stall_after=1)]) as server:
        client = ServerClient(Server("scripted", server.base_url + "/v1"), read_timeout=60)
        with pytest.raises(Cancelled):
            client.chat("m", [{"role": "user", "content": "hi"}], {}, cancel, on_text=on_piece)
        assert not server.release.is_set()  # the server did not end it
    assert pieces == ["one"]


# ------------------------------------------------------------------ the command line


def test_cli_servers_add_list_remove_and_chat(isolated_home, capsys, monkeypatch):
    import io

    from assistant.cli.main import main

    with ScriptedServer([Reply(pieces=("Bon", "jour"))]) as server:
        monkeypatch.setattr("sys.stdin", io.StringIO("sk-cli-key\n"))
        assert main(["servers", "add", "scripted", server.base_url, "--key-stdin"]) == 0
        assert main(["servers", "list"]) == 0
        out = capsys.readouterr()
        assert f"scripted\t{server.base_url}/v1\tkey" in out.out and "sk-cli-key" not in out.out + out.err
        assert main(["chat", "--model", "scripted/some-model", "Say hello"]) == 0
        out = capsys.readouterr()
        assert "Bonjour" in out.out and "sk-cli-key" not in out.out + out.err
        assert server.requests[-1]["body"]["model"] == "some-model"
        assert server.requests[-1]["headers"]["Authorization"] == "Bearer sk-cli-key"
    assert main(["servers", "remove", "scripted"]) == 0
    assert main(["servers", "remove", "scripted"]) == 2
