"""The conversation's cache kept between turns gives the same greedy answers as reading the prompt whole.

Two real engines run the same conversations with a real (tiny) chat model: one keeps
its cache between turns, as the program does; the other has its cache dropped before
every turn.  Edits, regenerations and a switch to another conversation follow.
"""

from __future__ import annotations

import pytest

from assistant.core.chat import cache as conversation_cache
from assistant.core.chat.messages import ChatMessage, ChatRequest
from assistant.core.protocol import Result
from assistant.worker.engine import Engine, EngineConfig

QUESTIONS = ("hello there", "tell me about the house", "and the garden?", "what colour is it", "thank you")


@pytest.fixture
def reused(monkeypatch) -> list[int]:
    """How many prompt tokens each answer took from the cache (the real take(), watched)."""
    counts: list[int] = []
    real = conversation_cache.take

    def watched(loaded, input_ids):
        past, shared = real(loaded, input_ids)
        counts.append(shared)
        return past, shared

    monkeypatch.setattr(conversation_cache, "take", watched)
    return counts


def _engine(tmp_path, name: str, dtype: str = "float32") -> Engine:
    folder = tmp_path / name
    folder.mkdir()
    return Engine(EngineConfig(models_dir=folder, device="cpu", dtype=dtype))


def _ask(engine: Engine, model, messages: list[ChatMessage], cached: bool = True, system: str = "") -> str:
    if not cached:
        for key in engine.loader.loaded_keys:
            engine.loader.get_loaded(key).chat_cache = None
    turns = ([ChatMessage("system", system)] if system else []) + messages
    terminal = engine.handle(ChatRequest(tuple(turns), max_new_tokens=12, model=str(model)))
    assert isinstance(terminal, Result), terminal
    return terminal.payload


def _conversation(engine, model, questions, cached: bool, system: str = "") -> tuple[list[ChatMessage], list[str]]:
    messages: list[ChatMessage] = []
    answers = []
    for question in questions:
        messages.append(ChatMessage("user", question))
        answer = _ask(engine, model, messages, cached, system)
        answers.append(answer)
        messages.append(ChatMessage("assistant", answer))
    return messages, answers


def test_cached_turns_answer_as_uncached_ones(tmp_path, tiny_models, reused):
    """In float32.  In int8 the answers may differ, with or without the cache: dynamic quantization
    scales each forward pass's activations by their largest value, so how the prompt is cut into
    passes (whole, or the new part only) changes the numbers, and sometimes a greedy token."""
    model = tiny_models["causal_lm"]
    kept, fresh = _engine(tmp_path, "kept"), _engine(tmp_path, "fresh")
    _, with_cache = _conversation(kept, model, QUESTIONS, cached=True, system="Be brief.")
    reused_by_kept = list(reused)
    _, without = _conversation(fresh, model, QUESTIONS, cached=False, system="Be brief.")
    assert with_cache == without
    # the cache was really used: every turn after the first read only its new tokens
    assert reused_by_kept[0] == 0 and all(count > 20 for count in reused_by_kept[1:]), reused_by_kept
    assert reused[len(reused_by_kept) :] == [0] * len(QUESTIONS)


def test_edit_regenerate_and_switch_give_the_uncached_answer(tmp_path, tiny_models, reused):
    model = tiny_models["causal_lm"]
    kept, fresh = _engine(tmp_path, "kept"), _engine(tmp_path, "fresh")
    messages, _ = _conversation(kept, model, QUESTIONS[:3], cached=True)

    # regenerate the last answer: the same prompt again, the answer read from the cache's prefix
    regenerate = messages[:-1]
    assert _ask(kept, model, regenerate) == _ask(fresh, model, regenerate, cached=False)
    # edit the first question: the cache is cut back to the system part of the template
    edited = [ChatMessage("user", "goodbye then")] + messages[1:-1]
    assert _ask(kept, model, edited) == _ask(fresh, model, edited, cached=False)
    # another conversation, another system prompt
    other = [ChatMessage("user", "what colour is the garden")]
    assert _ask(kept, model, other) == _ask(fresh, model, other, cached=False)
    assert _ask(kept, model, other, system="Answer in German.") == _ask(fresh, model, other, cached=False, system="Answer in German.")
    # the same conversation continued after the switches: still the uncached answer
    go_on = messages + [ChatMessage("user", "and the roof?")]
    assert _ask(kept, model, go_on) == _ask(fresh, model, go_on, cached=False)


def test_the_cache_goes_with_the_model(tmp_path, tiny_models):
    model = tiny_models["causal_lm"]
    engine = _engine(tmp_path, "one")
    _conversation(engine, model, QUESTIONS[:2], cached=True)
    key = engine.loader.loaded_keys[0]
    loaded = engine.loader.get_loaded(key)
    assert loaded.chat_cache is not None and len(loaded.chat_cache.tokens) > 0
    assert conversation_cache.size_bytes(loaded.chat_cache.past) <= loaded.memory_bytes
    engine.loader.unload_all()
    assert loaded.chat_cache is None and engine.loader.get_loaded(key) is None
