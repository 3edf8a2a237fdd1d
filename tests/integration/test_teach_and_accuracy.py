"""Accuracy on labelled sets made here: zero-shot with the starter embedding model, and
teach-by-example (a trained classifier); saving, reusing and correcting a classifier.

The figures are printed (pytest -s shows them) and reported in bench/README.md (Classifying files: accuracy).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.core.classify import trained
from assistant.core.classify.messages import ClassifyItem, ClassifyRequest, TrainRequest
from assistant.core.protocol import Result
from tests.fixtures.labelled_texts import DESCRIPTIONS, INTENT_LABELS, INTENT_TEXTS, LABELS, TEXTS, split
from tests.helpers import make_engine


def write_examples(root: Path, pairs) -> Path:
    for number, (text, label) in enumerate(pairs):
        (root / label).mkdir(parents=True, exist_ok=True)
        (root / label / f"example-{number:02d}.txt").write_text(text)
    return root


def accuracy(engine, request: ClassifyRequest, test) -> float:
    terminal = engine.handle(request)
    assert isinstance(terminal, Result), terminal
    return sum(item.scores.top == label for item, (_, label) in zip(terminal.payload, test, strict=True)) / len(test)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return make_engine(tmp_path_factory.mktemp("models"))[0]


@pytest.mark.parametrize("name, texts, labels, zero_shot_floor, trained_floor", [
    ("topics", TEXTS, LABELS, 0.9, 0.9),
    ("intents", INTENT_TEXTS, INTENT_LABELS, 0.3, 0.75),
])  # fmt: skip
def test_zero_shot_and_teach_by_example_accuracy(engine, tmp_path, name, texts, labels, zero_shot_floor, trained_floor):
    train, test = split(texts)
    items = tuple(ClassifyItem(name=f"t{i}", text=t) for i, (t, _) in enumerate(test))
    zero_shot = accuracy(engine, ClassifyRequest(labels, items), test)
    described = accuracy(engine, ClassifyRequest(labels, items, descriptions=tuple(DESCRIPTIONS.items())), test) if name == "topics" else None
    trained = engine.handle(TrainRequest(name, examples_dir=str(write_examples(tmp_path / "examples", train))))
    assert isinstance(trained, Result), trained
    summary = trained.payload
    taught = accuracy(engine, ClassifyRequest((), items, classifier=name), test)
    print(
        f"\n[{name}] {len(test)} held-out texts, {len(labels)} labels: zero-shot {zero_shot:.1%}"
        + (f" (with descriptions {described:.1%})" if described is not None else "")
        + f"; teach-by-example ({len(train)} examples) {taught:.1%}, cross-validated {summary.cv_accuracy:.1%}"
        + f", temperature {summary.temperature:.2f}, log loss {summary.nll_before:.3f} -> {summary.nll_after:.3f}"
    )
    assert zero_shot >= zero_shot_floor and taught >= trained_floor
    assert summary.cv_folds == 5 and summary.examples == tuple((label, 8) for label in sorted(labels))
    assert summary.nll_after <= summary.nll_before  # temperature scaling never makes the held-out fit worse
    if name == "intents":
        assert taught > zero_shot  # where labels are the user's own notion, examples pay


def test_the_labels_names_help_a_classifier_taught_on_two_examples_each(engine, tmp_path, isolated_home):
    """Intents (complaint, praise, question, order) from two examples each: the classifier the
    engine trains, with the names' hint, against the same head without it (refitted on the
    examples' saved vectors and saved beside it), both scoring the held-out texts through the engine."""
    train, test = split(INTENT_TEXTS)
    few = [pair for label in INTENT_LABELS for pair in [p for p in train if p[1] == label][:2]]
    assert isinstance(engine.handle(TrainRequest("named", examples_dir=str(write_examples(tmp_path / "examples", few)))), Result)
    folder = isolated_home / "data" / "classifiers"
    named, vectors, targets, paths = trained.load(folder / "named")
    plain = trained.train("plain", named.labels, vectors, targets, named.embedding_model, paths)
    trained.save(folder / "plain", plain, vectors, targets, paths)
    items = tuple(ClassifyItem(name=f"t{i}", text=t) for i, (t, _) in enumerate(test))
    with_names = accuracy(engine, ClassifyRequest((), items, classifier="named"), test)
    without = accuracy(engine, ClassifyRequest((), items, classifier="plain"), test)
    print(f"\n[intents, 2 examples per label] {len(test)} held-out texts: with the names {with_names:.1%}, without {without:.1%}")
    assert named.info["name_scale"] == trained.NAME_SCALE and plain.info["name_scale"] == 0.0
    assert with_names > without


def test_a_classifier_is_saved_safely_reused_and_corrected(engine, tmp_path, isolated_home):
    train, _ = split(TEXTS)
    examples = write_examples(tmp_path / "examples", train)
    assert isinstance(engine.handle(TrainRequest("mine", examples_dir=str(examples))), Result)
    folder = isolated_home / "data" / "classifiers" / "mine"
    assert sorted(p.name for p in folder.iterdir()) == ["classifier.json", "classifier.safetensors"]  # no pickle
    meta = json.loads((folder / "classifier.json").read_text())
    assert meta["labels"] == sorted(LABELS) and meta["embedding_model"] == "all-MiniLM-L6-v2" and len(meta["example_paths"]) == 32

    # A file the classifier gets wrong, corrected by hand and added to its examples.
    odd = tmp_path / "odd.txt"
    odd.write_text("Our quarterly numbers: the bakery sold more croissants than ever, profits are up.")
    ask = ClassifyRequest((), (ClassifyItem("odd", path=str(odd)),), classifier="mine")
    first = engine.handle(ask).payload[0]
    wanted = next(label for label in LABELS if label != first.scores.top)
    extra = tmp_path / "more"
    extra.mkdir()
    pairs = [(str(odd), wanted)]
    for n in range(5):  # a few like it make the correction stick
        similar = extra / f"similar-{n}.txt"
        similar.write_text(f"Quarterly report {n}: the bakery sold more croissants, profits are up again.")
        pairs.append((str(similar), wanted))
    corrected = engine.handle(TrainRequest("mine", examples=tuple(pairs), extend=True))
    assert isinstance(corrected, Result), corrected
    assert dict(corrected.payload.examples)[wanted] == 8 + 6  # the old examples were kept, not re-read
    assert engine.handle(ask).payload[0].scores.top == wanted


def test_teaching_needs_two_labels_and_refuses_bad_names(engine, tmp_path):
    (tmp_path / "only" / "sports").mkdir(parents=True)
    (tmp_path / "only" / "sports" / "a.txt").write_text("A match.")
    one_label = engine.handle(TrainRequest("x", examples_dir=str(tmp_path / "only")))
    assert one_label.kind.value == "bad input" and "two labels" in one_label.message
    bad_name = engine.handle(TrainRequest("../evil", examples_dir=str(tmp_path / "only")))
    assert bad_name.kind.value == "bad input" and "name" in bad_name.message
    missing = engine.handle(ClassifyRequest((), (ClassifyItem("t", text="x"),), classifier="never-trained"))
    assert missing.kind.value == "bad input" and "no trained classifier" in missing.message


# Memos that share a long letterhead: the shared direction drowns what each says, unless the batch's
# mean is taken out (EmbeddingScorer.set_centre).
LETTERHEAD = "Internal memo of the Northwind Trading Company, filed by the records office, page one of one, confidential, do not forward. " * 3
MEMOS = {
    "sports": ["The striker scored twice in the cup final.", "Our team won the tennis match in three sets.", "The marathon runners crossed the finish line.",
               "The coach picked a new goalkeeper for the league.", "Fans cheered as the basketball game went to overtime.",
               "She broke the swimming world record.", "The referee showed a red card in the derby.", "The cyclist won the mountain stage."],
    "cooking": ["Simmer the onions in butter until golden.", "Bake the bread for forty minutes.", "Whisk the eggs with sugar for the cake.",
                "Season the soup with salt and pepper.", "Roast the chicken with garlic and rosemary.", "Chop the herbs for the salad dressing.",
                "Knead the dough and let it rise.", "Fry the fish in olive oil."],
    "politics": ["The senate passed the budget bill.", "The minister resigned after the vote.", "Parliament debated the new election law.",
                 "The president signed the treaty.", "Voters chose a new mayor yesterday.", "The opposition party called for a referendum.",
                 "The government announced tax reform.", "Lawmakers argued over the immigration bill."],
}  # fmt: skip


def test_zero_shot_takes_out_what_a_batch_has_in_common(engine, monkeypatch):
    from assistant.core.classify import scoring, task

    test = [(LETTERHEAD + text, label) for label, texts in MEMOS.items() for text in texts]
    items = tuple(ClassifyItem(name=f"m{i}", text=t) for i, (t, _) in enumerate(test))
    request = ClassifyRequest(tuple(MEMOS), items, self_train=False)  # centring alone: no second step
    centred = accuracy(engine, request, test)
    for module in (scoring, task):  # as a batch too small to centre is scored
        monkeypatch.setattr(module, "MIN_CENTRE_ITEMS", len(test) + 1)
    plain = accuracy(engine, request, test)
    print(f"\n[memos] zero-shot {plain:.1%}, centred on the batch {centred:.1%}")
    assert centred == 1.0 and plain < centred
