"""Classifying a folder tree made here, with the starter embedding model and the real engine:
mixed formats, a binary, unreadable entries, a symlink loop, long documents, and a job
that crashes and resumes without doing any file twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from assistant.core.classify.messages import ClassifyItem, ClassifyJobResult, ClassifyRequest
from assistant.core.classify.results import read_results
from assistant.core.protocol import Failure, Partial, Result
from tests.fixtures.documents import make_docx, make_eml, make_odt, make_pdf, make_rtf
from tests.helpers import Recorder, make_engine

LABELS = ("sports", "politics", "cooking")
ROOT = Path(__file__).resolve().parents[2]


def make_tree(root: Path) -> dict[str, str]:
    """A folder of mixed files; returns relative path -> expected label (or 'unreadable')."""
    (root / "inbox" / "mail").mkdir(parents=True)
    (root / "inbox" / "papers").mkdir()
    expected = {}

    def add(rel: str, label: str) -> Path:
        expected[rel] = label
        return root / rel

    add("inbox/match.txt", "sports").write_text("The striker scored twice and the team won the league final.")
    add("inbox/notes.md", "cooking").write_text("# Sunday dinner\nRoast the chicken with garlic and rosemary for an hour.")
    add("inbox/page.html", "politics").write_text("<html><body><p>Parliament passed the election law after a long debate.</p></body></html>")
    make_pdf(add("inbox/papers/budget.pdf", "politics"), [["The senate voted on the budget.", "The minister defended the new tax law."]])
    make_docx(add("inbox/papers/recipe.docx", "cooking"), ["Knead the dough, let it rise, and bake the bread for forty minutes."])
    make_odt(add("inbox/papers/race.odt", "sports"), ["The cyclist won the mountain stage and kept the yellow jersey."])
    make_rtf(add("inbox/papers/soup.rtf", "cooking"), ["Simmer the tomato soup with basil, salt and olive oil."])
    make_eml(add("inbox/mail/vote.eml", "politics"), "Election night", "Voters elected a new mayor and the council.\n")
    (root / "inbox" / "scores.csv").write_text("team,goals,matches\nUnited,12,10\nCity,9,10\n")
    expected["inbox/scores.csv"] = "sports"
    add("inbox/photo.jpg", "unreadable").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8)
    os.mkfifo(add("inbox/pipe.txt", "unreadable"))
    add("inbox/gone.txt", "unreadable").symlink_to(root / "inbox" / "deleted-long-ago.txt")
    (root / "inbox" / "mail" / "loop").symlink_to(root / "inbox", target_is_directory=True)
    return expected


def test_mixed_folder_tree_in_a_job(tmp_path, isolated_home):
    expected = make_tree(tmp_path)
    engine, replies = make_engine(tmp_path / "models")
    request = ClassifyRequest(LABELS, (), job="tree", sources=(str(tmp_path / "inbox"),))
    terminal = engine.handle(request)
    assert isinstance(terminal, Result), terminal
    summary: ClassifyJobResult = terminal.payload
    items = {str(Path(i.path).relative_to(tmp_path)): i for i in read_results(Path(summary.results_file))}
    assert set(items) == set(expected)  # every file once; the loop was not followed
    assert summary.total == len(expected) and summary.unreadable == 3
    for rel, label in expected.items():
        item = items[rel]
        if label == "unreadable":
            assert not item.ok and item.label == "unreadable"
        else:
            assert item.ok and item.scores.top == label, (rel, item.scores)
            assert item.passages and item.passages[0].label == label
    assert "binary" in items["inbox/photo.jpg"].error
    assert "not a regular file" in items["inbox/pipe.txt"].error
    assert "no longer exists" in items["inbox/gone.txt"].error
    assert len(replies.of(Partial)) == len(expected)  # each file reported as it finished
    assert json.loads((isolated_home / "data" / "jobs" / "tree" / "state.json").read_text())["status"] == "done"


def test_long_document_is_split_and_the_deciding_passages_come_back(tmp_path):
    filler = [f"Chapter notes {i}: the weather was grey and the trains ran on time." for i in range(60)]
    key = [
        "The chef seared the scallops in butter and served them with a lemon risotto.",
        "Whisk the eggs with sugar, fold in the flour and bake the sponge cake for thirty minutes.",
        "Season the soup with salt, pepper and fresh herbs before serving.",
    ]
    lines = filler[:30] + key + filler[30:]
    path = make_pdf(tmp_path / "long.pdf", [lines[i : i + 20] for i in range(0, len(lines), 20)])
    engine, _ = make_engine(tmp_path / "models")
    terminal = engine.handle(ClassifyRequest(("sports", "politics", "cooking"), (ClassifyItem("long.pdf", path=str(path)),)))
    item = terminal.payload[0]
    assert item.chunks >= 4, item.chunks  # too long for one pass of the model
    assert item.scores.top == "cooking"
    best = item.passages[0]
    from assistant.core.files.read import read_text

    document = read_text(path)
    assert document[best.start : best.end] == best.text  # the tab can highlight it in place
    assert any(k.split()[1] in best.text for k in key), best.text
    assert document[: best.start].endswith(best.before) and document[best.end :].startswith(best.after)


def test_multi_label_and_unsure(tmp_path):
    engine, _ = make_engine(tmp_path / "models")
    both = "The minister opened the new football stadium and promised a law to fund youth sports clubs."
    vague = "It was fine, I suppose. We will see tomorrow."
    items = (ClassifyItem("both", text=both), ClassifyItem("vague", text=vague))
    multi = engine.handle(ClassifyRequest(LABELS, items, multi_label=True, threshold=0.5)).payload
    assert set(multi[0].labels) == {"sports", "politics"}, multi[0].scores
    assert multi[1].unsure and multi[1].labels == () and multi[1].label == "unsure", multi[1].scores
    single = engine.handle(ClassifyRequest(LABELS, items, unsure_below=0.6)).payload
    assert single[0].labels and len(single[0].labels) == 1 and not single[0].unsure
    assert single[1].unsure and single[1].scores.top_score < 0.6


def _folder_of(root: Path, count: int) -> Path:
    folder = root / "many"
    folder.mkdir()
    texts = ("The goalkeeper saved a penalty in the final.", "The council voted on the new budget.", "Bake the bread at 220 degrees.")
    for i in range(count):
        (folder / f"{i:04d}.txt").write_text(f"{texts[i % 3]} Note number {i}.")
    return folder


def test_a_job_that_fails_midway_resumes_without_doing_any_file_twice(tmp_path, isolated_home):
    folder = _folder_of(tmp_path, 70)

    class CrashAfter(Recorder):
        """Raise inside the job (on its 20th finished file), as a bug or a full disk would."""

        def __call__(self, reply):
            super().__call__(reply)
            if isinstance(reply, Partial) and len(self.of(Partial)) == 20:
                raise OSError("simulated crash")

    from assistant.worker.engine import Engine, EngineConfig

    crashing = Engine(EngineConfig(models_dir=tmp_path / "models", device="cpu"), emit=CrashAfter())
    request = ClassifyRequest(LABELS, (), job="crashy", sources=(str(folder),))
    failure = crashing.handle(request)
    assert isinstance(failure, Failure) and "simulated crash" in failure.message
    results = isolated_home / "data" / "jobs" / "crashy" / "results.jsonl"
    done_before = [json.loads(line)["index"] for line in results.read_text().splitlines()]
    assert 20 <= len(done_before) < 70  # the batch that crashed was already on disk; the rest was not done

    engine, replies = make_engine(tmp_path / "models")
    terminal = engine.handle(ClassifyRequest((), (), job="crashy"))  # only the id: labels come from the checkpoint
    summary = terminal.payload
    assert summary.resumed_from == len(done_before) and terminal.stats.items == 70 - len(done_before)
    indices = [json.loads(line)["index"] for line in results.read_text().splitlines()]
    assert sorted(indices) == list(range(70))  # every file exactly once
    shown = [reply.payload.index for reply in replies.of(Partial)]
    assert sorted(shown[:70]) == list(range(70))  # the earlier rows are shown again, then the new ones,
    assert sorted(shown[70:]) == list(range(70))  # then each revised by the second step


def _scored_rows(results: Path) -> dict[int, tuple]:
    return {item.index: (item.label, item.scores.scores) for item in read_results(results)}


def test_the_second_step_revises_what_the_first_showed_and_a_stop_inside_it_resumes_to_the_same_end(tmp_path, isolated_home):
    folder = _folder_of(tmp_path, 45)
    engine, replies = make_engine(tmp_path / "models")
    summary = engine.handle(ClassifyRequest(LABELS, (), job="whole", sources=(str(folder),))).payload
    jobs = isolated_home / "data" / "jobs"
    final = _scored_rows(jobs / "whole" / "results.jsonl")
    shown = replies.of(Partial)
    first = {reply.payload.index: reply.payload for reply in shown[:45]}
    last = {reply.payload.index: reply.payload for reply in shown}
    assert len(shown) == 90 and sorted(first) == list(range(45))
    assert {i: (item.label, item.scores.scores) for i, item in last.items()} == final  # the table ends as the file
    assert summary.revised == sum(first[i].label != last[i].label for i in range(45))
    assert [label for label, _ in summary.per_label] and sum(n for _, n in summary.per_label) + summary.unsure == 45

    class StopInSecondStep(Recorder):
        """Fail on the first revised row, as a Stop or a crash during the second step would."""

        def __call__(self, reply):
            super().__call__(reply)
            if isinstance(reply, Partial) and len(self.of(Partial)) == 46:
                raise OSError("stopped in the second step")

    from assistant.worker.engine import Engine, EngineConfig

    stopping = Engine(EngineConfig(models_dir=tmp_path / "models", device="cpu"), emit=StopInSecondStep())
    assert isinstance(stopping.handle(ClassifyRequest(LABELS, (), job="stopped", sources=(str(folder),))), Failure)
    first_step = _scored_rows(jobs / "stopped" / "results.jsonl")
    assert len(first_step) == 45 and first_step != final  # the first step's rows, kept
    resumed, _ = make_engine(tmp_path / "models")
    assert resumed.handle(ClassifyRequest((), (), job="stopped")).payload.resumed_from == 45
    assert _scored_rows(jobs / "stopped" / "results.jsonl") == final  # the same end as the run that was not stopped


def test_the_second_step_can_be_turned_off(tmp_path, isolated_home):
    folder = _folder_of(tmp_path, 24)
    engine, replies = make_engine(tmp_path / "models")
    summary = engine.handle(ClassifyRequest(LABELS, (), job="plain", sources=(str(folder),), self_train=False)).payload
    assert summary.revised == 0 and len(replies.of(Partial)) == 24
    assert not (isolated_home / "data" / "jobs" / "plain" / "vectors.bin").exists()
    assert not (isolated_home / "data" / "jobs" / "plain" / "terms.jsonl").exists()
    on = engine.handle(ClassifyRequest(LABELS, (), job="on", sources=(str(folder),))).payload
    jobs = isolated_home / "data" / "jobs"
    assert (jobs / "on" / "vectors.bin").is_file() and on.total == 24
    assert len((jobs / "on" / "terms.jsonl").read_text(encoding="utf-8").splitlines()) == 24  # each file's words, for the second step
    # Without a job (the same files in the same order) the second step learns from the same words, kept in memory.
    paths = [json.loads(line) for line in (jobs / "on" / "files.jsonl").read_text(encoding="utf-8").splitlines()]
    at_once = engine.handle(ClassifyRequest(LABELS, tuple(ClassifyItem(name=Path(p).name, path=p) for p in paths))).payload
    assert [(item.label, item.scores.scores) for item in at_once] == list(_scored_rows(jobs / "on" / "results.jsonl").values())


def test_a_killed_cli_job_resumes(tmp_path, isolated_home):
    folder = _folder_of(tmp_path, 400)
    command = [sys.executable, "-m", "assistant", "classify", "--labels", ",".join(LABELS), str(folder)]
    process = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        job = None
        for line in process.stderr:
            if line.startswith("Job "):
                job = line.split()[1]
                break
        assert job, "the CLI did not print its job id"
        results = isolated_home / "data" / "jobs" / job / "results.jsonl"
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and not (results.exists() and results.stat().st_size > 0):
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)  # no clean-up of any kind: like a power cut for the program
        process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()
    lines_at_kill = results.read_bytes().count(b"\n")
    assert 0 < lines_at_kill < 400, lines_at_kill  # killed mid-run
    done = subprocess.run([*command[:3], "classify", "--resume", job, "--json"], cwd=ROOT, env=os.environ.copy(),
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["result"]
    assert sorted(Path(r["name"]).name for r in rows) == sorted(p.name for p in folder.iterdir())
    indices = [json.loads(line)["index"] for line in results.read_text().splitlines()]
    assert sorted(indices) == list(range(400))


def test_old_finished_jobs_are_pruned_unfinished_ones_kept(isolated_home):
    from assistant.core.classify.job import JobStore, prune_finished_jobs, unfinished_jobs

    data = isolated_home / "data"
    for name in ("done-1", "done-2", "done-3", "open-1"):
        store = JobStore(data, name)
        store.create({"labels": ["a", "b"]}, ["/x"])
        if name.startswith("done"):
            store.mark("done")
    prune_finished_jobs(data, keep=1)
    remaining = sorted(p.name for p in (data / "jobs").iterdir())
    assert len(remaining) == 2 and "open-1" in remaining  # one finished job (the newest) and the open one
    assert [job["job"] for job in unfinished_jobs(data)] == ["open-1"]
