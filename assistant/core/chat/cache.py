"""The key/value cache of the last conversation a chat model answered, kept for its next turn.

Each turn sends the whole conversation again, and the model had already read all of it
but the new question.  The cache keeps the keys and values of every token the model read
(the last prompt and its answer) together with those tokens.  The next prompt is
compared with them token by token: the cache is cut back to where they first differ
and only the rest is read.  So nothing has to tell the cache that it no longer holds:
an edited or regenerated message, another conversation, another system prompt, early
exchanges left out to fit the model, each changes the prompt from some token on, and
the cache is cut there (to nothing when the very first token differs).  A model loaded
again, or in another precision, is another LoadedModel with no cache.

One cache per loaded chat model (it lives on its LoadedModel and goes with it), and
never larger than the model itself: a long conversation in a small model does not
double the memory it takes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class ConversationCache:
    tokens: Any  # 1-D LongTensor: the tokens whose keys and values ``past`` holds, in order
    past: Any  # a transformers Cache (DynamicCache)


def take(loaded, input_ids) -> tuple[Any, int]:
    """The cache cut to what ``input_ids`` (1 x n) shares with it, and how many tokens that is; (None, 0) if nothing.

    The cache is taken off the model while the answer runs: a failed or stopped answer
    leaves none behind, and the next turn reads its prompt whole.
    """
    cache: ConversationCache | None = loaded.chat_cache
    loaded.chat_cache = None
    if cache is None or not getattr(cache.past, "is_croppable", False):  # sliding windows, recurrent states: read it whole
        return None, 0
    prompt = input_ids[0]
    # At least one token is left for generate to read: it needs the logits of the last one.
    limit = min(len(cache.tokens), len(prompt) - 1)
    if limit <= 0:
        return None, 0
    differs = (cache.tokens[:limit] != prompt[:limit]).nonzero()
    shared = int(differs[0, 0]) if len(differs) else limit
    if shared == 0:
        return None, 0
    held = int(cache.past.get_seq_length())
    if shared < held:
        cache.past.crop(shared - held)  # a negative count: that many tokens come off the end
    return cache.past, shared


def keep(loaded, sequence, past) -> None:
    """Keep ``past`` for the next turn with the tokens it holds (the start of ``sequence``, 1 x n)."""
    if past is None or not hasattr(past, "get_seq_length"):
        return
    length = int(past.get_seq_length())
    if length <= 0 or size_bytes(past) > max(loaded.memory_bytes, 1):
        return
    loaded.chat_cache = ConversationCache(sequence[0, :length].clone(), past)


def size_bytes(past) -> int:
    """Bytes the keys and values take."""
    total = 0
    for layer in getattr(past, "layers", ()):
        for name in ("keys", "values"):
            tensor = getattr(layer, name, None)
            if tensor is not None and hasattr(tensor, "numel"):
                total += tensor.numel() * tensor.element_size()
    return total
