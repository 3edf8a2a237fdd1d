"""Writing a file so that a crash never leaves it half written, and never over what it was made from.

Every output of the program (translated files, score tables, exports, settings) goes
through here:

- ``check_output(target, inputs)`` before any work starts: the target must not be one
  of the inputs (the same file also through a link or a hard link), must not be a
  folder, and its folder must exist and be a folder.  A person gets a plain sentence
  (``CannotWrite``), not a traceback after an hour of work.
- ``write_atomically`` / ``write_with``: a temporary file in the target's folder,
  flushed to disk, then renamed over the target; on any failure (a full disk
  included) the temporary file is removed and the target is left as it was.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from assistant.core.say import say


class CannotWrite(OSError):
    """The output cannot (or must not) be written; str(exc) says why, for a person."""

    def __init__(self, sentence: str, code: int | None = None) -> None:
        super().__init__(sentence)
        self.args = (sentence,)  # message_of() finds the Said
        self.errno = code  # what the system said (ENOSPC...), None for a refusal of ours

    def __str__(self) -> str:
        return str(self.args[0])


def check_output(target: Path | str, inputs: Iterable[Path | str] = (), overwrite: bool = True) -> Path:
    """``target`` as a Path once it is safe to write; CannotWrite saying why not.

    ``inputs`` are the files the output is made from: writing over one of them would
    destroy it.  With ``overwrite`` False an existing file is refused too.
    """
    target = Path(target).expanduser()
    try:
        info = target.stat()
    except (FileNotFoundError, NotADirectoryError):  # its folder is checked below
        info = None
    except OSError as exc:
        raise CannotWrite(say("{path} cannot be written: {reason}.", path=str(target), reason=_reason(exc))) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise CannotWrite(say("{path} is a folder: give the name of a file to write.", path=str(target)))
    if info is not None:
        for source in inputs:
            if _same_file(info, Path(source).expanduser()):
                raise CannotWrite(
                    say("{path} is the file being read: writing there would destroy it. Choose another output file.", path=str(target))
                )
        if not overwrite:
            raise CannotWrite(say("{path} already exists. Choose another name, or allow replacing it.", path=str(target)))
    folder = target.parent
    try:
        folder_info = folder.stat()
    except NotADirectoryError:
        raise CannotWrite(say("The folder {folder} does not exist: create it first or choose another place.", folder=str(folder))) from None
    except FileNotFoundError:
        raise CannotWrite(say("The folder {folder} does not exist: create it first or choose another place.", folder=str(folder))) from None
    except OSError as exc:
        raise CannotWrite(say("{path} cannot be written: {reason}.", path=str(target), reason=_reason(exc))) from None
    if not stat.S_ISDIR(folder_info.st_mode):
        raise CannotWrite(say("{folder} is a file, not a folder: the output cannot be written inside it.", folder=str(folder)))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CannotWrite(say("The folder {folder} cannot be written to (permission denied).", folder=str(folder)))
    return target


def _same_file(info: os.stat_result, other: Path) -> bool:
    try:
        theirs = other.stat()
    except OSError:
        return False
    return (info.st_dev, info.st_ino) == (theirs.st_dev, theirs.st_ino)


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to a temporary file beside ``path``, flush it to disk, then rename it over."""
    path.parent.mkdir(parents=True, exist_ok=True)

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)

    write_with(path, write)


def write_with(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(temporary_path)`` (it writes the whole file there), flush it to disk, rename it to ``path``.

    Nothing is left behind when ``write`` or the disk fails: the temporary file is removed
    and ``path`` is as it was.  OSError (a full disk, no permission) becomes CannotWrite.
    """
    path = Path(path)
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
        write(tmp)
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        os.replace(tmp, path)
        tmp = None
    except CannotWrite:
        raise
    except OSError as exc:
        raise CannotWrite(say("{path} could not be written: {reason}.", path=str(path), reason=_reason(exc)), exc.errno) from exc
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return say("the disk is full")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return say("permission denied")
    if exc.errno == errno.EROFS:
        return say("the disk is read-only")
    if exc.errno == errno.EISDIR:
        return say("it is a folder")
    if exc.errno == errno.ENOENT:
        return say("its folder does not exist")
    return exc.strerror or str(exc)
