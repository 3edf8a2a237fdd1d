"""Contrastive fine-tuning of the embedding model on a classifier's examples (as SetFit, Tunstall et al. 2022).

A handful of examples per label cannot train a big model, but they can make
thousands of pairs: two examples of the same label should embed close
(cosine 1), two of different labels apart (cosine 0).  SetFit's recipe: a
sentence-transformer tuned on such pairs with the cosine-similarity loss
(mean squared error between the pair's cosine and its target), then the
usual logistic-regression head trained on the tuned embeddings.  Here it is
plain torch and transformers: the pooling is the model's own (mean over the
tokens for all-MiniLM-L6-v2), the optimiser AdamW with a linear warm-up and
decay, as sentence-transformers' ``fit`` does.

The loaded model is never changed: a fresh float32 copy is read from its
folder (the loaded one may be int8 or float16, which cannot be trained), and
the tuned weights are saved as safetensors in the classifier's folder.  A
tuned classifier embeds with its own encoder: the base model's architecture
with the tuned weights.

Examples longer than ``Recipe.max_tokens`` are tuned on their opening tokens
(cost grows with length); they are embedded whole, passage by passage, for the
head, as every document is.  The recipe's numbers were chosen on the dev
splits of bench/eval_classify.py (``--study-finetune``).
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.core.models.loader import LoadedModel
from assistant.core.protocol import BadInput
from assistant.core.say import say


@dataclass(frozen=True)
class Recipe:
    pairs_per_example: int = 20  # half same-label pairs, half different-label
    epochs: int = 1
    learning_rate: float = 2e-5
    batch_pairs: int = 16
    max_tokens: int = 128
    warmup: float = 0.1  # share of the steps with a rising learning rate
    max_pairs: int = 2400  # at most this many pairs a epoch (150 steps): the time stays bounded with many examples
    seed: int = 0


RECIPE = Recipe()


def make_pairs(targets: list[int], pairs_per_example: int, seed: int = 0) -> list[tuple[int, int, float]]:
    """(i, j, target cosine) pairs: for each example, ``pairs_per_example`` // 2 partners of its own
    label (target 1) and as many of other labels (target 0), drawn at random with a fixed seed.
    A label with a single example has no same-label partner: it only gets different-label pairs."""
    rng = random.Random(seed)
    by_label: dict[int, list[int]] = {}
    for index, label in enumerate(targets):
        by_label.setdefault(label, []).append(index)
    half = max(1, pairs_per_example // 2)
    pairs: list[tuple[int, int, float]] = []
    for index, label in enumerate(targets):
        same = [j for j in by_label[label] if j != index]
        other = [j for j, t in enumerate(targets) if t != label]
        for _ in range(half):
            if same:
                pairs.append((index, rng.choice(same), 1.0))
            if other:
                pairs.append((index, rng.choice(other), 0.0))
    rng.shuffle(pairs)
    return pairs


def steps_of(pairs: int, recipe: Recipe | None = None) -> int:
    recipe = recipe or RECIPE
    pairs = min(pairs, recipe.max_pairs)
    return recipe.epochs * ((pairs + recipe.batch_pairs - 1) // recipe.batch_pairs)


def fresh_encoder(loaded: LoadedModel):
    """A float32 copy of the embedding model read from its folder (safetensors only, no remote code)."""
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(loaded.info.path), use_safetensors=True, trust_remote_code=False, dtype=torch.float32)
    return model.to(loaded.device)


def tune(
    loaded: LoadedModel,
    texts: list[str],
    targets: list[int],
    recipe: Recipe | None = None,
    check_cancelled: Callable[[], None] = lambda: None,
    progress: Callable[[int, int], None] = lambda done, total: None,
):
    """The tuned encoder (a transformers model in eval mode) for ``texts`` labelled ``targets``.
    ``check_cancelled`` is called before every step; ``progress(done, total)`` after each.
    ``recipe``: None for ``RECIPE``."""
    import torch

    recipe = recipe or RECIPE
    pairs = make_pairs(targets, recipe.pairs_per_example, recipe.seed)[: recipe.max_pairs]
    if not pairs:
        raise BadInput(say("Teaching needs readable examples for at least two labels."))
    torch.manual_seed(recipe.seed)
    model = fresh_encoder(loaded)
    model.train()  # dropout on, as sentence-transformers trains
    optimizer = torch.optim.AdamW(model.parameters(), lr=recipe.learning_rate, weight_decay=0.01)
    total = steps_of(len(pairs), recipe)
    warmup = max(1, int(total * recipe.warmup))

    def rate(step: int) -> float:
        return (step + 1) / warmup if step < warmup else max(0.0, (total - step) / max(1, total - warmup))

    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, rate)
    order = random.Random(recipe.seed)
    step = 0
    with torch.enable_grad():
        for _ in range(recipe.epochs):
            shuffled = list(pairs)
            order.shuffle(shuffled)
            for start in range(0, len(shuffled), recipe.batch_pairs):
                check_cancelled()
                batch = shuffled[start : start + recipe.batch_pairs]
                used = sorted({i for i, _, _ in batch} | {j for _, j, _ in batch})
                row = {index: position for position, index in enumerate(used)}
                vectors = _encode(model, loaded, [texts[i] for i in used], recipe.max_tokens)
                unit = torch.nn.functional.normalize(vectors, dim=1)
                left = unit[[row[i] for i, _, _ in batch]]
                right = unit[[row[j] for _, j, _ in batch]]
                wanted = torch.tensor([t for *_, t in batch], device=unit.device)
                loss = torch.nn.functional.mse_loss((left * right).sum(dim=1), wanted)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                schedule.step()
                step += 1
                progress(step, total)
    model.eval()
    return model


def _encode(model, loaded: LoadedModel, texts: list[str], max_tokens: int):
    """Pooled embeddings with gradients, pooled as the model's sentence-transformers settings say."""
    from assistant.core.models.embeddings import pool

    encoded = loaded.tokenizer(texts, padding=True, truncation=True, max_length=max_tokens, return_tensors="pt").to(loaded.device)
    hidden = model(**encoded).last_hidden_state
    return pool(hidden, encoded["attention_mask"], loaded.pooling)


def with_encoder(loaded: LoadedModel, model) -> LoadedModel:
    """``loaded`` with ``model`` as its encoder: the same tokenizer, pooling and device."""
    return dataclasses.replace(loaded, model=model, dtype="float32", chat_cache=None)


# ------------------------------------------------------------------ storage


def save_encoder(folder: Path, model, name: str) -> None:
    """The tuned weights as ``folder/name`` (safetensors), written whole before it gets its name."""
    from safetensors.torch import save_file

    state = {key: tensor.detach().cpu().contiguous() for key, tensor in model.state_dict().items()}
    tmp = folder / f"{name}.tmp"
    save_file(state, str(tmp))
    tmp.replace(folder / name)


def load_encoder(loaded: LoadedModel, folder: Path, name: str) -> LoadedModel:
    """``loaded`` with the tuned encoder saved as ``folder/name``."""
    from safetensors.torch import load_file

    try:
        state = load_file(str(folder / name))
    except Exception as exc:  # noqa: BLE001 - a missing or damaged weights file
        raise BadInput(say("The classifier '{name}' is damaged ({error}); train it again.", name=folder.name, error=type(exc).__name__)) from None
    model = fresh_encoder(loaded)
    try:
        model.load_state_dict(state, strict=True)
    except RuntimeError:
        raise BadInput(say("The classifier '{name}' was tuned from another embedding model; train it again.", name=folder.name)) from None
    model.eval()
    return with_encoder(loaded, model)
