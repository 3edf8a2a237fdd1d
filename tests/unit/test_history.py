"""The chat store on real SQLite files: writing as it happens, migrations, damage, search, undo."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from assistant.core.chat.history import (
    DONE,
    SCHEMA_VERSION,
    STOPPED,
    STREAMING,
    ChatStore,
    StoreError,
    StreamSaver,
    make_title,
)
from assistant.core.chat.settings import ChatSettings


@pytest.fixture
def store(tmp_path):
    store = ChatStore(tmp_path / "chats.sqlite3")
    yield store
    store.close()


def other_connection(path):
    """What another process sees: a separate connection to the same file."""
    return sqlite3.connect(path)


def test_wal_mode_and_schema_version(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.schema_version == SCHEMA_VERSION
    assert store.notice == ""


def test_messages_are_on_disk_as_soon_as_they_are_written(store):
    chat = store.create()
    question = store.add_message(chat.id, "user", "What is the tallest mountain on Earth?")
    answer = store.add_message(chat.id, "assistant", "", status=STREAMING)
    outside = other_connection(store.path)
    assert outside.execute("SELECT content FROM messages WHERE id = ?", (question.id,)).fetchone()[0].startswith("What is")
    saver = StreamSaver(store, answer.id, min_interval=0.0)
    saver.add("Mount ")
    assert outside.execute("SELECT content, status FROM messages WHERE id = ?", (answer.id,)).fetchone() == ("Mount ", STREAMING)
    saver.add("Everest.")
    saver.finish(DONE)
    assert outside.execute("SELECT content, status FROM messages WHERE id = ?", (answer.id,)).fetchone() == ("Mount Everest.", DONE)
    assert store.get(chat.id).title == "What is the tallest mountain on Earth?"


def test_stream_saver_writes_at_a_bounded_rate(store):
    chat = store.create()
    answer = store.add_message(chat.id, "assistant", "", status=STREAMING)
    now = [0.0]
    saver = StreamSaver(store, answer.id, min_interval=0.5, clock=lambda: now[0])
    for _ in range(100):  # 100 tokens within 0.2 s: no write yet
        now[0] += 0.002
        saver.add("x")
    assert saver.writes == 0
    now[0] += 0.5
    saver.add("y")  # the interval has passed: everything so far goes to disk in one write
    assert saver.writes == 1 and store.message(answer.id).content == "x" * 100 + "y"
    saver.finish(STOPPED)
    assert store.message(answer.id).status == STOPPED and saver.writes == 2


def test_conversations_newest_first_titles_from_first_question(store):
    first = store.create()
    store.add_message(first.id, "user", "  An old\nquestion about   whitespace  ")
    second = store.create()
    store.add_message(second.id, "user", "A newer question " + "that is far too long to be a title " * 3)
    titles = [c.title for c in store.conversations()]
    assert titles[1] == "An old question about whitespace"
    assert titles[0].endswith("…") and len(titles[0]) <= 60
    store.add_message(first.id, "user", "bumps the old one")  # a new message makes it the newest
    assert store.conversations()[0].id == first.id
    assert store.get(first.id).title == "An old question about whitespace"  # only the first question names it


def test_make_title():
    assert make_title("Hi") == "Hi"
    assert make_title("word " * 40).endswith("…")


def test_rename_delete_undo_and_purge(store):
    chat = store.create()
    store.add_message(chat.id, "user", "keep me")
    store.rename(chat.id, "  Trip planning ")
    assert store.get(chat.id).title == "Trip planning"
    store.delete(chat.id)
    assert store.conversations() == []
    store.undelete(chat.id)
    assert [c.title for c in store.conversations()] == ["Trip planning"]
    store.delete(chat.id)
    assert store.purge_deleted(chat.id) == 1
    with pytest.raises(StoreError):
        store.get(chat.id)
    assert store.conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 0  # cascade


def test_settings_and_documents_per_conversation(store):
    chat = store.create()
    custom = ChatSettings(system_prompt="Be brief.", temperature=0.7, top_p=0.9, max_new_tokens=64, repetition_penalty=1.2, seed=7)
    store.set_settings(chat.id, custom)
    store.set_documents(chat.id, ["/data/a.pdf", "/data/notes"])
    again = store.get(chat.id)
    assert again.settings == custom and again.documents == ("/data/a.pdf", "/data/notes")
    assert store.get(store.create().id).settings == ChatSettings()


def test_settings_from_bad_json_fall_back_to_defaults():
    settings = ChatSettings.from_dict({"temperature": "hot", "seed": True, "max_new_tokens": 12, "reader": "nonsense", "extra": 1})
    assert settings == ChatSettings(max_new_tokens=12)
    request = ChatSettings(system_prompt="S", temperature=0.5, seed=3, repetition_penalty=1.3).chat_request(
        [], model="/models/default"
    )
    assert request.messages[0].content == "S" and request.seed == 3 and request.repetition_penalty == 1.3
    assert request.model == "/models/default"


def test_edit_replaces_later_messages_but_keeps_them(store):
    chat = store.create()
    ids = [store.add_message(chat.id, role, text).id for role, text in (("user", "q1"), ("assistant", "a1"), ("user", "q2"), ("assistant", "a2"))]
    assert store.replace_from(ids[2]) == 2
    assert [m.content for m in store.messages(chat.id)] == ["q1", "a1"]
    assert [m.content for m in store.messages(chat.id, include_replaced=True)] == ["q1", "a1", "q2", "a2"]


def test_search_across_messages_and_titles(store):
    cooking = store.create()
    store.add_message(cooking.id, "user", "How long do I boil an egg?")
    store.add_message(cooking.id, "assistant", "About seven minutes for a firm yolk.")
    travel = store.create()
    store.add_message(travel.id, "user", "Trains from Lyon to Turin")
    store.rename(travel.id, "100% Italy_trip")
    hits = store.search("YOLK")
    assert [h.conversation.id for h in hits] == [cooking.id] and "yolk" in hits[0].snippet
    assert [h.conversation.id for h in store.search("lyon")] == [travel.id]
    assert [h.conversation.id for h in store.search("100%")] == [travel.id]  # LIKE wildcards are escaped
    assert store.search("_") and store.search("%") and not store.search("zebra")
    store.delete(cooking.id)
    assert store.search("yolk") == []


def test_short_ids_like_git(store):
    chat = store.create()
    assert store.get(chat.id[:6]).id == chat.id
    with pytest.raises(StoreError, match="no conversation"):
        store.get("zzzzzz")


def test_a_version_1_database_is_migrated_and_the_old_file_kept(tmp_path):
    path = tmp_path / "chats.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(
        """
        CREATE TABLE conversations (id TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '', created REAL NOT NULL, updated REAL NOT NULL);
        CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
                               role TEXT NOT NULL, content TEXT NOT NULL, created REAL NOT NULL);
        INSERT INTO conversations VALUES ('abc123def456', 'Old chat', 1.0, 2.0);
        INSERT INTO messages (conversation_id, role, content, created) VALUES ('abc123def456', 'user', 'old question', 1.0);
        INSERT INTO messages (conversation_id, role, content, created) VALUES ('abc123def456', 'assistant', 'old answer', 1.5);
        PRAGMA user_version = 1;
        """
    )
    old.close()
    store = ChatStore(path)
    try:
        assert store.schema_version == SCHEMA_VERSION and store.notice == ""
        chat = store.get("abc123def456")
        assert chat.title == "Old chat" and chat.settings == ChatSettings()
        assert [(m.role, m.content, m.status) for m in store.messages(chat.id)] == [("user", "old question", DONE), ("assistant", "old answer", DONE)]
        store.add_message(chat.id, "user", "new question")  # and it is usable
    finally:
        store.close()
    backup = tmp_path / "chats.sqlite3.v1.bak"
    assert backup.is_file()
    kept = sqlite3.connect(backup)
    assert kept.execute("PRAGMA user_version").fetchone()[0] == 1
    assert kept.execute("SELECT count(*) FROM messages").fetchone()[0] == 2
    kept.close()


def test_a_damaged_database_is_set_aside_with_a_message(tmp_path):
    path = tmp_path / "chats.sqlite3"
    garbage = b"this is not a database, it is what a bad disk left behind " * 200
    path.write_bytes(garbage)
    store = ChatStore(path)
    try:
        assert "damaged" in store.notice and "new history" in store.notice
        aside = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
        assert len(aside) == 1 and aside[0].read_bytes() == garbage  # kept as it was, for rescue
        chat = store.create()
        store.add_message(chat.id, "user", "works again")
        assert store.conversations()[0].title == "works again"
    finally:
        store.close()


def test_a_database_with_damaged_pages_is_set_aside(tmp_path):
    path = tmp_path / "chats.sqlite3"
    store = ChatStore(path)
    chat = store.create()
    for n in range(300):
        store.add_message(chat.id, "user", f"message {n} " + "x" * 200)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page, min(len(data), 6 * page)):  # scribble over pages of the messages table
        data[offset] = 0x5A
    path.write_bytes(bytes(data))
    again = ChatStore(path)
    try:
        assert "damaged" in again.notice
        assert again.conversations() == []
    finally:
        again.close()
    assert any(".damaged-" in p.name for p in tmp_path.iterdir())


def test_a_newer_database_is_used_as_it_is(tmp_path):
    path = tmp_path / "chats.sqlite3"
    store = ChatStore(path)
    chat = store.create()
    store.add_message(chat.id, "user", "from the future")
    store.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    store.close()
    again = ChatStore(path)
    try:
        assert "newer version" in again.notice
        assert again.messages(chat.id)[0].content == "from the future"
    finally:
        again.close()


def test_two_connections_write_the_same_file(tmp_path):
    """The window and a command line may run at once: WAL and the busy timeout let both write."""
    path = tmp_path / "chats.sqlite3"
    first = ChatStore(path)
    chat = first.create()
    errors = []

    def other() -> None:
        try:
            second = ChatStore(path)  # its own connection, on its own thread
            for n in range(50):
                second.add_message(chat.id, "user", f"from the other {n}")
            second.close()
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    thread = threading.Thread(target=other)
    thread.start()
    for n in range(50):
        first.add_message(chat.id, "assistant", f"from the first {n}")
    thread.join()
    assert not errors
    assert len(first.messages(chat.id)) == 100
    first.close()


def test_closed_store_says_so(tmp_path):
    store = ChatStore(tmp_path / "c.sqlite3")
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.conversations()


# ------------------------------------------------------------ search index (FTS5 trigram)

VERSION_2_SCHEMA = """
CREATE TABLE conversations (id TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '', created REAL NOT NULL, updated REAL NOT NULL,
                            settings TEXT NOT NULL DEFAULT '{}', documents TEXT NOT NULL DEFAULT '[]', deleted REAL);
CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
                       role TEXT NOT NULL, content TEXT NOT NULL, created REAL NOT NULL,
                       status TEXT NOT NULL DEFAULT 'done', replaced INTEGER NOT NULL DEFAULT 0, note TEXT NOT NULL DEFAULT '',
                       sources TEXT NOT NULL DEFAULT '[]', model TEXT NOT NULL DEFAULT '');
CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
PRAGMA user_version = 2;
"""


def old_like_search(path, text):
    """The search as the program did it before the index: LIKE over every message and title."""
    conn = sqlite3.connect(path)
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    found = {r[0] for r in conn.execute(
        """SELECT c.id FROM messages m JOIN conversations c ON c.id = m.conversation_id
           WHERE c.deleted IS NULL AND m.replaced = 0 AND m.content LIKE ? ESCAPE '\\'""", (pattern,))}
    found |= {r[0] for r in conn.execute("SELECT id FROM conversations WHERE deleted IS NULL AND title LIKE ? ESCAPE '\\'", (pattern,))}
    conn.close()
    return found


def write_version_2(path, conversations):
    """A file as the previous program wrote it: {id: (title, [(role, content, replaced)])}."""
    old = sqlite3.connect(path)
    old.executescript(VERSION_2_SCHEMA)
    for n, (conversation_id, (title, messages)) in enumerate(conversations.items()):
        old.execute("INSERT INTO conversations (id, title, created, updated) VALUES (?, ?, ?, ?)", (conversation_id, title, n, n + 0.5))
        old.executemany(
            "INSERT INTO messages (conversation_id, role, content, created, replaced) VALUES (?, ?, ?, ?, ?)",
            [(conversation_id, role, content, n, replaced) for role, content, replaced in messages],
        )
    old.commit()
    old.close()


def test_a_version_2_database_gets_a_search_index_and_keeps_every_message(tmp_path):
    path = tmp_path / "chats.sqlite3"
    write_version_2(path, {
        "mars00000001": ("火星", [("user", "火星车带着什么？", 0), ("assistant", "一架直升机，叫机智号。", 0)]),
        "volc00000002": ("Trip", [("user", "Tell me about volcanoes", 0), ("assistant", "Etna erupts OFTEN.", 0)]),
        "gone00000003": ("Old", [("user", "a replaced volcano question", 1), ("user", "kept text", 0)]),
    })
    store = ChatStore(path)
    try:
        assert store.schema_version == SCHEMA_VERSION and store.has_search_index
        assert store.conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 6
        assert [m.content for m in store.messages("mars00000001")] == ["火星车带着什么？", "一架直升机，叫机智号。"]
        assert [h.conversation.id for h in store.search("机智号")] == ["mars00000001"]  # Chinese, in the middle of a sentence
        assert [h.conversation.id for h in store.search("火星")] == ["mars00000001"]  # two characters: the LIKE path
        assert [h.conversation.id for h in store.search("olcano")] == ["volc00000002"]  # inside a word; the replaced one is left out
        hit = store.search("often")[0]
        assert hit.conversation.id == "volc00000002" and "OFTEN" in hit.snippet and hit.message_id is not None
    finally:
        store.close()
    backup = tmp_path / "chats.sqlite3.v2.bak"
    assert backup.is_file()
    kept = sqlite3.connect(backup)
    assert kept.execute("PRAGMA user_version").fetchone()[0] == 2 and kept.execute("SELECT count(*) FROM messages").fetchone()[0] == 6
    kept.close()


def test_the_index_follows_writes_edits_replacements_and_purges(store):
    chat = store.create()
    question = store.add_message(chat.id, "user", "Which bird sings at dawn?")
    answer = store.add_message(chat.id, "assistant", "", status=STREAMING)
    saver = StreamSaver(store, answer.id, min_interval=0.0)
    saver.add("The blackbird ")
    assert [h.message_id for h in store.search("blackbird")] == [answer.id]
    saver.finish(DONE, content="The robin, mostly.")
    assert store.search("blackbird") == [] and [h.message_id for h in store.search("ROBIN")] == [answer.id]
    store.replace_from(answer.id)
    assert store.search("robin") == []
    assert [h.message_id for h in store.search("sings at")] == [question.id]
    store.delete(chat.id)
    assert store.search("sings at") == []
    store.purge_deleted(chat.id)
    assert store.conn.execute("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH '\"sings\"'").fetchone()[0] == 0
    store.conn.execute("INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')")  # raises if out of step


def test_search_finds_the_same_conversations_as_the_old_like_search(tmp_path):
    import random

    words = ["apple", "Banana", "cherry", "日本語", "中文搜索", "naïve", "x_y", "50%", "tea", "of", "a"]
    rng = random.Random(7)
    conversations = {}
    for n in range(60):
        messages = [(rng.choice(["user", "assistant"]), " ".join(rng.choice(words) for _ in range(rng.randint(1, 6))), int(rng.random() < 0.2))
                    for _ in range(rng.randint(0, 5))]
        conversations[f"conv{n:08d}"] = (rng.choice(["", "Banana split", "tea time", "x_y 50%"]), messages)
    path = tmp_path / "chats.sqlite3"
    write_version_2(path, conversations)
    store = ChatStore(path)
    try:
        for gone in ("conv00000003", "conv00000010"):
            store.delete(gone)
        for query in ["apple", "APPLE", "anana", "rry b", "日本", "日本語", "中文搜", "_", "x_y", "50%", "%", "tea", "a", "of a", "zzz", "naïve"]:
            found = {h.conversation.id for h in store.search(query)}
            assert found == old_like_search(path, query), query
    finally:
        store.close()


def test_without_a_trigram_tokenizer_search_still_works_and_the_index_comes_later(tmp_path, monkeypatch):
    from assistant.core.chat import history

    path = tmp_path / "chats.sqlite3"
    write_version_2(path, {"abc000000001": ("", [("user", "hello there, general", 0)])})
    monkeypatch.setattr(history, "search_index_supported", lambda: False)
    store = ChatStore(path)
    assert store.schema_version == SCHEMA_VERSION and not store.has_search_index
    assert [h.conversation.id for h in store.search("there")] == ["abc000000001"]
    store.close()
    monkeypatch.undo()
    again = ChatStore(path)  # a program whose SQLite has it
    try:
        assert again.has_search_index and [h.conversation.id for h in again.search("general")] == ["abc000000001"]
    finally:
        again.close()


def test_an_interrupted_open_leaves_the_file_as_it_was(tmp_path):
    from assistant.core.chat.history import StoreInterrupted

    path = tmp_path / "chats.sqlite3"
    write_version_2(path, {"abc000000001": ("", [("user", "keep me", 0)])})
    store = ChatStore(path, deferred=True)
    store.interrupt()  # the window closed before the store was opened
    with pytest.raises(StoreInterrupted):
        store.open()
    assert store.closed and not any(".damaged-" in p.name for p in tmp_path.iterdir())
    again = ChatStore(path)
    try:
        assert again.notice == "" and again.messages("abc000000001")[0].content == "keep me"
    finally:
        again.close()


def test_a_second_connection_opens_without_checking(tmp_path):
    path = tmp_path / "chats.sqlite3"
    first = ChatStore(path)
    chat = first.create()
    first.add_message(chat.id, "user", "seen by both")
    second = ChatStore(path, check=False)
    try:
        assert second.has_search_index and [h.conversation.id for h in second.search("by both")] == [chat.id]
        assert [c.title for c in second.conversations(full=False)] == ["seen by both"]
    finally:
        second.close()
        first.close()
