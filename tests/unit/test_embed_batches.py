"""How embed() cuts texts into forward passes (core/models/embeddings.batches_by_length)."""

from __future__ import annotations

import random

import pytest

from assistant.core.models.embeddings import batches_by_length


@pytest.mark.parametrize("budget", [None, 64, 512])
def test_every_text_once_sorted_within_the_cap_and_the_budget(budget):
    rng = random.Random(budget)
    lengths = [rng.randint(3, 300) for _ in range(500)]
    batches = batches_by_length(lengths, 32, budget)
    assert sorted(i for batch in batches for i in batch) == list(range(500))
    flat = [lengths[i] for batch in batches for i in batch]
    assert flat == sorted(flat)  # short with short: little padding
    for batch in batches:
        assert len(batch) <= 32
        if budget is not None and len(batch) > 1:
            assert len(batch) * max(lengths[i] for i in batch) <= budget
    if budget is None:
        assert [len(b) for b in batches[:-1]] == [32] * (len(batches) - 1)  # no budget: full batches


def test_a_text_longer_than_the_budget_gets_a_batch_of_its_own():
    assert batches_by_length([10, 600, 20, 700], 32, 100) == [[0, 2], [1], [3]]
    assert batches_by_length([], 32, 100) == []
