"""Sentence embeddings with a sentence-transformers model folder (the starter MiniLM).

The embedding model is the starter set's workhorse: classification by similarity
to the labels, sentiment by similarity to anchor phrases.  Texts are sorted by
length and batched, which on CPU is about 2.4x faster than one at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assistant.core.models.loader import LoadedModel

BATCH_SIZE = 32  # texts per forward pass at most
# Padded tokens per forward pass (texts x the longest of them) on the CPU.  Smaller passes beat
# bigger ones there: 512 embedded short texts x1.44 and man page passages x1.25 faster than batches
# of 32 (bench/embed_batching.py).  A GPU wants big passes: there only BATCH_SIZE counts.
CPU_TOKENS_PER_BATCH = 512


def embed(loaded: LoadedModel, texts: Sequence[str], check_cancelled: Callable[[], None] = lambda: None):
    """A (len(texts), dim) float tensor of sentence embeddings, in the order of ``texts``."""
    import torch

    if not texts:
        return torch.empty(0)
    encoded = loaded.tokenizer(list(texts), truncation=True)  # once, unpadded: the lengths decide the batches
    lengths = [len(ids) for ids in encoded["input_ids"]]
    budget = CPU_TOKENS_PER_BATCH if loaded.device == "cpu" else None
    out: list = [None] * len(texts)
    with torch.inference_mode():
        for batch_ids in batches_by_length(lengths, BATCH_SIZE, budget):
            check_cancelled()
            batch = loaded.tokenizer.pad({key: [values[i] for i in batch_ids] for key, values in encoded.items()}, return_tensors="pt")
            batch = batch.to(loaded.device)
            hidden = loaded.model(**batch).last_hidden_state
            vectors = pool(hidden, batch["attention_mask"], loaded.pooling)
            if loaded.normalize:
                vectors = torch.nn.functional.normalize(vectors, p=2, dim=1)
            for row, index in enumerate(batch_ids):
                out[index] = vectors[row].float().cpu()
    return torch.stack(out)


def batches_by_length(lengths: Sequence[int], size: int, budget: int | None) -> list[list[int]]:
    """Indexes sorted by length (so a batch pads little), cut into batches of at most ``size``
    whose padded tokens (count x the longest) stay within ``budget`` (None: no limit).  A text
    longer than the budget gets a batch of its own."""
    batches: list[list[int]] = []
    batch: list[int] = []
    for index in sorted(range(len(lengths)), key=lengths.__getitem__):
        # sorted ascending, so this text is the batch's longest once added
        if batch and (len(batch) == size or (budget is not None and (len(batch) + 1) * lengths[index] > budget)):
            batches.append(batch)
            batch = []
        batch.append(index)
    if batch:
        batches.append(batch)
    return batches


def pool(hidden, mask, mode: str):
    """One vector per text from its token states: the first token ("cls") or the mean over the real tokens."""
    if mode == "cls":
        return hidden[:, 0]
    weights = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)


def cosine_matrix(a, b):
    """Cosine similarity of every row of ``a`` with every row of ``b``."""
    import torch

    return torch.nn.functional.normalize(a, dim=1) @ torch.nn.functional.normalize(b, dim=1).T
