"""Copying or moving files into one folder per label, with a log that makes it undoable.

Promises, in order of importance:

1. Nothing is overwritten.  A target name that is taken becomes "name (2).ext";
   the file is created exclusively (a hard link, or a copy opened with O_EXCL),
   so even a file that appears between planning and moving is not replaced.
2. Every operation is in the log, on disk (fsync), before it happens.  The log is
   <data>/organize/<run id>.jsonl: a header, then an "intent" line per file
   (source, target, size, SHA-256) and a "done" line after it.
3. One call undoes a whole run: moved files go back to where they were, with the
   same bytes; copies are deleted only if they still hold the bytes that were
   copied; folders the run made are removed when empty.  The undo reads the
   state of the disk, not only the log, so a run cut short by a crash (an intent
   without its "done") is undone correctly too, and an undo cut short can be
   run again.

Intents are written and fsynced in groups of ``GROUP`` before the group's files
are touched: one fsync per file would make 10,000 moves take minutes on a
spinning disk, and the promise (logged before it happens) holds either way.
"""

from __future__ import annotations

import errno
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
from assistant.core.protocol import BadInput
from assistant.core.say import say

GROUP = 64
_RUN_ID = re.compile(r"^[\w.-]{1,80}$")
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


def plan(assignments: Iterable[tuple[str, str]], destination: Path) -> tuple[list[PlannedOperation], list[tuple[str, str]]]:
    """The operations a run would do (the dry run), and the files it would leave alone with why."""
    destination = Path(destination).expanduser()
    planned: list[PlannedOperation] = []
    skipped: list[tuple[str, str]] = []
    taken: set[str] = set()
    seen: set[str] = set()
    for source, label in assignments:
        path = Path(source)
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
        if path.parent.resolve() == folder.resolve():
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


def execute(
    operations: list[PlannedOperation],
    mode: str,
    data_dir: Path,
    progress: Progress = lambda *_: None,
    check_cancelled: Callable[[], None] = lambda: None,
) -> OrganizeResult:
    if mode not in ("move", "copy"):
        raise BadInput(say("Unknown mode '{mode}': use move or copy.", mode=mode))
    run_id = new_run_id()
    log = _Log(runs_dir(data_dir) / f"{run_id}.jsonl")
    log.write({"type": "run", "run": run_id, "mode": mode, "count": len(operations), "created": time.time()})
    done = 0
    skipped: list[tuple[str, str]] = []
    try:
        for start in range(0, len(operations), GROUP):
            check_cancelled()  # between groups: a group is logged and done whole
            group = []
            intents: list[dict[str, str | int]] = []  # the log's records: JSON objects
            for offset, op in enumerate(operations[start : start + GROUP]):
                source, target = Path(op.source), Path(op.target)
                try:
                    info = source.stat()
                    digest = _sha256(source)
                except OSError as exc:
                    skipped.append((op.source, say("cannot be read ({reason})", reason=exc.strerror or str(exc))))
                    continue
                folder = target.parent
                if not folder.exists():
                    intents.append({"type": "mkdir", "path": str(folder)})
                intents.append({"type": "intent", "i": start + offset, "source": op.source, "target": op.target,
                                "size": info.st_size, "sha256": digest})  # fmt: skip
                group.append((start + offset, source, target, digest))
            log.write(*intents)  # on disk before any file of the group is touched
            for index, source, target, digest in group:
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    actual = _place(source, target, mode, digest)
                except OSError as exc:
                    reason = exc.strerror or str(exc)
                    why = say("not moved: {reason}", reason=reason) if mode == "move" else say("not copied: {reason}", reason=reason)
                    skipped.append((str(source), why))
                    log.write({"type": "failed", "i": index, "why": str(exc)}, sync=False)
                    continue
                log.write({"type": "done", "i": index, "target": str(actual)}, sync=False)
                done += 1
            total = len(operations)
            said = say("Moved {done} of {total}", done=done, total=total) if mode == "move" else say("Copied {done} of {total}", done=done, total=total)
            progress(min(start + GROUP, total), total, said)
        log.write({"type": "end", "done": done})
    finally:
        log.close()
    return OrganizeResult(run_id, mode, tuple(operations), done, tuple(skipped), str(log.path))


def _place(source: Path, target: Path, mode: str, digest: str) -> Path:
    """Create ``target`` (or the next free name) with the bytes of ``source``, never replacing anything."""
    while True:
        try:
            if mode == "move":
                _move_exclusive(source, target, digest)
            else:
                _copy_exclusive(source, target)
            return target
        except FileExistsError:
            target = _free_name(target, set())  # appeared since the plan: take the next name


def _move_exclusive(source: Path, target: Path, digest: str) -> None:
    try:
        os.link(source, target)  # fails if target exists: atomic, and no bytes are copied
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        _copy_exclusive(source, target)  # another disk, or links not allowed: copy, check, then delete
        if _sha256(target) != digest:
            target.unlink()
            raise OSError(errno.EIO, say("the copy differs from the original; the original was kept")) from None
    source.unlink()


def _copy_exclusive(source: Path, target: Path) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            shutil.copyfileobj(src, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        shutil.copystat(source, target)
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
    finals = {e["i"]: e["target"] for e in entries if e.get("type") == "done"}
    undone_before = {e["i"] for e in entries if e.get("type") == "reverted"}
    log = _Log(path)
    restored = 0
    skipped: list[tuple[str, str]] = []
    try:
        for number, entry in enumerate(reversed(intents)):
            index = entry["i"]
            if index in undone_before:
                restored += 1
                continue
            source, target = Path(entry["source"]), Path(finals.get(index, entry["target"]))
            try:
                outcome = _revert(mode, source, target, entry["sha256"])
            except OSError as exc:
                skipped.append((str(target), say("could not be put back: {reason}", reason=exc.strerror or str(exc))))
                continue
            if outcome:
                skipped.append((str(target), outcome))
            else:
                restored += 1
            log.write({"type": "reverted", "i": index}, sync=False)
            progress(number + 1, len(intents), say("Undoing: {done} of {total}", done=number + 1, total=len(intents)))
        for folder in sorted((e["path"] for e in entries if e.get("type") == "mkdir"), key=len, reverse=True):
            try:
                os.rmdir(folder)  # only if empty: files the user put there since stay
            except OSError:
                pass
        log.write({"type": "undone", "restored": restored, "time": time.time()})
    finally:
        log.close()
    return OrganizeResult(run_id, "undo", (), restored, tuple(skipped), str(path))


def _revert(mode: str, source: Path, target: Path, digest: str) -> str:
    """Put one file back; '' when done (or nothing was needed), else why it was left."""
    if mode == "copy":
        if not target.exists():
            return ""
        if target.is_file() and _sha256(target) == digest:
            target.unlink()
            return ""
        return say("the copy was changed since; it was kept")
    # move
    if not os.path.lexists(target):
        if source.exists():
            return ""  # the move never happened (a crash before it)
        return say("the moved file is gone (deleted since?)")
    if source.exists():
        if os.path.samefile(source, target):
            target.unlink()  # crashed between link and unlink: the original is in place
            return ""
        source = _free_name(source.with_name(f"{source.stem} (restored){source.suffix}"), set())
    source.parent.mkdir(parents=True, exist_ok=True)
    _move_exclusive(target, source, _sha256(target))
    return ""


def list_runs(data_dir: Path) -> list[dict]:
    """Runs newest first: id, mode, count, whether undone (reads the logs' JSON only)."""
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
            "undone": any(e.get("type") == "undone" for e in entries),
        })  # fmt: skip
    return runs
