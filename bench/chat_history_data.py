"""A saved chat history of 10,000 conversations (200,000 messages) for the benchmarks, made once.

    from chat_history_data import history_db
    path = history_db()   # bench/.cache/chats-10000x20.sqlite3, made on first use (about half a minute)

The file is written by the program's own ChatStore (the current schema, search
index and triggers included), then filled in one transaction with executemany.
The text mixes English words and Chinese phrases, so that searches of both kinds
find something; a few rare words make searches with few hits.  Benchmarks copy the
file before using it: the cached one is never changed.
"""

from __future__ import annotations

import random
import shutil
import time
import uuid
from pathlib import Path

import _common
from _common import CACHE

CONVERSATIONS = 10_000
MESSAGES_PER_CONVERSATION = 20
WORDS = ["the", "of", "and", "to", "in", "is", "it", "you", "that", "he", "was", "for", "on", "are", "with", "as", "his", "they", "be", "at", "one", "have", "this", "from", "or", "had", "by", "word", "but", "what", "some", "we", "can", "out", "other", "were", "all", "there", "when", "up", "use", "your", "how", "said", "an", "each", "she", "which", "do", "their", "time", "if", "will", "way", "about", "many", "then", "them", "write", "would", "like", "so", "these", "her", "long", "make", "thing", "see", "him", "two", "has", "look", "more", "day", "could", "go", "come", "did", "number", "sound", "no", "most", "people", "my", "over", "know", "water", "than", "call", "first", "who", "may", "down", "side", "been", "now", "find", "volcano", "glacier", "river", "mountain", "question", "answer", "model", "train", "station", "museum", "recipe", "garden"]
CHINESE = ("火星车带着一架直升机", "今天天气很好", "我们去博物馆", "这个问题很有意思", "翻译成中文", "机器学习模型", "长城很长")
RARE = ("zeppelin", "quokka", "xylophone", "marzipan")


def _text(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 30))]
    if rng.random() < 0.15:
        words.insert(rng.randrange(len(words)), rng.choice(CHINESE))
    if rng.random() < 0.002:
        words.insert(rng.randrange(len(words)), rng.choice(RARE))
    return " ".join(words).capitalize() + "."


def history_db(conversations: int = CONVERSATIONS, per_conversation: int = MESSAGES_PER_CONVERSATION) -> Path:
    """The cached file (made on first use); never write to it: copy it."""
    target = CACHE / f"chats-{conversations}x{per_conversation}.sqlite3"
    if target.is_file():
        return target
    _common.use_repo_root()
    from assistant.core.chat.history import ChatStore

    CACHE.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    for leftover in CACHE.glob(partial.name + "*"):
        leftover.unlink()
    print(f"Writing {conversations:,} conversations of {per_conversation} messages into {target.name} (once)…", flush=True)
    started = time.perf_counter()
    rng = random.Random(20261202)
    store = ChatStore(partial)
    conn = store.conn
    now = time.time() - conversations * 60.0
    conn.execute("BEGIN")
    rows_c, rows_m = [], []
    for n in range(conversations):
        conversation_id = uuid.UUID(int=rng.getrandbits(128)).hex[:12]
        stamp = now + n * 60.0
        messages = [("user" if k % 2 == 0 else "assistant", _text(rng)) for k in range(per_conversation)]
        rows_c.append((conversation_id, messages[0][1][:60], stamp, stamp + 30.0))
        rows_m.extend((conversation_id, role, content, stamp + k) for k, (role, content) in enumerate(messages))
        if len(rows_m) >= 20_000:
            conn.executemany("INSERT INTO conversations (id, title, created, updated) VALUES (?, ?, ?, ?)", rows_c)
            conn.executemany("INSERT INTO messages (conversation_id, role, content, created) VALUES (?, ?, ?, ?)", rows_m)
            rows_c, rows_m = [], []
    conn.executemany("INSERT INTO conversations (id, title, created, updated) VALUES (?, ?, ?, ?)", rows_c)
    conn.executemany("INSERT INTO messages (conversation_id, role, content, created) VALUES (?, ?, ?, ?)", rows_m)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.replace(target)
    size = target.stat().st_size / 1e6
    print(f"  written in {time.perf_counter() - started:.1f} s ({size:.0f} MB)", flush=True)
    return target


def copy_into(data_dir: Path, source: Path | None = None) -> Path:
    """A copy of the history as ``data_dir/chats.sqlite3`` (the program's data folder)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    target = data_dir / "chats.sqlite3"
    shutil.copyfile(source or history_db(), target)
    return target


LONG_CONVERSATION = 10_000


def long_conversation_db(messages: int = LONG_CONVERSATION) -> Path:
    """A history of one conversation of ``messages`` messages (made on first use, in one transaction); copy it."""
    target = CACHE / f"chat-one-of-{messages}.sqlite3"
    if target.is_file():
        return target
    _common.use_repo_root()
    from assistant.core.chat.history import ChatStore

    CACHE.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    for leftover in CACHE.glob(partial.name + "*"):
        leftover.unlink()
    rng = random.Random(20261203)
    store = ChatStore(partial)
    rows = [{"role": "user" if k % 2 == 0 else "assistant", "content": _text(rng)} for k in range(messages)]
    store.import_conversation(f"A conversation of {messages:,} messages", rows)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.replace(target)
    return target
