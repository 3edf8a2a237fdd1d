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
one empty file per conversation while it is answered.  So that they do not pile
up (one per conversation ever answered), the holder deletes its file before it
lets go, and one left by a killed process is deleted by the next claim or sweep
that can lock it.  Deleting a lock file races with a process that opened it and
waits to lock it: so a claim counts only when the file it locked is still the one
at the path (same inode), else it tries again with the new file.  On Windows an
open file cannot be deleted: the files stay there (they are empty).
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

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __init__(self, conversation_id: str, fd: int | None, path: Path | None = None) -> None:
        self.conversation_id = conversation_id
        self._fd = fd
        self._path = path

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            if self._path is not None and os.name != "nt":
                # Deleted while still locked: a process waiting on this file finds it gone and makes a new one.
                with contextlib.suppress(OSError):
                    self._path.unlink()
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
    path = folder / f"{safe}.lock"
    for _attempt in range(20):  # another holder deleting the file between our open and lock: rare, try again
        try:
            folder.mkdir(exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            log.warning("no claim on conversation %s (%s): answering without one", conversation_id, exc)
            return Claim(conversation_id, None)
        if not _try_lock(fd):
            os.close(fd)
            return None
        if _still_there(fd, path):
            return Claim(conversation_id, fd, path)
        _unlock(fd)
        os.close(fd)
    log.warning("no claim on conversation %s: its lock file keeps changing", conversation_id)
    return None


def _still_there(fd: int, path: Path) -> bool:
    """Whether the file locked through ``fd`` is still the one at ``path`` (a releasing holder may have deleted it)."""
    if os.name == "nt":  # pragma: no cover - an open file cannot be deleted there
        return True
    try:
        at_path, held = os.stat(path), os.fstat(fd)
    except OSError:
        return False
    return (at_path.st_dev, at_path.st_ino) == (held.st_dev, held.st_ino)


def sweep(store_path: Path) -> int:
    """Delete the lock files nobody holds (left by killed processes); returns how many went."""
    folder = claims_folder(store_path)
    if os.name == "nt" or not folder.is_dir():  # pragma: no cover - Windows keeps them
        return 0
    removed = 0
    for path in folder.glob("*.lock"):
        claim = try_claim(store_path, path.stem)
        if claim is not None and claim.held:
            claim.release()  # deletes it
            removed += 1
    return removed


def is_claimed(store_path: Path, conversation_id: str) -> bool:
    """Whether a chat (in any process) holds ``conversation_id`` now; True when that cannot be told."""
    claim = try_claim(store_path, conversation_id)
    if claim is None:
        return True
    known = claim.held
    claim.release()
    return not known
