"""The chat store: conversations and their messages in one SQLite file (WAL).

Messages are written as they happen: the question when it is sent, the answer
while it streams (StreamSaver, at a bounded rate), so a crash keeps what the user
saw.  A connection belongs to the thread that opened it (sqlite3's rule).  The
window opens the file on a thread of its own first (the integrity check and any
migration read the whole file), then a second connection for the GUI thread's
small writes without checking again (``check=False``); the command line opens it
on its main thread.  Several processes may use the same file at once (WAL, busy
timeout).

Search is an SQLite FTS5 index over the messages' text with the ``trigram``
tokenizer: a substring search in any script (Chinese has no spaces between
words), case-insensitive, kept in step by triggers.  Queries shorter than three
characters (no trigram to look up) fall back to LIKE, walking the conversations
newest first and stopping at the limit.

The file carries a schema version (PRAGMA user_version).  Opening an older file
copies it aside, then migrates it forward in one transaction; migrations only add
tables and columns, so a file from a newer program still opens.  A file that is
not a database, or fails SQLite's check, is renamed aside with a message and a
new one is started: the damaged file is kept for rescue, never overwritten.

Only damage sets a file aside.  What passes (another process holding a lock, a
full disk, a read-only folder, an I/O error) is waited out for the busy timeout
and then reported as a sentence (StoreUnavailable); the file stays where it is.
A read-only folder still shows the history (opened read-only).  Opening also
marks an answer left "streaming" by a process that is gone as stopped (its text
kept): one whose conversation nobody claims (core/chat/claims.py).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import logging
import os
import re
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from assistant.core.chat.claims import Claim, is_claimed, try_claim
from assistant.core.chat.claims import sweep as sweep_claims
from assistant.core.chat.messages import ChatMessage
from assistant.core.chat.settings import ChatSettings
from assistant.core.say import say

log = logging.getLogger(__name__)


def _random_id() -> str:
    """12 random hex digits (os.urandom rather than uuid, which imports platform: time before the window shows)."""
    return os.urandom(6).hex()


DB_NAME = "chats.sqlite3"
TITLE_CHARS = 60
PURGE_AFTER_SECONDS = 300
BUSY_TIMEOUT_S = 5.0  # how long a statement waits for another process's lock (SQLite retries with backoff)
HOUSEKEEPING_TIMEOUT_MS = 200  # the tidying on opening does not wait long: it can be done next time
FULL_BELOW_BYTES = 1 << 20  # an I/O error with less than this free is a full disk

# status of a message
DONE = "done"
STREAMING = "streaming"  # being written; found after a crash it means "interrupted"
STOPPED = "stopped"  # the user pressed Stop, or closed the window
FAILED = "failed"  # the model failed part-way

# Each entry takes the schema from version i to i + 1.  Never edit an entry that
# has shipped: add a new one.  Only add tables and columns (see the module note).
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 0 -> 1: conversations and messages
        """CREATE TABLE conversations (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            created REAL NOT NULL,
            updated REAL NOT NULL
        )""",
        """CREATE TABLE messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            content TEXT NOT NULL,
            created REAL NOT NULL
        )""",
        "CREATE INDEX messages_by_conversation ON messages(conversation_id, id)",
    ),
    (  # 1 -> 2: settings and documents per conversation, undoable delete, message state
        "ALTER TABLE conversations ADD COLUMN settings TEXT NOT NULL DEFAULT '{}'",
        "ALTER TABLE conversations ADD COLUMN documents TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE conversations ADD COLUMN deleted REAL",
        f"ALTER TABLE messages ADD COLUMN status TEXT NOT NULL DEFAULT '{DONE}'",
        "ALTER TABLE messages ADD COLUMN replaced INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE messages ADD COLUMN note TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE messages ADD COLUMN sources TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE messages ADD COLUMN model TEXT NOT NULL DEFAULT ''",
    ),
    (  # 2 -> 3: the search index (FTS5 trigram over message text, kept in step by triggers); the list's order
        "CREATE INDEX conversations_by_updated ON conversations(updated DESC, created DESC)",
        "CREATE VIRTUAL TABLE messages_fts USING fts5(content, content='messages', content_rowid='id', tokenize='trigram')",
        "INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')",
        """CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
            INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
        END""",
        """CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
        END""",
        """CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
            INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
        END""",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
SEARCH_INDEX = "messages_fts"
MIN_INDEXED_QUERY = 3  # characters: the trigram index finds nothing shorter
SEARCH_LIMIT = 200  # hits a search returns at first (the newest conversations); the list offers more
# The list shows these columns; the settings and documents are read when a conversation is opened.
LIST_COLUMNS = "id, title, created, updated"


def search_index_supported() -> bool:
    """Whether this SQLite has FTS5 with the trigram tokenizer (3.34 and later, when built with FTS5)."""
    if sqlite3.sqlite_version_info < (3, 34, 0):
        return False
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("CREATE VIRTUAL TABLE probe USING fts5(x, tokenize='trigram')")
        return True
    except sqlite3.Error:
        return False
    finally:
        probe.close()


def _is_search_index_statement(statement: str) -> bool:
    return SEARCH_INDEX in statement


class StoreError(Exception):
    """The chat store cannot do what was asked; str(exc) says why, for a person."""


class StoreInterrupted(StoreError):
    """``interrupt()`` stopped what the store was doing (the window is closing, or a newer search came)."""


class StoreUnavailable(StoreError):
    """The file is fine but cannot be used now: ``kind`` is "locked", "full", "read-only", "disk" or "cannot open"."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


class StoreDamaged(StoreError):
    """The file fails SQLite's check, or is not a database."""


class ConversationBusy(StoreError):
    """Another chat is answering in this conversation now."""


# SQLite's primary result codes (stable in its C API; the sqlite3 module names them only from Python 3.11).
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_PROTOCOL = 15
SQLITE_FULL = 13
SQLITE_READONLY = 8
SQLITE_PERM = 3
SQLITE_AUTH = 23
SQLITE_IOERR = 10
SQLITE_CANTOPEN = 14
SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26
SQLITE_FORMAT = 24
SQLITE_INTERRUPT = 9

_TRANSIENT_CODES = {
    SQLITE_BUSY: "locked",
    SQLITE_LOCKED: "locked",
    SQLITE_PROTOCOL: "locked",
    SQLITE_FULL: "full",
    SQLITE_READONLY: "read-only",
    SQLITE_PERM: "read-only",
    SQLITE_AUTH: "read-only",
    SQLITE_IOERR: "disk",
    SQLITE_CANTOPEN: "cannot open",
}
_DAMAGE_CODES = {SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_FORMAT}


class _Damage(sqlite3.DatabaseError):
    """The file opened but is not what it should be (the check failed, tables are missing)."""


def _primary_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def is_damage(exc: BaseException) -> bool:
    """Whether ``exc`` says the file itself is damaged (and not that it cannot be used just now)."""
    return isinstance(exc, _Damage) or _primary_code(exc) in _DAMAGE_CODES


def _disk_is_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < FULL_BELOW_BYTES
    except OSError:
        return False


def _transient_kind(exc: BaseException, folder: Path) -> str:
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            return "full"
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return "read-only"
        return "cannot open"
    kind = _TRANSIENT_CODES.get(_primary_code(exc) or -1, "disk")
    if kind in ("disk", "cannot open") and _disk_is_full(folder):
        return "full"
    return kind


def unavailable(exc: BaseException, path: Path) -> StoreUnavailable:
    """The sentence for a file that cannot be used now (locked, full, read-only, a disk error)."""
    kind = _transient_kind(exc, path.parent)
    if kind == "locked":
        message = say(
            "The chat history is locked by another program (waited {seconds} seconds); try again when it is done.",
            seconds=int(BUSY_TIMEOUT_S),
        )
    elif kind == "full":
        message = say("The disk that holds the chat history is full: free some space and try again.")
    elif kind == "read-only":
        message = say("The chat history cannot be written: the folder {folder} is read-only.", folder=str(path.parent))
    elif kind == "cannot open":
        message = say("The chat history {path} cannot be opened: check that its folder exists and can be written.", path=str(path))
    else:
        message = say("The chat history could not be read or written (a disk error); try again.")
    return StoreUnavailable(message, kind)


def plain_error(exc: sqlite3.Error, path: Path) -> StoreError:
    """``exc`` from SQLite as a StoreError whose text is a sentence for a person."""
    if _primary_code(exc) == SQLITE_INTERRUPT or "interrupted" in str(exc):
        return StoreInterrupted(str(exc))
    if is_damage(exc):
        return StoreDamaged(say("The chat history file is damaged ({error}); it is checked and kept aside when the program starts next.", error=str(exc)))
    if _primary_code(exc) in _TRANSIENT_CODES:
        return unavailable(exc, path)
    if isinstance(exc, sqlite3.ProgrammingError):  # a closed connection, mostly
        return StoreError(say("The chat history is closed."))
    return StoreError(say("The chat history could not be read or written: {error}.", error=str(exc)))


def _plain(method):
    """SQLite's errors out of a store method as StoreErrors with a sentence (the detail stays in the log)."""

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            error = plain_error(exc, self.path)
            reason = self._read_only_reason
            if reason is not None and _primary_code(exc) == SQLITE_READONLY:
                error = StoreUnavailable(str(reason), reason.kind)
            if not isinstance(error, StoreInterrupted):
                log.error("chat store %s: %s failed: %s", self.path, method.__name__, exc)
            raise error from exc

    return guarded


def _rollback(conn: sqlite3.Connection) -> None:
    """Roll back what is open; SQLite may have rolled back already (a full disk does that)."""
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        log.warning("rollback: %s", exc)


@dataclass(frozen=True)
class Conversation:
    id: str
    title: str
    created: float
    updated: float
    settings: ChatSettings = field(default_factory=ChatSettings)
    documents: tuple[str, ...] = ()

    @property
    def display_title(self) -> str:
        return self.title or "New chat"


@dataclass(frozen=True)
class StoredMessage:
    id: int
    conversation_id: str
    role: str
    content: str
    created: float
    status: str = DONE
    replaced: bool = False
    note: str = ""
    sources: tuple[dict, ...] = ()  # {"path", "position", "location", "text", "score"}
    model: str = ""

    def as_chat_message(self) -> ChatMessage:
        return ChatMessage(self.role, self.content)


@dataclass(frozen=True)
class SearchHit:
    conversation: Conversation
    snippet: str  # the matching text around the first hit
    message_id: int | None  # None when only the title matched


def make_title(question: str) -> str:
    """A conversation title from its first question: one line, at most TITLE_CHARS characters."""
    line = " ".join(question.split())
    if len(line) <= TITLE_CHARS:
        return line
    cut = line[: TITLE_CHARS - 1]
    if " " in cut[TITLE_CHARS // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.;:") + "…"


class ChatStore:
    """One connection to the chat file.

    ``check=False`` skips the integrity check and the purge of old deletes: for a
    second connection to a file that was just opened (checked, migrated) on another
    thread.  ``deferred=True`` opens nothing yet: call ``open()`` (on the thread that
    will use the store); meanwhile ``interrupt()`` from any thread can stop it.
    """

    def __init__(self, path: Path | str, check: bool = True, deferred: bool = False) -> None:
        self.path = Path(path)
        self.notice = ""  # a sentence for the user about what happened on opening, if anything
        self.has_search_index = False
        self.read_only = False  # opened read-only: the folder cannot be written; the history is shown
        self._read_only_reason: StoreUnavailable | None = None  # why, when it is not the folder (a full disk)
        self._conn: sqlite3.Connection | None = None
        self._interrupted = False
        if not deferred:
            self.open(check)

    def interrupt(self) -> None:
        """Stop the statement running now (thread-safe), and the opening for good."""
        self._interrupted = True
        self.interrupt_statement()

    def interrupt_statement(self) -> None:
        """Stop the statement running now, if any (thread-safe): it raises StoreInterrupted."""
        conn = self._conn
        if conn is not None:
            with contextlib.suppress(sqlite3.ProgrammingError):  # closed meanwhile
                conn.interrupt()

    @classmethod
    def in_folder(cls, data_dir: Path) -> ChatStore:
        return cls(Path(data_dir) / DB_NAME)

    # ------------------------------------------------------------- opening

    def open(self, check: bool = True) -> None:
        if self._interrupted:
            raise StoreInterrupted("interrupted before opening")
        try:
            self._open(check)
        except sqlite3.Error as exc:
            self.close()
            if self._interrupted:
                raise StoreInterrupted(str(exc)) from exc
            log.error("chat store %s cannot be opened: %s", self.path, exc)
            raise plain_error(exc, self.path) from exc
        except OSError as exc:
            self.close()
            log.error("chat store %s cannot be opened: %s", self.path, exc)
            raise unavailable(exc, self.path) from exc
        except StoreError:
            self.close()
            raise

    def _open(self, check: bool) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = self._connect()
            version = self._check(conn, check)
        except sqlite3.DatabaseError as exc:
            if self._interrupted:
                raise  # stopped, not damaged: the file stays where it is
            self.close()
            if not is_damage(exc):
                # Locked, full, read-only, an I/O error: the file is fine; it stays where it is.
                kind = _transient_kind(exc, self.path.parent)
                if kind in ("read-only", "full") or not self._folder_writable():
                    conn, version = self._open_read_only(exc, "full" if kind == "full" else "read-only", check)
                    self._finish_open(conn, version, check)
                    return
                raise
            aside = self._set_aside()
            self.notice = say(
                "The chat history file was damaged ({error}). It was kept as {name} and a new history was started.",
                error=str(exc),
                name=aside.name,
            )
            log.error("chat store %s damaged (%s); set aside as %s", self.path, exc, aside)
            conn = self._connect()
            version = self._check(conn, check)
        self._finish_open(conn, version, check)

    def _finish_open(self, conn: sqlite3.Connection, version: int, check: bool) -> None:
        if version > SCHEMA_VERSION:
            # Migrations only add; what this program knows is still there.
            self.notice = say("The chat history was written by a newer version of the program; it is used as it is.")
            log.warning("chat store %s has schema %d > %d", self.path, version, SCHEMA_VERSION)
        elif version < SCHEMA_VERSION:
            if self.read_only:
                raise StoreUnavailable(
                    say("The chat history cannot be updated to this version of the program: the folder {folder} is read-only.",
                        folder=str(self.path.parent)),
                    "read-only",
                )
            self._migrate(conn, version)
        self.has_search_index = self._table_exists(SEARCH_INDEX)
        if not self.has_search_index and version >= 3 and search_index_supported() and not self.read_only:
            self._add_search_index(conn)  # made by a program whose SQLite had no trigram tokenizer
        if check and not self.read_only:
            self._tidy(conn)

    def _tidy(self, conn: sqlite3.Connection) -> None:
        """What a session that ended badly left: deletes to purge, answers left streaming.  Done when it can
        be (a lock held elsewhere, a full disk: next time), with a short wait."""
        conn.execute(f"PRAGMA busy_timeout = {HOUSEKEEPING_TIMEOUT_MS}")
        try:
            # Undo of a delete lasts seconds; what a crashed session left deleted goes now
            # (not younger ones: another window may still offer their undo).
            self.purge_deleted(older_than=PURGE_AFTER_SECONDS)
            self.recover_interrupted()
        except StoreError as exc:
            log.warning("chat store %s not tidied this time: %s", self.path, exc)
        try:
            sweep_claims(self.path)  # lock files of processes that were killed
        except OSError as exc:
            log.warning("chat store %s: claim files not swept: %s", self.path, exc)
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")

    @_plain
    def recover_interrupted(self) -> int:
        """Mark answers left "streaming" by a process that is gone as stopped (their text kept); returns how many.

        An answer still being written holds its conversation's claim and is left alone.
        """
        rows = self.conn.execute(f"SELECT DISTINCT conversation_id FROM messages WHERE status = '{STREAMING}'").fetchall()
        marked = 0
        for (conversation_id,) in rows:
            if is_claimed(self.path, conversation_id):
                continue
            cursor = self.conn.execute(
                "UPDATE messages SET status = ? WHERE conversation_id = ? AND status = ?", (STOPPED, conversation_id, STREAMING)
            )
            marked += cursor.rowcount
        if marked:
            log.info("chat store %s: %d answer(s) left streaming by a stopped program marked stopped", self.path, marked)
        return marked

    def reopen_writable(self) -> bool:
        """A store opened read-only (a full disk, a read-only folder) tries again to open for writing, without
        checking (space may have been freed); True when it can write now.  The read-only connection stays
        when it cannot."""
        if not self.read_only:
            return True
        try:
            fresh = ChatStore(self.path, check=False)
        except StoreError as exc:
            log.info("chat store %s still cannot be written: %s", self.path, exc)
            return False
        if fresh.read_only:
            fresh.close()
            return False
        self.close()
        self._conn, fresh._conn = fresh._conn, None
        self.read_only, self._read_only_reason, self.has_search_index = False, None, fresh.has_search_index
        log.info("chat store %s can be written again", self.path)
        return True

    def claim(self, conversation_id: str) -> Claim:
        """Claim ``conversation_id`` for one answer (release it when the answer ends); ConversationBusy when another
        chat, in this process or another, is answering there now."""
        if str(self.path) == ":memory:":
            return Claim(conversation_id, None)
        claim = try_claim(self.path, conversation_id)
        if claim is None:
            raise ConversationBusy(
                say("This conversation is being answered in another window or command; wait until it is done, or start a new chat.")
            )
        return claim

    def _folder_writable(self) -> bool:
        probe = self.path.parent / f".{self.path.name}.probe-{os.urandom(4).hex()}"
        try:
            probe.touch()
        except OSError as exc:
            return exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM)
        probe.unlink(missing_ok=True)
        return True

    def _open_read_only(self, cause: BaseException, kind: str, check: bool) -> tuple[sqlite3.Connection, int]:
        """The history of a folder that cannot be written (``kind`` "read-only", or "full": a full disk) is still
        shown: opened read-only, or, where SQLite cannot make its shared-memory file there, as an unchanging file."""
        if not self.path.exists():
            raise cause
        last: BaseException = cause
        for options in ("mode=ro", "immutable=1"):
            try:
                conn = sqlite3.connect(f"file:{quote(str(self.path))}?{options}", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            except sqlite3.Error as exc:
                last = exc
                continue
            self._conn = conn
            conn.row_factory = sqlite3.Row
            try:
                version = self._check(conn, check)
            except sqlite3.Error as exc:
                self.close()
                if is_damage(exc):
                    raise
                last = exc
                continue
            self.read_only = True
            if kind == "full":
                self.notice = say(
                    "The disk that holds the chat history is full: the saved conversations are shown, "
                    "but nothing new can be saved until some space is freed."
                )
            else:
                self.notice = say(
                    "The folder {folder} is read-only: the saved conversations are shown, but nothing new can be saved there.",
                    folder=str(self.path.parent),
                )
            self._read_only_reason = unavailable(cause, self.path) if kind == "full" else None
            log.warning("chat store %s opened read-only (%s)", self.path, cause)
            return conn, version
        raise last

    def _table_exists(self, name: str) -> bool:
        return self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None

    def _add_search_index(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if not self._table_exists(SEARCH_INDEX):
                for statement in MIGRATIONS[2]:
                    if _is_search_index_statement(statement):
                        conn.execute(statement)
            conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise
        self.has_search_index = True

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: autocommit; every write below is its own transaction or an explicit one.
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        self._conn = conn
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a committed write survives a killed process
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    @staticmethod
    def _check(conn: sqlite3.Connection, check: bool = True) -> int:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if check:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                raise _Damage(f"integrity check: {result}")
        if version > 0:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"conversations", "messages"} <= tables:
                raise _Damage("the conversation tables are missing")
        return version

    def _set_aside(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        counter = 1
        while aside.exists():
            counter += 1
            aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{counter}")
        self.path.replace(aside)
        for suffix in ("-wal", "-shm"):
            companion = self.path.with_name(self.path.name + suffix)
            if companion.exists():
                if suffix == "-wal":
                    companion.replace(aside.with_name(aside.name + suffix))
                else:
                    companion.unlink(missing_ok=True)
        return aside

    def _migrate(self, conn: sqlite3.Connection, version: int) -> None:
        if version > 0:
            backup = self.path.with_name(f"{self.path.name}.v{version}.bak")
            target = sqlite3.connect(backup)
            try:
                conn.backup(target)  # a consistent copy, WAL contents included
            finally:
                target.close()
            log.info("chat store schema %d -> %d; the old file is kept as %s", version, SCHEMA_VERSION, backup)
        with_index = search_index_supported()
        if not with_index:
            log.warning("this SQLite (%s) has no FTS5 trigram tokenizer: chat search reads every message", sqlite3.sqlite_version)
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated the file since it was read above.
            version = max(version, conn.execute("PRAGMA user_version").fetchone()[0])
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step]:
                    if with_index or not _is_search_index_statement(statement):
                        conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(say("The chat history is closed."))
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    @property
    def closed(self) -> bool:
        return self._conn is None

    @property
    @_plain
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    # -------------------------------------------------------- conversations

    @_plain
    def create(self, settings: ChatSettings | None = None, title: str = "", documents: tuple[str, ...] = ()) -> Conversation:
        now = time.time()
        conversation = Conversation(
            id=_random_id(), title=title, created=now, updated=now, settings=settings or ChatSettings(), documents=tuple(documents)
        )
        self.conn.execute(
            "INSERT INTO conversations (id, title, created, updated, settings, documents) VALUES (?, ?, ?, ?, ?, ?)",
            (conversation.id, title, now, now, json.dumps(conversation.settings.as_dict()), json.dumps(list(documents))),
        )
        return conversation

    def conversations(self, full: bool = True) -> list[Conversation]:
        """Newest first (by the last change); deleted ones are left out.

        ``full=False`` reads what a list shows (id, title, times), not each one's
        settings and documents: several times faster for thousands of conversations.
        """
        return [conversation for chunk in self.conversation_chunks(full=full) for conversation in chunk]

    def conversation_chunks(self, size: int = 500, full: bool = False) -> Iterator[list[Conversation]]:
        """``conversations()`` a few hundred at a time: a thread that reads thousands can pause between them."""
        columns = "*" if full else LIST_COLUMNS
        try:
            cursor = self.conn.execute(f"SELECT {columns} FROM conversations WHERE deleted IS NULL ORDER BY updated DESC, created DESC")
            try:
                while rows := cursor.fetchmany(size):
                    yield [_conversation(row) for row in rows]
            finally:
                cursor.close()
        except sqlite3.Error as exc:
            raise plain_error(exc, self.path) from exc

    @_plain
    def get(self, conversation_id: str) -> Conversation:
        row = self.conn.execute("SELECT * FROM conversations WHERE id = ?", (conversation_id,)).fetchone()
        if row is None:
            # Ids may be given shortened on the command line, like git hashes.
            rows = self.conn.execute(
                "SELECT * FROM conversations WHERE id LIKE ? ESCAPE '\\'", (_like_prefix(conversation_id),)
            ).fetchall()
            if len(rows) == 1 and len(conversation_id) >= 4:
                row = rows[0]
            elif len(rows) > 1 and len(conversation_id) >= 4:
                raise StoreError(say("More than one conversation starts with '{id}': give more of its id.", id=conversation_id))
        if row is None:
            raise StoreError(say("There is no conversation '{id}'. `assistant history list` shows them.", id=conversation_id))
        return _conversation(row)

    @_plain
    def rename(self, conversation_id: str, title: str) -> None:
        self.conn.execute("UPDATE conversations SET title = ? WHERE id = ?", (title.strip(), conversation_id))

    @_plain
    def set_settings(self, conversation_id: str, settings: ChatSettings) -> None:
        self.conn.execute("UPDATE conversations SET settings = ? WHERE id = ?", (json.dumps(settings.as_dict()), conversation_id))

    @_plain
    def set_documents(self, conversation_id: str, documents: list[str] | tuple[str, ...]) -> None:
        self.conn.execute("UPDATE conversations SET documents = ? WHERE id = ?", (json.dumps(list(documents)), conversation_id))

    @_plain
    def delete(self, conversation_id: str) -> None:
        """Hide the conversation; ``undelete`` brings it back until ``purge_deleted`` runs."""
        self.conn.execute("UPDATE conversations SET deleted = ? WHERE id = ?", (time.time(), conversation_id))

    @_plain
    def undelete(self, conversation_id: str) -> None:
        self.conn.execute("UPDATE conversations SET deleted = NULL WHERE id = ?", (conversation_id,))

    @_plain
    def purge_deleted(self, conversation_id: str | None = None, older_than: float = 0.0) -> int:
        """Remove deleted conversations for good (one, or all deleted ``older_than`` seconds ago); returns how many."""
        if conversation_id is None:
            cursor = self.conn.execute("DELETE FROM conversations WHERE deleted IS NOT NULL AND deleted <= ?", (time.time() - older_than,))
        else:
            cursor = self.conn.execute("DELETE FROM conversations WHERE id = ? AND deleted IS NOT NULL", (conversation_id,))
        return cursor.rowcount

    def _touch(self, conversation_id: str) -> None:
        self.conn.execute("UPDATE conversations SET updated = ? WHERE id = ?", (time.time(), conversation_id))

    # ------------------------------------------------------------- messages

    @_plain
    def messages(self, conversation_id: str, include_replaced: bool = False) -> list[StoredMessage]:
        query = "SELECT * FROM messages WHERE conversation_id = ?" + ("" if include_replaced else " AND replaced = 0")
        return [_message(row) for row in self.conn.execute(query + " ORDER BY id", (conversation_id,))]

    @_plain
    def recent_messages(self, conversation_id: str, characters: int | None) -> tuple[list[StoredMessage], int]:
        """The newest messages whose text reaches ``characters``, in order, and how many older ones were not read.

        What the model is sent is capped (ChatSettings.history_tokens), so a long conversation
        need not be read whole to answer its next question: rows are read from the newest back
        (the index on conversation and id walks them in that order) until their text reaches
        ``characters``, and on to the question that opens the oldest exchange read.  The older
        ones are only counted, in SQLite.  ``characters=None`` reads them all.
        """
        if characters is None:
            return self.messages(conversation_id), 0
        cursor = self.conn.execute(
            "SELECT * FROM messages WHERE conversation_id = ? AND replaced = 0 ORDER BY id DESC", (conversation_id,)
        )
        newest_first: list[StoredMessage] = []
        total = 0
        try:
            for row in cursor:
                message = _message(row)
                newest_first.append(message)
                total += len(message.content)
                if total >= characters and message.role == "user":
                    break
        finally:
            cursor.close()
        newest_first.reverse()
        if not newest_first:
            return [], 0
        earlier = self.conn.execute(
            "SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND replaced = 0 AND id < ?", (conversation_id, newest_first[0].id)
        ).fetchone()[0]
        return newest_first, int(earlier)

    @_plain
    def newest_messages(self, conversation_id: str, count: int, from_id: int | None = None) -> tuple[list[StoredMessage], int]:
        """The newest ``count`` messages, in order (with ``from_id``: every one from that id on, when
        that is more), and how many older ones there are: what the Chat tab draws of a long conversation.
        Rows are read from the newest back through the index on conversation and id."""
        rows = self.conn.execute(
            "SELECT * FROM messages WHERE conversation_id = ? AND replaced = 0 ORDER BY id DESC LIMIT ?", (conversation_id, max(0, count))
        ).fetchall()
        messages = [_message(row) for row in reversed(rows)]
        if from_id is not None and (not messages or messages[0].id > from_id):
            rows = self.conn.execute(
                "SELECT * FROM messages WHERE conversation_id = ? AND replaced = 0 AND id >= ? ORDER BY id", (conversation_id, from_id)
            ).fetchall()
            messages = [_message(row) for row in rows] or messages
        return messages, self._older_count(conversation_id, messages[0].id if messages else None)

    @_plain
    def messages_before(self, conversation_id: str, before_id: int, count: int) -> tuple[list[StoredMessage], int]:
        """The ``count`` messages just before ``before_id``, in order, and how many are older still."""
        rows = self.conn.execute(
            "SELECT * FROM messages WHERE conversation_id = ? AND replaced = 0 AND id < ? ORDER BY id DESC LIMIT ?",
            (conversation_id, before_id, max(0, count)),
        ).fetchall()
        messages = [_message(row) for row in reversed(rows)]
        return messages, self._older_count(conversation_id, messages[0].id if messages else None)

    def _older_count(self, conversation_id: str, first_id: int | None) -> int:
        if first_id is None:
            return 0
        query = "SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND replaced = 0 AND id < ?"
        return int(self.conn.execute(query, (conversation_id, first_id)).fetchone()[0])

    @_plain
    def first_match(self, conversation_id: str, text: str) -> int | None:
        """The id of the first message of the conversation that contains ``text`` (as ``search`` matches), or None."""
        text = text.strip()
        if not text:
            return None
        row = self.conn.execute(
            "SELECT min(id) FROM messages WHERE conversation_id = ? AND replaced = 0 AND content LIKE ? ESCAPE '\\'",
            (conversation_id, _like_contains(text)),
        ).fetchone()
        return None if row is None or row[0] is None else int(row[0])

    @_plain
    def add_message(
        self, conversation_id: str, role: str, content: str, status: str = DONE, model: str = "", note: str = ""
    ) -> StoredMessage:
        """Append a message; the first question also becomes the title of an untitled conversation."""
        now = time.time()
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            cursor = conn.execute(
                "INSERT INTO messages (conversation_id, role, content, created, status, model, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (conversation_id, role, content, now, status, model, note),
            )
            conn.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now, conversation_id))
            if role == "user":
                conn.execute("UPDATE conversations SET title = ? WHERE id = ? AND title = ''", (make_title(content), conversation_id))
            conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise
        assert cursor.lastrowid is not None  # set by the INSERT above
        return StoredMessage(cursor.lastrowid, conversation_id, role, content, now, status=status, model=model, note=note)

    @_plain
    def update_message(
        self,
        message_id: int,
        content: str | None = None,
        status: str | None = None,
        note: str | None = None,
        sources: list[dict] | tuple[dict, ...] | None = None,
    ) -> None:
        sets, values = [], []
        for column, value in (("content", content), ("status", status), ("note", note)):
            if value is not None:
                sets.append(f"{column} = ?")
                values.append(value)
        if sources is not None:
            sets.append("sources = ?")
            values.append(json.dumps(list(sources), ensure_ascii=False))
        if sets:
            self.conn.execute(f"UPDATE messages SET {', '.join(sets)} WHERE id = ?", (*values, message_id))

    @_plain
    def message(self, message_id: int) -> StoredMessage:
        row = self.conn.execute("SELECT * FROM messages WHERE id = ?", (message_id,)).fetchone()
        if row is None:
            raise StoreError(say("There is no message {id}.", id=message_id))
        return _message(row)

    @_plain
    def replace_from(self, message_id: int) -> int:
        """Mark ``message_id`` and every later message of its conversation as replaced (kept, not shown).

        Used when an earlier question is edited (it and all that followed give way to
        the new question) and when an answer is regenerated.  Returns how many.
        """
        row = self.conn.execute("SELECT conversation_id FROM messages WHERE id = ?", (message_id,)).fetchone()
        if row is None:
            raise StoreError(say("There is no message {id}.", id=message_id))
        cursor = self.conn.execute(
            "UPDATE messages SET replaced = 1 WHERE conversation_id = ? AND id >= ? AND replaced = 0",
            (row["conversation_id"], message_id),
        )
        self._touch(row["conversation_id"])
        return cursor.rowcount

    # --------------------------------------------------------------- search

    @_plain
    def search(self, text: str, limit: int = SEARCH_LIMIT) -> list[SearchHit]:
        """Conversations whose title or messages contain ``text`` (case-insensitive), newest first.

        Replaced messages and deleted conversations are left out; the snippet comes
        from the first matching message.  Text of three characters or more is looked
        up in the trigram index; shorter text is matched with LIKE, conversation by
        conversation, newest first, until ``limit`` are found.
        """
        text = text.strip()
        if not text:
            return []
        pattern = _like_contains(text)
        if self.has_search_index and len(text) >= MIN_INDEXED_QUERY:
            rows = self.conn.execute(
                f"""SELECT c.id, c.title, c.created, c.updated, h.message_id, m.content FROM (
                        SELECT m.conversation_id, min(m.id) AS message_id
                        FROM {SEARCH_INDEX} f JOIN messages m ON m.id = f.rowid
                        WHERE {SEARCH_INDEX} MATCH ? AND m.replaced = 0
                        GROUP BY m.conversation_id
                    ) h
                    JOIN conversations c ON c.id = h.conversation_id
                    JOIN messages m ON m.id = h.message_id
                    WHERE c.deleted IS NULL
                    ORDER BY c.updated DESC, c.created DESC LIMIT ?""",
                (_fts_phrase(text), limit),
            )
        else:
            rows = self.conn.execute(
                """SELECT c.id, c.title, c.created, c.updated, m.id AS message_id, m.content
                   FROM conversations c JOIN messages m ON m.id = (
                       SELECT first.id FROM messages first
                       WHERE first.conversation_id = c.id AND first.replaced = 0 AND first.content LIKE ? ESCAPE '\\'
                       ORDER BY first.id LIMIT 1
                   )
                   WHERE c.deleted IS NULL
                   ORDER BY c.updated DESC, c.created DESC LIMIT ?""",
                (pattern, limit),
            )
        hits: dict[str, SearchHit] = {}
        for row in rows:
            hits[row["id"]] = SearchHit(_conversation(row), _snippet(row["content"], text), row["message_id"])
        for row in self.conn.execute(
            f"""SELECT {LIST_COLUMNS} FROM conversations WHERE deleted IS NULL AND title LIKE ? ESCAPE '\\'
                ORDER BY updated DESC, created DESC LIMIT ?""",
            (pattern, limit),
        ):
            if row["id"] not in hits:
                hits[row["id"]] = SearchHit(_conversation(row), row["title"], None)
        ordered = sorted(hits.values(), key=lambda h: h.conversation.updated, reverse=True)
        return ordered[:limit]

    # ------------------------------------------------------- import support

    @_plain
    def import_conversation(
        self, title: str, messages: list[dict], settings: ChatSettings | None = None, documents: tuple[str, ...] = (), created: float | None = None
    ) -> Conversation:
        """A new conversation holding ``messages`` (dicts with role, content and optional fields), in one transaction."""
        now = time.time()
        conversation = Conversation(
            id=_random_id(), title=title, created=created or now, updated=now, settings=settings or ChatSettings(), documents=tuple(documents)
        )
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "INSERT INTO conversations (id, title, created, updated, settings, documents) VALUES (?, ?, ?, ?, ?, ?)",
                (conversation.id, title, conversation.created, now, json.dumps(conversation.settings.as_dict()), json.dumps(list(documents))),
            )
            for m in messages:
                conn.execute(
                    "INSERT INTO messages (conversation_id, role, content, created, status, note, sources, model) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        conversation.id,
                        m["role"],
                        m["content"],
                        float(m.get("created") or now),
                        m.get("status") or DONE,
                        m.get("note") or "",
                        json.dumps(list(m.get("sources") or []), ensure_ascii=False),
                        m.get("model") or "",
                    ),
                )
            conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise
        return conversation


class StreamSaver:
    """Writes an answer while it streams, at most every ``min_interval`` seconds.

    A write is a small UPDATE in WAL mode (well under a millisecond), so the
    thread that receives the tokens (the GUI thread, or the command line's) does
    it itself; bounding the rate keeps a fast model from writing per token.  What
    the user saw in the last ``min_interval`` seconds before a crash may be lost,
    never more.
    """

    def __init__(self, store: ChatStore, message_id: int, min_interval: float = 0.5, clock: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.message_id = message_id
        self.min_interval = min_interval
        self.clock = clock
        self.text = ""
        self.writes = 0
        self._written = ""
        self._last = clock()

    def add(self, piece: str) -> None:
        self.text += piece
        if self.clock() - self._last >= self.min_interval:
            self.flush()

    def flush(self) -> None:
        if self.text != self._written:
            self.store.update_message(self.message_id, content=self.text, status=STREAMING)
            self._written = self.text
            self.writes += 1
        self._last = self.clock()

    def finish(self, status: str, content: str | None = None, note: str | None = None, sources: list[dict] | None = None) -> None:
        if content is not None:
            self.text = content
        self.store.update_message(self.message_id, content=self.text, status=status, note=note, sources=sources)
        self._written = self.text
        self.writes += 1


# ----------------------------------------------------------------- rows


_DEFAULT_SETTINGS = ChatSettings()  # frozen: one instance serves every row read without its settings


def _conversation(row: sqlite3.Row) -> Conversation:
    keys = row.keys()
    if "settings" not in keys:  # a list row (LIST_COLUMNS): thousands of them, kept cheap
        return Conversation(id=row["id"], title=row["title"], created=row["created"], updated=row["updated"], settings=_DEFAULT_SETTINGS)
    try:
        documents = tuple(str(d) for d in json.loads(row["documents"])) if "documents" in keys else ()
    except (ValueError, TypeError):
        documents = ()
    try:
        settings = ChatSettings.from_dict(json.loads(row["settings"]))
    except ValueError:
        settings = ChatSettings()
    return Conversation(
        id=row["id"], title=row["title"], created=row["created"], updated=row["updated"], settings=settings, documents=documents
    )


def _message(row: sqlite3.Row) -> StoredMessage:
    raw = row["sources"]
    sources: tuple[dict, ...] = ()
    if raw and raw != "[]":  # most messages have none: a long conversation is read without parsing each
        try:
            sources = tuple(s for s in json.loads(raw) if isinstance(s, dict))
        except (ValueError, TypeError):
            sources = ()
    return StoredMessage(
        id=row["id"],
        conversation_id=row["conversation_id"],
        role=row["role"],
        content=row["content"],
        created=row["created"],
        status=row["status"],
        replaced=bool(row["replaced"]),
        note=row["note"],
        sources=sources,
        model=row["model"],
    )


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like_contains(text: str) -> str:
    return f"%{_like_escape(text)}%"


def _fts_phrase(text: str) -> str:
    """``text`` as one FTS5 phrase: with the trigram tokenizer, a substring match."""
    return '"' + text.replace('"', '""') + '"'


def _like_prefix(text: str) -> str:
    return f"{_like_escape(text)}%"


def _snippet(content: str, text: str, width: int = 80) -> str:
    found = re.search(re.escape(text), content, re.IGNORECASE)
    if found is None:
        return content[:width]
    start = max(0, found.start() - width // 2)
    end = min(len(content), found.end() + width // 2)
    snippet = " ".join(content[start:end].split())
    return ("…" if start > 0 else "") + snippet + ("…" if end < len(content) else "")

