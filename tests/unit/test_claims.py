"""Claims on conversations: one holder at a time, and their lock files do not pile up."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from assistant.core.chat import claims
from assistant.core.chat.history import ChatStore

pytestmark = pytest.mark.skipif(os.name == "nt", reason="Windows keeps its (empty) lock files")


def lock_files(store_path):
    folder = claims.claims_folder(store_path)
    return sorted(p.name for p in folder.glob("*.lock")) if folder.exists() else []


def test_a_released_claim_leaves_no_lock_file(tmp_path):
    store_path = tmp_path / "chats.sqlite3"
    for n in range(30):
        claim = claims.try_claim(store_path, f"conversation{n}")
        assert claim is not None and claim.held
        claim.release()
    assert lock_files(store_path) == []


def test_a_held_claim_refuses_a_second_and_is_free_after_release(tmp_path):
    store_path = tmp_path / "chats.sqlite3"
    first = claims.try_claim(store_path, "abc")
    assert claims.try_claim(store_path, "abc") is None and claims.is_claimed(store_path, "abc")
    assert lock_files(store_path) == ["abc.lock"]  # the holder's file stays while it holds it
    first.release()
    assert not claims.is_claimed(store_path, "abc") and lock_files(store_path) == []


def test_claims_racing_on_one_conversation_never_both_hold(tmp_path):
    """Threads claim and release one conversation over and over: deleting the file on release never lets two hold it."""
    store_path = tmp_path / "chats.sqlite3"
    holders, overlaps, errors = [], [], []
    guard = threading.Lock()

    def worker():
        try:
            for _ in range(200):
                claim = claims.try_claim(store_path, "shared")
                if claim is None:
                    continue
                with guard:
                    holders.append(1)
                    if len(holders) > 1:
                        overlaps.append(len(holders))
                with guard:
                    holders.pop()
                claim.release()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and not overlaps
    assert lock_files(store_path) == []


def test_lock_files_of_killed_processes_are_swept_when_the_store_opens(tmp_path):
    store_path = tmp_path / "chats.sqlite3"
    ChatStore(store_path).close()
    # A process that claims three conversations and is killed (os._exit: no release).
    code = (
        "import os, sys; from pathlib import Path; from assistant.core.chat import claims\n"
        "for n in range(3): claims.try_claim(Path(sys.argv[1]), f'gone{n}')\n"
        "os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", code, str(store_path)], check=True)
    assert lock_files(store_path) == ["gone0.lock", "gone1.lock", "gone2.lock"]
    held = claims.try_claim(store_path, "alive")  # one still answered here survives the sweep
    ChatStore(store_path).close()
    assert lock_files(store_path) == ["alive.lock"]
    held.release()
    assert lock_files(store_path) == []
