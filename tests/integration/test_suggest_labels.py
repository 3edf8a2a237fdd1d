"""Labels suggested for a folder with none, through the real engine and the starter embedding model,
and `assistant classify DIR --suggest-labels` as a real subprocess."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from assistant.core.classify.messages import SuggestedLabels, SuggestLabelsRequest
from assistant.core.protocol import Failure, FailureKind, Progress
from tests.fixtures.documents import make_docx
from tests.fixtures.labelled_texts import TEXTS
from tests.helpers import handle_stopping, make_engine, run_ok
from tests.integration.test_cli import cli


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return make_engine(tmp_path_factory.mktemp("models"))


def unlabelled_folder(root: Path) -> Path:
    """The four topics' 64 texts as files with neutral names, one a DOCX, and one file that cannot be read."""
    folder = root / "inbox"
    folder.mkdir()
    for label, texts in TEXTS.items():
        for number, text in enumerate(texts):
            if (label, number) == ("cooking", 0):
                make_docx(folder / f"{label}-{number:02d}.docx", [text])
            else:
                (folder / f"{label}-{number:02d}.txt").write_text(text)
    (folder / "noise.bin").write_bytes(bytes(range(256)) * 4)
    return folder


def topic_of(path: str) -> str:
    return Path(path).name.split("-")[0]


def test_a_folder_with_no_labels_gets_named_groups_that_follow_its_topics(engine, tmp_path):
    engine, recorder = engine
    folder = unlabelled_folder(tmp_path)
    result = run_ok(engine, SuggestLabelsRequest(sources=(str(folder),)))
    suggested = result.payload
    assert isinstance(suggested, SuggestedLabels)
    assert suggested.files == 64 and [Path(p).name for p, _ in suggested.unreadable] == ["noise.bin"]
    assert 4 <= len(suggested.labels) <= 12
    grouped = [path for label in suggested.labels for path, _ in label.files]
    assert sorted(grouped) == sorted(str(p) for p in folder.iterdir() if p.suffix != ".bin")  # every readable file once
    majority = sum(Counter(topic_of(p) for p, _ in label.files).most_common(1)[0][1] for label in suggested.labels)
    assert majority / 64 >= 0.7, [(label.name, [topic_of(p) for p, _ in label.files]) for label in suggested.labels]
    for label in suggested.labels:
        assert label.name and label.words and label.name.split(" & ")[0] == label.words[0]
        assert list(label.examples) == [p for p, _ in label.files[:3]]
        assert [s for _, s in label.files] == sorted((s for _, s in label.files), reverse=True)
    assert len({label.name for label in suggested.labels}) == len(suggested.labels)
    assert any(isinstance(r, Progress) and r.message.startswith("Reading files") for r in recorder.replies)

    four = run_ok(engine, SuggestLabelsRequest(sources=(str(folder),), groups=4)).payload
    assert len(four.labels) == 4 and [k for k, _ in four.tried] == [4]


def test_too_few_files_and_stop_say_so(engine, tmp_path):
    engine, _ = engine
    few = tmp_path / "few"
    few.mkdir()
    for n in range(3):
        (few / f"{n}.txt").write_text(f"A short note number {n} about the weather.")
    failure = engine.handle(SuggestLabelsRequest(sources=(str(few),)))
    assert isinstance(failure, Failure) and failure.kind is FailureKind.BAD_INPUT
    assert "at least 4 readable files" in failure.message
    failure = engine.handle(SuggestLabelsRequest())
    assert isinstance(failure, Failure) and failure.kind is FailureKind.BAD_INPUT

    folder = unlabelled_folder(tmp_path)
    request = SuggestLabelsRequest(sources=(str(folder),))

    def after_first_batch(reply) -> bool:
        return isinstance(reply, Progress) and reply.done > 0 and reply.message.startswith("Reading files")

    stopped = handle_stopping(engine, request, after_first_batch)
    assert isinstance(stopped, Failure) and stopped.kind is FailureKind.CANCELLED


def test_cli_suggests_labels_and_copies_each_file_into_its_group(isolated_home, tmp_path):
    folder = unlabelled_folder(tmp_path)
    done = cli("classify", str(folder), "--suggest-labels", "--groups", "4", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    labels = data["result"]["labels"]
    assert data["command"] == "suggest-labels" and len(labels) == 4 and sum(len(label["files"]) for label in labels) == 64
    assert "unreadable: " in done.stderr and "noise.bin" in done.stderr

    done = cli("classify", str(folder), "--suggest-labels", "--groups", "4", "--copy-to", str(tmp_path / "sorted"))
    assert done.returncode == 0, done.stderr
    names = [line.split("\t")[0] for line in done.stdout.splitlines()]
    assert len(names) == 4 and "--labels '" in done.stderr
    copied = [p for p in (tmp_path / "sorted").rglob("*") if p.is_file()]
    assert len(copied) == 64 and {p.parent.name for p in copied} <= {n.replace("/", "-") for n in names}
    assert len(list(folder.iterdir())) == 65  # copied, not moved

    done = cli("classify", str(tmp_path / "nothing-here"), "--suggest-labels")
    assert done.returncode == 2 and "no such file or folder" in done.stderr
