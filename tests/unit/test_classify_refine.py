"""The second step of classifying a batch: the job's record of vectors and first scores (torn
writes cut off), and items revised with their label and "unsure" decided again."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from assistant.core.classify import selftrain  # noqa: E402
from assistant.core.classify.job import JobStore  # noqa: E402
from assistant.core.classify.messages import ClassifiedItem, Passage  # noqa: E402
from assistant.core.classify.refine import Refinement  # noqa: E402
from assistant.core.scores import LabelScores  # noqa: E402
from tests.unit.test_classify_calibration import clusters  # noqa: E402


def test_the_record_reads_back_and_a_torn_tail_is_cut_off(tmp_path):
    store = JobStore(tmp_path, "job")
    store.folder.mkdir(parents=True)
    store.append_vectors([(0, [0.5, -1.0, 0.25]), (7, [1.0, 2.0, 3.0])])
    whole = store.vectors_file.stat().st_size
    with store.vectors_file.open("ab") as handle:  # a crash in the middle of the next record
        handle.write(b"\x09\x00\x00\x00\x00\x00\x00\x00\x03\x00\x00\x00\x00\x00")
    assert store.read_vectors() == {0: (0.5, -1.0, 0.25), 7: (1.0, 2.0, 3.0)}
    assert store.vectors_file.stat().st_size == whole  # cut off, so that the next record is read right
    store.append_vectors([(9, [4.0])])
    assert store.read_vectors()[9] == (4.0,)


def test_a_revised_item_decides_its_label_and_unsure_again():
    passage = Passage("text", 0.4, "a", 0, 4)
    item = ClassifiedItem(3, "x", LabelScores((("a", 0.7), ("b", 0.3))), labels=("a",), passages=(passage,), chunks=1)
    refinement = Refinement(("a", "b"), unsure_below=0.6)
    revised = refinement.revised(item, [0.2, 0.8])
    assert revised.labels == ("b",) and revised.scores.top == "b" and not revised.unsure
    assert revised.passages == (passage,) and revised.index == 3 and revised.chunks == 1
    unsure = refinement.revised(item, [0.45, 0.55])
    assert unsure.unsure and unsure.labels == () and unsure.label == "unsure"
    assert refinement.probabilities_of(item) == [0.7, 0.3]


def test_a_taught_classifiers_examples_outweigh_fewer_wrong_pseudo_labels():
    x, y = clusters(30, 3, 32, 0.9, seed=3)
    # First scores that confuse labels 1 and 2 on every text: the pseudo-labels alone cannot tell them apart.
    wrong = torch.tensor([0, 2, 1])[y]
    first = torch.nn.functional.one_hot(wrong, 3).float() * 0.6 + 0.4 / 3
    examples, targets = clusters(5, 3, 32, 0.9, seed=3, noise_seed=8)
    alone = selftrain.self_train(x, first, share=0.1).argmax(dim=1)
    anchored = selftrain.self_train(x, first, share=0.1, examples=examples, targets=targets.tolist()).argmax(dim=1)
    assert (alone == y).float().mean() < 0.5
    assert (anchored == y).float().mean() > (alone == y).float().mean()


def test_the_temperature_only_changes_how_sure_the_revision_is():
    x, y = clusters(20, 3, 16, 0.8, seed=1)
    first = torch.softmax(x @ torch.nn.functional.normalize(torch.stack([x[y == k].mean(0) for k in range(3)]), dim=1).T * 5, dim=1)
    sharp = Refinement(("a", "b", "c"), 0.0, temperature=0.2).revise(x, first)
    soft = Refinement(("a", "b", "c"), 0.0, temperature=1.0).revise(x, first)
    assert torch.equal(sharp.argmax(dim=1), soft.argmax(dim=1))
    assert sharp.max(dim=1).values.mean() > soft.max(dim=1).values.mean()
    assert Refinement(("a", "b", "c"), 0.0).revise(x[:5], first[:5]) is None  # too few to learn from
