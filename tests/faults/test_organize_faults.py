"""Organize and undo under faults, through the real command line: the program killed (SIGKILL) at
several points of a job and of a move of 1,000 files, a resume and an undo from another folder, a
target disk that fills up (a small tmpfs in a user namespace), a label too long for a file name and
a label folder that is a file.  After every fault: no file lost, overwritten or stranded (compared
by SHA-256), no piece of a copy left, and the exit code says what happened."""

from __future__ import annotations

import csv
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LABELS = "sports,politics,cooking"
TEXTS = ("The goalkeeper saved a penalty in the final.", "The council voted on the new budget.", "Bake the bread at 220 degrees.")


def _env() -> dict:
    env = os.environ.copy()  # ASSISTANT_HOME (the test's), the hub off
    env["PYTHONPATH"] = str(ROOT)  # the CLI runs from other folders than the repository
    return env


def _cli(*args: str, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *args], cwd=cwd, env=_env(), capture_output=True, text=True, timeout=timeout)


def _hashes(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def _parts(root: Path) -> list[Path]:
    return [p for p in root.rglob("*.part")] if root.exists() else []


def _collisions(src: Path, count: int) -> None:
    """``count`` small files in src/a and src/b with the same names, so moving them needs free names."""
    for i in range(count):
        folder = src / ("a" if i % 2 else "b")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i // 2:04d}.txt").write_text(f"{TEXTS[(i // 2) % 3]} Note {i} from {folder.name}.")


def _kill_when(command: list[str], cwd: Path, log: Path, ready, limit: float = 300) -> None:
    """Start the CLI, SIGKILL it as soon as ``ready()`` is true (no clean-up of any kind)."""
    with log.open("w") as err:
        process = subprocess.Popen([sys.executable, "-m", "assistant", *command], cwd=cwd, env=_env(), stdout=subprocess.DEVNULL, stderr=err)
        try:
            deadline = time.monotonic() + limit
            while time.monotonic() < deadline and process.poll() is None and not ready():
                time.sleep(0.002)
            process.send_signal(signal.SIGKILL)
            process.wait(30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def _newest_run(home: Path) -> Path | None:
    runs = sorted((home / "data" / "organize").glob("*.jsonl")) if (home / "data" / "organize").is_dir() else []
    return runs[-1] if runs else None


def _done_lines(home: Path, after: set[Path]) -> int:
    run = _newest_run(home)
    if run is None or run in after:
        return 0
    return run.read_bytes().count(b'"type": "done"')


def _nothing_lost(before: dict[str, str], src: Path, target: Path) -> None:
    """Every original's bytes are somewhere (at its place or in the target), and the target holds nothing else."""
    found = Counter(_hashes(src).values()) + Counter(_hashes(target).values())
    assert not Counter(before.values()) - found, "a file was lost"
    assert set(_hashes(target).values()) <= set(before.values()), "a file in the target is not one of the originals"


def _undo_and_check(run: Path, before: dict[str, str], src: Path, target: Path, cwd: Path) -> subprocess.CompletedProcess:
    done = _cli("classify", "--undo", run.stem, cwd=cwd)
    assert done.returncode == 0, done.stderr
    assert _hashes(src) == before  # every file back at its own path with its own bytes: none lost, overwritten or stranded
    assert _hashes(target) == {} and not _parts(target) and not _parts(src)
    return done


def test_kills_during_a_job_and_a_move_of_1000_files_then_resume_and_undo_from_elsewhere(tmp_path, isolated_home):
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    elsewhere.mkdir()
    src, target = work / "src", work / "sorted"
    _collisions(src, 1000)
    before = _hashes(src)
    assert len(before) == 1000

    # 1. Killed while classifying; every path typed relative to `work`.
    err = tmp_path / "first.err"
    jobs = isolated_home / "data" / "jobs"

    def classifying() -> bool:
        found = re.search(r"^Job (\S+)", err.read_text(), re.M) if err.exists() else None
        return bool(found) and (jobs / found.group(1) / "results.jsonl").exists() and (jobs / found.group(1) / "results.jsonl").stat().st_size > 0

    _kill_when(["classify", "--labels", LABELS, "src", "--move-to", "sorted", "--out", "results.csv"], work, err, classifying)
    job = re.search(r"^Job (\S+)", err.read_text(), re.M).group(1)
    assert 0 < (jobs / job / "results.jsonl").read_bytes().count(b"\n") < 1000  # killed midway
    assert _hashes(src) == before and not target.exists()

    # 2. Resumed from another folder, killed at several points of its move; each time undone from there.
    mid_move = 0
    for stop_at in (1, 300, 800):
        runs_before = set((isolated_home / "data" / "organize").glob("*.jsonl")) if (isolated_home / "data" / "organize").is_dir() else set()
        _kill_when(["classify", "--resume", job], elsewhere, tmp_path / f"resume-{stop_at}.err", lambda runs_before=runs_before, stop_at=stop_at: _done_lines(isolated_home, runs_before) >= stop_at)
        run = _newest_run(isolated_home)
        assert run is not None and run not in runs_before, (tmp_path / f"resume-{stop_at}.err").read_text()[-2000:]
        if b'"type": "end"' not in run.read_bytes():
            mid_move += 1
        _nothing_lost(before, src, target)
        _undo_and_check(run, before, src, target, elsewhere)
    assert mid_move >= 2, "the kills came after the moves had ended: nothing was cut short"

    # 3. Resumed from another folder and left to finish: the CSV of the first run, and the move.
    done = _cli("classify", "--resume", job, cwd=elsewhere)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = list(csv.DictReader((work / "results.csv").open(encoding="utf-8")))
    assert len(rows) == 1000
    assert _hashes(src) == {} and sorted(_hashes(target).values()) == sorted(before.values())
    assert "1000 file(s) moved" in done.stderr and done.stderr.count("\nmoved: ") + done.stderr.startswith("moved: ") == 1000
    undone = _undo_and_check(_newest_run(isolated_home), before, src, target, elsewhere)
    assert "1000 file(s) put back" in undone.stdout  # exact: not more than were moved


# ------------------------------------------------------------------ a full target disk


def _can_mount_tmpfs(tmp_path: Path) -> bool:
    if not shutil.which("unshare"):
        return False
    probe = tmp_path / "probe"
    probe.mkdir()
    done = subprocess.run(["unshare", "--map-root-user", "--mount", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {probe}"], capture_output=True)
    return done.returncode == 0


def test_a_full_target_disk_names_the_files_that_failed_keeps_them_and_exits_non_zero(tmp_path, isolated_home):
    if not _can_mount_tmpfs(tmp_path):
        pytest.skip("needs `unshare --map-root-user --mount` to mount a small tmpfs (user namespaces are off here)")
    src, disk = tmp_path / "src", tmp_path / "disk"
    src.mkdir()
    disk.mkdir()
    for i in range(10):
        (src / f"{i:02d}.txt").write_text((TEXTS[i % 3] + f" Line {i}.\n") * 175)  # about 8 KB each, 80 KB in all
    before = _hashes(src)
    py, out = sys.executable, tmp_path
    organize = isolated_home / "data" / "organize"
    script = (
        f"mount -t tmpfs -o size=48k tmpfs {disk} || exit 99; "
        f"{py} -m assistant classify --labels {LABELS} {src} --move-to {disk}/sorted > {out}/run.out 2> {out}/run.err; echo $? > {out}/run.rc; "
        f"(cd {disk} && find . -type f -exec sha256sum {{}} +) > {out}/disk.txt; "
        f"{py} -m assistant classify --undo $(ls {organize} | sed 's/[.]jsonl$//') > {out}/undo.out 2> {out}/undo.err; echo $? > {out}/undo.rc; "
        f"(cd {disk} && find . -type f) > {out}/disk-after.txt"
    )
    done = subprocess.run(["unshare", "--map-root-user", "--mount", "sh", "-c", script], capture_output=True, text=True, env=_env(), cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    err = (out / "run.err").read_text()
    assert (out / "run.rc").read_text().strip() == "5", err[-3000:]
    failed = re.findall(r"^FAILED: (\S+) \(not moved: the disk is full\); it is still where it was$", err, re.M)
    moved = re.findall(r"^moved: (\S+) -> (\S+)$", err, re.M)
    assert failed and moved and len(failed) + len(moved) == 10, err[-3000:]
    assert f"{len(failed)} file(s) could not be moved" in err and f"{len(moved)} file(s) moved" in err
    for path in failed:  # the source kept, with its bytes
        assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == before[Path(path).name]
    on_disk = dict(line.split()[::-1] for line in (out / "disk.txt").read_text().splitlines())
    assert sorted(on_disk) == sorted("./" + Path(t).relative_to(disk).as_posix() for _, t in moved)  # nothing else: no piece of a copy
    for source, moved_to in moved:
        assert on_disk["./" + Path(moved_to).relative_to(disk).as_posix()] == before[Path(source).name]  # whole, not truncated
    assert (out / "undo.rc").read_text().strip() == "0", (out / "undo.err").read_text()
    assert f"{len(moved)} file(s) put back" in (out / "undo.out").read_text()
    assert _hashes(src) == before and (out / "disk-after.txt").read_text() == ""


# ---------------------------------------------------- names the disk refuses, a file as a folder


def test_a_label_too_long_for_a_name_and_a_label_folder_that_is_a_file_are_reported_with_exit_5(tmp_path, isolated_home):
    work = tmp_path / "work"
    (work / "src").mkdir(parents=True)
    (work / "src" / "bread.txt").write_text("Knead the dough, let it rise and bake the bread in the oven.")
    (work / "src" / "match.txt").write_text("The goalkeeper saved a penalty and the team won the final.")
    (work / "sorted").mkdir()
    (work / "sorted" / "sports").write_text("a file where the label folder would go")
    before = _hashes(work / "src")
    long_label = "baking" + "x" * 300
    done = _cli("classify", "--labels", f"{long_label},sports", "--describe", f"{long_label}=bread; dough; oven; baking",
                "--describe", "sports=football; goalkeeper; match", "src", "--move-to", "sorted", cwd=work)  # fmt: skip
    assert done.returncode == 5, done.stderr[-3000:]
    assert f"FAILED: {work}/src/bread.txt (not moved: the name is too long for the disk)" in done.stderr
    assert f"FAILED: {work}/src/match.txt (not moved: {work}/sorted/sports is a file, not a folder)" in done.stderr
    assert "2 file(s) could not be moved" in done.stderr and "\nmoved: " not in done.stderr
    assert _hashes(work / "src") == before

    (work / "a-file").write_text("not a folder")
    refused = _cli("classify", "--labels", "a,b", "src", "--copy-to", "a-file", cwd=work)
    assert refused.returncode == 2 and f"{work}/a-file is a file, not a folder" in refused.stderr
    assert _hashes(work / "src") == before and (work / "a-file").read_text() == "not a folder"
