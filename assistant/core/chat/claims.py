"""Who is answering in a conversation now: one claim per conversation, held by a lock on a small file.

A chat (the window or ``assistant chat --conversation``) claims the conversation
before it saves the question and keeps the claim until the answer is finished,
stopped or failed.  A second chat on the same conversation, in any process, finds
the claim held and is refused with a sentence, so two answers never interleave
their turns.  The lock belongs to the operating system: a process that is killed
lets go of it at once, so an answer found "streaming" with nobody holding its
conversation's claim was left by a process that is gone (the store marks it
stopped when it opens).

The lock files live in a folder next to the chat file (``chats.sqlite3.claims``),
one empty file per conversation; they are never deleted while in use (deleting
a lock file races with a process about to lock it).
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

if os.name == "nt":  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]  # Windows-only names; typeshed hides them elsewhere
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]  # Windows-only names
        except OSError:
            pass

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        # flock: held per open file, so a second claim in the same process is refused too.
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)


def claims_folder(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".claims")


class Claim:
    """A held claim on one conversation (or, where no lock file can be made, a claim that guards nothing)."""

    def __init__(self, conversation_id: str, fd: int | None) -> None:
        self.conversation_id = conversation_id
        self._fd = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            _unlock(fd)
            os.close(fd)

    def __enter__(self) -> Claim:
        return self

    def __exit__(self, *_exc) -> None:
        self.release()


def try_claim(store_path: Path, conversation_id: str) -> Claim | None:
    """The claim on ``conversation_id``; None when another chat holds it.

    Where the lock file cannot be made (a read-only or full disk), a claim that
    guards nothing is returned: saving the question fails there anyway, with its
    own sentence.
    """
    folder = claims_folder(store_path)
    safe = "".join(c for c in conversation_id if c.isalnum()) or "_"
    try:
        folder.mkdir(exist_ok=True)
        fd = os.open(folder / f"{safe}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        log.warning("no claim on conversation %s (%s): answering without one", conversation_id, exc)
        return Claim(conversation_id, None)
    if _try_lock(fd):
        return Claim(conversation_id, fd)
    os.close(fd)
    return None


def is_claimed(store_path: Path, conversation_id: str) -> bool:
    """Whether a chat (in any process) holds ``conversation_id`` now; True when that cannot be told."""
    claim = try_claim(store_path, conversation_id)
    if claim is None:
        return True
    known = claim.held
    claim.release()
    return not known
