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
    intents = [json.loads(line) for line in lines if json.loads(line)["type"] in ("intent", "mkdir")]
    extra = [{"type": "intent", "i": 2 + n, "source": op.source, "target": op.target, "size": 0, "sha256": ""} for n, op in enumerate(planned[2:])]
    done_first = next(line for line in lines if json.loads(line)["type"] == "done")
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


# ------------------------------------------------- many files, other folders, exact counts


def _many(root: Path, count: int) -> list[tuple[str, str]]:
    """``count`` small files in two folders with the same names (a/0001.txt and b/0001.txt...)."""
    pairs = []
    for i in range(count):
        folder = root / ("a" if i % 2 else "b")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{i // 2:04d}.txt"
        path.write_text(f"file {i} in {folder.name}")
        pairs.append((str(path), ("sports", "politics", "cooking")[(i // 2) % 3]))  # both of a name share a label
    return pairs


def test_a_thousand_files_with_the_same_names_move_and_come_back_exactly(tmp_path, isolated_home):
    data = isolated_home / "data"
    pairs = _many(tmp_path / "inbox", 1000)
    before = snapshot(tmp_path / "inbox")
    planned, skipped = organize.plan(pairs, tmp_path / "sorted")
    assert len(planned) == 1000 and not skipped
    result = organize.execute(planned, "move", data)
    assert result.done == 1000 and len(result.placed) == 1000 and not result.failed
    after = snapshot(tmp_path / "sorted")
    assert len(after) == 1000 and sorted(after.values()) == sorted(before.values())  # same bytes, none lost or merged
    assert any(name.endswith(" (2).txt") for name in after)  # the second of two same names got a free one
    undone = organize.undo(result.run_id, data)
    assert undone.done == 1000 and not undone.skipped
    assert snapshot(tmp_path / "inbox") == before and not (tmp_path / "sorted").exists()


def test_relative_paths_are_stored_absolute_and_undo_works_from_another_folder(tmp_path, isolated_home, monkeypatch):
    data = isolated_home / "data"
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    elsewhere.mkdir()
    pairs = _many(work / "rel" / "src", 6)
    before = snapshot(work / "rel" / "src")
    monkeypatch.chdir(work)
    relative = [(str(Path(p).relative_to(work)), label) for p, label in pairs]
    planned, _ = organize.plan(relative, "rel/target")
    result = organize.execute(planned, "move", data)
    assert result.done == 6
    header, *rest = organize.read_log(Path(result.log_file))
    assert header["cwd"] == str(work)
    assert all(Path(e["source"]).is_absolute() and Path(e["target"]).is_absolute() for e in rest if e["type"] == "intent")
    monkeypatch.chdir(elsewhere)
    undone = organize.undo(result.run_id, data)
    assert undone.done == 6 and not undone.failed
    assert snapshot(work / "rel" / "src") == before


def _old_style(log: Path) -> None:
    """Rewrite a log as an older version wrote it: relative paths, no working directory."""
    entries = organize.read_log(log)
    base = entries[0].pop("cwd")
    for entry in entries:
        for key in ("source", "target", "path", "part"):
            if key in entry:
                entry[key] = str(Path(entry[key]).relative_to(base))
    log.write_text("".join(json.dumps(e) + "\n" for e in entries))


def test_an_old_log_with_relative_paths_is_never_marked_undone_when_nothing_was_put_back(tmp_path, isolated_home, monkeypatch):
    data = isolated_home / "data"
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    elsewhere.mkdir()
    pairs = _many(work / "src", 4)
    before = snapshot(work / "src")
    monkeypatch.chdir(work)
    planned, _ = organize.plan([(str(Path(p).relative_to(work)), label) for p, label in pairs], "target")
    result = organize.execute(planned, "move", data)
    _old_style(Path(result.log_file))
    monkeypatch.chdir(elsewhere)
    with pytest.raises(BadInput, match="relative to the folder it ran in.*none of its files is under " + str(elsewhere)):
        organize.undo(result.run_id, data)
    assert not organize.list_runs(data)[0]["undone"]
    monkeypatch.chdir(work)  # where it ran: the relative paths are found there
    notes = []
    undone = organize.undo(result.run_id, data, lambda d, t, m: notes.append(m))
    assert undone.done == 4 and snapshot(work / "src") == before
    assert any("relative paths" in note and str(work) in note for note in notes)


def test_undo_counts_only_what_it_put_back_and_a_run_with_files_left_stays_open(tmp_path, isolated_home):
    data = isolated_home / "data"
    pairs = _many(tmp_path / "inbox", 10)
    sorted_dir = tmp_path / "sorted"
    sorted_dir.mkdir()
    (sorted_dir / "politics").write_text("a file where a label folder would go")
    (sorted_dir / "cooking").write_text("another")
    planned, _ = organize.plan(pairs, sorted_dir)
    result = organize.execute(planned, "move", data)
    assert result.done == 4 and len(result.failed) == 6  # only the sports files could move
    assert all("is a file, not a folder" in why for _, why in result.failed)
    assert {op.source for op in result.placed} == {p for p, label in pairs if label == "sports"}
    moved_away = Path(result.placed[0].target)
    moved_away.rename(tmp_path / "kept-aside.txt")  # the person moved one elsewhere since
    undone = organize.undo(result.run_id, data)
    assert undone.done == 3  # not 10: the failed ones never moved, the one moved aside is not back
    assert undone.failed == ((str(moved_away), "the moved file is gone (deleted since?)"),)
    assert not organize.list_runs(data)[0]["undone"]  # open: a later undo tries the one left
    (tmp_path / "kept-aside.txt").rename(moved_away)
    again = organize.undo(result.run_id, data)
    assert again.done == 1 and not again.failed
    assert organize.list_runs(data)[0]["undone"]
    with pytest.raises(BadInput, match="already undone"):
        organize.undo(result.run_id, data)


def test_a_target_that_is_a_file_is_refused_before_anything_happens(tmp_path, inbox):
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(BadInput, match="is a file, not a folder"):
        organize.plan(assignments(inbox), tmp_path / "a-file")


def test_a_label_too_long_for_a_file_name_fails_that_file_only(tmp_path, inbox, isolated_home):
    planned, _ = organize.plan([(str(inbox / "vote.txt"), "x" * 300), (str(inbox / "bin.dat"), "sports")], tmp_path / "sorted")
    result = organize.execute(planned, "copy", isolated_home / "data")
    assert result.done == 1 and result.failed == ((str(inbox / "vote.txt"), "not copied: the name is too long for the disk"),)


def test_pieces_a_crash_left_in_the_target_are_removed_by_undo(tmp_path, inbox, isolated_home):
    """A copy cut short (the hidden .part) and a claimed empty name are this run's: undo removes them,
    and leaves the originals as they are."""
    data = isolated_home / "data"
    before = snapshot(inbox)
    planned, _ = organize.plan(assignments(inbox)[:2], tmp_path / "sorted")
    result = organize.execute(planned, "copy", data)
    log = Path(result.log_file)
    entries = [e for e in organize.read_log(log) if e["type"] not in ("done", "end")]
    log.write_text("".join(json.dumps(e) + "\n" for e in entries))  # as if killed before any "done"
    intents = [e for e in entries if e["type"] == "intent"]
    Path(intents[0]["part"]).write_bytes(b"half a co")
    Path(intents[1]["target"]).write_bytes(b"")  # the name claimed, the copy never renamed over it
    undone = organize.undo(result.run_id, data)
    assert not undone.failed and snapshot(inbox) == before
    assert not (tmp_path / "sorted").exists()
