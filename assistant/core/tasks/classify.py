"""Zero-shot classification of pasted text and files into the user's labels.

With an NLI model this computes what transformers' zero-shot-classification
pipeline computes: each label becomes the hypothesis "This example is {label}.",
and the entailment logits are compared across labels with a softmax.  Without one
the starter embedding model compares each text with each label description by
cosine similarity.  Files are read one batch at a time and each finished item is
sent to the tab at once; a file that cannot be read gets a row saying why.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from assistant.core.embeddings import cosine_matrix, embed
from assistant.core.files import UnreadableFile, read_text
from assistant.core.messages import BadInput, ClassifiedItem, ClassifyItem, ClassifyRequest, LabelScores, Stats
from assistant.core.models.loader import LoadedModel
from assistant.core.tasks.common import MAX_TEXT_CHARS, TaskContext

HYPOTHESIS_TEMPLATE = "This example is {}."
LABEL_PROMPT = "This text is about {}."
SIMILARITY_SCALE = 20.0  # see sentiment.ANCHOR_SCALE
BATCH_SIZE = 16


def parse_labels(text: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    parts = text.split(",") if isinstance(text, str) else text
    labels: list[str] = []
    for part in parts:
        label = part.strip()
        if label and label not in labels:
            labels.append(label)
    return tuple(labels)


def prepare(request: ClassifyRequest) -> tuple[str, ...]:
    labels = parse_labels(request.labels)
    if len(labels) < 2:
        raise BadInput("Give at least two labels, separated by commas (for example: sports, politics, technology).")
    if not request.items:
        raise BadInput("There is nothing to classify: paste some text or add files.")
    return labels


def run(loaded: LoadedModel, request: ClassifyRequest, context: TaskContext) -> tuple[list[ClassifiedItem], Stats]:
    labels = prepare(request)
    scorer = _NliScorer(loaded, labels) if loaded.info.kind.startswith("NLI") else _EmbeddingScorer(loaded, labels, context)
    results: list[ClassifiedItem] = []
    total = len(request.items)
    started = time.perf_counter()
    for batch in _batches(request.items):
        context.check_cancelled()
        readable: list[tuple[int, str, str]] = []
        for index, item in batch:
            try:
                readable.append((index, item.name, _text_of(item)))
            except UnreadableFile as exc:
                _finish(results, context, ClassifiedItem(index=index, name=item.name, scores=None, error=str(exc)))
        if readable:
            for (index, name, _), scores in zip(readable, scorer.score([text for _, _, text in readable])):
                _finish(results, context, ClassifiedItem(index=index, name=name, scores=scores))
        context.progress(len(results), total, f"{len(results)} of {total}")
    results.sort(key=lambda r: r.index)
    return results, Stats(len(results), "files" if any(i.path for i in request.items) else "texts", time.perf_counter() - started)


def _finish(results: list[ClassifiedItem], context: TaskContext, item: ClassifiedItem) -> None:
    results.append(item)
    context.emit_partial(item)


def _batches(items: tuple[ClassifyItem, ...]) -> Iterator[list[tuple[int, ClassifyItem]]]:
    numbered = list(enumerate(items))
    for start in range(0, len(numbered), BATCH_SIZE):
        yield numbered[start : start + BATCH_SIZE]


def _text_of(item: ClassifyItem) -> str:
    if item.path is not None:
        return read_text(item.path)
    text = item.text or ""
    if not text.strip():
        raise UnreadableFile("empty text")
    if len(text) > MAX_TEXT_CHARS:
        raise UnreadableFile(f"too long ({len(text):,} characters; the limit is {MAX_TEXT_CHARS:,})")
    return text


class _NliScorer:
    def __init__(self, loaded: LoadedModel, labels: tuple[str, ...]) -> None:
        self.loaded = loaded
        self.labels = labels
        self.entailment_id = _entailment_id(loaded.model.config)

    def score(self, texts: list[str]) -> list[LabelScores]:
        import torch

        hypotheses = [HYPOTHESIS_TEMPLATE.format(label) for label in self.labels]
        results = []
        for text in texts:
            encoded = self.loaded.tokenizer(
                [text] * len(hypotheses), hypotheses, return_tensors="pt", padding=True, truncation="only_first"
            ).to(self.loaded.device)
            with torch.inference_mode():
                logits = self.loaded.model(**encoded).logits.float()
            probabilities = torch.softmax(logits[:, self.entailment_id], dim=0).cpu().tolist()
            results.append(LabelScores(tuple(sorted(zip(self.labels, probabilities), key=lambda kv: -kv[1]))))
        return results


def _entailment_id(config) -> int:
    for label, index in config.label2id.items():
        if label.lower().startswith("entail"):
            return int(index)
    return -1


class _EmbeddingScorer:
    def __init__(self, loaded: LoadedModel, labels: tuple[str, ...], context: TaskContext) -> None:
        self.loaded = loaded
        self.labels = labels
        self.context = context
        # A label alone ("sports") and in a sentence both help; their mean is steadier than either.
        plain = embed(loaded, list(labels), context.check_cancelled)
        prompted = embed(loaded, [LABEL_PROMPT.format(label) for label in labels], context.check_cancelled)
        self.label_vectors = (plain + prompted) / 2

    def score(self, texts: list[str]) -> list[LabelScores]:
        import torch

        vectors = embed(self.loaded, texts, self.context.check_cancelled)
        probabilities = torch.softmax(cosine_matrix(vectors, self.label_vectors) * SIMILARITY_SCALE, dim=1).tolist()
        return [LabelScores(tuple(sorted(zip(self.labels, row), key=lambda kv: -kv[1]))) for row in probabilities]
