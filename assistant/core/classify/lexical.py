"""Words as evidence for zero-shot: a text's terms and their TF-IDF weights within a batch.

Sentence embeddings blur what a label's own words say, and the starter model reads Chinese as
mostly unknown tokens.  Two uses, both chosen on the dev splits of bench/eval_classify.py
(``--study-zero-shot``; bench/README.md):

- the first step adds the TF-IDF cosine between a text and the label's name to its centred
  cosine (scoring.EmbeddingScorer), the IDF taken from the batch's centring sample;
- the second step (core/classify/refine.py) learns from each text's TF-IDF vector beside its
  embedding, the vocabulary and IDF taken from the whole batch.

Terms: lower-cased runs of letters of two or more; a run of CJK characters (written without
spaces) gives its characters and their pairs instead.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence

_WORD = re.compile(r"[^\W\d_]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
MAX_TERMS_PER_TEXT = 500  # a long document keeps its most frequent terms: what a job stores per file stays small
MIN_DF = 2  # a term in one text only says nothing about the batch's labels
MAX_VOCABULARY = 2000  # the batch's most widespread terms: bounds the second step's memory (10,000 files: ~0.1 GB); no dev set reaches it (manpages: 1,555)


def term_counts(text: str, limit: int = MAX_TERMS_PER_TEXT) -> dict[str, int]:
    """term -> how often it occurs in ``text`` (the ``limit`` most frequent)."""
    counts: Counter[str] = Counter()
    for word in _WORD.findall(text.lower()):
        if _CJK.search(word):
            counts.update(word)
            counts.update(a + b for a, b in zip(word, word[1:], strict=False))
        elif len(word) > 1:
            counts[word] += 1
    return dict(counts.most_common(limit))


class Tfidf:
    """A vocabulary and its IDF, learnt from a batch's term counts (smoothed, as scikit-learn's)."""

    def __init__(self, documents: Sequence[Mapping[str, int]], min_df: int = MIN_DF, max_terms: int = MAX_VOCABULARY, extra: Sequence[str] = ()) -> None:
        df: Counter[str] = Counter()
        for counts in documents:
            df.update(counts.keys())
        vocabulary = [term for term, n in df.most_common() if n >= min_df][:max_terms]
        known = set(vocabulary)
        vocabulary += [term for term in dict.fromkeys(extra) if term not in known]  # the labels' own words always count
        self.index = {term: i for i, term in enumerate(vocabulary)}
        n = len(documents)
        self.idf = [math.log((1 + n) / (1 + df.get(term, 0))) + 1 for term in vocabulary]

    def __len__(self) -> int:
        return len(self.index)

    def matrix(self, documents: Sequence[Mapping[str, int]]):
        """(documents, vocabulary) unit rows of sublinear TF x IDF (a text with no known term: zeros)."""
        import torch

        out = torch.zeros(len(documents), len(self.index))
        for row, counts in enumerate(documents):
            for term, count in counts.items():
                column = self.index.get(term)
                if column is not None:
                    out[row, column] = (1 + math.log(count)) * self.idf[column]
        return torch.nn.functional.normalize(out, dim=1)


def label_terms(labels: Sequence[str]) -> list[dict[str, int]]:
    return [term_counts(label) for label in labels]
