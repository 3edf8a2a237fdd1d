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
256-token chunks gave the first token at 1.07x raw ``generate``.

A prompt stopped while it is read leaves a cache that holds part of it (some layers of the
last chunk ahead of the others): the caller drops it, and the next turn reads its prompt whole.

int8 models are read in chunks too: dynamic quantization scales each pass's activations by
their largest value, and a chunk's range is never wider than the whole prompt's, so chunks
read the prompt more finely (on the starter model, the held-out text's log-likelihood per
token: 4.76 nats in one pass, 4.32 in 256-token chunks, 2.57 in float32).  int8 keeps no
cache between turns all the same (chat/task.py).

A cache that cannot be cropped (sliding windows, recurrent states) is filled in one pass, as
``generate`` would fill it (whether each such layout takes a prompt in pieces was not checked);
its layers are still checked, so Stop is answered there too.
"""

from __future__ import annotations

import inspect
import threading
from typing import Any

CHUNK_TOKENS = 256  # chosen in bench/chat_stop.py: the first token about as soon as one pass gives it


class _StopReading(Exception):
    """Raised from a decoder layer's pre-hook when Stop was asked; caught in read_prompt."""


def read_prompt(model, encoded: dict, past, start: int, cancel: threading.Event) -> int | None:
    """Read ``encoded``'s tokens ``start``..n-2 into ``past``: the number of passes, None if Stop came first.

    ``encoded`` holds ``input_ids`` and ``attention_mask`` (1 x n); ``past`` already holds the
    first ``start`` tokens (a conversation cache reused).
    """
    import torch

    input_ids = encoded["input_ids"]
    mask = encoded.get("attention_mask")
    end = input_ids.shape[1] - 1
    if start >= end:
        return 0
    step = CHUNK_TOKENS if getattr(past, "is_croppable", False) else end - start
    options = {_cache_argument(model): past, "use_cache": True}
    if "logits_to_keep" in inspect.signature(type(model).forward).parameters:
        options["logits_to_keep"] = 1  # the head's output over the whole chunk is never read

    def check(_module, _inputs) -> None:
        if cancel.is_set():
            raise _StopReading

    hooks = [layer.register_forward_pre_hook(check) for layer in _decoder_layers(model)]
    passes = 0
    try:
        with torch.inference_mode():
            for first in range(start, end, step):
                if cancel.is_set():
                    return None
                last = min(first + step, end)
                chunk_mask = mask[:, :last] if mask is not None else torch.ones((1, last), dtype=torch.long, device=input_ids.device)
                model(input_ids=input_ids[:, first:last], attention_mask=chunk_mask, **options)
                passes += 1
    except _StopReading:
        return None
    finally:
        for hook in hooks:
            hook.remove()
    return passes


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
