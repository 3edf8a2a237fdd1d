"""Splitting long documents into passages that fit the model, measured in its own tokens.

A model sees at most a few hundred tokens (all-MiniLM-L6-v2: 256); anything past
that would be silently cut off.  The text is tokenized once with offsets; windows
of ``max_tokens`` tokens become passages, and each window is ended at the last
sentence or line break in its second half, so passages read as whole sentences
(which also makes them good to show as the reason for a label).  A document with
more windows than ``max_chunks`` is sampled evenly from start to end rather than
cut after its first pages.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

MAX_DOCUMENT_CHARS = 2_000_000  # ~400k tokens; a 10 MB text file is cut here, and the result says so
DEFAULT_MAX_CHUNKS = 64
_BOUNDARY = re.compile(r"[.!?。！？]['\")\]”’]*\s|\n")


@dataclass(frozen=True)
class Chunk:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Chunks:
    chunks: list[Chunk]
    total: int  # windows in the whole document; more than len(chunks) when sampled
    truncated: bool  # the text was longer than MAX_DOCUMENT_CHARS


def model_max_tokens(loaded, default: int = 256) -> int:
    """The longest input the model is meant for, from sentence-transformers' config or the tokenizer."""
    limit = default
    st_config = Path(loaded.info.path) / "sentence_bert_config.json"
    if st_config.is_file():
        with contextlib.suppress(ValueError, OSError, TypeError):
            limit = int(json.loads(st_config.read_text(encoding="utf-8")).get("max_seq_length", default))
    tokenizer_limit = getattr(loaded.tokenizer, "model_max_length", None) or limit
    positions = getattr(getattr(loaded.model, "config", None), "max_position_embeddings", None) or limit
    return int(min(limit, tokenizer_limit, positions))


def split_into_chunks(text: str, tokenizer, max_tokens: int, max_chunks: int = DEFAULT_MAX_CHUNKS) -> Chunks:
    """Passages of at most ``max_tokens`` tokens (special tokens not counted) covering ``text``."""
    truncated = len(text) > MAX_DOCUMENT_CHARS
    if truncated:
        text = text[:MAX_DOCUMENT_CHARS]
    encoded = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, truncation=False, verbose=False)
    offsets = [(s, e) for s, e in encoded["offset_mapping"] if e > s]
    if len(offsets) <= max_tokens:
        return Chunks([Chunk(0, len(text), text)], 1, truncated)  # short: the text exactly as it is
    starts = [s for s, _ in offsets]
    spans = []
    token = 0
    while token < len(offsets):
        last = min(token + max_tokens, len(offsets)) - 1
        start, end = offsets[token][0], offsets[last][1]
        if last < len(offsets) - 1:
            end = _sentence_end(text, start, end)
        spans.append((start, end))
        following = bisect.bisect_left(starts, end)
        token = max(following, token + 1)  # always move on, whatever the text looks like
    total = len(spans)
    if total > max_chunks:
        step = total / max_chunks
        spans = [spans[int(i * step)] for i in range(max_chunks)]
    chunks = [Chunk(s, e, text[s:e]) for s, e in spans if text[s:e].strip()]
    return Chunks(chunks or [Chunk(0, len(text), text)], total, truncated)


def _sentence_end(text: str, start: int, end: int) -> int:
    """The end of the last sentence (or line) in the second half of text[start:end], else ``end``."""
    middle = start + (end - start) // 2
    best = None
    for match in _BOUNDARY.finditer(text, middle, end):
        best = match.end()
    return best if best is not None else end


def document_vectors(loaded, texts: list[str], max_tokens: int, check_cancelled=None) -> list:
    """One unit vector per text: the mean of its passages' embeddings, all passages embedded in one
    batch. Teaching and suggesting labels both see a document this way, as the classifier will."""
    import torch

    from assistant.core.models.embeddings import embed

    chunked = [split_into_chunks(text, loaded.tokenizer, max_tokens).chunks for text in texts]
    passages = embed(loaded, [chunk.text for chunks in chunked for chunk in chunks], check_cancelled or (lambda: None))
    vectors, position = [], 0
    for chunks in chunked:
        rows = passages[position : position + len(chunks)]
        position += len(chunks)
        vectors.append(torch.nn.functional.normalize(rows.mean(dim=0), dim=0))
    return vectors
