"""Teach by example with the embedding model tuned on the examples (core/classify/finetune.py), through
the real engine with the starter embedding model: progress and Stop, the tuned encoder saved as
safetensors with the classifier, reloaded for classifying with the same scores, extended."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from assistant.core.classify import finetune, trained
from assistant.core.classify.messages import ClassifyItem, ClassifyRequest, TrainRequest
from assistant.core.protocol import Failure, FailureKind, Progress, Result
from tests.fixtures.labelled_texts import TEXTS, split
from tests.helpers import embedding_model, handle_stopping, make_engine

LABELS = ("cooking", "sports", "technology")
SMALL = replace(finetune.RECIPE, pairs_per_example=8)  # a few steps: the tests are about the plumbing


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return make_engine(tmp_path_factory.mktemp("models"))


@pytest.fixture
def small_recipe(monkeypatch):
    monkeypatch.setattr(finetune, "RECIPE", SMALL)


def examples(tmp_path, per_label: int = 3):
    train, test = split({label: TEXTS[label] for label in LABELS})
    chosen = [pair for label in LABELS for pair in [p for p in train if p[1] == label][:per_label]]
    for number, (text, label) in enumerate(chosen):
        (tmp_path / "examples" / label).mkdir(parents=True, exist_ok=True)
        (tmp_path / "examples" / label / f"{number}.txt").write_text(text)
    return tmp_path / "examples", chosen, test


def folder_of(home, name: str):
    return home / "data" / "classifiers" / name


def test_a_tuned_classifier_is_saved_reloaded_and_scores_the_same(engine, tmp_path, isolated_home, small_recipe):
    """The tuned encoder goes to disk as safetensors; a new engine, loading it from there, gives the
    scores the in-memory encoder gave, and they are not the untuned model's."""
    import torch

    from assistant.core.classify.chunking import document_vectors, model_max_tokens

    engine, _ = engine
    _, chosen, test = examples(tmp_path)
    run = engine.handle(ClassifyRequest(("a", "b"), (ClassifyItem("warm", text="warm up"),)))  # loads the model
    assert isinstance(run, Result)
    loaded = embedding_model(engine)
    targets = [LABELS.index(label) for _, label in chosen]
    encoder = finetune.tune(loaded, [text for text, _ in chosen], targets, SMALL)
    tuned = finetune.with_encoder(loaded, encoder)
    vectors = torch.stack(document_vectors(tuned, [text for text, _ in chosen], model_max_tokens(tuned) - 2))
    classifier = trained.train("tuned", LABELS, vectors, targets, loaded.info.name, [f"/x/{i}.txt" for i in range(len(chosen))])
    folder = folder_of(isolated_home, "tuned")
    trained.save(folder, classifier, vectors, targets, [f"/x/{i}.txt" for i in range(len(chosen))], encoder)
    texts = [text for text, _ in test[:6]]
    expected = classifier.probabilities(torch.stack(document_vectors(tuned, texts, model_max_tokens(tuned) - 2)))
    untuned = classifier.probabilities(torch.stack(document_vectors(loaded, texts, model_max_tokens(loaded) - 2)))

    meta = json.loads((folder / "classifier.json").read_text())
    assert meta["encoder"].startswith("encoder-") and meta["encoder"].endswith(".safetensors")
    assert sorted(p.name for p in folder.iterdir()) == sorted(["classifier.json", "classifier.safetensors", meta["encoder"]])

    fresh, _ = make_engine(engine.config.models_dir)  # nothing in memory: the encoder comes from the file
    items = tuple(ClassifyItem(f"t{i}", text=text) for i, text in enumerate(texts))
    result = fresh.handle(ClassifyRequest((), items, classifier="tuned"))
    assert isinstance(result, Result), result
    got = torch.tensor([[item.scores.as_dict()[label] for label in LABELS] for item in result.payload])
    torch.testing.assert_close(got, expected, atol=1e-5, rtol=0)
    assert (got - untuned).abs().max() > 1e-4  # the scores are the tuned encoder's, not the base model's


def test_fine_tuning_through_the_engine_reports_its_steps_and_is_kept_when_extended(engine, tmp_path, isolated_home, small_recipe):
    engine, recorder = engine
    folder_in, chosen, test = examples(tmp_path)
    recorder.replies.clear()
    result = engine.handle(TrainRequest("topics", examples_dir=str(folder_in), finetune=True))
    assert isinstance(result, Result), result
    summary = result.payload
    assert summary.finetuned and summary.examples == tuple((label, 3) for label in LABELS)
    steps = [(r.done, r.total) for r in recorder.replies if isinstance(r, Progress) and r.message.startswith("Tuning the embedding model")]
    total = steps[-1][1]
    assert steps == [(n, total) for n in range(1, total + 1)]  # every step, in order, out of the real total
    alone = finetune.steps_of(len(finetune.make_pairs([0] * 3 + [1] * 3 + [2] * 3, SMALL.pairs_per_example)), SMALL)
    assert total > alone  # the two tunings on half the examples, which measure its accuracy, are counted too
    assert summary.cv_folds == 2 and summary.cv_accuracy is not None  # judged on examples its encoder had not seen
    folder = folder_of(isolated_home, "topics")
    first_encoder = json.loads((folder / "classifier.json").read_text())["encoder"]
    assert json.loads((folder / "classifier.json").read_text())["name_scale"] == 0.0  # no names' hint on a tuned encoder

    # A correction added to a tuned classifier tunes again (its vectors cannot mix with the untuned model's).
    extra = tmp_path / "extra.txt"
    extra.write_text("The new laptop has a faster chip and a brighter screen.")
    again = engine.handle(TrainRequest("topics", examples=((str(extra), "technology"),), extend=True))
    assert isinstance(again, Result), again
    assert again.payload.finetuned and dict(again.payload.examples) == {"cooking": 3, "sports": 3, "technology": 4}
    encoder = json.loads((folder / "classifier.json").read_text())["encoder"]
    assert encoder != first_encoder and [p.name for p in folder.glob("encoder-*")] == [encoder]  # the old one is gone

    items = tuple(ClassifyItem(f"t{i}", text=text) for i, (text, _) in enumerate(test))
    classified = engine.handle(ClassifyRequest((), items, classifier="topics"))
    assert isinstance(classified, Result), classified
    right = sum(item.scores.top == label for item, (_, label) in zip(classified.payload, test, strict=True))
    assert right / len(test) >= 0.8  # 3 examples per label of three plain topics

    # Untuned on request: the same examples, no encoder file left.
    plain = engine.handle(TrainRequest("topics", extend=True, finetune=False))
    assert isinstance(plain, Result) and not plain.payload.finetuned
    assert json.loads((folder / "classifier.json").read_text())["encoder"] is None and not list(folder.glob("encoder-*"))
    assert json.loads((folder / "classifier.json").read_text())["name_scale"] == trained.NAME_SCALE


def test_stop_during_fine_tuning_leaves_no_half_classifier(engine, tmp_path, isolated_home, small_recipe):
    engine, _ = engine
    folder_in, _, _ = examples(tmp_path)
    request = TrainRequest("stopped", examples_dir=str(folder_in), finetune=True)
    seen: list[Progress] = []

    def at_second_step(reply) -> bool:
        if isinstance(reply, Progress) and reply.message.startswith("Tuning the embedding model"):
            seen.append(reply)
            return reply.done == 2
        return False

    stopped = handle_stopping(engine, request, at_second_step)
    assert isinstance(stopped, Failure) and stopped.kind is FailureKind.CANCELLED
    assert [p.done for p in seen] == [1, 2]  # stopped between steps, not at the end
    assert not folder_of(isolated_home, "stopped").exists()

    # Stopping the retraining of an existing classifier leaves it as it was.
    assert isinstance(engine.handle(TrainRequest("kept", examples_dir=str(folder_in))), Result)
    kept = folder_of(isolated_home, "kept")
    before = {p.name: p.read_bytes() for p in kept.iterdir()}
    retrain = TrainRequest("kept", extend=True, finetune=True)
    seen.clear()

    def at_first_step(reply) -> bool:
        return isinstance(reply, Progress) and reply.message.startswith("Tuning the embedding model") and reply.done == 1

    assert handle_stopping(engine, retrain, at_first_step).kind is FailureKind.CANCELLED
    assert {p.name: p.read_bytes() for p in kept.iterdir()} == before


def test_tuning_reads_openings_and_the_held_out_halves_whole_documents(engine, tmp_path, isolated_home, small_recipe, monkeypatch):
    """Tuning reads each example's opening; the halves that give the accuracy shown and the
    temperature score the whole text, as the classifier will (scored on openings, a long
    document's classifier came out under-confident).  Every example here opens with the same long
    preface, so only what follows it tells them apart."""
    from assistant.core.classify import train

    engine, _ = engine
    folder_in, chosen, _ = examples(tmp_path)
    preface = ("This document belongs to a shared archive and follows its house style. " * 80)[: train.TUNING_CHARS + 100]
    for path in folder_in.rglob("*.txt"):
        path.write_text(preface + path.read_text())
    tuned_on: list[int] = []  # the length of every text a tuning read
    embedded: list[int] = []  # ... and of every text embedded for the halves and the final classifier
    real_tune, real_vectors = finetune.tune, train.document_vectors
    monkeypatch.setattr(finetune, "tune", lambda loaded, texts, *rest: tuned_on.extend(map(len, texts)) or real_tune(loaded, texts, *rest))
    monkeypatch.setattr(train, "document_vectors", lambda loaded, texts, *rest: embedded.extend(map(len, texts)) or real_vectors(loaded, texts, *rest))

    result = engine.handle(TrainRequest("prefaced", examples_dir=str(folder_in), finetune=True))

    assert isinstance(result, Result), result
    assert result.payload.cv_folds == 2
    assert len(tuned_on) == 2 * len(chosen) and max(tuned_on) == train.TUNING_CHARS  # two halves, then all
    assert len(embedded) == 3 * len(chosen)  # each half's encoder scores every example; then the final vectors
    assert min(embedded) > train.TUNING_CHARS  # whole documents
