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

What the regression learns from, and how its answer is used, were chosen on the dev splits
(``--study-zero-shot``; bench/README.md): each item's document vector beside the TF-IDF vector
of its words (core/classify/lexical.py; the batch's vocabulary), weight decay as C = 0.3 rather
than 1, and its probabilities joined to the first step's (``FIRST_WEIGHT``: log P + 0.5 log P1),
so a revision the regression is unsure of leans on what the first step saw.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    c: float = 0.3  # chosen on dev (module docstring); selftrain.C = 1 before
    lexical_weight: float = 1.0  # the TF-IDF vector's length beside the unit document vector
    first_weight: float = 0.5  # FIRST_WEIGHT: the first step's log-probabilities added to the revision's

    def probabilities_of(self, item: ClassifiedItem) -> list[float]:
        """The item's scores in the order of ``labels``."""
        assert item.scores is not None
        scores = item.scores.as_dict()
        return [scores.get(label, 0.0) for label in self.labels]

    def revise(self, vectors, probabilities, terms: Sequence[Mapping[str, int]] | None = None):
        """(n, labels) new probabilities for the batch, or None when it is too small to learn from.

        ``terms``: each item's words (core/classify/lexical.py), learnt from beside its vector."""
        import torch

        features = self.features(vectors, terms)
        logits = selftrain.refined_logits(features, probabilities, self.share, self.c, normalise=False)
        if logits is None:
            return None
        revised = torch.log_softmax(logits / self.temperature, dim=1)
        return torch.softmax(revised + self.first_weight * torch.log(probabilities.clamp(min=1e-12)), dim=1)

    def features(self, vectors, terms: Sequence[Mapping[str, int]] | None):
        """Unit document vectors, followed by the items' TF-IDF vectors when ``terms`` are given."""
        import torch

        unit = torch.nn.functional.normalize(vectors, dim=1)
        if not terms or self.lexical_weight == 0:
            return unit
        from assistant.core.classify.lexical import Tfidf

        tfidf = Tfidf(terms)
        if not len(tfidf):
            return unit
        return torch.cat([unit, self.lexical_weight * tfidf.matrix(terms)], dim=1)

    def revised(self, item: ClassifiedItem, row) -> ClassifiedItem:
        """``item`` with the scores of ``row`` (probabilities in the order of ``labels``), its label
        and "unsure" decided again as the first step decides them.  The passages stay those that
        drove the first step's label: they are evidence of what the text says, not of the label."""
        ranked = sorted(zip(self.labels, (float(p) for p in row), strict=True), key=lambda kv: -kv[1])
        scores = LabelScores(tuple(ranked))
        unsure = scores.top_score < self.unsure_below
        return replace(item, scores=scores, unsure=unsure, labels=() if unsure else (scores.top,))
