"""The Chat tab on a real store that fills up or turns read-only: nothing typed or answered is lost from
the window, the person gets a sentence (never a traceback), and all is saved once space comes back.

The data folder is a small tmpfs (or a read-only bind mount) in a user namespace: the outer tests run
pytest again inside ``unshare --map-root-user --mount``, where the inner tests (skipped elsewhere) can
mount, fill and free the folder themselves.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.core.chat.history import DONE, ChatStore
from assistant.core.protocol import Partial
from assistant.paths import app_paths, standard_paths
from assistant.settings import Settings
from tests.qt.conftest import new_window, wait_idle

ROOT = Path(__file__).resolve().parents[2]
INNER = "ASSISTANT_FAULT_INNER"
inner_only = pytest.mark.skipif(not os.environ.get(INNER), reason="runs inside a user namespace, started by the outer test")


def can_mount(tmp_path: Path) -> bool:
    target = tmp_path / "probe"
    target.mkdir()
    done = subprocess.run(["unshare", "--map-root-user", "--mount", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {target}"],
                          capture_output=True)  # fmt: skip
    return done.returncode == 0


def run_inner(tmp_path: Path, name: str) -> None:
    if sys.platform != "linux" or not can_mount(tmp_path):
        pytest.skip("needs `unshare --map-root-user --mount` (user namespaces are off here)")
    env = {**os.environ, INNER: "1", "PYTHONPATH": str(ROOT)}
    env.pop("ASSISTANT_HOME", None)
    done = subprocess.run(
        ["unshare", "--map-root-user", "--mount", sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         f"{__file__}::{name}", "--basetemp", str(tmp_path / "inner")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0 and " passed" in done.stdout, done.stdout[-6000:] + done.stderr[-3000:]


def test_the_chat_tab_on_a_full_disk(tmp_path):
    run_inner(tmp_path, "test_inner_full_disk")


def test_the_chat_tab_on_a_read_only_data_folder(tmp_path):
    run_inner(tmp_path, "test_inner_read_only")


# ------------------------------------------------------------------ inside the namespace


def mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True)


def fill(folder: Path) -> Path:
    """Write until the disk is full; the file that took the space."""
    filler = folder / f"filler{len(list(folder.glob('filler*')))}"
    try:
        with open(filler, "wb", buffering=0) as out:
            while True:
                out.write(b"\0" * 4096)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    return filler


@pytest.fixture
def data_window(qtbot, isolated_home, tiny_models, tiny_models_dir, tmp_path):
    """A window whose data folder is ``tmp_path/data`` (mounted by the test first), its worker ready."""
    data = tmp_path / "data"

    def make(**kwargs):
        settings = Settings(extra_model_dirs=[str(tiny_models_dir)], models={"chat": str(tiny_models["causal_lm"])}, data_folder=str(data))
        settings.save(standard_paths().settings_file)
        assert app_paths(reread=True).data == data
        window = new_window(qtbot, settings)
        window.client.start()
        qtbot.waitUntil(lambda: window.client.last_status is not None and window.client.last_status.ready, timeout=60_000)
        window.tabs.setCurrentWidget(window.chat_tab)
        qtbot.waitUntil(lambda: window.chat_tab.store_ready, timeout=20_000)
        made.append(window)
        return window

    made: list = []
    data.mkdir()
    yield data, make
    for window in made:
        window.close()
        window.client.shutdown()


def send(qtbot, tab, text: str) -> None:
    tab.input.setPlainText(text)
    tab.run()
    wait_idle(qtbot, tab)


def saved(data: Path) -> list[tuple[str, str, str]]:
    store = ChatStore(data / "chats.sqlite3", check=False)
    try:
        return [(m.role, m.content, m.status) for c in store.conversations() for m in store.messages(c.id)]
    finally:
        store.close()


@inner_only
def test_inner_full_disk(qtbot, data_window):
    data, make = data_window
    mount("-t", "tmpfs", "-o", "size=1m", "tmpfs", str(data))
    window = make()
    tab = window.chat_tab
    tab.save_interval = 0.0
    tab.max_tokens.setValue(30)
    send(qtbot, tab, "First question")
    assert [m.role for m in tab.shown] == ["user", "assistant"]

    # The disk fills: a question is refused with a sentence and stays in the box; nothing shown goes away.
    filler = fill(data)
    shown_before = tab.transcript_text()
    tab.input.setPlainText("Second question, typed on a full disk")
    tab.run()
    wait_idle(qtbot, tab)
    assert "The disk that holds the chat history is full" in tab.banner.text()
    assert tab.banner.action_button.isVisible() and tab.banner.action_button.text() == "Save again"
    assert tab.input.toPlainText() == "Second question, typed on a full disk"
    assert tab.transcript_text() == shown_before

    tab.banner.action_button.click()  # still full: refused again, still kept
    wait_idle(qtbot, tab)
    assert "is full" in tab.banner.text() and tab.input.toPlainText() == "Second question, typed on a full disk"

    # Rename and delete on the full disk: a sentence, the conversation still there, no exception out of the handler.
    conversation_id = tab.conversation.id
    tab.rename_conversation(conversation_id, "A new title " * 300)
    assert "is full" in tab.banner.text()
    tab.delete_conversation(conversation_id)
    assert "is full" in tab.banner.text()
    assert tab.conversation is not None and tab.conversation.id == conversation_id
    tab.new_chat()
    tab.open_conversation(conversation_id)
    assert tab.input.toPlainText() == "Second question, typed on a full disk"

    # Space comes back: the next Send saves the kept question, which is answered.
    filler.unlink()
    tab.run()
    wait_idle(qtbot, tab)
    assert tab.input.toPlainText() == ""
    assert [m.content for m in tab.shown if m.role == "user"] == ["First question", "Second question, typed on a full disk"]

    # The disk fills while an answer streams: the whole answer stays shown, and is saved with "Save again".
    fillers = []

    def fill_at_first_piece(reply) -> None:
        if isinstance(reply, Partial) and isinstance(reply.payload, str) and not fillers:
            fillers.append(fill(data))

    window.client.activity.connect(fill_at_first_piece)
    send(qtbot, tab, "Third question")
    window.client.activity.disconnect(fill_at_first_piece)
    answer = tab.shown[-1]
    assert answer.role == "assistant" and answer.status == DONE and answer.content
    assert "Third question" in tab.transcript_text()
    assert len(tab.unsaved) == 1  # the store refused the rest of the answer (each piece grows SQLite's log)
    assert "Not saved" in tab.banner.text() and tab.banner.action_button.text() == "Save again"
    assert not tab.save_again()  # still full: kept, said again
    assert len(tab.unsaved) == 1 and tab.shown[-1].content == answer.content
    fillers[0].unlink()
    tab.banner.action_button.click()  # "Save again"
    assert tab.unsaved == [] and not tab.banner.isVisible()
    rows = saved(data)
    assert [r[1] for r in rows if r[0] == "user"] == ["First question", "Second question, typed on a full disk", "Third question"]
    assert rows[-1] == ("assistant", answer.content, DONE)
    assert not [p for p in data.iterdir() if ".damaged-" in p.name]


@inner_only
def test_inner_read_only(qtbot, data_window):
    data, make = data_window
    store = ChatStore(data / "chats.sqlite3")
    chat = store.create()
    store.add_message(chat.id, "user", "Kept question")
    store.add_message(chat.id, "assistant", "Kept answer")
    store.close()
    mount("--bind", str(data), str(data))
    mount("-o", "remount,bind,ro", str(data))
    window = make()
    tab = window.chat_tab
    qtbot.waitUntil(lambda: tab.conversation is not None)
    assert "read-only" in tab.banner.text() and "Traceback" not in tab.banner.text()
    assert [m.content for m in tab.shown] == ["Kept question", "Kept answer"]  # shown, read-only

    tab.input.setPlainText("A question on a read-only folder")
    tab.run()
    wait_idle(qtbot, tab)
    assert "read-only" in tab.banner.text() and tab.banner.action_button.text() == "Save again"
    assert tab.input.toPlainText() == "A question on a read-only folder"
    tab.rename_conversation(chat.id, "Renamed")
    assert "read-only" in tab.banner.text()
    tab.delete_conversation(chat.id)
    assert "read-only" in tab.banner.text() and tab.conversation is not None and tab.conversation.id == chat.id
    tab.new_chat()
    assert tab.shown == []

    mount("-o", "remount,bind,rw", str(data))  # writable again: Save again sends the question
    tab.open_conversation(chat.id)
    tab.input.setPlainText("A question on a read-only folder")
    tab.save_again()
    wait_idle(qtbot, tab)
    assert tab.input.toPlainText() == ""
    assert [r[1] for r in saved(data) if r[0] == "user"] == ["Kept question", "A question on a read-only folder"]
