"""The chat's "History sent to the model": a cap below the context, the newest messages read, said when it bites.

Real parts throughout: the tests' tiny chat model (2,048-token context) through the real
engine, a real SQLite chat store with 10,000 messages, the real command line.
"""

from __future__ import annotations

import sqlite3

import pytest

from assistant.core.chat import cache as conversation_cache
from assistant.core.chat import history
from assistant.core.chat import task as chat
from assistant.core.chat.history import ChatStore
from assistant.core.chat.messages import ChatMessage, ChatRequest, ContextTrimmed
from assistant.core.chat.settings import AUTO_HISTORY_TOKENS, ChatSettings, history_characters, history_limit
from assistant.core.protocol import Partial, Result
from assistant.worker.engine import Engine, EngineConfig
from tests.integration.test_cli import cli


@pytest.fixture(scope="module")
def loaded(tiny_models):
    from assistant.core.models.loader import ModelLoader
    from assistant.core.models.sources import describe_folder

    return ModelLoader(device="cpu").get(describe_folder(tiny_models["causal_lm"], "test"))


def conversation(exchanges: int, words: int = 20, system: str = "SYSTEM-PROMPT") -> list[ChatMessage]:
    messages = [ChatMessage("system", system)] if system else []
    for i in range(exchanges):
        messages += [ChatMessage("user", f"question {i} " + "word " * words), ChatMessage("assistant", f"answer {i} " + "word " * words)]
    return messages + [ChatMessage("user", "LAST QUESTION")]


def test_the_default_cap_is_a_quarter_of_the_context_at_most_1024_tokens():
    assert history_limit(None, 2048) == 512 and history_limit(None, 8192) == AUTO_HISTORY_TOKENS == 1024
    assert history_limit(None, 32768) == 1024 and history_limit(0, 8192) is None and history_limit(300, 8192) == 300
    assert history_characters(0) is None and history_characters(None) >= 4 * 1024 and history_characters(100) >= 400


def test_the_cap_leaves_out_early_exchanges_but_keeps_the_system_prompt_and_the_question(loaded):
    messages = conversation(40)
    whole = chat.encode_prompt(loaded, ChatRequest(tuple(messages), max_new_tokens=100, history_tokens=0))
    capped = chat.encode_prompt(loaded, ChatRequest(tuple(messages), max_new_tokens=100, history_tokens=400))
    prompt = loaded.tokenizer.decode(capped.encoded["input_ids"][0])
    assert "SYSTEM-PROMPT" in prompt and "LAST QUESTION" in prompt and "question 39 " in prompt
    assert capped.encoded["input_ids"].shape[1] <= 400 < whole.encoded["input_ids"].shape[1]
    assert capped.dropped > whole.dropped and capped.by_setting and not whole.by_setting
    assert capped.max_new_tokens == 100


def test_a_cap_below_the_system_prompt_and_question_sends_them_alone_instead_of_refusing(loaded):
    system = "Be brief. " * 40
    capped = chat.encode_prompt(loaded, ChatRequest(tuple(conversation(6, system=system)), max_new_tokens=50, history_tokens=64))
    prompt = loaded.tokenizer.decode(capped.encoded["input_ids"][0])
    assert capped.encoded["input_ids"].shape[1] > 64 and "Be brief." in prompt and "LAST QUESTION" in prompt
    assert "question 5 " not in prompt and capped.dropped == 6 and capped.by_setting


def test_exchanges_the_sender_did_not_send_are_counted_as_left_out_by_the_setting(loaded):
    request = ChatRequest(tuple(conversation(2)), max_new_tokens=20, history_tokens=None, earlier_exchanges=300)
    prompt = chat.encode_prompt(loaded, request)
    assert prompt.dropped >= 300 and prompt.by_setting


def test_a_trimmed_prompt_keeps_its_start_for_the_next_turns(loaded):
    """The start moves by steps of several exchanges, not one a turn: the previous turn's cache still fits."""
    starts = []
    for turn in range(12):
        messages = conversation(60 + turn, words=4)
        prompt = chat.encode_prompt(loaded, ChatRequest(tuple(messages), max_new_tokens=20, history_tokens=1500))
        assert prompt.encoded["input_ids"].shape[1] <= 1500 and prompt.by_setting
        starts.append(prompt.dropped)
    moves = sum(1 for a, b in zip(starts, starts[1:], strict=False) if a != b)
    assert starts == sorted(starts) and moves <= len(starts) // 2, starts


def test_a_cap_larger_than_the_conversation_gives_the_same_greedy_answer(tmp_path, tiny_models):
    engine = Engine(EngineConfig(models_dir=tmp_path, device="cpu", dtype="float32"))
    messages = tuple(conversation(3, words=5))
    answers = []
    for history_tokens in (0, 1_900, 100_000):
        for key in engine.loader.loaded_keys:  # each answer reads its prompt whole
            engine.loader.get_loaded(key).chat_cache = None
        terminal = engine.handle(ChatRequest(messages, max_new_tokens=12, model=str(tiny_models["causal_lm"]), history_tokens=history_tokens))
        assert isinstance(terminal, Result), terminal
        answers.append(terminal.payload)
    assert answers[0] and answers[0] == answers[1] == answers[2]


def test_the_sentence_names_the_setting_when_the_cap_left_exchanges_out(tmp_path, tiny_models):
    replies = []
    engine = Engine(EngineConfig(models_dir=tmp_path, device="cpu"), emit=replies.append)
    for history_tokens, by_setting in ((200, True), (0, False)):
        replies.clear()
        request = ChatRequest(tuple(conversation(30)), max_new_tokens=4, model=str(tiny_models["causal_lm"]), history_tokens=history_tokens)
        assert isinstance(engine.handle(request), Result)
        [note] = [r.payload for r in replies if isinstance(r, Partial) and isinstance(r.payload, ContextTrimmed)]
        assert note.by_setting is by_setting and note.dropped > 0
        assert ("History sent to the model" in note.describe()) is by_setting
        assert ("longer than the model can read" in note.describe()) is not by_setting
    assert str(note.dropped) in note.describe()


def test_the_cached_prefix_survives_a_capped_window_on_most_turns(tmp_path, tiny_models, monkeypatch):
    """A long conversation at the cap: most turns still take the previous turn's cache beyond the system prompt."""
    reused: list[int] = []
    real = conversation_cache.take

    def watched(loaded, input_ids):
        past, shared = real(loaded, input_ids)
        reused.append(shared)
        return past, shared

    monkeypatch.setattr(conversation_cache, "take", watched)
    engine = Engine(EngineConfig(models_dir=tmp_path, device="cpu", dtype="float32"))  # int8 keeps no cache
    assert isinstance(engine.handle(ChatRequest((ChatMessage("user", "hi"),), max_new_tokens=1, model=str(tiny_models["causal_lm"]))), Result)
    for key in engine.loader.loaded_keys:  # the tiny model is smaller than its cache of 1,500 tokens, which it would not keep
        engine.loader.get_loaded(key).memory_bytes = 1 << 30
    reused.clear()
    messages = conversation(40, words=4)
    for turn in range(8):
        terminal = engine.handle(ChatRequest(tuple(messages), max_new_tokens=4, model=str(tiny_models["causal_lm"]), history_tokens=1500))
        assert isinstance(terminal, Result)
        messages += [ChatMessage("assistant", terminal.payload), ChatMessage("user", f"next question {turn}")]
    assert len(reused) == 8 and sum(1 for shared in reused[1:] if shared > 100) >= 5, reused  # 3 of 7 when the start moves with each turn


# ------------------------------------------------------------ the store


@pytest.fixture(scope="module")
def long_store(tmp_path_factory):
    """A real chat file: one conversation of 10,000 messages (a few replaced), and a short one."""
    store = ChatStore(tmp_path_factory.mktemp("chats") / "chats.sqlite3")
    long = store.create()
    rows = [(long.id, "user" if n % 2 == 0 else "assistant", f"message {n} " + "word " * 20, float(n)) for n in range(10_000)]
    with store.conn:
        store.conn.executemany("INSERT INTO messages (conversation_id, role, content, created) VALUES (?, ?, ?, ?)", rows)
    short = store.create()
    for n in range(4):
        store.add_message(short.id, "user" if n % 2 == 0 else "assistant", f"short {n}")
    yield store, long.id, short.id
    store.close()


@pytest.fixture
def rows_read(monkeypatch) -> list[int]:
    """How many message rows the store turned into messages (the real conversion, counted)."""
    count = [0]
    real = history._message

    def counted(row: sqlite3.Row):
        count[0] += 1
        return real(row)

    monkeypatch.setattr(history, "_message", counted)
    return count


def test_only_the_newest_messages_of_a_10000_message_conversation_are_read(long_store, rows_read):
    store, long_id, _ = long_store
    characters = history_characters(None)
    recent, earlier = store.recent_messages(long_id, characters)
    assert rows_read[0] == len(recent) < 400  # of 10,000
    assert sum(len(m.content) for m in recent) >= characters and recent[0].role == "user"
    assert recent[-1].content.startswith("message 9999 ") and earlier + len(recent) == 10_000
    assert [m.id for m in recent] == sorted(m.id for m in recent)
    plan = " ".join(row[3] for row in store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM messages WHERE conversation_id = ? AND replaced = 0 ORDER BY id DESC", (long_id,)
    ))  # fmt: skip
    assert "messages_by_conversation" in plan and "TEMP B-TREE" not in plan.upper()


def test_recent_messages_skip_replaced_ones_and_read_all_without_a_cap(long_store, rows_read):
    store, long_id, short_id = long_store
    assert [m.content for m in store.recent_messages(short_id, 10_000)[0]] == ["short 0", "short 1", "short 2", "short 3"]
    assert store.recent_messages(short_id, 10_000)[1] == 0
    assert len(store.recent_messages(long_id, None)[0]) == 10_000  # "All the model can read": every message
    newest = store.recent_messages(long_id, 10)[0]
    assert newest[0].role == "user" and len(newest) == 2  # back to the question of the oldest exchange read


def test_the_command_line_reads_only_the_newest_messages_and_names_the_setting(isolated_home, tiny_models):
    created = cli("chat", "--new")
    assert created.returncode == 0, created.stderr
    chat_id = created.stdout.strip()
    store = ChatStore(isolated_home / "data" / "chats.sqlite3")
    rows = [(chat_id, "user" if n % 2 == 0 else "assistant", f"message {n} " + "word " * 20, float(n)) for n in range(10_000)]
    with store.conn:
        store.conn.executemany("INSERT INTO messages (conversation_id, role, content, created) VALUES (?, ?, ?, ?)", rows)
    store.close()
    model = str(tiny_models["causal_lm"])
    done = cli("chat", "--conversation", chat_id, "--model", model, "--max-new-tokens", "4", "--json", "And now?")
    assert done.returncode == 0, done.stderr
    assert "History sent to the model" in done.stderr and "--history-tokens" in done.stderr
    whole = cli("chat", "--conversation", chat_id, "--model", model, "--max-new-tokens", "4", "--history-tokens", "0", "And then?")
    assert whole.returncode == 0, whole.stderr
    assert "longer than the model can read" in whole.stderr and "History sent" not in whole.stderr
    refused = cli("chat", "--conversation", chat_id, "--history-tokens", "lots", "x")
    assert refused.returncode == 2 and "not a number of tokens" in refused.stderr and "Traceback" not in refused.stderr


def test_settings_keep_the_cap_and_fall_back_on_bad_values():
    assert ChatSettings().history_tokens is None
    assert ChatSettings.from_dict(ChatSettings(history_tokens=512).as_dict()).history_tokens == 512
    assert ChatSettings.from_dict({"history_tokens": 0}).history_tokens == 0
    for bad in (-5, "lots", 3.5, True, [1]):
        assert ChatSettings.from_dict({"history_tokens": bad}).history_tokens is None
    request = ChatSettings(history_tokens=700).chat_request([ChatMessage("user", "hi")], earlier=9)
    assert request.history_tokens == 700 and request.earlier_exchanges == 5
