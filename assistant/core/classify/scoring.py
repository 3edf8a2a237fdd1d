"""Scoring documents (lists of passages) against labels, and why.

Three scorers share one shape: ``evidence(chunks)`` gives one row per passage and
one column per label; ``decide`` turns the rows of one document into its label
scores and picks the passages that drove the top label.

How passage scores become a document's score is chosen per scorer on the dev
split of bench/eval_classify.py (man pages as .txt/.html/.docx/.pdf, 1-12
passages each).  EmbeddingScorer: the mean over all passages (accuracy 0.650,
ECE 0.107; the mean of the best three, used before: 0.617, 0.130; the best one:
0.617; the opening three passages weighted twice: 0.650, 0.139).  NliScorer: the
mean of the best ``TOP_K`` passages, unmeasured (no NLI model is installed
here).  A document that fits in one passage scores as that passage either way,
so short texts score exactly as before.

- EmbeddingScorer: cosine similarity between passage and label embeddings.  A
  label is represented by itself, by "This text is about {label}." and by each
  description or example phrase the user gave; their normalised mean is the
  label's vector.  A batch of 20 or more items, one label each, is first
  centred: the mean document vector of a sample of 64 of them is taken out of
  passages and labels (set_centre).  Chosen on the dev splits (accuracy without
  -> with): man pages 0.650 -> 0.783, intents 0.662 -> 0.683, topics-zh 0.135
  -> 0.161, topics-en 0.489 -> 0.472; six prompt templates, or Chinese ones
  for the Chinese set, were no better than the two used (within 2 points).  Single-label: softmax over labels of 20 x cosine,
  or of 10 x cosine once centred (centred cosines spread wider; chosen on the dev splits for ECE,
  mean over the four sets: 0.168 at 10, 0.174 at 12.5, 0.171 at 15, 0.201 at 20 as before, 0.212
  at 7.5).  A batch of 20 or more is then revised by self-training (core/classify/refine.py).
  Multi-label: each label on its own, sigmoid(30 x (cosine - 0.09)); these
  constants fit all-MiniLM-L6-v2 on the labelled texts of the tests (a text of
  the label: mean 0.21, 9 in 10 above 0.10; a text of another label: mean 0.00,
  9 in 10 below 0.075).  They are not calibrated probabilities: zero-shot has no
  labelled data to calibrate on.  Teach by example for calibrated scores.
- NliScorer: what the zero-shot-classification pipeline computes (hypothesis
  "This example is {label}.", entailment logits softmaxed across labels; in
  multi-label mode entailment against contradiction per label).
- TrainedScorer: the document vector (normalised mean of its passage
  embeddings) through the trained logistic regression, with its temperature.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assistant.core.classify.chunking import Chunk
from assistant.core.classify.lexical import Tfidf
from assistant.core.classify.messages import Passage
from assistant.core.models.embeddings import embed
from assistant.core.scores import LabelScores

TOP_K = 3
MIN_CENTRE_ITEMS = 20  # documents in a batch before its mean is taken out (EmbeddingScorer.set_centre)
CENTRE_SAMPLE = 64  # documents sampled (evenly at random) to estimate that mean
SIMILARITY_SCALE = 20.0  # as before, see sentiment.ANCHOR_SCALE
CENTRED_SCALE = 10.0  # centred cosines are spread wider: chosen on dev for ECE (module docstring)
MULTI_CENTER = 0.09
MULTI_SCALE = 30.0
HYPOTHESIS_TEMPLATE = "This example is {}."
DESCRIPTION_HYPOTHESIS = "This example is about {}."
LABEL_PROMPT = "This text is about {}."
# A centred batch's label vectors: the mean of these (unit) prompts, chosen on dev (lexical.py's docstring).
BATCH_PROMPTS = ("{}", LABEL_PROMPT, "This is about {}.", "A text about {}.", "It is about {}.", "Topic: {}.")
LEXICAL_WEIGHT = 0.1  # a centred batch: cosine + this x the TF-IDF cosine to the label's name (chosen on dev)
PASSAGES_SHOWN = 3
CONTEXT_CHARS = 120
PASSAGE_CHARS = 600


@dataclass(frozen=True)
class Decision:
    scores: LabelScores
    labels: tuple[str, ...]
    unsure: bool
    passages: tuple[Passage, ...]


def phrases_of(description: str) -> list[str]:
    """'football, tennis; match results' -> ['football, tennis', 'match results'] (';' or new lines separate)."""
    return [p.strip() for p in re.split(r"[;\n]", description or "") if p.strip()]


def top_k_mean(rows, k: int = TOP_K):
    """Per column, the mean of the ``k`` largest values (rows: passages x labels)."""
    import torch

    k = min(k, rows.shape[0])
    return torch.topk(rows, k, dim=0).values.mean(dim=0)


class _Base:
    labels: tuple[str, ...]

    def document_vector(self, evidence):
        """The vector a document is refined by on its batch (core/classify/selftrain.py); None for
        a scorer whose evidence is not an embedding."""
        return None

    @property
    def uses_terms(self) -> bool:
        """Whether ``decide`` reads a text's words (``terms``) as well as its evidence."""
        return False

    def decide(
        self, text: str, chunks: list[Chunk], evidence, multi_label: bool, threshold: float, unsure_below: float, terms: Mapping[str, int] | None = None
    ) -> Decision:
        """``terms``: the text's word counts (lexical.term_counts), for a scorer that ``uses_terms``."""
        probabilities, passage_scores = self.combine(evidence, multi_label, terms)
        ranked = sorted(zip(self.labels, probabilities, strict=True), key=lambda kv: -kv[1])
        scores = LabelScores(tuple((label, float(p)) for label, p in ranked))
        top_label, top_score = ranked[0]
        if multi_label:
            chosen = tuple(label for label, p in ranked if p >= threshold)
            unsure = not chosen
        else:
            unsure = top_score < unsure_below
            chosen = () if unsure else (top_label,)
        column = self.labels.index(top_label)
        return Decision(scores, chosen, unsure, _passages(text, chunks, passage_scores[:, column], top_label))

    def combine(self, evidence, multi_label: bool, terms: Mapping[str, int] | None = None):
        raise NotImplementedError


def _passages(text: str, chunks: list[Chunk], scores, label: str) -> tuple[Passage, ...]:
    if len(chunks) <= 1 and len(text) <= PASSAGE_CHARS:
        order = [0]  # a short text is its own passage
    else:
        order = sorted(range(len(chunks)), key=lambda i: -float(scores[i]))[:PASSAGES_SHOWN]
    out = []
    for i in order:
        chunk = chunks[i]
        body = chunk.text.strip()
        lead = len(chunk.text) - len(chunk.text.lstrip())
        start = chunk.start + lead
        if len(body) > PASSAGE_CHARS:  # shown to a person: the start of a long passage is enough
            body = body[:PASSAGE_CHARS]
        end = start + len(body)
        out.append(
            Passage(
                text=body,
                score=float(scores[i]),
                label=label,
                start=start,
                end=end,
                before=text[max(0, start - CONTEXT_CHARS) : start],
                after=text[end : end + CONTEXT_CHARS],
            )
        )
    return tuple(out)


def label_vectors(loaded, labels: tuple[str, ...], descriptions: dict[str, str], check_cancelled):
    """(labels, dim): each label as zero-shot sees it, the mean of its name, ``LABEL_PROMPT`` and its
    description's phrases, each embedded (not unit length: a mean of unit vectors)."""
    import torch

    plain = embed(loaded, list(labels), check_cancelled)
    prompted = embed(loaded, [LABEL_PROMPT.format(label) for label in labels], check_cancelled)
    vectors = []
    for row, label in enumerate(labels):
        phrases = phrases_of(descriptions.get(label, ""))
        if not phrases:
            vectors.append((plain[row] + prompted[row]) / 2)  # the same vector as before descriptions existed
            continue
        extra = embed(loaded, phrases, check_cancelled)
        parts = torch.cat([plain[row : row + 1], prompted[row : row + 1], extra])
        vectors.append(torch.nn.functional.normalize(parts, dim=1).mean(dim=0))
    return torch.stack(vectors)


class EmbeddingScorer(_Base):
    def __init__(self, loaded, labels: tuple[str, ...], descriptions: dict[str, str], check_cancelled) -> None:
        self.loaded = loaded
        self.labels = labels
        self.check_cancelled = check_cancelled
        self.label_vectors = label_vectors(loaded, labels, descriptions, check_cancelled)
        self.descriptions = descriptions
        self.batch_label_vectors = None  # set_centre: the label vectors of a centred batch
        self.centre = None  # set_centre: the batch's mean document vector, taken out before the cosine
        self.lexical: tuple[Tfidf, Any] | None = None  # set_centre: (Tfidf of the centring sample, the labels' TF-IDF rows)

    def _batch_label_vectors(self):
        """The label vectors of a centred batch: each label's ``BATCH_PROMPTS`` and description
        phrases, each a unit vector, averaged."""
        import torch

        prompts = [prompt.format(label) for label in self.labels for prompt in BATCH_PROMPTS]
        unit = torch.nn.functional.normalize(embed(self.loaded, prompts, self.check_cancelled), dim=1)
        vectors = []
        for row, label in enumerate(self.labels):
            parts = unit[row * len(BATCH_PROMPTS) : (row + 1) * len(BATCH_PROMPTS)]
            phrases = phrases_of(self.descriptions.get(label, ""))
            if phrases:
                parts = torch.cat([parts, torch.nn.functional.normalize(embed(self.loaded, phrases, self.check_cancelled), dim=1)])
            vectors.append(parts.mean(dim=0))
        return torch.stack(vectors)

    def document_vector(self, evidence):
        return document_vector(evidence)

    def set_centre(self, document_vectors, sample_terms: list[dict[str, int]] | None = None) -> None:
        """Centre passages and labels on the mean of a sample of the batch's document vectors.

        Sentence embeddings share a direction that says more about the kind of text than about its
        topic (every man page leans the same way); measured from the label vectors, it drowns the
        differences between labels.  Taking the batch's mean out first was chosen on the dev splits
        of bench/eval_classify.py (module docstring); with fewer documents than ``MIN_CENTRE_ITEMS``
        the mean says too little and nothing is taken out.

        A centred batch also scores its labels with ``BATCH_PROMPTS`` and, given the sample's
        ``sample_terms``, with the words of the labels' names (core/classify/lexical.py)."""
        from assistant.core.classify.lexical import label_terms

        self.centre = document_vectors.mean(dim=0, keepdim=True) if len(document_vectors) >= MIN_CENTRE_ITEMS else None
        self.lexical = None
        if self.centre is None:
            return
        if self.batch_label_vectors is None:
            self.batch_label_vectors = self._batch_label_vectors()
        if sample_terms:
            names = label_terms(self.labels)
            tfidf = Tfidf(sample_terms, min_df=1, extra=[term for counts in names for term in counts])
            self.lexical = (tfidf, tfidf.matrix(names))

    def evidence(self, chunk_texts: list[str]):
        """The passages' embeddings: (passages, dim); ``combine`` compares them with the labels."""
        return embed(self.loaded, chunk_texts, self.check_cancelled)

    def cosines(self, passages):
        from assistant.core.models.embeddings import cosine_matrix

        if self.centre is None:
            return cosine_matrix(passages, self.label_vectors)
        import torch

        unit = torch.nn.functional.normalize
        return cosine_matrix(unit(passages, dim=1) - self.centre, unit(self.batch_label_vectors, dim=1) - self.centre)

    @property
    def uses_terms(self) -> bool:
        return self.lexical is not None

    def lexical_scores(self, terms: Mapping[str, int] | None):
        """The TF-IDF cosine of a text's ``terms`` to each label's name, or None outside a centred batch."""
        if self.lexical is None or terms is None:
            return None
        tfidf, names = self.lexical
        return (tfidf.matrix([terms]) @ names.T)[0]

    def combine(self, evidence, multi_label: bool, terms: Mapping[str, int] | None = None):
        import torch

        cosines = self.cosines(evidence)
        document = cosines.mean(dim=0)  # chosen on dev (module docstring)
        lexical = None if multi_label else self.lexical_scores(terms)
        if lexical is not None:
            document = document + LEXICAL_WEIGHT * lexical
        if multi_label:
            return torch.sigmoid((document - MULTI_CENTER) * MULTI_SCALE).tolist(), cosines
        scale = SIMILARITY_SCALE if self.centre is None else CENTRED_SCALE
        return torch.softmax(document * scale, dim=0).tolist(), cosines


class NliScorer(_Base):
    PAIRS_PER_BATCH = 32

    def __init__(self, loaded, labels: tuple[str, ...], descriptions: dict[str, str], check_cancelled, max_tokens: int) -> None:
        self.loaded = loaded
        self.labels = labels
        self.check_cancelled = check_cancelled
        self.max_length = max_tokens
        self.entailment_id, self.contradiction_id = _nli_ids(loaded.model.config)
        # Each label's hypotheses: the pipeline's own, then one per description phrase.
        self.hypotheses: list[tuple[int, str]] = []
        for column, label in enumerate(labels):
            self.hypotheses.append((column, HYPOTHESIS_TEMPLATE.format(label)))
            for phrase in phrases_of(descriptions.get(label, "")):
                self.hypotheses.append((column, DESCRIPTION_HYPOTHESIS.format(phrase)))

    def evidence(self, chunk_texts: list[str]):
        """(passages, labels, 2): entailment and contradiction logits, averaged over a label's hypotheses."""
        import torch

        pairs = [(c, column, hypothesis) for c in range(len(chunk_texts)) for column, hypothesis in self.hypotheses]
        sums = torch.zeros(len(chunk_texts), len(self.labels), 2)
        counts = torch.zeros(len(chunk_texts), len(self.labels), 1)
        for start in range(0, len(pairs), self.PAIRS_PER_BATCH):
            self.check_cancelled()
            batch = pairs[start : start + self.PAIRS_PER_BATCH]
            encoded = self.loaded.tokenizer(
                [chunk_texts[c] for c, _, _ in batch],
                [h for _, _, h in batch],
                return_tensors="pt",
                padding=True,
                truncation="only_first",
                max_length=self.max_length,
            ).to(self.loaded.device)
            with torch.inference_mode():
                logits = self.loaded.model(**encoded).logits.float().cpu()
            for row, (c, column, _) in enumerate(batch):
                sums[c, column, 0] += logits[row, self.entailment_id]
                sums[c, column, 1] += logits[row, self.contradiction_id]
                counts[c, column, 0] += 1
        return sums / counts

    def combine(self, evidence, multi_label: bool, terms: Mapping[str, int] | None = None):
        import torch

        entail = evidence[:, :, 0]
        if multi_label:
            per_passage = torch.softmax(evidence[:, :, [1, 0]], dim=2)[:, :, 1]  # entailment vs contradiction
            return top_k_mean(per_passage).tolist(), per_passage
        return torch.softmax(top_k_mean(entail), dim=0).tolist(), entail


def document_vector(passages):
    """A document's embedding: the normalised mean of its passages' (what a taught classifier is trained on)."""
    import torch

    return torch.nn.functional.normalize(passages.mean(dim=0), dim=0)


def _nli_ids(config) -> tuple[int, int]:
    entailment = contradiction = -1
    for label, index in config.label2id.items():
        if label.lower().startswith("entail"):
            entailment = int(index)
        elif label.lower().startswith("contradict"):
            contradiction = int(index)
    if contradiction == -1:
        contradiction = 0 if entailment != 0 else 1
    return entailment, contradiction


class TrainedScorer(_Base):
    def __init__(self, loaded, classifier, check_cancelled) -> None:
        self.loaded = loaded
        self.classifier = classifier
        self.labels = classifier.labels
        self.check_cancelled = check_cancelled

    def evidence(self, chunk_texts: list[str]):
        return embed(self.loaded, chunk_texts, self.check_cancelled)  # passage embeddings: (passages, dim)

    def document_vector(self, evidence):
        return document_vector(evidence)

    def combine(self, evidence, multi_label: bool, terms: Mapping[str, int] | None = None):
        import torch

        document = torch.nn.functional.normalize(evidence.mean(dim=0, keepdim=True), dim=1)
        probabilities = self.classifier.probabilities(document)[0]
        per_passage = self.classifier.probabilities(torch.nn.functional.normalize(evidence, dim=1))
        return probabilities.tolist(), per_passage
