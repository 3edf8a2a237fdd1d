"""Sentiment: a sequence classifier when one is installed, else embedding anchors.

The classifier path computes what the transformers text-classification pipeline
computes (softmax over the logits, or a sigmoid for multi-label models); the
labels are shown in lower case (POSITIVE -> positive).  Without a sentiment model
the starter embedding model compares the text with a few anchor phrases per
label: an approximation, and the result says so.
"""

from __future__ import annotations

import time

from assistant.core.embeddings import cosine_matrix, embed
from assistant.core.messages import LabelScores, SentimentRequest, SentimentResult, Stats
from assistant.core.models.loader import LoadedModel
from assistant.core.tasks.common import TaskContext, require_text

CLASSIFIER_BACKEND = "sentiment model"
ANCHOR_BACKEND = "embedding anchors (approximation)"

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

_SHORT_NAMES = {"pos": "positive", "neg": "negative", "neu": "neutral"}


def normalize_label(label: str) -> str:
    lowered = label.strip().lower()
    return _SHORT_NAMES.get(lowered, lowered)


def run(loaded: LoadedModel, request: SentimentRequest, context: TaskContext) -> tuple[SentimentResult, Stats]:
    require_text(request.text)
    started = time.perf_counter()
    if loaded.info.kind == "embedding":
        scores, backend = score_with_anchors(loaded, request.text, context), ANCHOR_BACKEND
    else:
        scores, backend = score_with_classifier(loaded, [request.text])[0], CLASSIFIER_BACKEND
    result = SentimentResult(label=scores.top, scores=scores, backend=backend)
    return result, Stats(1, "texts", time.perf_counter() - started)


def score_with_classifier(loaded: LoadedModel, texts: list[str]) -> list[LabelScores]:
    import torch

    encoded = loaded.tokenizer(texts, return_tensors="pt", padding=True, truncation=True).to(loaded.device)
    with torch.inference_mode():
        logits = loaded.model(**encoded).logits.float()
    config = loaded.model.config
    if config.problem_type == "multi_label_classification" or config.num_labels == 1:
        probabilities = torch.sigmoid(logits)
    else:
        probabilities = torch.softmax(logits, dim=-1)
    results = []
    for row in probabilities.cpu().tolist():
        pairs = [(normalize_label(config.id2label[i]), float(p)) for i, p in enumerate(row)]
        results.append(LabelScores(tuple(sorted(pairs, key=lambda kv: -kv[1]))))
    return results


def score_with_anchors(loaded: LoadedModel, text: str, context: TaskContext) -> LabelScores:
    import torch

    labels = list(ANCHORS)
    phrases = [p for label in labels for p in ANCHORS[label]]
    vectors = embed(loaded, [text, *phrases], context.check_cancelled)
    similarity = cosine_matrix(vectors[:1], vectors[1:])[0]
    per_label = []
    position = 0
    for label in labels:
        count = len(ANCHORS[label])
        per_label.append(similarity[position : position + count].mean())
        position += count
    probabilities = torch.softmax(torch.stack(per_label) * ANCHOR_SCALE, dim=0).tolist()
    return LabelScores(tuple(sorted(zip(labels, probabilities), key=lambda kv: -kv[1])))
