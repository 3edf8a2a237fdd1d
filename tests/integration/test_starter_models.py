"""The offline starter models, used for real through the engine."""

from __future__ import annotations

import pytest

from assistant.core.chat.messages import ChatMessage, ChatRequest
from assistant.core.classify.messages import ClassifyItem, ClassifyRequest
from assistant.core.protocol import Partial
from assistant.core.sentiment.messages import SentimentRequest
from assistant.paths import app_paths
from tests.helpers import make_engine, run_ok

pytestmark = pytest.mark.starter


def test_starter_chat_answers_paris(starter_home):
    engine, replies = make_engine(app_paths().models)
    result = run_ok(engine, ChatRequest((ChatMessage("user", "What is the capital of France?"),), max_new_tokens=24))
    assert "Paris" in result.payload
    streamed = "".join(r.payload for r in replies.of(Partial))
    assert streamed.strip() == result.payload.strip()  # what the tab showed is the answer
    assert len(replies.of(Partial)) > 1  # it came token by token, not at once


def test_starter_chat_sees_the_conversation(starter_home):
    engine, _ = make_engine(app_paths().models)
    messages = (
        ChatMessage("user", "My name is Alice. Remember it."),
        ChatMessage("assistant", "Nice to meet you, Alice!"),
        ChatMessage("user", "What is my name?"),
    )
    assert "Alice" in run_ok(engine, ChatRequest(messages, max_new_tokens=24)).payload


def test_starter_embedding_classifies_by_topic(tmp_path):
    engine, _ = make_engine(tmp_path / "models")
    texts = {
        "The team won the championship": "sports",
        "Parliament passed the new election law": "politics",
        "The new laptop has a faster processor and more memory": "technology",
    }
    request = ClassifyRequest(("sports", "politics", "technology"), tuple(ClassifyItem(name=t, text=t) for t in texts))
    for item in run_ok(engine, request).payload:
        assert item.scores.top == texts[item.name], item


def test_starter_embedding_sentiment_is_an_approximation_that_works(tmp_path):
    engine, _ = make_engine(tmp_path / "models")
    happy = run_ok(engine, SentimentRequest("I love this wonderful film, it made me so happy.")).payload
    angry = run_ok(engine, SentimentRequest("This was awful, I hated every minute and want my money back.")).payload
    assert happy.label == "positive" and angry.label == "negative"
    assert "approximation" in happy.backend


def test_first_use_converts_the_gguf_with_progress(isolated_home, starter_chat_dir, monkeypatch):
    """The conversion itself is what made starter_chat_dir; here the engine's path to it is checked."""
    from assistant.core.models import loader

    calls = []

    def fake_convert(gguf, out_dir, progress):
        calls.append((gguf.name, out_dir.name))
        progress(1, 3, "Converting")
        import shutil

        shutil.copytree(starter_chat_dir, out_dir)

    monkeypatch.setattr(loader, "convert_gguf", fake_convert)
    engine, replies = make_engine(app_paths().models)
    run_ok(engine, ChatRequest((ChatMessage("user", "Hi"),), max_new_tokens=3))
    assert calls == [("SmolLM2-135M-Instruct.Q4_1.gguf", "SmolLM2-135M-Instruct")]
    assert any(getattr(r, "message", "") == "Converting" for r in replies.replies)
    # the second engine (a restart) finds the converted model and converts nothing
    engine2, _ = make_engine(app_paths().models)
    run_ok(engine2, ChatRequest((ChatMessage("user", "Hi"),), max_new_tokens=3))
    assert len(calls) == 1
