"""The evaluation harness (bench/eval_classify.py) measures what it says, on the real starter embeddings.

Its naive baselines cache each item's vector; the sets reuse ids (the chatterbot sets name a line
by its file and position in English and in Chinese alike), so a cache keyed by id once handed the
Chinese set the English vectors and made a baseline look far better than the program."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from bench import eval_classify  # noqa: E402
from tests.helpers import embedding_model, make_engine  # noqa: E402


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    from assistant.core.classify.messages import ClassifyItem, ClassifyRequest

    engine, _ = make_engine(tmp_path_factory.mktemp("models"))
    engine.handle(ClassifyRequest(("a", "b"), (ClassifyItem("warm-up", text="warm up the model"),)))
    return embedding_model(engine)


def test_rows_of_two_sets_with_the_same_id_get_their_own_vectors(loaded):
    from assistant.core.models.embeddings import embed

    english = {"id": "ai/0/1", "label": "artificial intelligence", "text": "Artificial intelligence is a branch of engineering."}
    chinese = {"id": "ai/0/1", "label": "人工智能", "text": "你好,今天天气很好。"}
    vectors = eval_classify.Vectors(loaded)
    first, _ = vectors.of([english])
    second, _ = vectors.of([chinese])
    assert torch.allclose(first[0], embed(loaded, [english["text"]])[0], atol=1e-5)
    assert torch.allclose(second[0], embed(loaded, [chinese["text"]])[0], atol=1e-5)
    assert not torch.allclose(first[0], second[0], atol=1e-3)


def test_a_set_scores_the_same_whether_or_not_another_set_ran_first(loaded):
    labels = ["sports", "cooking"]
    rows = [
        {"id": "s/0", "label": "sports", "text": "The striker scored twice in the final match."},
        {"id": "s/1", "label": "cooking", "text": "Simmer the onions in butter until golden."},
    ]
    other = [{"id": r["id"], "label": r["label"], "text": t} for r, t in zip(rows, ("Bake the bread for an hour.", "The team won the cup."), strict=True)]
    alone = eval_classify.naive_zero_shot(eval_classify.Vectors(loaded), labels, rows)
    shared = eval_classify.Vectors(loaded)
    eval_classify.naive_zero_shot(shared, labels, other)  # the same ids, the opposite labels' texts
    after = eval_classify.naive_zero_shot(shared, labels, rows)
    assert alone["accuracy"] == after["accuracy"] == 1.0
    assert after["ece"] == pytest.approx(alone["ece"], abs=1e-6)


def test_the_ece_floor_is_what_honest_scores_show_on_few_texts_and_vanishes_on_many():
    # Scores of 1.0 that are always right leave no gap; honest scores of 0.7 leave a sampling gap
    # that shrinks as the texts grow (the gap of a binomial share: about 0.05 on 60 texts).
    assert eval_classify.ece_floor([1.0] * 60) == 0.0
    few = eval_classify.ece_floor([0.7] * 60)
    many = eval_classify.ece_floor([0.7] * 6000, samples=20)
    assert 0.03 < few < 0.08
    assert many < 0.01
    assert eval_classify.ece_floor([0.7] * 60) == few  # seeded: the same figure every run
