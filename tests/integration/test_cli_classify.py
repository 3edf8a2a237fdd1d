"""`assistant classify` as a real subprocess: train, classify a folder to CSV, move, undo."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

from tests.fixtures.labelled_texts import TEXTS, split
from tests.integration.test_cli import cli


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def test_train_classify_to_csv_move_and_undo(isolated_home, tmp_path):
    train, test = split(TEXTS)
    for number, (text, label) in enumerate(train):
        (tmp_path / "examples" / label).mkdir(parents=True, exist_ok=True)
        (tmp_path / "examples" / label / f"{number}.txt").write_text(text)
    done = cli("classify", "--train", "topics", "--examples", str(tmp_path / "examples"))
    assert done.returncode == 0, done.stderr
    assert "cross-validated accuracy" in done.stdout and "--classifier 'topics'" in done.stdout
    assert "the labels' names help as a hint" in done.stdout

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for number, (text, label) in enumerate(test[::4]):
        (inbox / f"{number:02d}-{label}.txt").write_text(text)
    (inbox / "noise.bin").write_bytes(bytes(range(256)) * 4)
    before = snapshot(inbox)
    out = tmp_path / "results.csv"
    done = cli("classify", "--classifier", "topics", str(inbox), "--out", str(out), "--move-to", str(tmp_path / "sorted"))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 9
    for row in rows:
        if row["name"] == "noise.bin":
            assert row["label"] == "unreadable" and "binary" in row["error"]
        else:
            assert row["label"] == row["name"].split("-")[1].removesuffix(".txt"), row
            assert float(row["score"]) > 0.5 and row["passage"]
    moved = snapshot(tmp_path / "sorted")
    assert sorted(moved) == sorted(f"{name.split('-')[1][:-4]}/{name}" for name in before if name.endswith(".txt"))
    assert snapshot(inbox) == {"noise.bin": before["noise.bin"]}  # the unreadable file stays where it was
    run_id = re.search(r"--undo (\S+)", done.stderr).group(1)

    done = cli("classify", "--undo", run_id)
    assert done.returncode == 0, done.stderr
    assert snapshot(inbox) == before and snapshot(tmp_path / "sorted") == {}

    done = cli("classify", "--list", "--json")
    listing = json.loads(done.stdout)
    assert listing["classifiers"][0]["name"] == "topics" and listing["runs"][0]["undone"] is True


def test_dry_run_with_descriptions_and_json_output(isolated_home, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Knead the dough and bake the bread.")
    (inbox / "b.txt").write_text("The goalkeeper saved a penalty.")
    before = snapshot(inbox)
    done = cli("classify", "--labels", "kitchen,games", "--describe", "kitchen=recipes; baking", "--describe", "games=football; matches",
               str(inbox), "--copy-to", str(tmp_path / "sorted"), "--dry-run", "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    labels = {Path(r["name"]).name: r["label"] for r in data["result"]}
    assert labels == {"a.txt": "kitchen", "b.txt": "games"}
    assert [Path(p["target"]).relative_to(tmp_path / "sorted").as_posix() for p in data["run"]["planned"]] == ["kitchen/a.txt", "games/b.txt"]
    assert "would copy" in done.stderr and not (tmp_path / "sorted").exists() and snapshot(inbox) == before
    bad = cli("classify", "--labels", "a,b", "--describe", "no-equals-sign", str(inbox))
    assert bad.returncode == 2 and "LABEL=TEXT" in bad.stderr


def test_a_folder_job_says_what_the_second_step_changed_and_no_self_train_keeps_the_first_labels(isolated_home, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    texts = ("The keeper saved a penalty in the cup final.", "The senate passed the budget after a vote.", "Fry the onions, then add the rice.")
    for number in range(24):
        (inbox / f"{number:02d}.txt").write_text(f"{texts[number % 3]} Item {number}.")
    for flags, second_step in (((), True), (("--no-self-train",), False)):
        done = cli("classify", "--labels", "sports,politics,cooking", str(inbox), *flags)
        assert done.returncode == 0, done.stderr
        job = re.search(r"Job (\S+)", done.stderr).group(1)
        folder = isolated_home / "data" / "jobs" / job
        assert json.loads((folder / "spec.json").read_text())["self_train"] is second_step
        assert (folder / "vectors.bin").exists() is second_step


def test_train_with_fine_tune_saves_the_tuned_encoder_and_classifies_with_it(isolated_home, tmp_path):
    examples = {
        "sports": ("The striker scored twice in the final.", "She won the tennis match in three sets."),
        "cooking": ("Simmer the onions in butter until golden.", "Bake the bread for forty minutes."),
    }
    for label, texts in examples.items():
        (tmp_path / "examples" / label).mkdir(parents=True)
        for number, text in enumerate(texts):
            (tmp_path / "examples" / label / f"{number}.txt").write_text(text)
    done = cli("classify", "--train", "tuned", "--examples", str(tmp_path / "examples"), "--fine-tune")
    assert done.returncode == 0, done.stderr
    assert "tuned on the examples" in done.stdout and "Tuning the embedding model: step" in done.stderr
    folder = isolated_home / "data" / "classifiers" / "tuned"
    encoder = json.loads((folder / "classifier.json").read_text())["encoder"]
    assert encoder and (folder / encoder).is_file() and not list(folder.glob("*.bin"))
    done = cli("classify", "--classifier", "tuned", "--json", "The goalkeeper saved a penalty in the cup final.")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["result"][0]["label"] == "sports"
