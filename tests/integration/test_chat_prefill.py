"""The prompt read in chunks before generate (chat/prefill.py): the same answers, and Stop answered while it is read.

A real (tiny) chat model and the real engine; the chunk is made small so that a short
prompt takes many chunks.  The answers are compared with the prompt read in one pass
by generate, as it was read before chunks.
"""

from __future__ import annotations

import threading
import time

import pytest

from assistant.core.chat import prefill
from assistant.core.chat.messages import ChatMessage, ChatRequest
from assistant.core.chat.task import encode_prompt
from assistant.core.models.messages import LoadModelRequest
from assistant.core.protocol import Failure, FailureKind, Partial, Result
from assistant.worker.engine import Engine, EngineConfig
from tests.fixtures.tiny_models import ENGLISH_LINES
from tests.helpers import Recorder

CHUNK = 16
SYSTEM = " ".join(ENGLISH_LINES[:6])  # a system prompt of several chunks
QUESTIONS = ("hello there, how are you today?", "tell me about the house by the river", "and what about the garden?", "thank you very much")


@pytest.fixture
def passes(monkeypatch) -> list[int | None]:
    """How many passes each answer's prompt took (the real read_prompt, watched, with small chunks)."""
    monkeypatch.setattr(prefill, "CHUNK_TOKENS", CHUNK)
    counts: list[int | None] = []
    real = prefill.read_prompt

    def watched(*args):
        try:
            counts.append(real(*args))
        except prefill.Stopped:
            counts.append(None)
            raise
        return counts[-1]

    monkeypatch.setattr(prefill, "read_prompt", watched)
    return counts


def _engine(tmp_path, name: str, dtype: str = "float32", emit=None) -> Engine:
    folder = tmp_path / name
    folder.mkdir()
    return Engine(EngineConfig(models_dir=folder, device="cpu", dtype=dtype), emit=emit)


def _request(model, messages: list[ChatMessage]) -> ChatRequest:
    return ChatRequest((ChatMessage("system", SYSTEM), *messages), max_new_tokens=12, model=str(model))


def _conversation(engine: Engine, model, cached: bool = True) -> list[str]:
    messages: list[ChatMessage] = []
    answers = []
    for question in QUESTIONS:
        if not cached:
            for key in engine.loader.loaded_keys:
                engine.loader.get_loaded(key).chat_cache = None
        messages.append(ChatMessage("user", question))
        terminal = engine.handle(_request(model, messages))
        assert isinstance(terminal, Result), terminal
        answers.append(terminal.payload)
        messages.append(ChatMessage("assistant", terminal.payload))
    return answers


def _one_pass(monkeypatch) -> None:
    """The prompt left to generate, which reads it in one pass (as before chunks)."""
    monkeypatch.setattr(prefill, "read_prompt", lambda model, encoded, past, start, cancel: 0)


def test_chunked_prompts_answer_as_one_pass_with_and_without_the_kept_cache(tmp_path, tiny_models, passes, monkeypatch):
    model = tiny_models["causal_lm"]
    chunked = _conversation(_engine(tmp_path, "chunked"), model, cached=True)
    chunked_passes = list(passes)
    fresh_chunked = _conversation(_engine(tmp_path, "fresh"), model, cached=False)
    _one_pass(monkeypatch)
    whole = _conversation(_engine(tmp_path, "whole"), model, cached=False)
    assert chunked == whole and fresh_chunked == whole
    # the first prompt took many chunks; the later turns read only their new tokens (from the kept cache), in chunks too
    assert chunked_passes[0] is not None and chunked_passes[0] > 4, chunked_passes
    assert all(count is not None and 2 <= count < chunked_passes[0] for count in chunked_passes[1:]), chunked_passes


def test_int8_reads_in_chunks_and_answers(tmp_path, tiny_models, passes):
    """int8 answers may differ from one pass (each pass is scaled by its own largest value): it answers, in chunks."""
    answers = _conversation(_engine(tmp_path, "int8", dtype="int8"), tiny_models["causal_lm"])
    assert all(isinstance(a, str) for a in answers)
    assert all(count is not None and count > 4 for count in passes), passes  # no cache kept in int8: each prompt whole, in chunks


def _serve(engine: Engine) -> threading.Thread:
    thread = threading.Thread(target=engine.serve)
    thread.start()
    return thread


def _wait(recorder: Recorder, request_id: int, timeout: float = 120) -> Result | Failure:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for reply in recorder.replies:
            if isinstance(reply, (Result, Failure)) and reply.request_id == request_id:
                return reply
        time.sleep(0.02)
    raise AssertionError("no terminal reply")


@pytest.mark.parametrize("where", ["between chunks", "inside a chunk"])
def test_stop_while_the_prompt_is_read(tmp_path, tiny_models, passes, monkeypatch, where):
    """On the real worker thread: Stop during a long prompt ends the request before the prompt is read; the next turn answers.

    The next turn asks the same question: it starts from the two chunks kept and answers as a
    fresh engine that reads the prompt in one pass."""
    model = tiny_models["causal_lm"]
    recorder = Recorder()
    engine = _engine(tmp_path, "stopped", emit=recorder)
    thread = _serve(engine)
    try:
        load = LoadModelRequest(str(model))
        engine.submit(load)
        assert isinstance(_wait(recorder, load.id), Result)
        loaded = engine.loader.get_loaded(engine.loader.loaded_keys[0])
        long_question = " ".join(ENGLISH_LINES) * 2
        chat = _request(model, [ChatMessage("user", long_question)])
        read = [0]  # whole passes over prompt chunks (generate's one-token passes not counted)

        def counted(_module, args, kwargs, _output) -> None:
            if kwargs["input_ids"].shape[1] > 1:
                read[0] += 1
                if where == "between chunks" and read[0] == 2:
                    engine.cancel(chat.id)  # as the Stop button does, here at a known point

        def stop_in_layer(_module, _args, _output) -> None:
            if where == "inside a chunk" and read[0] == 2:
                engine.cancel(chat.id)  # after the first decoder layer of the third chunk

        counter = loaded.model.register_forward_hook(counted, with_kwargs=True)
        layer = prefill._decoder_layers(loaded.model)[0].register_forward_hook(stop_in_layer)
        engine.submit(chat)
        stopped = _wait(recorder, chat.id)
        counter.remove()
        layer.remove()
        assert isinstance(stopped, Failure) and stopped.kind is FailureKind.CANCELLED, stopped
        assert stopped.message == "Stopped; the answer so far is kept."
        assert read[0] == 2 and passes == [None]  # the third chunk was not finished, nor the rest
        assert -(-(len(encode_prompt(loaded, chat).encoded["input_ids"][0]) - 1) // CHUNK) > 10  # chunks of the whole prompt
        assert not [r for r in recorder.replies if isinstance(r, Partial) and r.request_id == chat.id and isinstance(r.payload, str)]
        # the part read before the stopped pass is kept, whole: every layer holds the same two chunks
        kept = loaded.chat_cache
        prompt = encode_prompt(loaded, chat).encoded["input_ids"][0]
        assert kept is not None and kept.tokens.tolist() == prompt[: 2 * CHUNK].tolist()
        assert {int(layer.get_seq_length()) for layer in kept.past.layers} == {2 * CHUNK}

        again = _request(model, [ChatMessage("user", long_question)])
        engine.submit(again)
        answered = _wait(recorder, again.id)
    finally:
        engine.stop()
        thread.join(60)
    assert isinstance(answered, Result), answered
    _one_pass(monkeypatch)
    reference = _engine(tmp_path, "reference").handle(_request(model, [ChatMessage("user", long_question)]))
    assert isinstance(reference, Result) and answered.payload == reference.payload


def test_a_stopped_request_is_answered_before_the_memory_is_freed(tmp_path, tiny_models, monkeypatch):
    """Freeing memory (gc.collect) took 0.5-0.8 s on busy cores: the Failure goes out first."""
    from assistant.worker import engine as engine_module

    order: list[str] = []
    monkeypatch.setattr(engine_module, "free_unused_memory", lambda device: order.append("freed"))
    engine = _engine(tmp_path, "order", emit=lambda reply: order.append(type(reply).__name__))
    chat = _request(tiny_models["causal_lm"], [ChatMessage("user", "hello")])
    engine.submit(chat)  # queued, not served: handle() below runs it
    engine.cancel(chat.id)  # Stop before it starts: the shortest way to a stopped request
    assert isinstance(engine.handle(chat), Failure)
    assert order[-2:] == ["Failure", "freed"]


def test_stop_inside_a_token_keeps_a_whole_cache_and_the_next_turn_answers_as_uncached(tmp_path, tiny_models, passes, monkeypatch):
    """Stop between two decoder layers while a token is made: the layers ahead are cut back, the cache is kept."""
    model = tiny_models["causal_lm"]
    recorder = Recorder()
    engine = _engine(tmp_path, "mid-token", emit=recorder)
    question = [ChatMessage("user", "tell me about the house by the river")]
    chat = _request(model, question)
    engine.handle(LoadModelRequest(str(model)))
    loaded = engine.loader.get_loaded(engine.loader.loaded_keys[0])
    steps = [0]  # one-token passes: the question's last token, then each token made

    def count(_module, args, kwargs, _output) -> None:
        steps[0] += kwargs["input_ids"].shape[1] == 1

    def stop_after_first_layer(_module, _args, _output) -> None:
        if steps[0] == 4:  # inside the 5th one-token pass, after its first layer
            engine.cancel(chat.id)

    counter = loaded.model.register_forward_hook(count, with_kwargs=True)
    layer = prefill._decoder_layers(loaded.model)[0].register_forward_hook(stop_after_first_layer)
    stopped = engine.handle(chat)
    counter.remove()
    layer.remove()
    assert isinstance(stopped, Failure) and stopped.kind is FailureKind.CANCELLED, stopped
    text = "".join(r.payload for r in recorder.replies if isinstance(r, Partial) and r.request_id == chat.id and isinstance(r.payload, str))
    prompt_length = len(encode_prompt(loaded, chat).encoded["input_ids"][0])
    kept = loaded.chat_cache
    assert kept is not None and len(kept.tokens) == prompt_length + 3  # the prompt and the 3 tokens read before the stopped pass
    assert {int(layer.get_seq_length()) for layer in kept.past.layers} == {prompt_length + 3}

    go_on = [*question, ChatMessage("assistant", text), ChatMessage("user", "and the garden?")]
    answered = engine.handle(_request(model, go_on))
    _one_pass(monkeypatch)
    reference = _engine(tmp_path, "uncached").handle(_request(model, go_on))
    assert isinstance(answered, Result) and isinstance(reference, Result)
    assert answered.payload == reference.payload
