"""Organizing files into label folders: dry run, no overwrites, a log before every move, and undo."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from assistant.core.classify import organize
from assistant.core.protocol import BadInput


def snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root``: relative path -> SHA-256 of its bytes."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def inbox(tmp_path):
    root = tmp_path / "inbox"
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    (root / "a" / "report.txt").write_text("football report A")
    (root / "b" / "report.txt").write_text("football report B")  # same name, other folder
    (root / "vote.txt").write_text("the vote")
    (root / "bin.dat").write_bytes(bytes(range(256)) * 40)
    return root


def assignments(inbox: Path):
    return [
        (str(inbox / "a" / "report.txt"), "sports"),
        (str(inbox / "b" / "report.txt"), "sports"),
        (str(inbox / "vote.txt"), "politics"),
        (str(inbox / "bin.dat"), "sports/../../escape"),  # a label is never a path
    ]


def test_dry_run_plans_collisions_and_changes_nothing(tmp_path, inbox):
    sorted_dir = tmp_path / "sorted"
    (sorted_dir / "sports").mkdir(parents=True)
    (sorted_dir / "sports" / "report.txt").write_text("already here, must survive")
    before = snapshot(tmp_path)
    planned, skipped = organize.plan(assignments(inbox) + [(str(inbox / "missing.txt"), "sports")], sorted_dir)
    assert snapshot(tmp_path) == before  # a dry run touches nothing
    targets = [Path(op.target).relative_to(sorted_dir).as_posix() for op in planned]
    assert targets == ["sports/report (2).txt", "sports/report (3).txt", "politics/vote.txt", "sports-..-..-escape/bin.dat"]
    assert skipped == [(str(inbox / "missing.txt"), "no longer there or not a regular file")]


def test_move_is_logged_first_never_overwrites_and_undo_restores_every_byte(tmp_path, inbox, isolated_home):
    data = isolated_home / "data"
    sorted_dir = tmp_path / "sorted"
    (sorted_dir / "sports").mkdir(parents=True)
    (sorted_dir / "sports" / "report.txt").write_text("already here, must survive")
    before_inbox, before_sorted = snapshot(inbox), snapshot(sorted_dir)
    planned, _ = organize.plan(assignments(inbox), sorted_dir)
    # A file that appears after the dry run, under a planned name, is not replaced either.
    (sorted_dir / "politics").mkdir()
    (sorted_dir / "politics" / "vote.txt").write_text("appeared later")
    result = organize.execute(planned, "move", data)
    assert result.done == 4 and not result.skipped
    assert snapshot(inbox) == {}
    after = snapshot(sorted_dir)
    assert after["sports/report.txt"] == before_sorted["sports/report.txt"]
    assert after["politics/vote.txt"] == hashlib.sha256(b"appeared later").hexdigest()
    assert after["politics/vote (2).txt"] == before_inbox["vote.txt"]
    assert after["sports/report (2).txt"] == before_inbox["a/report.txt"]

    entries = [json.loads(line) for line in Path(result.log_file).read_text().splitlines()]
    kinds = [e["type"] for e in entries]
    for op in (e for e in entries if e["type"] == "done"):
        intent_at = next(n for n, e in enumerate(entries) if e["type"] == "intent" and e["i"] == op["i"])
        assert intent_at < entries.index(op)  # the intent was written before the move
    assert kinds[0] == "run" and kinds[-1] == "end" and kinds.count("intent") == 4

    undone = organize.undo(result.run_id, data)
    assert undone.done == 4 and not undone.skipped
    assert snapshot(inbox) == before_inbox  # every file back, same bytes, same place
    assert snapshot(sorted_dir) == {"sports/report.txt": before_sorted["sports/report.txt"], "politics/vote.txt": after["politics/vote.txt"]}
    assert not (sorted_dir / "sports-..-..-escape").exists()  # the folder the run made is gone
    with pytest.raises(BadInput, match="already undone"):
        organize.undo(result.run_id, data)


def test_copy_and_undo_keeps_a_copy_that_was_edited(tmp_path, inbox, isolated_home):
    data = isolated_home / "data"
    before = snapshot(inbox)
    planned, _ = organize.plan(assignments(inbox)[:3], tmp_path / "sorted")
    result = organize.execute(planned, "copy", data)
    assert result.done == 3 and snapshot(inbox) == before
    (tmp_path / "sorted" / "politics" / "vote.txt").write_text("I edited the copy")
    undone = organize.undo(result.run_id, data)
    assert undone.done == 2 and undone.skipped[0][1] == "the copy was changed since; it was kept"
    assert snapshot(tmp_path / "sorted") == {"politics/vote.txt": hashlib.sha256(b"I edited the copy").hexdigest()}
    assert snapshot(inbox) == before


def test_undo_after_a_crash_in_the_middle_of_a_run(tmp_path, inbox, isolated_home):
    """The log says more was intended than done (the program died): undo reads the disk and restores."""
    data = isolated_home / "data"
    before = snapshot(inbox)
    planned, _ = organize.plan(assignments(inbox), tmp_path / "sorted")
    result = organize.execute(planned[:2], "move", data)
    log = Path(result.log_file)
    lines = log.read_text().splitlines()
    # Cut the log as a crash would: intents for all four, "done" only for the first, no end line.
    intents = [json.loads(l) for l in lines if json.loads(l)["type"] in ("intent", "mkdir")]
    extra = [{"type": "intent", "i": 2 + n, "source": op.source, "target": op.target, "size": 0, "sha256": ""} for n, op in enumerate(planned[2:])]
    done_first = next(l for l in lines if json.loads(l)["type"] == "done")
    log.write_text("\n".join([lines[0], *map(json.dumps, intents + extra), done_first, '{"type": "do']) + "\n")
    undone = organize.undo(result.run_id, data)
    assert not undone.skipped
    assert snapshot(inbox) == before


def test_runs_are_listed_and_bad_ids_refused(tmp_path, inbox, isolated_home):
    data = isolated_home / "data"
    planned, _ = organize.plan(assignments(inbox)[:1], tmp_path / "sorted")
    result = organize.execute(planned, "move", data)
    assert organize.list_runs(data)[0] == {"run": result.run_id, "mode": "move", "count": 1, "done": 1, "failed": 0, "undone": False}
    for bad in ("../etc/passwd", "no-such-run"):
        with pytest.raises(BadInput):
            organize.undo(bad, data)
