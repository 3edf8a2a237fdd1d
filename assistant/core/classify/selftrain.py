"""Zero-shot refined on the batch being classified (transductive self-training).

As in "Zero-Shot Text Classification with Self-Training" (Gera et al., EMNLP 2022): the
zero-shot scores pick, for every label, the texts it is surest of; a logistic regression
trained on those pseudo-labels then classifies the whole batch.  Class-balanced: each label
gets the same number of pseudo-examples (those predicted as it, highest score first), so one
label that the prompts favour cannot take over; a label predicted for no text keeps its best
scoring texts as examples all the same.
"""

from __future__ import annotations

from assistant.core.classify.trained import fit, l2_of

SHARE = 0.25  # of the batch used as pseudo-examples, spread evenly over the labels
MIN_BATCH = 20  # fewer texts than this: the zero-shot scores as they are
C = 1.0


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


def self_train(vectors, probabilities, share: float = SHARE):
    """New (n, labels) probabilities for the batch: a regression on the pseudo-examples."""
    import torch

    n, labels = probabilities.shape
    if n < MIN_BATCH:
        return probabilities
    rows, targets = pseudo_labels(probabilities, share)
    x = torch.nn.functional.normalize(vectors[rows], dim=1)
    weight, bias = fit(x, torch.tensor(targets), labels, l2_of(C, len(rows)))
    return torch.softmax(torch.nn.functional.normalize(vectors, dim=1) @ weight.T + bias, dim=1)
