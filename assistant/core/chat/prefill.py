"""The prompt read into the key/value cache before ``generate``, so that Stop is answered while it is read.

``generate`` checks its stopping criteria only between generated tokens: the forward pass
over a long prompt (the prefill) could not be stopped, seconds for a 1,000-token question.
So the answer's prompt, all of it but its last token (``generate`` reads that one, it needs
its logits), is read here first, in chunks of ``CHUNK_TOKENS`` tokens, and the cancel event
is checked before each chunk and before each decoder layer of a chunk.  The layer check is
what keeps Stop fast (bench/chat_stop.py, bench/README.md "Stop while the prompt is read"):
chunks small enough to be stopped within 200 ms between them (32-64 tokens on one thread)
made a 1,000-token prompt's first token come 1.5-1.9x later than one pass, since each pass
reads all the weights again; one layer of a 256-token chunk takes tens of milliseconds, and
256-token chunks gave the first token at 1.07x raw ``generate``.  The same layer check runs
while ``generate`` makes each token (``stop_checks``): a token of a 0.5B model is ~0.4 s there.

A pass stopped between two layers leaves the cache's first layers a chunk (or a token) ahead of
the others: ``even_out`` cuts them back, and the cache, which then holds what was read before
that pass, is kept for the next turn like any other (chat/cache.py).

int8 models are read in chunks too: dynamic quantization scales each pass's activations by
their largest value, and a chunk's range is never wider than the whole prompt's, so chunks
read the prompt more finely (on the starter model, the held-out text's log-likelihood per
token: 4.76 nats in one pass, 4.32 in 256-token chunks, 2.57 in float32).  int8 keeps no
cache between turns all the same (chat/task.py).

A cache that cannot be cropped (sliding windows, recurrent states) is filled in one pass, as
``generate`` would fill it (whether each such layout takes a prompt in pieces was not checked);
its layers are still checked, so Stop is answered there too (and the stopped cache is dropped).
"""

from __future__ import annotations

import contextlib
import inspect
import threading
from collections.abc import Iterator
from typing import Any

CHUNK_TOKENS = 256  # chosen in bench/chat_stop.py: the first token about as soon as one pass gives it


class Stopped(Exception):
    """Stop was asked while the model read (raised before a chunk, or from a decoder layer's pre-hook)."""


@contextlib.contextmanager
def stop_checks(model, cancel: threading.Event) -> Iterator[None]:
    """Inside, every forward pass of ``model`` checks ``cancel`` before each decoder layer and raises Stopped.

    So Stop is answered within one layer, while the prompt is read and while a token is made
    (one token of a 0.5B model took ~0.4 s on a busy thread: bench/README.md).
    """

    def check(_module, _inputs) -> None:
        if cancel.is_set():
            raise Stopped

    hooks = [layer.register_forward_pre_hook(check) for layer in _decoder_layers(model)]
    try:
        yield
    finally:
        for hook in hooks:
            hook.remove()


def read_prompt(model, encoded: dict, past, start: int, cancel: threading.Event) -> int:
    """Read ``encoded``'s tokens ``start``..n-2 into ``past``; the number of passes.  Stop raises Stopped.

    ``encoded`` holds ``input_ids`` and ``attention_mask`` (1 x n); ``past`` already holds the
    first ``start`` tokens (a conversation cache reused).  Run it inside ``stop_checks`` for
    Stop to be answered within a chunk too.
    """
    import torch

    input_ids = encoded["input_ids"]
    mask = encoded.get("attention_mask")
    end = input_ids.shape[1] - 1
    step = CHUNK_TOKENS if getattr(past, "is_croppable", False) else max(end - start, 1)
    options = {_cache_argument(model): past, "use_cache": True}
    if "logits_to_keep" in inspect.signature(type(model).forward).parameters:
        options["logits_to_keep"] = 1  # the head's output over the whole chunk is never read
    passes = 0
    with torch.inference_mode():
        for first in range(start, end, step):
            if cancel.is_set():
                raise Stopped
            last = min(first + step, end)
            chunk_mask = mask[:, :last] if mask is not None else torch.ones((1, last), dtype=torch.long, device=input_ids.device)
            model(input_ids=input_ids[:, first:last], attention_mask=chunk_mask, **options)
            passes += 1
    return passes


def even_out(past) -> bool:
    """Cut every layer of ``past`` back to the shortest one; False when it cannot be cut (then it is dropped).

    A pass stopped between two decoder layers leaves the layers before it holding its tokens
    and the others not; cut back, the cache holds the tokens read before that pass, whole.
    """
    if not getattr(past, "is_croppable", False):
        return False
    layers = list(getattr(past, "layers", ()))
    lengths = [int(layer.get_seq_length()) if getattr(layer, "is_initialized", False) else 0 for layer in layers]
    shortest = min(lengths, default=0)
    for layer, length in zip(layers, lengths, strict=True):
        if length > shortest:
            layer.crop(shortest - length)  # a negative count: that many tokens come off the end
    return shortest > 0


def _decoder_layers(model) -> list[Any]:
    """The decoder's blocks (Llama, Qwen, Mistral, Phi, Gemma: ``model.layers``); none found, none checked."""
    import torch

    decoder = model.get_decoder() if hasattr(model, "get_decoder") else None
    layers = getattr(decoder, "layers", None)
    return list(layers) if isinstance(layers, torch.nn.ModuleList) else []


def _cache_argument(model) -> str:
    """The forward pass's name for the key/value cache: "cache" since transformers 5.x, "past_key_values" before."""
    parameters = inspect.signature(type(model).forward).parameters
    return "cache" if "cache" in parameters else "past_key_values"
