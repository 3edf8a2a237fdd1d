"""The pairs contrastive fine-tuning learns from (core/classify/finetune.py): no model needed."""

from __future__ import annotations

from collections import Counter

from assistant.core.classify.finetune import Recipe, make_pairs, steps_of


def test_each_example_gets_as_many_same_label_as_other_label_partners():
    targets = [0, 0, 0, 1, 1, 2, 2, 2, 2]
    pairs = make_pairs(targets, pairs_per_example=6, seed=3)
    assert len(pairs) == 6 * len(targets)
    for i, j, wanted in pairs:
        assert i != j and wanted == (1.0 if targets[i] == targets[j] else 0.0)
    per_example = Counter((i, wanted) for i, _, wanted in pairs)
    assert all(per_example[(i, 1.0)] == 3 and per_example[(i, 0.0)] == 3 for i in range(len(targets)))
    assert pairs == make_pairs(targets, pairs_per_example=6, seed=3)  # the same examples, the same pairs
    assert pairs != make_pairs(targets, pairs_per_example=6, seed=4)


def test_a_label_with_one_example_only_gets_pairs_against_the_others():
    pairs = make_pairs([0, 1, 1], pairs_per_example=4)
    mine = [(j, wanted) for i, j, wanted in pairs if i == 0]
    assert len(mine) == 2 and all(wanted == 0.0 and j in (1, 2) for j, wanted in mine)
    assert sum(1 for i, _, wanted in pairs if i in (1, 2) and wanted == 1.0) == 4


def test_steps_count_the_capped_pairs_of_every_epoch():
    recipe = Recipe(batch_pairs=16, epochs=2, max_pairs=100)
    assert steps_of(33, recipe) == 2 * 3
    assert steps_of(5000, recipe) == 2 * 7  # 100 pairs at most: 7 batches of 16
