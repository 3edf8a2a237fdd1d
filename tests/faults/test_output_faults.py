"""Outputs never destroy their input, are refused before any work when they cannot be written,
and leave nothing behind when the disk fills up."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.core.files.write import CannotWrite, check_output, write_atomically, write_with

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, timeout=300, cwd=ROOT, env=os.environ.copy())


# ------------------------------------------------------------- check_output


def test_the_input_itself_through_a_link_or_a_hard_link_is_refused(tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("keep me", encoding="utf-8")
    (tmp_path / "soft.txt").symlink_to(source)
    os.link(source, tmp_path / "hard.txt")
    for target in (source, tmp_path / "soft.txt", tmp_path / "hard.txt", tmp_path / "sub" / ".." / "in.txt"):
        (tmp_path / "sub").mkdir(exist_ok=True)
        with pytest.raises(CannotWrite, match="is the file being read"):
            check_output(target, [source])
    assert source.read_text(encoding="utf-8") == "keep me"
    assert check_output(tmp_path / "other.txt", [source]) == tmp_path / "other.txt"


def test_a_folder_a_missing_folder_and_a_file_as_folder_are_refused(tmp_path):
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    with pytest.raises(CannotWrite, match="is a folder: give the name of a file"):
        check_output(tmp_path)
    with pytest.raises(CannotWrite, match="does not exist: create it first"):
        check_output(tmp_path / "missing" / "out.csv")
    with pytest.raises(CannotWrite, match="is a file, not a folder"):
        check_output(tmp_path / "plain" / "out.csv")
    with pytest.raises(CannotWrite, match="already exists"):
        check_output(tmp_path / "plain", overwrite=False)


def test_a_failing_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "out.txt"
    write_atomically(target, "old")

    def broken(tmp: Path) -> None:
        tmp.write_text("half", encoding="utf-8")
        raise ValueError("the writer broke")

    with pytest.raises(ValueError):
        write_with(target, broken)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


# ------------------------------------------------------- the commands, before any work


def test_translate_sentiment_and_classify_refuse_to_write_over_their_input(isolated_home, tmp_path):
    tmp_path = tmp_path / "work"
    tmp_path.mkdir()
    text = tmp_path / "notes.txt"
    text.write_text("The weather is fine.\nI love it.\n", encoding="utf-8")
    original = text.read_bytes()
    link = tmp_path / "link.txt"
    link.symlink_to(text)
    runs = [
        cli("translate", "--from", "en", "--to", "de", "--file", str(text), "--out", str(text)),
        cli("translate", "--from", "en", "--to", "de", "--file", str(text), "--out", str(link)),
        cli("sentiment", "--file", str(text), "--out", str(text)),
        cli("classify", "--labels", "a,b", str(text), "--out", str(link)),
    ]
    for done in runs:
        assert done.returncode == 2, done.stderr
        assert "is the file being read: writing there would destroy it" in done.stderr
        assert "Traceback" not in done.stderr
    assert text.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "notes.txt"]


@pytest.mark.parametrize("where, sentence", [("folder", "is a folder: give the name of a file"), ("missing", "does not exist: create it first")])
def test_an_output_that_cannot_be_written_is_refused_before_any_work(isolated_home, tmp_path, where, sentence):
    text = tmp_path / "notes.txt"
    text.write_text("The weather is fine.\n", encoding="utf-8")
    out = tmp_path if where == "folder" else tmp_path / "nowhere" / "out.csv"
    runs = [
        cli("translate", "--from", "en", "--to", "de", "--file", str(text), "--out", str(out)),
        cli("sentiment", "--file", str(text), "--out", str(out)),
        cli("classify", "--labels", "a,b", str(text), "--out", str(out)),
    ]
    for done in runs:
        assert done.returncode == 2, done.stderr
        assert sentence in done.stderr
        assert "Using " not in done.stderr  # refused before a model was chosen or loaded
        assert "Traceback" not in done.stderr
    assert not list(tmp_path.rglob(".*.tmp"))


# ------------------------------------------------------------ a full disk


def _can_mount_tmpfs(tmp_path: Path) -> bool:
    if not shutil.which("unshare"):
        return False
    target = tmp_path / "probe"
    target.mkdir()
    done = subprocess.run(["unshare", "--map-root-user", "--mount", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {target}"], capture_output=True)
    return done.returncode == 0


WRITE_ON_FULL_DISK = """
import sys
from pathlib import Path
from assistant.core.classify.results import write_csv
from assistant.core.classify.messages import ClassifiedItem
from assistant.core.files.write import CannotWrite, write_atomically
from assistant.core.scores import LabelScores

disk = Path(sys.argv[1])
write_atomically(disk / "old.txt", "old")
items = [ClassifiedItem(index=i, name=f"file-{i}.txt", scores=LabelScores((("a", 0.9), ("b", 0.1)))) for i in range(20000)]
for attempt in (lambda: write_atomically(disk / "old.txt", "x" * 400_000), lambda: write_csv(items, disk / "results.csv")):
    try:
        attempt()
    except CannotWrite as exc:
        print("SAID:", exc)
    else:
        print("WROTE")
print("LEFT:", sorted(p.name for p in disk.iterdir()))
print("OLD:", (disk / "old.txt").read_text())
"""


def test_a_full_disk_leaves_no_temporary_file_and_the_old_file_whole(tmp_path):
    if not _can_mount_tmpfs(tmp_path):
        pytest.skip("needs `unshare --map-root-user --mount` to mount a small tmpfs (user namespaces are off here)")
    disk = tmp_path / "small-disk"
    disk.mkdir()
    script = tmp_path / "write.py"
    script.write_text(WRITE_ON_FULL_DISK, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        ["unshare", "--map-root-user", "--mount", "sh", "-c", f"mount -t tmpfs -o size=256k tmpfs {disk} && exec {sys.executable} {script} {disk}"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    said = [line for line in lines if line.startswith("SAID:")]
    assert len(said) == 2, done.stdout
    assert all("could not be written: the disk is full." in line for line in said)
    assert "LEFT: ['old.txt']" in lines
    assert "OLD: old" in lines


# ------------------------------------------------------- replacing an output


def test_history_export_replaces_a_file_only_with_force(isolated_home, tmp_path):
    source = tmp_path / "talk.md"
    source.write_text("# A talk\n\n## User\n\nHello?\n\n## Assistant\n\nHello there.\n", encoding="utf-8")
    imported = cli("history", "import", str(source), "--json")
    assert imported.returncode == 0, imported.stderr
    conversation = json.loads(imported.stdout)["conversation"]
    target = tmp_path / "mine.md"
    target.write_text("mine", encoding="utf-8")
    refused = cli("history", "export", conversation, "--output", str(target))
    assert refused.returncode == 2 and "already exists" in refused.stderr and "--force" in refused.stderr, refused.stderr
    assert target.read_text(encoding="utf-8") == "mine"
    forced = cli("history", "export", conversation, "--output", str(target), "--force")
    assert forced.returncode == 0, forced.stderr
    assert "Hello there." in target.read_text(encoding="utf-8")


def test_sentiment_says_when_its_output_replaced_a_file(isolated_home, tiny_models, tmp_path):
    lines = tmp_path / "lines.txt"
    lines.write_text("Great stuff\nTerrible\n", encoding="utf-8")
    out = tmp_path / "scores.csv"
    out.write_text("old", encoding="utf-8")
    done = cli("sentiment", "--model", str(tiny_models["sentiment"]), "--file", str(lines), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert f"{out} was replaced." in done.stderr
    assert out.read_text(encoding="utf-8").startswith("text,sentiment")


def test_translate_onto_a_full_disk_says_so_keeps_the_work_and_leaves_no_temporary_file(isolated_home, tiny_models, tmp_path):
    if not _can_mount_tmpfs(tmp_path):
        pytest.skip("needs `unshare --map-root-user --mount` to mount a small tmpfs (user namespaces are off here)")
    source = tmp_path / "in.txt"
    source.write_text("Hello world. Good morning.\nThe weather is fine.\n", encoding="utf-8")
    disk = tmp_path / "small-disk"
    disk.mkdir()
    out = disk / "out.txt"
    command = f"{sys.executable} -m assistant translate --from en --to de --model {tiny_models['marian']} --file {source} --out {out}"
    fill = f"dd if=/dev/zero of={disk}/filler bs=4k 2>/dev/null; "  # stops when the disk is full
    done = subprocess.run(
        ["unshare", "--map-root-user", "--mount", "sh", "-c", f"mount -t tmpfs -o size=256k tmpfs {disk} && {fill} {command}; echo LEFT: $(ls -A {disk})"],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert "could not be written: the disk is full." in done.stderr, done.stderr
    assert "The translated sentences are kept: translate the same file again to write it." in done.stderr
    assert "Traceback" not in done.stderr
    assert "LEFT: filler" in done.stdout.splitlines()  # no out.txt, no .out.txt.*.tmp
    checkpoints = isolated_home / "cache" / "translate-checkpoints"
    assert checkpoints.is_dir() and any(checkpoints.iterdir())
