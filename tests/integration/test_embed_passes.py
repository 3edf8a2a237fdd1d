"""embed() with the starter embedding model: batched passes give each text the vector it gets alone."""

from __future__ import annotations

import random

import pytest

from assistant.core.classify.messages import ClassifyItem, ClassifyRequest
from assistant.core.models import embeddings
from tests.helpers import embedding_model, make_engine


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    engine, _ = make_engine(tmp_path_factory.mktemp("models"))
    engine.handle(ClassifyRequest(("a", "b"), (ClassifyItem("warm", text="warm up"),)))  # loads the model
    return embedding_model(engine)


def test_texts_of_mixed_lengths_get_their_own_vectors_within_the_token_budget(loaded):
    import torch

    rng = random.Random(0)
    words = ["the", "model", "reads", "every", "passage", "of", "a", "long", "document", "and", "a", "short", "note", "alike"]
    texts = [" ".join(rng.choices(words, k=rng.choice([2, 5, 40, 120, 400]))) for _ in range(40)]
    shapes: list[tuple[int, int]] = []
    hook = loaded.model.register_forward_pre_hook(lambda _m, _a, kwargs: shapes.append(tuple(kwargs["input_ids"].shape)), with_kwargs=True)
    try:
        batched = embeddings.embed(loaded, texts)
    finally:
        hook.remove()
    alone = torch.cat([embeddings.embed(loaded, [text]) for text in texts])

    torch.testing.assert_close(batched, alone, atol=2e-5, rtol=0)  # padding changes no text's vector
    assert loaded.device == "cpu" and len(shapes) > 1
    assert sum(rows for rows, _ in shapes) == len(texts)
    for rows, tokens in shapes:
        assert rows == 1 or rows * tokens <= embeddings.CPU_TOKENS_PER_BATCH
    assert embeddings.embed(loaded, []).numel() == 0
