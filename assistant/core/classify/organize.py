"""Copying or moving files into one folder per label, with a log that makes it undoable.

Promises, in order of importance:

1. Nothing is overwritten.  A target name that is taken becomes "name (2).ext";
   the file is created exclusively (a hard link, or a verified copy published with
   a hard link), so even a file that appears between planning and moving is not
   replaced.  A copy is written under a hidden temporary name in the target folder
   first (".assistant-<run>-<n>.part"), so a full disk or a crash never leaves a
   truncated file under the real name; the original is deleted only after its copy
   is complete and checked.
2. Every operation is in the log, on disk (fsync), before it happens.  The log is
   <data>/organize/<run id>.jsonl: a header (with the working directory), then an
   "intent" line per file (source, target, temporary name, size, SHA-256), a
   "retarget" line when the name was taken meanwhile, and a "done" or "failed" line
   after it.  Every path in it is absolute, so an undo works from any folder.
3. The result tells the truth: a file is reported moved only after it is, every
   file that failed is named with the reason, and an undo counts only the files it
   really put back.
4. One call undoes a whole run: moved files go back to where they were, with the
   same bytes; copies are deleted only if they still hold the bytes that were
   copied; folders the run made are removed when empty.  The undo reads the
   state of the disk, not only the log, so a run cut short by a crash (an intent
   without its "done") is undone correctly too.  A run is marked undone only when
   no file is left to put back; an undo that could not put every file back can be
   run again, and does only what is left.

Intents are written and fsynced in groups of ``GROUP`` before the group's files
are touched: one fsync per file would make 10,000 moves take minutes on a
spinning disk, and the promise (logged before it happens) holds either way.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from assistant.core.classify.messages import OrganizeResult, PlannedOperation
from assistant.core.files.where import absolute, is_relative
from assistant.core.protocol import BadInput
from assistant.core.say import say

GROUP = 64
_RUN_ID = re.compile(r"^[\w.-]{1,80}$")
_NO_LINK = (errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK)
Progress = Callable[[int, int, str], None]


def runs_dir(data_dir: Path) -> Path:
    return data_dir / "organize"


def folder_name(label: str) -> str:
    """A label as a folder name: no separators, no '..', nothing empty."""
    name = re.sub(r'[/\\:*?"<>|\x00-\x1f]', "-", label).strip().strip(".")
    return name or "unlabelled"


def _free_name(target: Path, taken: set[str]) -> Path:
    """``target``, or 'stem (2).ext', 'stem (3).ext'... : the first name neither on disk nor planned."""
    candidate = target
    number = 2
    while str(candidate) in taken or os.path.lexists(candidate):
        candidate = target.with_name(f"{target.stem} ({number}){target.suffix}")
        number += 1
    return candidate


def check_destination(destination: str | Path) -> Path:
    """The folder to organize into, absolute; refused when it is a file."""
    folder = Path(absolute(destination))
    if os.path.lexists(folder) and not folder.is_dir():
        raise BadInput(say("{path} is a file, not a folder: choose a folder to organize into.", path=str(folder)))
    return folder


def plan(assignments: Iterable[tuple[str, str]], destination: Path | str) -> tuple[list[PlannedOperation], list[tuple[str, str]]]:
    """The operations a run would do (the dry run), and the files it would leave alone with why.

    Sources and targets are absolute and resolved against the working directory now (where
    the person typed them): the log keeps them so, and an undo from another folder finds them.
    """
    destination = check_destination(destination)
    planned: list[PlannedOperation] = []
    skipped: list[tuple[str, str]] = []
    taken: set[str] = set()
    seen: set[str] = set()
    for source, label in assignments:
        path = Path(absolute(source))
        if str(path) in seen:
            skipped.append((source, say("listed twice")))
            continue
        seen.add(str(path))
        if path.is_symlink():
            skipped.append((source, say("a link: left where it is")))
            continue
        if not path.is_file():
            skipped.append((source, say("no longer there or not a regular file")))
            continue
        folder = destination / folder_name(label)
        if path.parent == folder.resolve():
            skipped.append((source, say("already in its label folder")))
            continue
        target = _free_name(folder / path.name, taken)
        taken.add(str(target))
        planned.append(PlannedOperation(str(path), str(target), label))
    return planned, skipped


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _Log:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.handle = path.open("a", encoding="utf-8")

    def write(self, *entries: dict, sync: bool = True) -> None:
        self.handle.write("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries))
        self.handle.flush()
        if sync:
            os.fsync(self.handle.fileno())

    def close(self) -> None:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()


def new_run_id() -> str:
    return time.strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(3)


def _part_name(folder: Path, run_id: str, index: int, undo: bool = False) -> Path:
    """The hidden name a copy is written under before it gets its real name (short: any label fits)."""
    return folder / f".assistant-{run_id}-{index}{'-undo' if undo else ''}.part"


def reason(exc: OSError, folder: Path | None = None) -> str:
    """Why a file operation failed, as a sentence for a person."""
    code = exc.errno
    if code == errno.ENOSPC:
        return say("the disk is full")
    if code == errno.EDQUOT:
        return say("the disk quota is used up")
    if code == errno.ENAMETOOLONG:
        return say("the name is too long for the disk")
    if code == errno.EROFS:
        return say("the disk is read-only")
    if code in (errno.EACCES, errno.EPERM):
        return say("permission denied")
    if code in (errno.ENOTDIR, errno.EEXIST) and folder is not None:
        blocker = next((p for p in (folder, *folder.parents) if os.path.lexists(p) and not p.is_dir()), None)
        if blocker is not None:
            return say("{path} is a file, not a folder", path=str(blocker))
    return exc.strerror or str(exc)


def _missing_folders(folder: Path) -> list[Path]:
    """``folder`` and its parents that do not exist yet, outermost first (the run makes them)."""
    missing = []
    for candidate in (folder, *folder.parents):
        if os.path.lexists(candidate):
            break
        missing.append(candidate)
    return missing[::-1]


def execute(
    operations: list[PlannedOperation],
    mode: str,
    data_dir: Path,
    progress: Progress = lambda *_: None,
    check_cancelled: Callable[[], None] = lambda: None,
) -> OrganizeResult:
    if mode not in ("move", "copy"):
        raise BadInput(say("Unknown mode '{mode}': use move or copy.", mode=mode))
    operations = [PlannedOperation(absolute(op.source), absolute(op.target), op.label) for op in operations]
    run_id = new_run_id()
    log = _Log(runs_dir(data_dir) / f"{run_id}.jsonl")
    log.write({"type": "run", "run": run_id, "mode": mode, "count": len(operations), "created": time.time(), "cwd": os.getcwd()})
    placed: list[PlannedOperation] = []
    failed: list[tuple[str, str]] = []
    made: set[str] = set()
    total = len(operations)
    try:
        for start in range(0, total, GROUP):
            check_cancelled()  # between groups: a group is logged and done whole
            group = []
            intents: list[dict[str, str | int]] = []  # the log's records: JSON objects
            for offset, op in enumerate(operations[start : start + GROUP]):
                index = start + offset
                source, target = Path(op.source), Path(op.target)
                try:
                    info = source.stat()
                    digest = _sha256(source)
                except OSError as exc:
                    failed.append((op.source, say("cannot be read ({reason})", reason=reason(exc))))
                    continue
                for folder in _missing_folders(target.parent):
                    if str(folder) not in made:
                        made.add(str(folder))
                        intents.append({"type": "mkdir", "path": str(folder)})
                part = _part_name(target.parent, run_id, index)
                intents.append({"type": "intent", "i": index, "source": op.source, "target": op.target, "part": str(part),
                                "size": info.st_size, "sha256": digest})  # fmt: skip
                group.append((index, op, part, digest))
            if intents:
                log.write(*intents)  # on disk before any file of the group is touched
            for index, op, part, digest in group:
                source, target = Path(op.source), Path(op.target)
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    actual = _place(source, target, part, mode, digest, functools.partial(_log_retarget, log, index))
                except OSError as exc:
                    why = reason(exc, target.parent)
                    failed.append((op.source, say("not moved: {reason}", reason=why) if mode == "move" else say("not copied: {reason}", reason=why)))
                    log.write({"type": "failed", "i": index, "why": str(exc)}, sync=False)
                    continue
                log.write({"type": "done", "i": index, "target": str(actual)}, sync=False)
                placed.append(PlannedOperation(op.source, str(actual), op.label))
            done = len(placed)
            said = say("Moved {done} of {total}", done=done, total=total) if mode == "move" else say("Copied {done} of {total}", done=done, total=total)
            progress(min(start + GROUP, total), total, said)
        log.write({"type": "end", "done": len(placed), "failed": len(failed)})
    finally:
        log.close()
    return OrganizeResult(run_id, mode, tuple(operations), len(placed), tuple(failed), str(log.path), tuple(placed), tuple(failed))


def _place(source: Path, target: Path, part: Path, mode: str, digest: str, retarget: Callable[[Path], None]) -> Path:
    """Give ``target`` (or the next free name) the bytes of ``source``, never replacing anything.

    A name taken since the plan is logged (``retarget``, fsynced) before the next one is tried,
    so an undo after a crash knows which name is this run's.
    """
    while True:
        try:
            if mode == "move":
                _move_exclusive(source, target, part, digest)
            else:
                _copy_exclusive(source, target, part, digest)
            return target
        except FileExistsError:
            target = _free_name(target, set())  # appeared since the plan: take the next name
            retarget(target)


def _move_exclusive(source: Path, target: Path, part: Path, digest: str) -> None:
    try:
        os.link(source, target)  # fails if target exists: atomic, and no bytes are copied
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_LINK:
            raise
        _copy_exclusive(source, target, part, digest)  # another disk, or links not allowed: copy, check, then delete
    try:
        source.unlink()
    except OSError:
        target.unlink()  # the original cannot go (a read-only folder): the move did not happen
        raise


def _copy_exclusive(source: Path, target: Path, part: Path, digest: str) -> None:
    """Write the copy under ``part``, check its bytes, then give it the name ``target`` exclusively."""
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            shutil.copyfileobj(src, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        shutil.copystat(source, part)
        if _sha256(part) != digest:
            raise OSError(errno.EIO, say("the copy differs from the original; the original was kept"))
        _publish(part, target)
    finally:
        part.unlink(missing_ok=True)


def _publish(part: Path, target: Path) -> None:
    """Give the finished copy its real name without replacing a file that has it."""
    try:
        os.link(part, target)  # FileExistsError when the name is taken
        return
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_LINK:
            raise
    # No hard links on this disk (FAT, some network shares): claim the name, then rename over the claim.
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        os.replace(part, target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------- undo


def read_log(path: Path) -> list[dict]:
    entries = []
    with path.open("r", encoding="utf-8") as handle:
        for line in handle:
            try:
                entries.append(json.loads(line))
            except ValueError:
                continue  # a line cut short by a crash
    return entries


def _log_base(run_id: str, header: dict, entries: list[dict], settled: set[int]) -> str | None:
    """The folder relative paths in the log are read from; None when the log holds none.

    This version writes absolute paths and the working directory.  An older one wrote the paths
    as typed, and not the folder: they are looked for under the current working directory, and
    when nothing of the run is there the undo is refused, with nothing written to the log.
    """
    if header.get("cwd"):
        return header["cwd"]
    relative = [e for e in entries if e.get("type") == "intent" and e.get("i") not in settled and (is_relative(e["source"]) or is_relative(e["target"]))]
    if not relative:
        return None
    here = os.getcwd()
    found = any(os.path.lexists(absolute(e[key], here)) for e in relative for key in ("source", "target"))
    if not found:
        raise BadInput(
            say(
                "The run '{id}' was logged by an older version, which stored its files' paths relative to the folder "
                "it ran in without recording that folder, and none of its files is under {folder}. "
                "Run the undo again from the folder you organized from; nothing was changed.",
                id=run_id,
                folder=here,
            )
        )
    return here


def undo(run_id: str, data_dir: Path, progress: Progress = lambda *_: None) -> OrganizeResult:
    if not _RUN_ID.match(run_id or ""):
        raise BadInput(say("'{id}' is not a run id.", id=run_id))
    path = runs_dir(data_dir) / f"{run_id}.jsonl"
    if not path.is_file():
        raise BadInput(say("There is no organize run '{id}' to undo.", id=run_id))
    entries = read_log(path)
    header = next((e for e in entries if e.get("type") == "run"), None)
    if header is None:
        raise BadInput(say("The log of run '{id}' is damaged: it has no header.", id=run_id))
    if any(e.get("type") == "undone" for e in entries):
        raise BadInput(say("The run '{id}' was already undone.", id=run_id))
    mode = header["mode"]
    intents = [e for e in entries if e.get("type") == "intent"]
    finals: dict[int, str] = {}
    for e in entries:
        if e.get("type") in ("retarget", "done"):
            finals[e["i"]] = e["target"]
    done_logged = {e["i"] for e in entries if e.get("type") == "done"}
    settled = {e["i"] for e in entries if e.get("type") in ("reverted", "kept")}  # by an earlier undo
    base = _log_base(run_id, header, entries, settled)
    if base is not None and not header.get("cwd"):
        progress(0, len(intents), say("The run '{id}' logged relative paths (an older version); its files are looked for under {folder}.", id=run_id, folder=base))
    log = _Log(path)
    restored = 0
    skipped: list[tuple[str, str]] = []
    failed: list[tuple[str, str]] = []
    try:
        for number, entry in enumerate(reversed(intents)):
            index = entry["i"]
            if index in settled:
                continue
            source = Path(absolute(entry["source"], base))
            target = Path(absolute(finals.get(index, entry["target"]), base))
            part = Path(absolute(entry["part"], base)) if entry.get("part") else None
            try:
                outcome, why = _revert(mode, source, target, part, entry.get("sha256", ""), index in done_logged, run_id, index)
            except OSError as exc:
                outcome, why = "failed", say("could not be put back: {reason}", reason=reason(exc, source.parent))
            if outcome == "restored":
                restored += 1
                log.write({"type": "reverted", "i": index}, sync=False)
                if why:
                    skipped.append((str(target), why))
            elif outcome == "nothing":
                log.write({"type": "reverted", "i": index, "nothing": True}, sync=False)
            elif outcome == "kept":
                skipped.append((str(target), why))
                log.write({"type": "kept", "i": index, "why": str(why)}, sync=False)
            else:  # missing or failed: not settled, a later undo tries again
                skipped.append((str(target), why))
                failed.append((str(target), why))
                log.write({"type": "unrestored", "i": index, "why": str(why)}, sync=False)
            progress(number + 1, len(intents), say("Undoing: {done} of {total}", done=number + 1, total=len(intents)))
        for folder in sorted((absolute(e["path"], base) for e in entries if e.get("type") == "mkdir"), key=len, reverse=True):
            if failed:
                break  # the run stays open: its folders stay for the files a later undo puts back
            with contextlib.suppress(OSError):
                os.rmdir(folder)  # only if empty: files the user put there since stay
        if failed:
            log.write({"type": "undo-partial", "restored": restored, "left": len(failed), "time": time.time()})
        else:
            log.write({"type": "undone", "restored": restored, "time": time.time()})
    finally:
        log.close()
    return OrganizeResult(run_id, "undo", (), restored, tuple(skipped), str(path), (), tuple(failed))


def _revert(mode: str, source: Path, target: Path, part: Path | None, digest: str, done: bool, run_id: str, index: int) -> tuple[str, str]:
    """Put one file back.  ("restored", note) when it was put back; ("nothing", "") when nothing was
    needed (the operation never happened, or a crash left only this run's pieces, now removed);
    ("kept", why) when it is left on purpose; ("missing", why) when it cannot be found."""
    if part is not None and os.path.lexists(part):
        part.unlink()  # a copy cut short: this run's, never given a real name
    undo_part = _part_name(source.parent, run_id, index, undo=True)
    if os.path.lexists(undo_part):
        undo_part.unlink()  # an undo cut short while copying back
    if mode == "copy":
        if not os.path.lexists(target):
            return "nothing", ""
        if target.is_file() and not target.is_symlink():
            size = target.stat().st_size
            if _sha256(target) == digest:
                target.unlink()
                return "restored", ""
            if not done and size == 0:
                target.unlink()  # the empty claim of a name, left by a crash before the copy got it
                return "nothing", ""
        return "kept", say("the copy was changed since; it was kept")
    # move
    if not os.path.lexists(target):
        if os.path.lexists(source):
            return "nothing", ""  # the move never happened (it failed, or a crash came before it)
        return "missing", say("the moved file is gone (deleted since?)")
    note = ""
    if os.path.lexists(source):
        if os.path.samefile(source, target):
            target.unlink()  # crashed between link and unlink: the original is in place
            return "nothing", ""
        if not done and target.is_file() and (target.stat().st_size == 0 or _sha256(target) == digest) and _sha256(source) == digest:
            target.unlink()  # a copy to another disk, checked, but the original not yet deleted: the original stays
            return "nothing", ""
        source = _free_name(source.with_name(f"{source.stem} (restored){source.suffix}"), set())
        note = say("put back as {name}: another file has its old name now", name=source.name)
    source.parent.mkdir(parents=True, exist_ok=True)
    _move_exclusive(target, source, undo_part, _sha256(target))
    return "restored", note


def list_runs(data_dir: Path) -> list[dict]:
    """Runs newest first: id, mode, count, files done and failed, whether undone (reads the logs' JSON only)."""
    root = runs_dir(data_dir)
    runs: list[dict] = []
    if not root.is_dir():
        return runs
    for path in sorted(root.glob("*.jsonl"), reverse=True):
        try:
            entries = read_log(path)
        except OSError:
            continue
        header = next((e for e in entries if e.get("type") == "run"), {})
        runs.append({
            "run": path.stem,
            "mode": header.get("mode", "?"),
            "count": header.get("count", 0),
            "done": sum(1 for e in entries if e.get("type") == "done"),
            "failed": sum(1 for e in entries if e.get("type") == "failed"),
            "undone": any(e.get("type") == "undone" for e in entries),
        })  # fmt: skip
    return runs


def _log_retarget(log, index: int, new: Path) -> None:
    """The log's record that file ``index`` had to take another name (its planned one was taken meanwhile)."""
    log.write({"type": "retarget", "i": index, "target": str(new)})
