"""The engine: one terminal message per request, cancel, bad input, broken models."""

from __future__ import annotations

import threading
import time

import pytest

from assistant.core.chat.messages import ChatMessage, ChatRequest, ContextTrimmed
from assistant.core.classify.messages import ClassifyItem, ClassifyRequest
from assistant.core.context import MAX_TEXT_CHARS
from assistant.core.protocol import Failure, FailureKind, Partial, Progress, Result, Started
from assistant.core.sentiment.messages import SentimentRequest
from assistant.core.translate.messages import TranslatedSentence, TranslateRequest
from tests.helpers import make_engine


@pytest.fixture
def engine_and_replies(tmp_path, tiny_models_dir):
    return make_engine(tmp_path / "models", extra=(str(tiny_models_dir),))


def terminals(recorder):
    return [r for r in recorder.replies if isinstance(r, (Result, Failure))]


def test_every_request_ends_with_exactly_one_terminal_message(engine_and_replies, tiny_models):
    engine, replies = engine_and_replies
    requests = [
        SentimentRequest("good"),
        SentimentRequest(""),  # bad input
        TranslateRequest("Hello world.", "en", "de"),
        TranslateRequest("Hello.", "en", "xx"),  # no model
        ChatRequest((ChatMessage("user", "hi"),), max_new_tokens=4, model=str(tiny_models["causal_lm"])),
    ]
    for request in requests:
        engine.handle(request)
    for request in requests:
        mine = [r for r in terminals(replies) if r.request_id == request.id]
        assert len(mine) == 1, (request, mine)
        # nothing about a request comes after its terminal message
        last = max(i for i, r in enumerate(replies.replies) if getattr(r, "request_id", None) == request.id)
        assert replies.replies[last] is mine[0]


def test_bad_input_gets_a_clear_message_and_the_engine_goes_on(engine_and_replies):
    engine, replies = engine_and_replies
    empty = engine.handle(SentimentRequest("   "))
    huge = engine.handle(SentimentRequest("a" * 1_000_000))
    assert isinstance(empty, Failure) and empty.kind is FailureKind.BAD_INPUT
    assert "no text" in empty.message
    assert isinstance(huge, Failure) and huge.kind is FailureKind.BAD_INPUT
    assert f"{MAX_TEXT_CHARS:,}" in huge.message and "1,000,000" in huge.message
    assert isinstance(engine.handle(SentimentRequest("still working")), Result)


def test_missing_translation_model_says_which_pair_and_where_to_get_it(engine_and_replies):
    engine, _ = engine_and_replies
    failure = engine.handle(TranslateRequest("Bonjour.", "fr", "ja"))
    assert failure.kind is FailureKind.MODEL_MISSING
    assert "fr → ja" in failure.message and "Models page" in failure.message


def test_missing_and_broken_model_folders(engine_and_replies, tiny_models, tmp_path):
    engine, _ = engine_and_replies
    gone = engine.handle(SentimentRequest("fine", model=str(tmp_path / "nowhere")))
    assert gone.kind is FailureKind.MODEL_MISSING and "does not exist" in gone.message
    broken = engine.handle(TranslateRequest("Hello.", "en", "fr", model=str(tiny_models["broken"])))
    assert broken.kind is FailureKind.MODEL_MISSING and "damaged" in broken.message
    wrong_task = engine.handle(ChatRequest((ChatMessage("user", "hi"),), model=str(tiny_models["marian"])))
    assert wrong_task.kind is FailureKind.MODEL_MISSING and "cannot do chat" in wrong_task.message
    assert isinstance(engine.handle(TranslateRequest("Hello.", "en", "de")), Result)


def test_cancel_before_start_and_during_generation(engine_and_replies, tiny_models):
    engine, replies = engine_and_replies
    request = SentimentRequest("never runs")
    engine.submit(request)
    engine.cancel(request.id)
    engine.stop()
    engine.serve()  # runs the queued request, then stops
    assert terminals(replies)[-1].kind is FailureKind.CANCELLED

    chat = ChatRequest((ChatMessage("user", "tell me a long story"),), max_new_tokens=200, model=str(tiny_models["causal_lm"]))
    tokens = []

    def cancel_after_three(reply):
        replies(reply)
        if isinstance(reply, Partial):
            tokens.append(reply.payload)
            if len(tokens) == 3:
                engine.cancel(chat.id)

    engine.emit = cancel_after_three
    failure = engine.handle(chat)
    assert failure.kind is FailureKind.CANCELLED
    assert 3 <= len(tokens) < 10  # stopped within a token or two of the cancel


def test_translation_streams_sentences_and_keeps_paragraphs(engine_and_replies):
    engine, replies = engine_and_replies
    text = "Hello world. Where is the train station?\n\n  Good morning, how are you today?\nIt is raining."
    result = engine.handle(TranslateRequest(text, "en", "de"))
    sentences = [r.payload for r in replies.of(Partial)]
    assert all(isinstance(s, TranslatedSentence) for s in sentences)
    assert sorted(s.index for s in sentences) == [0, 1, 2, 3]
    lines = result.payload.split("\n")
    assert len(lines) == 4 and lines[1] == "" and lines[2].startswith("  ")
    progress = replies.of(Progress)
    assert progress[-1].done == progress[-1].total == 4
    assert replies.of(Started)[0].model == "opus-mt-en-de"


def test_classify_files_rows_for_unreadable_ones(engine_and_replies, tmp_path):
    engine, replies = engine_and_replies
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("The striker scored twice in the final match.")
    (folder / "b.html").write_text("<html><body><p>The senate voted on the budget.</p><script>x()</script></body></html>")
    (folder / "c.bin").write_bytes(bytes(range(256)) * 10)
    (folder / "gone.txt").symlink_to(folder / "missing")
    items = tuple(ClassifyItem(name=p.name, path=str(p)) for p in sorted(folder.iterdir()))
    result = engine.handle(ClassifyRequest(("sports", "politics"), items))
    by_name = {item.name: item for item in result.payload}
    assert by_name["a.txt"].ok and by_name["b.html"].ok
    assert not by_name["c.bin"].ok and "binary" in by_name["c.bin"].error
    assert not by_name["gone.txt"].ok and "no longer exists" in by_name["gone.txt"].error
    assert len(replies.of(Partial)) == 4  # each file reported as it finished
    assert result.stats.unit == "files"


def test_classify_needs_two_labels(engine_and_replies):
    engine, _ = engine_and_replies
    failure = engine.handle(ClassifyRequest(("sports",), (ClassifyItem("t", text="x"),)))
    assert failure.kind is FailureKind.BAD_INPUT and "two labels" in failure.message


def test_an_exception_inside_a_task_becomes_a_failure(engine_and_replies, monkeypatch):
    engine, _ = engine_and_replies
    from assistant.core.sentiment import task as sentiment

    def explode(*args, **kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(sentiment, "run", explode)
    failure = engine.handle(SentimentRequest("text"))
    assert failure.kind is FailureKind.ERROR and "kaboom" in failure.message and "Traceback" in failure.detail


def test_serve_runs_requests_in_order_on_its_own_thread(engine_and_replies):
    engine, replies = engine_and_replies
    requests = [SentimentRequest(f"text {i}") for i in range(3)]
    thread = threading.Thread(target=engine.serve)
    thread.start()
    for request in requests:
        engine.submit(request)
    deadline = time.monotonic() + 60
    while len(terminals(replies)) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    engine.stop()
    thread.join(30)
    assert not thread.is_alive()
    assert [t.request_id for t in terminals(replies)] == [r.id for r in requests]


def test_long_conversations_leave_out_the_oldest_turns_but_keep_the_system_prompt(engine_and_replies, tiny_models):
    from assistant.core.chat import task as chat
    from assistant.core.models.loader import ModelLoader
    from assistant.core.models.sources import describe_folder

    loaded = ModelLoader(device="cpu").get(describe_folder(tiny_models["causal_lm"], "test"))
    filler = "word " * 300
    messages = [ChatMessage("system", "SYSTEM-PROMPT")]
    for i in range(12):
        messages += [ChatMessage("user", f"question {i} {filler}"), ChatMessage("assistant", f"answer {i} {filler}")]
    messages.append(ChatMessage("user", "LAST QUESTION"))
    encoded, dropped, budget, _by_setting = chat.encode_prompt(loaded, ChatRequest(tuple(messages), max_new_tokens=100))
    prompt = loaded.tokenizer.decode(encoded["input_ids"][0])
    assert dropped > 0 and "SYSTEM-PROMPT" in prompt and "LAST QUESTION" in prompt and "question 0 " not in prompt
    assert encoded["input_ids"].shape[1] + budget <= chat.context_length(loaded) and budget == 100

    engine, replies = engine_and_replies
    result = engine.handle(ChatRequest(tuple(messages), max_new_tokens=5, model=str(tiny_models["causal_lm"])))
    assert isinstance(result, Result)
    [trimmed] = [p.payload for p in replies.of(Partial) if isinstance(p.payload, ContextTrimmed)]
    assert trimmed.dropped == dropped and "left out" in trimmed.describe()


def test_a_question_longer_than_the_model_can_read_is_refused(engine_and_replies, tiny_models):
    engine, _ = engine_and_replies
    failure = engine.handle(ChatRequest((ChatMessage("user", "word " * 5000),), model=str(tiny_models["causal_lm"])))
    assert failure.kind is FailureKind.BAD_INPUT and "too long for this model" in failure.message


def test_trimming_a_long_conversation_reads_only_what_the_model_will_see(tiny_models, monkeypatch):
    """10,000 messages: each message's text is tokenized at most once, and the chat template runs a
    handful of times, however long the conversation (it used to run once per left-out exchange)."""
    from assistant.core.chat import task as chat
    from assistant.core.models.loader import ModelLoader
    from assistant.core.models.sources import describe_folder

    loaded = ModelLoader(device="cpu").get(describe_folder(tiny_models["causal_lm"], "test"))
    messages = [ChatMessage("system", "SYSTEM-PROMPT")]
    for i in range(5_000):
        messages += [ChatMessage("user", f"question {i} " + "word " * 20), ChatMessage("assistant", f"answer {i} " + "word " * 20)]
    messages.append(ChatMessage("user", "LAST QUESTION"))
    messages = messages[:-2] + messages[-1:]  # ends: ..., question 4999, LAST QUESTION (an answer missing is fine)
    calls = {"template": 0, "text": 0}
    tokenizer = loaded.tokenizer
    real_template, real_call = tokenizer.apply_chat_template, type(tokenizer).__call__

    def counting_template(*args, **kwargs):
        calls["template"] += 1
        return real_template(*args, **kwargs)

    def counting_call(self, *args, **kwargs):
        calls["text"] += 1
        return real_call(self, *args, **kwargs)

    monkeypatch.setattr(tokenizer, "apply_chat_template", counting_template)
    monkeypatch.setattr(type(tokenizer), "__call__", counting_call)
    encoded, dropped, budget, _by_setting = chat.encode_prompt(loaded, ChatRequest(tuple(messages), max_new_tokens=100))
    kept = (len(messages) - 1) // 2 - dropped  # exchanges kept before the question
    prompt = tokenizer.decode(encoded["input_ids"][0])
    assert "SYSTEM-PROMPT" in prompt and "LAST QUESTION" in prompt and "question 0 " not in prompt
    assert dropped > 4_900 and f"question {5_000 - kept} " in prompt  # the newest exchanges are the ones kept
    assert calls["template"] <= 6
    # apply_chat_template tokenizes through __call__ too; the prompt may start up to a quarter of what fits
    # later than it must (so that the next turns keep its start), and those exchanges were counted too
    assert calls["text"] <= 2 * (kept * 4 // 3 + 2) + 1 + calls["template"]
    assert encoded["input_ids"].shape[1] + budget <= chat.context_length(loaded)
