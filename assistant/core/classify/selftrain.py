"""Scores refined on the batch being classified (transductive self-training).

As in "Zero-Shot Text Classification with Self-Training" (Gera et al., EMNLP 2022): the
first scores pick, for every label, the texts they are surest of; a logistic regression
trained on those pseudo-labels then classifies the whole batch.  Class-balanced: each label
gets the same number of pseudo-examples (those predicted as it, highest score first), so one
label that the first scores favour cannot take over; a label predicted for no text keeps its
best scoring texts as examples all the same.

Chosen on the dev splits of bench/eval_classify.py (``--study-refine``; mean over the four
sets, first step alone 0.528): half the batch as pseudo-examples (accuracy 0.539; a quarter
0.525, a tenth 0.503), learning from the plain document vectors (the centred ones: the same
0.539).  The regression's raw probabilities are far too unsure (weights kept small by C = 1 on
unit vectors: ECE 0.26), so its logits are divided by a temperature of 0.5 (ECE 0.15; 0.3: 0.20,
0.75: 0.20).

``examples``: a taught classifier's examples joined to the pseudo-examples.  Measured on dev and
not used by the program (5 examples per label: 0.647 with or without; see core/classify/refine.py).
"""

from __future__ import annotations

from assistant.core.classify.trained import fit, l2_of

SHARE = 0.5  # of the batch used as pseudo-examples, spread evenly over the labels (chosen on dev)
MIN_BATCH = 20  # fewer texts than this: the first scores as they are
C = 1.0
TEMPERATURE = 0.5  # the regression's logits are divided by this (chosen on dev for ECE: module docstring)


def pseudo_labels(probabilities, share: float = SHARE) -> tuple[list[int], list[int]]:
    """(rows, labels) of the pseudo-examples: per label the ``share * n / labels`` rows predicted
    as that label with the highest score, topped up from its best-scoring rows when too few;
    a row is used at most once."""
    import torch

    n, labels = probabilities.shape
    per_label = max(1, round(share * n / labels))
    predicted = probabilities.argmax(dim=1)
    used: set[int] = set()
    rows, targets = [], []
    for label in range(labels):
        column = probabilities[:, label]
        order = torch.argsort(column, descending=True).tolist()
        mine = [r for r in order if int(predicted[r]) == label and r not in used][:per_label]
        if len(mine) < per_label:
            mine += [r for r in order if r not in used and r not in mine][: per_label - len(mine)]
        used.update(mine)
        rows += mine
        targets += [label] * len(mine)
    return rows, targets


def refined_logits(vectors, probabilities, share: float = SHARE, c: float = C, examples=None, targets=None, normalise: bool = True):
    """(n, labels) logits of a regression on the batch's pseudo-examples (and ``examples`` with
    their ``targets``, when given), or None when the batch is too small to learn from.
    ``normalise``: learn from the rows made unit vectors (False: the features as given)."""
    import torch

    n, labels = probabilities.shape
    if n < MIN_BATCH:
        return None
    def unit(x, dim):
        return torch.nn.functional.normalize(x, dim=dim) if normalise else x

    rows, pseudo = pseudo_labels(probabilities, share)
    x = unit(vectors[rows], dim=1)
    y = torch.tensor(pseudo, dtype=torch.long)
    if examples is not None and targets is not None and len(targets):
        x = torch.cat([unit(examples, dim=1), x])
        y = torch.cat([torch.as_tensor(targets, dtype=torch.long), y])
    weight, bias = fit(x, y, labels, l2_of(c, len(y)))
    return unit(vectors, dim=1) @ weight.T + bias


def self_train(vectors, probabilities, share: float = SHARE, temperature: float = TEMPERATURE, c: float = C, examples=None, targets=None):
    """New (n, labels) probabilities for the batch; the old ones when it is too small."""
    import torch

    logits = refined_logits(vectors, probabilities, share, c, examples, targets)
    if logits is None:
        return probabilities
    return torch.softmax(logits / temperature, dim=1)
