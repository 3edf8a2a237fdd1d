"""`assistant serve`: the local OpenAI-compatible API, tested with the `openai` client package."""

from __future__ import annotations

import json
import math
import threading
import urllib.request

import openai
import pytest

from assistant.worker.api_server import ApiServer
from assistant.worker.engine import EngineConfig
from tests.conftest import model_folder

QUESTION = [{"role": "user", "content": "Where do penguins live?"}]


@pytest.fixture
def api(isolated_home, tiny_models, starter_chat_dir, tmp_path):
    folder = model_folder(tmp_path / "models", tiny_models["causal_lm"], tiny_models["marian"], tiny_models["sentiment"], tiny_models["nli"], starter_chat_dir)
    config = EngineConfig(models_dir=isolated_home / "data" / "models", extra_model_dirs=(str(folder),), data_dir=isolated_home / "data")
    server = ApiServer(config).start()
    yield server
    server.stop()


def client_for(server: ApiServer, key: str = "unused") -> openai.OpenAI:
    return openai.OpenAI(base_url=server.url, api_key=key, max_retries=0)


def post(server: ApiServer, path: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(server.url + path, json.dumps(body).encode(), {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_models_chat_streamed_and_not_and_two_clients_at_once(api):
    client = client_for(api)
    ids = {m.id for m in client.models.list()}
    assert {"tiny-chat", "all-MiniLM-L6-v2", "opus-mt-en-de"} <= ids

    whole = client.chat.completions.create(model="tiny-chat", messages=QUESTION, max_tokens=8)
    text = whole.choices[0].message.content
    assert text and whole.usage.completion_tokens > 0

    answers: dict[int, str] = {}

    def stream(number: int) -> None:
        pieces = client_for(api).chat.completions.create(model="tiny-chat", messages=QUESTION, max_tokens=8, stream=True)
        answers[number] = "".join(chunk.choices[0].delta.content or "" for chunk in pieces if chunk.choices)

    threads = [threading.Thread(target=stream, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert answers == {0: text, 1: text}  # greedy: the same answer, streamed, to both, one after the other
    assert [kind for _, kind in api.ended] == ["done", "done", "done"]

    with pytest.raises(openai.NotFoundError, match="No model 'nope'"):
        client.chat.completions.create(model="nope", messages=QUESTION)
    with pytest.raises(openai.BadRequestError, match="no question"):
        client.chat.completions.create(model="tiny-chat", messages=[{"role": "assistant", "content": "hi"}])


def test_a_client_that_disconnects_mid_stream_cancels_its_request(api):
    client = client_for(api)
    stream = client.chat.completions.create(
        model="SmolLM2-135M-Instruct", messages=[{"role": "user", "content": "Write a long story about a dragon."}], max_tokens=200, stream=True
    )
    pieces = []
    for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            pieces.append(chunk.choices[0].delta.content)
            if len(pieces) == 2:
                break
    stream.close()
    deadline = threading.Event()
    for _ in range(600):  # until the worker ended the request (not a timing assertion)
        if api.ended:
            break
        deadline.wait(0.5)
    assert [kind for _, kind in api.ended] == ["cancelled"]
    # The worker is free again: the next request is answered.
    assert client.chat.completions.create(model="tiny-chat", messages=QUESTION, max_tokens=4).choices[0].message.content is not None


def test_embeddings_translate_sentiment_classify(api):
    client = client_for(api)
    texts = ["The cat sleeps on the sofa.", "A kitten naps on the couch.", "Stock markets fell sharply today."]
    vectors = [d.embedding for d in client.embeddings.create(model="all-MiniLM-L6-v2", input=texts).data]  # base64, as the client asks
    floats = [d.embedding for d in client.embeddings.create(model="all-MiniLM-L6-v2", input=texts, encoding_format="float").data]
    assert len(vectors) == 3 and len(vectors[0]) == 384
    assert all(math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-6) for a, b in zip(vectors[0], floats[0], strict=True))

    def cosine(a, b):
        return sum(x * y for x, y in zip(a, b, strict=True))  # the starter model's vectors are normalized

    assert cosine(vectors[0], vectors[1]) > cosine(vectors[0], vectors[2])

    status, data = post(api, "/translate", {"text": "Hello world.", "source": "en", "target": "de"})
    assert status == 200 and isinstance(data["text"], str) and data["target"] == "de"
    status, data = post(api, "/sentiment", {"input": ["Nice!", "Awful."], "model": "tiny-sentiment"})
    assert status == 200 and [set(row["scores"]) for row in data["data"]] == [{"negative", "neutral", "positive"}] * 2
    status, data = post(api, "/classify", {"input": ["The goalkeeper saved a penalty."], "labels": ["sports", "cooking"]})
    assert status == 200 and set(data["data"][0]["scores"]) == {"sports", "cooking"}
    status, data = post(api, "/translate", {"text": "Hello"})
    assert status == 400 and "target" in data["error"]["message"]


def test_a_token_is_asked_when_set_and_the_network_needs_one(isolated_home):
    config = EngineConfig(models_dir=isolated_home / "data" / "models", data_dir=isolated_home / "data")
    with pytest.raises(ValueError, match="--token"):
        ApiServer(config, host="0.0.0.0", allow_network=True)
    server = ApiServer(config, token="s3cret").start()
    try:
        with pytest.raises(openai.AuthenticationError):
            client_for(server, "wrong").models.list()
        assert client_for(server, "s3cret").models.list().data is not None
    finally:
        server.stop()


def test_assistant_serve_on_the_command_line(isolated_home):
    import os
    import re
    import signal
    import subprocess
    import sys

    from tests.integration.test_cli import ROOT

    refused = subprocess.run([sys.executable, "-m", "assistant", "serve", "--host", "0.0.0.0"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert refused.returncode == 2 and "--token" in refused.stderr
    process = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--port", "0"], stderr=subprocess.PIPE, text=True, cwd=ROOT, env=os.environ.copy())
    try:
        line = process.stderr.readline()
        url = re.search(r"(http://\S+/v1)", line).group(1)
        ids = {m.id for m in openai.OpenAI(base_url=url, api_key="unused", max_retries=0).models.list()}
        assert "all-MiniLM-L6-v2" in ids
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(60) == 0


def test_a_request_naming_no_model_gets_the_chat_model_chosen_on_the_models_page(isolated_home, tiny_models, tmp_path):
    from tests.fixtures.tiny_models import make_causal_lm

    second = make_causal_lm(tmp_path / "made" / "second-chat")
    folder = model_folder(tmp_path / "models", tiny_models["causal_lm"], second)
    config = EngineConfig(models_dir=isolated_home / "data" / "models", extra_model_dirs=(str(folder),), data_dir=isolated_home / "data")
    chosen: dict[str, str] = {}
    server = ApiServer(config, chosen=lambda: chosen).start()
    try:
        client = client_for(server)

        def chat_default() -> list[str]:
            return [m.id for m in client.models.list() if "chat" in (m.model_dump().get("default_for") or [])]

        automatic = chat_default()
        assert len(automatic) == 1  # the engine's own pick while nothing is chosen
        other = ({"tiny-chat", "second-chat"} - set(automatic)).pop()
        other_key = next(m.key for m in server.engine.installed().models if m.name == other)
        chosen["chat"] = other_key  # chosen on the Models page while the API serves: it applies at once
        assert chat_default() == [other]

        answer = client.chat.completions.create(model="default", messages=QUESTION, max_tokens=2)
        status, data = post(server, "/chat/completions", {"messages": QUESTION, "max_tokens": 2})  # no model at all
        assert answer.model == other and status == 200 and data["model"] == other
        assert server.engine.loader.loaded_keys == [other_key]  # the chosen model answered both, nothing else loaded

        chosen["chat"] = str(tmp_path / "removed-since")  # a choice whose model is gone: the automatic choice again
        assert chat_default() == automatic
    finally:
        server.stop()
