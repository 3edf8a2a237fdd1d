"""Documents Q&A through servers: the passages embedded by a real `assistant serve` (its
/v1/embeddings, the starter all-MiniLM-L6-v2 behind it) and the answer streamed by a real
`transformers serve` with the starter chat model, both on 127.0.0.1; failures from a scripted
server.  The engine that asks is the program's own, as the window and the CLI use it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.core.chat.messages import ChatMessage, ChatRequest
from assistant.core.documents.index import DocumentIndex
from assistant.core.documents.messages import AskDocumentsRequest, DocumentAnswer, IndexRequest
from assistant.core.protocol import Failure, FailureKind, Partial, Progress, Result, Started
from assistant.core.servers.store import ServerStore
from assistant.worker.api_server import ApiServer
from assistant.worker.engine import Engine, EngineConfig
from tests.fixtures.documents_qa import write_topics
from tests.fixtures.openai_servers import Reply, ScriptedServer, start_transformers_serve

EMBEDDER = "all-MiniLM-L6-v2"  # the starter embedding model's id on `assistant serve`
QUESTION = "Where did the Perseverance rover land?"


@pytest.fixture(scope="module")
def embeddings_server(tmp_path_factory):
    """`assistant serve` (in this process, on a free loopback port) offering the starter embedding model."""
    home = tmp_path_factory.mktemp("serve-home")
    server = ApiServer(EngineConfig(models_dir=home / "models", data_dir=home)).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def chat_server(starter_chat_dir, tmp_path_factory):
    server = start_transformers_serve(starter_chat_dir, tmp_path_factory.mktemp("serve") / "serve.log")
    yield server
    server.stop()


def engine_for(data_dir: Path, replies: list) -> Engine:
    return Engine(EngineConfig(models_dir=data_dir / "models", data_dir=data_dir), emit=replies.append)


def ask(docs: Path, index: Path, chat_model: str | None = None, embedding_model: str | None = None, reader: str = "auto", tokens: int = 24):
    chat = ChatRequest((ChatMessage("user", QUESTION),), max_new_tokens=tokens, temperature=0.0, model=chat_model)
    return AskDocumentsRequest(chat, (str(docs),), str(index), reader=reader, model=embedding_model)


def pieces_of(replies: list) -> list[str]:
    return [r.payload for r in replies if isinstance(r, Partial) and isinstance(r.payload, str)]


def test_search_through_a_servers_embeddings_finds_what_the_local_model_finds(embeddings_server, tmp_path):
    docs = tmp_path / "docs"
    write_topics(docs)
    store = ServerStore(tmp_path, keyring_backend=None)
    store.add("emb", embeddings_server.url)
    replies: list = []
    engine = engine_for(tmp_path, replies)

    remote = engine.handle(ask(docs, tmp_path / "remote.sqlite3", embedding_model=f"emb/{EMBEDDER}", reader="passages"))
    assert engine.loader.summaries() == ()  # nothing was embedded on this side: no model loaded
    local = engine.handle(ask(docs, tmp_path / "local.sqlite3", reader="passages"))
    assert isinstance(remote, Result) and isinstance(local, Result), (remote, local)
    started = [r for r in replies if isinstance(r, Started)]
    assert started[0].backend == "remote server" and started[0].model == f"emb/{EMBEDDER}"
    assert started[1].backend != "remote server"
    assert Path(remote.payload.sources[0].path).name == "mars_rover.pdf"
    # The same model behind the server: the same passages in the same order, the same similarities.
    assert [(s.path, s.position) for s in remote.payload.sources] == [(s.path, s.position) for s in local.payload.sources]
    assert [s.score for s in remote.payload.sources] == pytest.approx([s.score for s in local.payload.sources], abs=1e-4)

    index = DocumentIndex(tmp_path / "remote.sqlite3")
    try:
        models = {row[0] for row in index.conn.execute("SELECT DISTINCT model FROM files")}
    finally:
        index.close()
    assert models == {f"emb/{EMBEDDER}"}  # kept under the server's model, apart from any local model's vectors


def test_an_index_made_by_another_model_under_the_same_name_is_rebuilt_not_searched(embeddings_server, tmp_path):
    docs = tmp_path / "docs"
    write_topics(docs)
    index_file = tmp_path / "documents.sqlite3"
    index = DocumentIndex(index_file)
    try:  # as if the server had served another (8-dimensional) model under this id before
        index.update([str(docs)], f"emb/{EMBEDDER}", embed=lambda texts: np.ones((len(texts), 8), dtype=np.float32))
    finally:
        index.close()
    ServerStore(tmp_path, keyring_backend=None).add("emb", embeddings_server.url)
    replies: list = []
    terminal = engine_for(tmp_path, replies).handle(ask(docs, index_file, embedding_model=f"emb/{EMBEDDER}", reader="passages"))
    assert isinstance(terminal, Result), terminal
    assert any("different embedding model" in r.message for r in replies if isinstance(r, Progress))
    assert Path(terminal.payload.sources[0].path).name == "mars_rover.pdf"
    assert terminal.payload.index.indexed == len(terminal.payload.index.files)  # every file embedded again


def test_a_servers_chat_model_answers_from_the_passages_streaming(embeddings_server, chat_server, tmp_path):
    docs = tmp_path / "docs"
    write_topics(docs)
    store = ServerStore(tmp_path, keyring_backend=None)
    store.add("emb", embeddings_server.url)
    store.add("box", chat_server.base_url)
    replies: list = []
    request = ask(docs, tmp_path / "i.sqlite3", chat_model=f"box/{chat_server.model_id}", embedding_model=f"emb/{EMBEDDER}")
    terminal = engine_for(tmp_path, replies).handle(request)
    assert isinstance(terminal, Result), terminal
    answer = terminal.payload
    assert isinstance(answer, DocumentAnswer) and answer.reader == "chat model"
    pieces = pieces_of(replies)
    assert len(pieces) > 1 and "".join(pieces) == answer.text
    assert Path(answer.sources[0].path).name == "mars_rover.pdf" and answer.sources[0].location == "page 1"
    assert terminal.stats.unit == "tokens" and 0 < terminal.stats.items <= 24


def test_stop_mid_answer_from_a_server_ends_the_request_keeping_what_came(embeddings_server, chat_server, tmp_path):
    docs = tmp_path / "docs"
    write_topics(docs)
    store = ServerStore(tmp_path, keyring_backend=None)
    store.add("emb", embeddings_server.url)
    store.add("box", chat_server.base_url)
    replies: list = []
    engine = engine_for(tmp_path, replies)
    request = ask(docs, tmp_path / "i.sqlite3", chat_model=f"box/{chat_server.model_id}", embedding_model=f"emb/{EMBEDDER}", tokens=200)

    def emit(reply):
        replies.append(reply)
        if isinstance(reply, Partial) and len(pieces_of(replies)) == 3:
            engine.cancel(request.id)

    engine.emit = emit
    engine.submit(request)
    terminal = engine.handle(request)
    assert isinstance(terminal, Failure) and terminal.kind is FailureKind.CANCELLED
    assert 3 <= len(pieces_of(replies)) < 200


def test_a_stream_cut_midway_keeps_the_partial_answer_and_says_so(tmp_path):
    docs = tmp_path / "docs"
    write_topics(docs)
    with ScriptedServer([Reply(pieces=("It landed ", "in Jezero"), finish=False)]) as scripted:
        ServerStore(tmp_path, keyring_backend=None).add("box", scripted.base_url)
        replies: list = []
        terminal = engine_for(tmp_path, replies).handle(ask(docs, tmp_path / "i.sqlite3", chat_model="box/m"))
        sent = scripted.requests[-1]["body"]
    assert isinstance(terminal, Failure) and terminal.kind is FailureKind.ERROR
    assert "broke off midway" in terminal.message and "kept" in terminal.message
    assert pieces_of(replies) == ["It landed ", "in Jezero"]
    # The passages went to the server in the system message, as to a local model.
    assert sent["messages"][0]["role"] == "system" and "Jezero" in sent["messages"][0]["content"]
    assert sent["messages"][-1] == {"role": "user", "content": QUESTION}


def test_an_embedding_model_the_server_lacks_and_a_server_nobody_added_are_said(embeddings_server, tmp_path):
    docs = tmp_path / "docs"
    write_topics(docs)
    ServerStore(tmp_path, keyring_backend=None).add("emb", embeddings_server.url)
    engine = engine_for(tmp_path, [])
    gone = engine.handle(IndexRequest((str(docs),), str(tmp_path / "i.sqlite3"), model="emb/no-such-model"))
    assert isinstance(gone, Failure) and gone.kind is FailureKind.MODEL_MISSING
    assert "no model 'no-such-model'" in gone.message
    nobody = engine.handle(IndexRequest((str(docs),), str(tmp_path / "i.sqlite3"), model="nowhere/some-model"))
    assert isinstance(nobody, Failure) and nobody.kind is FailureKind.MODEL_MISSING
    assert "No server named 'nowhere'" in nobody.message


def test_assistant_ask_with_a_servers_embeddings_and_a_servers_answer(embeddings_server, isolated_home, tmp_path, capsys):
    from assistant.cli.main import main

    docs = tmp_path / "docs"
    write_topics(docs)
    with ScriptedServer([Reply(pieces=("In Jezero ", "crater [1]."))], models=("m",)) as chat:
        assert main(["servers", "add", "emb", embeddings_server.url]) == 0
        assert main(["servers", "add", "box", chat.base_url]) == 0
        capsys.readouterr()
        code = main(["ask", "--docs", str(docs), "--embedding-model", f"emb/{EMBEDDER}", "--model", "box/m", QUESTION])
        out = capsys.readouterr()
        sent = chat.requests[-1]["body"]
    assert code == 0, out.err
    assert "In Jezero crater [1]." in out.out and "mars_rover.pdf" in out.out  # the answer, then its sources
    assert sent["model"] == "m" and "Jezero" in sent["messages"][0]["content"]
