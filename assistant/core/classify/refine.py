"""The second step of classifying a batch: every item's scores revised by what the whole batch says.

The first step scores item by item and shows each result as it comes; once every item has a
score, a regression learns from the items each label is surest of (core/classify/selftrain.py)
and scores the whole batch again.  So a row shown during the first step may change label in the
second: the tab is sent the revised rows and the summary says how many changed.

It runs for zero-shot by similarity (the embedding scorer), one label per item, on 20 items or
more, unless the request turns it off (``self_train``).  NLI scores and several labels per item
are left as the first step gave them.  A taught classifier too: on the dev splits of
bench/eval_classify.py, its examples plus the batch's pseudo-examples were no better than the
examples alone (5 per label, mean accuracy 0.647 either way; bench/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from assistant.core.classify import selftrain
from assistant.core.classify.messages import ClassifiedItem
from assistant.core.scores import LabelScores


@dataclass
class Refinement:
    labels: tuple[str, ...]
    unsure_below: float
    temperature: float = selftrain.TEMPERATURE
    share: float = selftrain.SHARE
    c: float = selftrain.C

    def probabilities_of(self, item: ClassifiedItem) -> list[float]:
        """The item's scores in the order of ``labels``."""
        assert item.scores is not None
        scores = item.scores.as_dict()
        return [scores.get(label, 0.0) for label in self.labels]

    def revise(self, vectors, probabilities):
        """(n, labels) new probabilities for the batch, or None when it is too small to learn from."""
        import torch

        logits = selftrain.refined_logits(vectors, probabilities, self.share, self.c)
        return None if logits is None else torch.softmax(logits / self.temperature, dim=1)

    def revised(self, item: ClassifiedItem, row) -> ClassifiedItem:
        """``item`` with the scores of ``row`` (probabilities in the order of ``labels``), its label
        and "unsure" decided again as the first step decides them.  The passages stay those that
        drove the first step's label: they are evidence of what the text says, not of the label."""
        ranked = sorted(zip(self.labels, (float(p) for p in row), strict=True), key=lambda kv: -kv[1])
        scores = LabelScores(tuple(ranked))
        unsure = scores.top_score < self.unsure_below
        return replace(item, scores=scores, unsure=unsure, labels=() if unsure else (scores.top,))
