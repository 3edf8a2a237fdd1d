"""Sentiment: a sequence classifier when one is installed, else embedding anchors.

The classifier path computes what the transformers text-classification pipeline
computes (softmax over the logits, or a sigmoid for multi-label models); the
labels are shown in lower case (POSITIVE -> positive).  Without a sentiment model
the starter embedding model compares the text with a few anchor phrases per
label: an approximation, and the result says so.

A text of several sentences is scored sentence by sentence (so the user sees what
drove the result, and long texts are not cut at the model's 512 tokens); the
overall scores are the mean of the sentences' scores weighted by their length in
tokens: a long sentence says more than "OK.", and one strong sentence among
neutral ones still shows.  Batches (the lines of a file, a CSV column) are scored
in file order, in chunks whose texts are sorted by length into batches.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from assistant.core.context import ModelChooser, Plan, TaskContext, one_model, require_text
from assistant.core.models.embeddings import cosine_matrix, embed
from assistant.core.models.loader import LoadedModel
from assistant.core.protocol import BadInput, Stats, Task
from assistant.core.say import message_of, say
from assistant.core.scores import LabelScores
from assistant.core.sentiment.labels import normalize_label
from assistant.core.sentiment.messages import ScoredRow, SentenceSentiment, SentimentBatchRequest, SentimentBatchResult, SentimentRequest, SentimentResult
from assistant.core.sentiment.tables import BatchInput
from assistant.core.text import split_lines

CLASSIFIER_BACKEND = "sentiment model"
ANCHOR_BACKEND = "embedding anchors (approximation)"
BATCH_SIZE = 32
CHUNK = 256  # rows scored (and shown) together in a batch job

ANCHORS = {
    "positive": (
        "I love this, it is wonderful.",
        "This is great, excellent and delightful.",
        "I am very happy and satisfied.",
        "What a fantastic, amazing experience.",
    ),
    "negative": (
        "I hate this, it is awful.",
        "This is terrible, bad and disappointing.",
        "I am very unhappy and angry.",
        "What a horrible, frustrating experience.",
    ),
    "neutral": (
        "This is a plain statement of fact.",
        "The meeting is scheduled for Tuesday.",
        "It is an ordinary object.",
        "The report lists the figures.",
    ),
}
# Cosine similarities of sentence embeddings differ by a few hundredths; this
# sharpens them into scores that sum to one.
ANCHOR_SCALE = 20.0

def prepare(request: SentimentRequest | SentimentBatchRequest, models: ModelChooser) -> Plan:
    """Refuse empty text (and read a batch file, refusing an empty or unreadable one) before any model
    loads; a sentiment model (or the embedding model) scores it."""
    if isinstance(request, SentimentRequest):
        require_text(request.text)
        return one_model(Task.SENTIMENT, request, models)
    batch = read_batch_input(request)
    plan = one_model(Task.SENTIMENT, request, models)
    return Plan(plan.models, (request, batch))


def run(
    loaded: list[LoadedModel], job: SentimentRequest | SentimentBatchRequest | tuple[SentimentBatchRequest, BatchInput], context: TaskContext
) -> tuple[SentimentResult | SentimentBatchResult, Stats]:
    if isinstance(job, tuple):  # a batch, read by prepare
        request, batch = job
        return run_batch(loaded[0], request, context, batch)
    if isinstance(job, SentimentBatchRequest):
        return run_batch(loaded[0], job, context)
    return run_text(loaded[0], job, context)


# ------------------------------------------------------------------- text


def run_text(loaded: LoadedModel, request: SentimentRequest, context: TaskContext) -> tuple[SentimentResult, Stats]:
    require_text(request.text)
    started = time.perf_counter()
    backend = ANCHOR_BACKEND if loaded.info.kind == "embedding" else CLASSIFIER_BACKEND
    sentences = [s for line in split_lines(request.text) for s in line.sentences]
    if len(sentences) <= 1:
        scores = score_texts(loaded, [request.text], context)[0][0]
        result = SentimentResult(label=scores.top, scores=scores, backend=backend)
        return result, Stats(1, "texts", time.perf_counter() - started)
    scored = score_texts(loaded, sentences, context)
    total_weight = sum(weight for _, weight in scored) or 1.0
    combined: dict[str, float] = {}
    for scores, weight in scored:
        for label, score in scores.scores:
            combined[label] = combined.get(label, 0.0) + score * weight / total_weight
    overall = LabelScores(tuple(sorted(combined.items(), key=lambda kv: -kv[1])))
    per_sentence = tuple(
        SentenceSentiment(index=i, text=text, label=scores.top, scores=scores, weight=weight / total_weight)
        for i, (text, (scores, weight)) in enumerate(zip(sentences, scored, strict=True))
    )
    result = SentimentResult(label=overall.top, scores=overall, backend=backend, sentences=per_sentence)
    return result, Stats(len(sentences), "sentences", time.perf_counter() - started)


def score_texts(loaded: LoadedModel, texts: list[str], context: TaskContext) -> list[tuple[LabelScores, float]]:
    """Scores of each text and its weight (length in tokens, or words for the anchors), in order."""
    if loaded.info.kind == "embedding":
        scores = score_with_anchors_many(loaded, texts, context)
        return [(s, float(max(len(t.split()), 1))) for s, t in zip(scores, texts, strict=True)]
    out: list = [None] * len(texts)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for start in range(0, len(order), BATCH_SIZE):
        context.check_cancelled()
        batch = order[start : start + BATCH_SIZE]
        for index, pair in zip(batch, _classify(loaded, [texts[i] for i in batch]), strict=True):
            out[index] = pair
    return out


# ------------------------------------------------------------------ batch


def read_batch_input(request: SentimentBatchRequest) -> BatchInput:
    """The texts of a batch (a file's lines or CSV column, or the request's texts); BadInput saying why not."""
    from assistant.core.sentiment.tables import TableError, read_batch

    if request.path:
        try:
            return read_batch(Path(request.path), request.column)
        except TableError as exc:
            raise BadInput(message_of(exc)) from None
    texts = [t.strip() for t in request.texts if t.strip()]
    if not texts:
        raise BadInput(say("There are no texts to score."))
    return BatchInput(texts=texts)


def run_batch(loaded: LoadedModel, request: SentimentBatchRequest, context: TaskContext, batch: BatchInput | None = None) -> tuple[SentimentBatchResult, Stats]:
    if batch is None:
        batch = read_batch_input(request)
    backend = ANCHOR_BACKEND if loaded.info.kind == "embedding" else CLASSIFIER_BACKEND
    started = time.perf_counter()
    total = len(batch.texts)
    rows: list[ScoredRow] = []
    for start in range(0, total, CHUNK):
        context.check_cancelled()
        texts = batch.texts[start : start + CHUNK]
        for offset, (scores, _) in enumerate(score_texts(loaded, texts, context)):
            index = start + offset
            fields = batch.rows[index] if batch.rows else ()
            row = ScoredRow(index=index, text=batch.texts[index], label=scores.top, scores=scores, fields=fields)
            rows.append(row)
            context.emit_partial(row)
        context.progress(len(rows), total, say("{done} of {total} lines", done=len(rows), total=total))
    counts = Counter(row.label for row in rows)
    result = SentimentBatchResult(
        count=len(rows),
        counts=tuple(counts.most_common()),
        backend=backend,
        column=batch.column,
        header=batch.header,
        rows=tuple(rows),
    )
    return result, Stats(len(rows), "lines", time.perf_counter() - started)


# ------------------------------------------------------------ the models


def score_with_classifier(loaded: LoadedModel, texts: list[str]) -> list[LabelScores]:
    return [scores for scores, _ in _classify(loaded, texts)]


def _classify(loaded: LoadedModel, texts: list[str]) -> list[tuple[LabelScores, float]]:
    import torch

    encoded = loaded.tokenizer(texts, return_tensors="pt", padding=True, truncation=True).to(loaded.device)
    with torch.inference_mode():
        logits = loaded.model(**encoded).logits.float()
    config = loaded.model.config
    if config.problem_type == "multi_label_classification" or config.num_labels == 1:
        probabilities = torch.sigmoid(logits)
    else:
        probabilities = torch.softmax(logits, dim=-1)
    weights = encoded["attention_mask"].sum(dim=1).tolist()
    results = []
    for row, weight in zip(probabilities.cpu().tolist(), weights, strict=True):
        pairs = [(normalize_label(config.id2label[i]), float(p)) for i, p in enumerate(row)]
        results.append((LabelScores(tuple(sorted(pairs, key=lambda kv: -kv[1]))), float(weight)))
    return results


def score_with_anchors(loaded: LoadedModel, text: str, context: TaskContext) -> LabelScores:
    return score_with_anchors_many(loaded, [text], context)[0]


def score_with_anchors_many(loaded: LoadedModel, texts: list[str], context: TaskContext) -> list[LabelScores]:
    import torch

    labels = list(ANCHORS)
    phrases = [p for label in labels for p in ANCHORS[label]]
    vectors = embed(loaded, [*texts, *phrases], context.check_cancelled)
    similarity = cosine_matrix(vectors[: len(texts)], vectors[len(texts) :])
    per_label = []
    position = 0
    for label in labels:
        count = len(ANCHORS[label])
        per_label.append(similarity[:, position : position + count].mean(dim=1))
        position += count
    probabilities = torch.softmax(torch.stack(per_label, dim=1) * ANCHOR_SCALE, dim=1).tolist()
    return [LabelScores(tuple(sorted(zip(labels, row, strict=True), key=lambda kv: -kv[1]))) for row in probabilities]
