"""Embed texts with the embedding model: the vectors as lists of floats, in the order of the texts."""

from __future__ import annotations

import time

from assistant.core.context import Plan, TaskContext, one_model, require_text
from assistant.core.embed.messages import EmbedRequest
from assistant.core.models.embeddings import embed
from assistant.core.models.loader import LoadedModel
from assistant.core.protocol import BadInput, Stats, Task
from assistant.core.say import say

MAX_TEXTS = 10_000


def prepare(request: EmbedRequest, models) -> Plan:
    if not request.texts:
        raise BadInput(say("There is no text to embed."))
    if len(request.texts) > MAX_TEXTS:
        raise BadInput(say("Too many texts at once ({count:,}; the limit is {limit:,}): send them in parts.", count=len(request.texts), limit=MAX_TEXTS))
    for text in request.texts:
        require_text(text)
    return one_model(Task.EMBED, request, models)


def run(loaded: list[LoadedModel], request: EmbedRequest, context: TaskContext) -> tuple[list[list[float]], Stats]:
    started = time.perf_counter()
    vectors = embed(loaded[0], request.texts, context.check_cancelled)
    return vectors.tolist(), Stats(items=len(request.texts), unit="texts", seconds=time.perf_counter() - started)
