"""The chat store under faults, with real parts: a full disk (a small tmpfs in a user namespace), a lock held
by a second process, a read-only data folder (a read-only bind mount), and `python -m assistant chat` killed
with SIGKILL.  In every case the chats file keeps its name and every conversation is still listed afterwards."""

from __future__ import annotations

import json
import os
import shlex
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.core.chat.history import STREAMING, ChatStore

ROOT = Path(__file__).resolve().parents[2]
PY = shlex.quote(sys.executable)


def cli(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                          env=os.environ.copy())  # fmt: skip


def can_mount(tmp_path: Path) -> bool:
    target = tmp_path / "probe"
    target.mkdir()
    done = subprocess.run(["unshare", "--map-root-user", "--mount", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {target}"],
                          capture_output=True)  # fmt: skip
    return done.returncode == 0


needs_namespace = pytest.mark.skipif(sys.platform != "linux", reason="user namespaces are Linux's")


def fill_history(data: Path) -> list[str]:
    """Two conversations; the second has an answer left streaming by a program that is gone."""
    store = ChatStore(data / "chats.sqlite3")
    first = store.create()
    store.add_message(first.id, "user", "What is a lighthouse?")
    store.add_message(first.id, "assistant", "A tower with a light.")
    second = store.create()
    store.add_message(second.id, "user", "Tell me about cats")
    store.add_message(second.id, "assistant", "Cats are", status=STREAMING)
    store.close()
    return [first.id, second.id]


def in_namespace(tmp_path: Path, setup: str, commands: list[str]) -> list[dict]:
    """Run ``setup`` (mounts), then each `assistant` command line, in one mount namespace; their outputs."""
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    script = [setup]
    for n, command in enumerate(commands):
        if command.startswith("!"):
            script.append(command[1:])
            continue
        script.append(f"{PY} -m assistant {command} >{out}/{n}.out 2>{out}/{n}.err; echo $? >{out}/{n}.rc")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(["unshare", "--map-root-user", "--mount", "sh", "-c", " ; ".join(script)], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    results = []
    for n, command in enumerate(commands):
        if command.startswith("!"):
            results.append({})
            continue
        results.append({"rc": int((out / f"{n}.rc").read_text()), "out": (out / f"{n}.out").read_text(), "err": (out / f"{n}.err").read_text()})
    return results


def assert_kept(data: Path, ids: list[str]) -> None:
    """The chats file has its name, nothing was set aside, and every conversation is listed."""
    assert not [p.name for p in data.iterdir() if ".damaged-" in p.name]
    listing = cli("history", "list", "--json")
    assert listing.returncode == 0, listing.stderr
    assert sorted(c["id"] for c in json.loads(listing.stdout)["conversations"]) == sorted(ids)


# ---------------------------------------------------------------- a full disk


@needs_namespace
def test_a_full_disk_at_opening_and_at_a_question(isolated_home, tmp_path):
    if not can_mount(tmp_path):
        pytest.skip("needs `unshare --map-root-user --mount` (user namespaces are off here)")
    data = isolated_home / "data"
    source = tmp_path / "source"
    ids = fill_history(source)
    data.mkdir(parents=True)
    setup = (f"mount -t tmpfs -o size=512k tmpfs {data} && cp {source}/chats.sqlite3 {data}/ && "
             f"dd if=/dev/zero of={data}/filler bs=4k 2>/dev/null; true")  # fmt: skip
    _full_disk_results(tmp_path, setup, ids, data)


def _full_disk_results(tmp_path, setup, ids, data):
    results = in_namespace(tmp_path, setup, [
        "history list --json",
        f"chat --conversation {ids[0]} 'And who keeps it?'",
        "chat --new",
        f"!rm {data}/filler",
        "history list --json",
        f"history show {ids[1]}",
        f"!ls {data} > {tmp_path}/out/listing",
    ])  # fmt: skip
    listed, asked, created, _, freed, shown, _ = results
    for result in (listed, asked, created, freed, shown):
        assert "Traceback" not in result["err"], result["err"]
    # Full: the history is shown, read-only, with a notice; nothing is renamed.
    assert listed["rc"] == 0 and "disk that holds the chat history is full" in listed["err"]
    assert sorted(c["id"] for c in json.loads(listed["out"])["conversations"]) == sorted(ids)
    # A question and a new chat are refused with a sentence.
    assert asked["rc"] == 1 and "The disk that holds the chat history is full: free some space and try again." in asked["err"]
    assert created["rc"] == 1 and "is full" in created["err"]
    # Space freed: everything is there, and the answer left streaming is marked stopped with its text.
    assert freed["rc"] == 0 and sorted(c["id"] for c in json.loads(freed["out"])["conversations"]) == sorted(ids)
    assert shown["rc"] == 0 and "Assistant: (stopped before the end)\nCats are" in shown["out"]
    files = (tmp_path / "out" / "listing").read_text().split()
    assert "chats.sqlite3" in files and not [f for f in files if ".damaged-" in f]
    return results


@needs_namespace
def test_the_disk_fills_up_while_an_answer_streams(isolated_home, tmp_path):
    """The store's writer on a tmpfs that another program fills mid-answer; space comes back before the end."""
    if not can_mount(tmp_path):
        pytest.skip("needs `unshare --map-root-user --mount` (user namespaces are off here)")
    data = isolated_home / "data"
    data.mkdir(parents=True)
    program = tmp_path / "writer.py"
    program.write_text(f"""
import subprocess, sys
from assistant.core.chat.history import ChatStore, StoreUnavailable, StreamSaver, DONE
store = ChatStore({str(data / 'chats.sqlite3')!r})
chat = store.create()
store.add_message(chat.id, "user", "Tell me a long story")
answer = store.add_message(chat.id, "assistant", "", status="streaming")
saver = StreamSaver(store, answer.id, min_interval=0)
saver.add("Once upon a time ")
subprocess.run(["dd", "if=/dev/zero", "of={data}/filler", "bs=4k"], capture_output=True)
failed = []
for n in range(200):
    try:
        saver.add("there was a keeper of a lighthouse. " * 4)
    except StoreUnavailable as exc:
        failed.append(str(exc))
        break
subprocess.run(["rm", "{data}/filler"])
saver.finish(DONE)
saved = store.message(answer.id)
print(len(failed), failed[0] if failed else "", saved.content == saver.text and saved.status == DONE, chat.id, sep="|")
""")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(["unshare", "--map-root-user", "--mount", "sh", "-c",
                           f"mount -t tmpfs -o size=512k tmpfs {data} && {PY} {program}"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    count, sentence, complete, _chat_id = done.stdout.strip().split("|")
    assert count == "1" and sentence == "The disk that holds the chat history is full: free some space and try again."
    assert complete == "True"  # once space came back, the whole answer was saved, finished
    assert "Traceback" not in done.stderr


# ---------------------------------------------------------------- a lock held elsewhere


HOLD = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "rollback":
    conn.execute("PRAGMA journal_mode=DELETE")
conn.execute("BEGIN EXCLUSIVE")
conn.execute("UPDATE conversations SET title = title")
print("held", flush=True)
sys.stdin.read()
conn.execute("ROLLBACK")
"""


def hold_lock(path: Path, mode: str) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path), mode], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def let_go(holder: subprocess.Popen) -> None:
    holder.stdin.close()
    holder.wait(30)


def test_a_lock_held_by_another_process_in_rollback_journal_mode(isolated_home):
    data = isolated_home / "data"
    ids = fill_history(data)
    holder = hold_lock(data / "chats.sqlite3", "rollback")
    try:
        listed = cli("history", "list")
        asked = cli("chat", "--conversation", ids[0], "A question")
    finally:
        let_go(holder)
    for result in (listed, asked):
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert "The chat history is locked by another program (waited 5 seconds); try again when it is done." in result.stderr
    assert_kept(data, ids)


def test_a_write_lock_held_by_another_process_in_wal_mode(isolated_home):
    data = isolated_home / "data"
    ids = fill_history(data)
    holder = hold_lock(data / "chats.sqlite3", "wal")
    try:
        listed = cli("history", "list", "--json")  # reading goes on beside a writer
        asked = cli("chat", "--conversation", ids[0], "A question")
    finally:
        let_go(holder)
    assert listed.returncode == 0 and sorted(c["id"] for c in json.loads(listed.stdout)["conversations"]) == sorted(ids)
    assert asked.returncode == 1 and "locked by another program" in asked.stderr and "Traceback" not in asked.stderr
    assert_kept(data, ids)
    store = ChatStore(data / "chats.sqlite3")
    try:
        assert [m.content for m in store.messages(ids[0])] == ["What is a lighthouse?", "A tower with a light."]  # nothing half-written
    finally:
        store.close()


def test_the_store_waits_out_a_short_lock(tmp_path):
    """A lock that ends within the busy timeout is waited for: the write goes through."""
    ids = fill_history(tmp_path)
    holder = hold_lock(tmp_path / "chats.sqlite3", "wal")
    store = ChatStore(tmp_path / "chats.sqlite3")
    try:
        import threading

        threading.Timer(0.5, let_go, (holder,)).start()
        store.add_message(ids[0], "user", "after the lock")
        assert store.messages(ids[0])[-1].content == "after the lock"
    finally:
        store.close()
        if holder.poll() is None:
            let_go(holder)


# ---------------------------------------------------------------- a read-only data folder


@needs_namespace
def test_a_read_only_data_folder(isolated_home, tmp_path):
    if not can_mount(tmp_path):
        pytest.skip("needs `unshare --map-root-user --mount` (user namespaces are off here)")
    data = isolated_home / "data"
    ids = fill_history(data)
    setup = f"mount --bind {data} {data} && mount -o remount,bind,ro {data}"
    listed, shown, asked = in_namespace(tmp_path, setup, [
        "history list --json", f"history show {ids[1]}", f"chat --conversation {ids[0]} 'A question'",
    ])  # fmt: skip
    for result in (listed, shown, asked):
        assert "Traceback" not in result["err"], result["err"]
    assert listed["rc"] == 0 and "is read-only: the saved conversations are shown" in listed["err"]
    assert sorted(c["id"] for c in json.loads(listed["out"])["conversations"]) == sorted(ids)
    assert shown["rc"] == 0 and "Cats are" in shown["out"]
    assert asked["rc"] == 1 and f"The chat history cannot be written: the folder {data} is read-only." in asked["err"]
    assert_kept(data, ids)


# ---------------------------------------------------------------- killed mid-answer; two chats at once


def _kill_when(database: Path, chat_id: str, model: str, ready) -> str:
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant", "chat", "--conversation", chat_id, "--model", model, "--max-new-tokens", "1900",
         "--temperature", "1", "--seed", "3", "Tell me a long story"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=os.environ.copy(),
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and process.poll() is None and not ready(_rows(database, chat_id)):
            time.sleep(0.02)
        assert process.poll() is None, f"the answer ended before it could be killed: {process.stderr.read().decode()}"
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(30)
    return process.stdout.read().decode("utf-8", errors="replace")


def _rows(database: Path, chat_id: str) -> list[tuple[str, str, str]]:
    try:
        conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT role, content, status FROM messages WHERE conversation_id = ? ORDER BY id", (chat_id,)).fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return []


@pytest.mark.parametrize("point", ["question saved", "answer begun", "answer streaming"])
def test_killed_mid_answer_the_answer_so_far_is_kept_and_marked_stopped(isolated_home, tiny_models, point):
    data = isolated_home / "data"
    ids = fill_history(data)
    chat_id = ids[0]
    database = data / "chats.sqlite3"
    ready = {
        "question saved": lambda rows: len(rows) >= 3,
        "answer begun": lambda rows: len(rows) >= 4,
        "answer streaming": lambda rows: len(rows) >= 4 and len(rows[3][1]) > 0,
    }[point]
    printed = _kill_when(database, chat_id, str(tiny_models["causal_lm"]), ready)
    before = _rows(database, chat_id)
    shown = cli("history", "show", chat_id, "--json")
    assert shown.returncode == 0 and "Traceback" not in shown.stderr, shown.stderr
    messages = json.loads(shown.stdout)["messages"]
    assert [m["content"] for m in messages[:3]] == ["What is a lighthouse?", "A tower with a light.", "Tell me a long story"]
    if len(before) >= 4:
        # "done" only when the answer had ended (and was saved so) just before the kill landed
        assert messages[3]["role"] == "assistant" and messages[3]["status"] == ("done" if before[3][2] == "done" else "stopped")
        assert messages[3]["content"] == before[3][1]  # the text so far, kept
        assert printed.startswith(messages[3]["content"])  # what was saved is what the person saw
    text = cli("history", "show", chat_id).stdout
    assert "Tell me a long story" in text and (len(before) < 4 or before[3][2] == "done" or "(stopped before the end)" in text)
    assert_kept(data, ids)
    assert not [m for c in ids for m in ChatStore(database).messages(c) if m.status == STREAMING]


def test_a_second_chat_on_the_same_conversation_is_refused(isolated_home):
    data = isolated_home / "data"
    ids = fill_history(data)
    store = ChatStore(data / "chats.sqlite3")
    try:
        with store.claim(ids[0]):  # this process is answering there
            refused = cli("chat", "--conversation", ids[0], "Interleaved?")
            again = cli("history", "list")  # opening leaves the claimed conversation's answers alone
        assert refused.returncode == 1 and "This conversation is being answered in another window or command" in refused.stderr
        assert "Traceback" not in refused.stderr and again.returncode == 0
        assert [m.content for m in store.messages(ids[0])] == ["What is a lighthouse?", "A tower with a light."]
    finally:
        store.close()
