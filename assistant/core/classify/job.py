"""The checkpoint of a classification job, so that it survives a crash or a closed window.

A job lives in <data>/jobs/<id>/:

- files.jsonl   the files to classify, frozen when the job starts (one JSON string
                per line), so a resume does exactly the files the job began with;
- spec.json     everything needed to finish the job from any folder: labels, model,
                thresholds and options, the sources, what to do with the results
                (--out, --move-to/--copy-to), and the working directory it was
                started in; every path absolute.  Written last, atomically: a job
                exists once its spec does;
- results.jsonl one line per finished file, appended and fsynced after every
                batch.  A line cut short by a crash is cut off on resume.  When the
                job learns from the whole batch (core/classify/refine.py), the lines
                are rewritten once, atomically, with the revised scores;
- vectors.bin   for that second step: each finished file's document vector and
                first scores, appended before its results line (records: index,
                count, count float32 values); a record cut short is cut off.  The
                second step reads only this file, so running it again after a crash
                gives the same revision.

On resume the finished indices are read back and skipped: no file is done twice
and, when the job ends, every file has exactly one line.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import struct
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from assistant.core.classify.messages import ClassifiedItem, ClassifyRequest, WalkOptions
from assistant.core.classify.results import item_to_dict
from assistant.core.files.where import absolute, is_relative
from assistant.core.protocol import BadInput
from assistant.core.say import say

_JOB_ID = re.compile(r"^[\w.-]{1,80}$")
_RECORD = struct.Struct("<qI")  # a vectors.bin record's index and how many float32 values follow


def new_job_id() -> str:
    return time.strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(3)


def jobs_dir(data_dir: Path) -> Path:
    return data_dir / "jobs"


class JobStore:
    def __init__(self, data_dir: Path, job_id: str) -> None:
        if not _JOB_ID.match(job_id or ""):
            raise BadInput(say("'{id}' is not a job id.", id=job_id))
        self.id = job_id
        self.folder = jobs_dir(data_dir) / job_id
        self.spec_file = self.folder / "spec.json"
        self.files_file = self.folder / "files.jsonl"
        self.results_file = self.folder / "results.jsonl"
        self.state_file = self.folder / "state.json"
        self.vectors_file = self.folder / "vectors.bin"
        self.terms_file = self.folder / "terms.jsonl"

    def exists(self) -> bool:
        return self.spec_file.is_file()

    def create(self, spec: dict, files: Iterable[str]) -> int:
        from assistant.core.files.write import write_atomically

        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.files_file.with_suffix(".tmp")
        total = 0
        with tmp.open("w", encoding="utf-8") as handle:
            for path in files:
                handle.write(json.dumps(path, ensure_ascii=False) + "\n")
                total += 1
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(self.files_file)
        self.results_file.touch()
        write_atomically(self.spec_file, json.dumps({**spec, "total": total, "job": self.id}, indent=2, ensure_ascii=False))
        return total

    def spec(self) -> dict:
        try:
            return json.loads(self.spec_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BadInput(say("There is no classification job '{id}' to resume.", id=self.id)) from None
        except (OSError, ValueError) as exc:
            raise BadInput(say("The job '{id}' is damaged ({error}).", id=self.id, error=str(exc))) from None

    def files(self) -> Iterator[tuple[int, str]]:
        with self.files_file.open("r", encoding="utf-8") as handle:
            for index, line in enumerate(handle):
                yield index, json.loads(line)

    def done_indices(self) -> set[int]:
        """Indices already classified; a last line cut short by a crash is removed first."""
        self._repair_tail()
        done: set[int] = set()
        with self.results_file.open("r", encoding="utf-8") as handle:
            for line in handle:
                done.add(int(json.loads(line)["index"]))
        return done

    def _repair_tail(self) -> None:
        try:
            size = self.results_file.stat().st_size
        except FileNotFoundError:
            self.results_file.touch()
            return
        if size == 0:
            return
        with self.results_file.open("rb+") as handle:
            data = handle.read()
            keep = data.rfind(b"\n") + 1  # everything after the last newline is a torn write
            lines = data[:keep].split(b"\n")
            # A line that is complete but not JSON (torn inside) would stop the resume: drop it too.
            good = [line for line in lines if line and _is_json(line)]
            repaired = b"".join(line + b"\n" for line in good)
            if repaired != data:
                handle.seek(0)
                handle.write(repaired)
                handle.truncate()
                handle.flush()
                os.fsync(handle.fileno())

    def append(self, items: list[ClassifiedItem]) -> None:
        if not items:
            return
        with self.results_file.open("a", encoding="utf-8") as handle:
            handle.write("".join(json.dumps(item_to_dict(i, keep_template=True), ensure_ascii=False) + "\n" for i in items))
            handle.flush()
            os.fsync(handle.fileno())

    def append_vectors(self, records: list[tuple[int, list[float]]]) -> None:
        """(index, values) records for the second step: see the module docstring."""
        if not records:
            return
        data = b"".join(_RECORD.pack(index, len(values)) + struct.pack(f"<{len(values)}f", *values) for index, values in records)
        with self.vectors_file.open("ab") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    def read_vectors(self) -> dict[int, tuple[float, ...]]:
        """index -> values of every whole record (a later record for an index wins); a torn tail is cut off."""
        try:
            data = self.vectors_file.read_bytes()
        except FileNotFoundError:
            return {}
        out: dict[int, tuple[float, ...]] = {}
        position = 0
        while position + _RECORD.size <= len(data):
            index, count = _RECORD.unpack_from(data, position)
            end = position + _RECORD.size + 4 * count
            if end > len(data):
                break
            out[index] = struct.unpack_from(f"<{count}f", data, position + _RECORD.size)
            position = end
        if position != len(data):
            with self.vectors_file.open("rb+") as handle:
                handle.truncate(position)
        return out

    def append_terms(self, records: list[tuple[int, dict[str, int]]]) -> None:
        """(index, term counts) lines for the second step: see the module docstring."""
        if not records:
            return
        with self.terms_file.open("a", encoding="utf-8") as handle:
            handle.write("".join(json.dumps([index, terms], ensure_ascii=False) + "\n" for index, terms in records))
            handle.flush()
            os.fsync(handle.fileno())

    def read_terms(self) -> dict[int, dict[str, int]]:
        """index -> term counts of every whole line (a later line for an index wins); a torn tail is cut off."""
        try:
            data = self.terms_file.read_bytes()
        except FileNotFoundError:
            return {}
        out: dict[int, dict[str, int]] = {}
        position = 0
        for line in data.split(b"\n")[:-1]:  # what follows the last newline is a torn write
            try:
                index, terms = json.loads(line)
            except ValueError:
                break
            out[int(index)] = {str(term): int(count) for term, count in terms.items()}
            position += len(line) + 1
        if position != len(data):
            with self.terms_file.open("rb+") as handle:
                handle.truncate(position)
        return out

    def rewrite(self, items: Iterable[ClassifiedItem]) -> None:
        """Replace the results with ``items`` at once: a crash leaves the old lines or the new, whole."""
        from assistant.core.files.write import write_with

        def write(tmp: Path) -> None:
            with tmp.open("w", encoding="utf-8") as handle:
                for item in items:
                    handle.write(json.dumps(item_to_dict(item, keep_template=True), ensure_ascii=False) + "\n")

        write_with(self.results_file, write)

    def mark(self, status: str, **figures) -> None:
        from assistant.core.files.write import write_atomically

        write_atomically(self.state_file, json.dumps({"status": status, "time": time.time(), **figures}))

    def status(self) -> str:
        try:
            return json.loads(self.state_file.read_text(encoding="utf-8")).get("status", "")
        except (OSError, ValueError):
            return ""


def _is_json(line: bytes) -> bool:
    try:
        json.loads(line)
        return True
    except ValueError:
        return False


def spec_of(request: ClassifyRequest, model_key: str) -> dict:
    def stored(path: str) -> str:
        return absolute(path) if path else ""

    return {
        "labels": list(request.labels),
        "descriptions": [list(pair) for pair in request.descriptions],
        "multi_label": request.multi_label,
        "threshold": request.threshold,
        "unsure_below": request.unsure_below,
        "classifier": request.classifier,
        "self_train": request.self_train,
        "model": model_key,
        "sources": [stored(source) for source in request.sources],
        "walk": asdict(request.walk),
        "max_file_bytes": request.max_file_bytes,
        "out": stored(request.out),
        "organize_to": stored(request.organize_to),
        "organize_mode": request.organize_mode,
        "organize_dry_run": request.organize_dry_run,
        "cwd": os.getcwd(),  # where relative paths were typed: every path here is absolute already
        "created": time.strftime("%Y-%m-%d %H:%M:%S"),
    }


def request_for(data_dir: Path, job_id: str) -> ClassifyRequest:
    """The request that resumes ``job_id`` with the labels, options, model and outputs it started with."""
    spec = JobStore(data_dir, job_id).spec()
    base = spec.get("cwd")
    walk: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in spec.get("walk", {}).items()}  # JSON lists back to tuples
    return ClassifyRequest(
        labels=tuple(spec.get("labels", ())),
        items=(),
        model=spec.get("model") or None,
        descriptions=tuple(tuple(pair) for pair in spec.get("descriptions", ())),
        multi_label=bool(spec.get("multi_label")),
        threshold=float(spec.get("threshold", 0.5)),
        unsure_below=float(spec.get("unsure_below", 0.0)),
        classifier=spec.get("classifier"),
        self_train=bool(spec.get("self_train", False)),  # a job begun before the second step existed: as it began
        job=job_id,
        sources=tuple(absolute(s, base) for s in spec.get("sources", ())),
        walk=WalkOptions(**walk),
        max_file_bytes=int(spec.get("max_file_bytes", 10 * 1024 * 1024)),
        out=spec.get("out") or "",
        organize_to=spec.get("organize_to") or "",
        organize_mode=spec.get("organize_mode") or "",
        organize_dry_run=bool(spec.get("organize_dry_run")),
    )


def where_files_are(store: JobStore, spec: dict) -> str | None:
    """The folder the job's relative paths are read from, None when it holds none.

    A job written by this version stores absolute paths and the folder it started in.  One
    written by an older version stored the paths as typed and not that folder: they are
    looked for under the current working directory, and when none of the files still to do
    is there the resume is refused (so the job is not closed with every file "missing").
    """
    if spec.get("cwd"):
        return spec["cwd"]
    done = store.done_indices()
    relative = [path for index, path in store.files() if is_relative(path) and index not in done]
    if not relative:
        return None
    here = os.getcwd()
    if not any(os.path.lexists(absolute(path, here)) for path in relative[:200]):
        raise BadInput(
            say(
                "The job '{id}' was started by an older version, which stored its files' paths relative to the folder "
                "it was started in without recording that folder, and none of them is under {folder}. "
                "Run the resume from the folder where the job was started.",
                id=store.id,
                folder=here,
            )
        )
    return here


KEEP_FINISHED_JOBS = 20


def prune_finished_jobs(data_dir: Path, keep: int = KEEP_FINISHED_JOBS) -> None:
    """Delete the checkpoints of finished jobs beyond the newest ``keep`` (unfinished ones stay)."""
    import shutil

    root = jobs_dir(data_dir)
    if not root.is_dir():
        return
    finished = []
    for folder in root.iterdir():
        try:
            if JobStore(data_dir, folder.name).status() == "done":
                finished.append(folder)
        except BadInput:
            continue
    for folder in sorted(finished, key=lambda f: f.stat().st_mtime, reverse=True)[keep:]:
        shutil.rmtree(folder, ignore_errors=True)


def unfinished_jobs(data_dir: Path) -> list[dict]:
    """Jobs that started and did not finish, newest first (spec + how many are done)."""
    root = jobs_dir(data_dir)
    found: list[dict] = []
    if not root.is_dir():
        return found
    for folder in sorted(root.iterdir(), reverse=True):
        try:
            store = JobStore(data_dir, folder.name)
        except BadInput:
            continue
        if not store.exists() or store.status() == "done":
            continue
        try:
            spec = store.spec()
            with store.results_file.open("rb") as handle:
                done = sum(1 for _ in handle)
        except (OSError, BadInput):
            continue
        found.append({**spec, "done": done})
    return found
