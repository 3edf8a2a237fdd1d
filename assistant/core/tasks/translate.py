"""Translation with a sequence-to-sequence model (Marian opus-mt and the like).

The text is split into lines and sentences; sentences are sorted by length and
translated in batches (similar lengths waste little padding), each batch's
sentences are sent to the tab as they finish, and the result is put back together
line by line so paragraphs and line breaks survive.
"""

from __future__ import annotations

import time

from assistant.core.messages import Stats, TranslatedSentence, TranslateRequest
from assistant.core.models.loader import LoadedModel
from assistant.core.tasks.common import TaskContext, require_text
from assistant.core.text import join_lines, split_lines

BATCH_SIZE = 16
MAX_NEW_TOKENS_FACTOR = 3  # an output longer than 3x its input (+10) is a model going round in circles


def run(loaded: LoadedModel, request: TranslateRequest, context: TaskContext) -> tuple[str, Stats]:
    require_text(request.text)
    lines = split_lines(request.text)
    sentences = [s for line in lines for s in line.sentences]
    started = time.perf_counter()
    translated = translate_sentences(loaded, sentences, context)
    seconds = time.perf_counter() - started
    joiner = "" if (request.target or "").split("_")[0] in ("zh", "ja", "th") else " "
    return join_lines(lines, translated, joiner), Stats(len(sentences), "sentences", seconds)


def translate_sentences(loaded: LoadedModel, sentences: list[str], context: TaskContext) -> list[str]:
    import torch

    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
    out: list[str] = [""] * len(sentences)
    done = 0
    for start in range(0, len(order), BATCH_SIZE):
        context.check_cancelled()
        batch = order[start : start + BATCH_SIZE]
        encoded = loaded.tokenizer([sentences[i] for i in batch], return_tensors="pt", padding=True, truncation=True)
        encoded = encoded.to(loaded.device)
        lengths = encoded["attention_mask"].sum(dim=1).tolist()
        limits = [int(n) * MAX_NEW_TOKENS_FACTOR + 10 for n in lengths]
        with torch.inference_mode():
            generated = loaded.model.generate(**encoded, max_new_tokens=max(limits), num_beams=1, do_sample=False)
        texts = [loaded.tokenizer.decode(_within_budget(loaded, row, limit), skip_special_tokens=True) for row, limit in zip(generated, limits)]
        for index, text in zip(batch, texts):
            out[index] = text.strip()
            context.emit_partial(TranslatedSentence(index=index, source=sentences[index], text=out[index]))
        done += len(batch)
        context.progress(done, len(sentences), f"{done} of {len(sentences)} sentences")
    return out


def _within_budget(loaded: LoadedModel, row, limit: int):
    """The tokens that translating this sentence alone, with its own limit, would give.

    A batch runs to the longest sentence's limit; greedy decoding makes each row's
    prefix the same as alone, so cutting the row at its own limit is enough, except
    that models with ``forced_eos_token_id`` (Marian) end a sentence that hits its
    limit with EOS in place of its last token.
    """
    tokens = row[1 : 1 + limit]  # position 0 is the decoder start token
    config = loaded.model.generation_config
    eos = config.eos_token_id if isinstance(config.eos_token_id, int) else None
    if config.forced_eos_token_id is not None and len(tokens) == limit and (eos is None or eos not in tokens[:-1].tolist()):
        tokens = tokens[:-1]
    return tokens
