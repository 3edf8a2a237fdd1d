"""Teach by example: a logistic regression on sentence embeddings, trained on the CPU in seconds.

Why this by default and fine-tuning only as an option: a few dozen examples per
label are what people have; the embedding model already places texts by topic,
and a linear layer on top learns the user's notion of each label in seconds
without forgetting anything.  It is trained full-batch with L-BFGS (convex: the
same data gives the same weights).  The option (core/classify/finetune.py) tunes
the embedding model on the examples first and trains this head on the tuned
embeddings; such a classifier saves its encoder beside it (``save``).

The labels' names count too (``name_hint``): with five examples per label a folder called
"sports" says something the examples may not, so the head's calibrated logits get a small
share of the text's cosine to each name, as zero-shot scores it, unless cross-validation shows
the names misleading (fewer held-out examples right with them).

Regularisation: the strength is chosen by the same cross-validation from a
short grid (scikit-learn's C: mean cross-entropy + |W|^2 / (2 C n)) and the
old fixed decay, so it never cross-validates worse than before; the
evaluation sets of bench/eval_classify.py showed a fixed weak decay losing to
plain C = 1 with few examples and winning with many, so no single value fits.

Cross-validation: stratified k-fold (k = 5, or fewer when a label has fewer
examples); the accuracy on the held-out folds is what the user is shown.  The
held-out logits also fit a temperature (one number dividing the logits) that
makes the probabilities honest: a classifier trained on few examples is
over-confident, and "unsure" only means something if 0.6 means right 60 % of
the time.

Saved as JSON (labels, figures, the examples' paths) and safetensors (weights,
the examples' embeddings so that corrections retrain without re-reading every
file); never pickle.
"""

from __future__ import annotations

import json
import math
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.core.protocol import BadInput
from assistant.core.say import say

if TYPE_CHECKING:
    import torch  # imported where it is used: listing classifiers must not load torch

FORMAT_VERSION = 1
L2 = 1e-3  # weight decay for a fit without a chosen strength: keeps weights finite on separable data
# Candidates for the cross-validated strength (larger: weaker).  Not above 10: weaker fits take L-BFGS
# all its iterations (19 s for 65 examples on a loaded 2-core machine, against 1.2 s at C = 1).
C_GRID = (0.3, 1.0, 3.0, 10.0)
FALLBACK_C = 1.0  # when no cross-validation can run (a label with a single example)
MAX_ITERATIONS = 200
MAX_FOLDS = 5
# The labels' names as a hint beside the examples (``name_hint``): this many times the cosine of a text to
# each name, taken about the examples' mean, is added to the calibrated logits.  Chosen on the dev splits
# (bench/eval_classify.py --study-names --draws 8 --shots 5; mean accuracy of the four sets): the head
# alone 0.633; 5 / 10 / 20 x cosine 0.644 / 0.643 / 0.642, mean ECE 0.092 / 0.094 / 0.098 (0.092 alone);
# at 20 per label (4 draws, a scratch script) 5 x loses on no set.
NAME_SCALE = 5.0
TEMPERATURE_FLOOR = 0.02  # the sharpest temperature fitted when some held-out answers are wrong
ALL_RIGHT_FLOOR = 0.25  # ... and when all are right (see fit_temperature)
_NAME = re.compile(r"^[\w][\w .-]{0,63}$")


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not _NAME.match(name) or ".." in name:
        raise BadInput(say("Give the classifier a name of letters, digits, spaces, '-', '_' or '.' (at most 64)."))
    return name


@dataclass
class Classifier:
    name: str
    labels: tuple[str, ...]
    weight: torch.Tensor  # (labels, dim)
    bias: torch.Tensor  # (labels,)
    temperature: float = 1.0
    embedding_model: str = ""
    info: dict = field(default_factory=dict)  # figures shown to the user, the examples' paths

    def logits(self, vectors):
        return vectors @ self.weight.T + self.bias

    def probabilities(self, vectors):
        import torch

        return torch.softmax(self.logits(vectors) / self.temperature, dim=1)


def fit(vectors, targets, n_labels: int, l2: float = L2):
    """Multinomial logistic regression: (weight, bias) minimising cross-entropy + l2 * |W|^2."""
    import torch

    torch.manual_seed(0)
    weight = torch.zeros(n_labels, vectors.shape[1], requires_grad=True)
    bias = torch.zeros(n_labels, requires_grad=True)
    optimizer = torch.optim.LBFGS([weight, bias], lr=1.0, max_iter=MAX_ITERATIONS, line_search_fn="strong_wolfe")

    def closure():
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(vectors @ weight.T + bias, targets) + l2 * (weight**2).sum()
        loss.backward()
        return loss

    with torch.enable_grad():
        optimizer.step(closure)
    return weight.detach(), bias.detach()


def stratified_folds(targets: list[int], k: int, seed: int = 0) -> list[int]:
    """The fold of every example; each label's examples spread evenly over the folds."""
    import random

    rng = random.Random(seed)
    fold = [0] * len(targets)
    for label in sorted(set(targets)):
        members = [i for i, t in enumerate(targets) if t == label]
        rng.shuffle(members)
        for position, index in enumerate(members):
            fold[index] = position % k
    return fold


def l2_of(c: float, examples: int) -> float:
    """scikit-learn's C as the weight decay of ``fit`` (whose cross-entropy is a mean over ``examples``)."""
    return 1.0 / (2.0 * c * max(examples, 1))


def cross_validate(vectors, targets, n_labels: int, c: float | None = None):
    """(accuracy, folds, held-out logits) or (None, 0, None) when some label has a single example.
    ``c``: the strength of each fold's fit (None: the fixed ``L2``)."""
    import torch

    counts = torch.bincount(targets, minlength=n_labels)
    k = int(min(MAX_FOLDS, counts.min().item()))
    if k < 2:
        return None, 0, None
    folds = torch.tensor(stratified_folds(targets.tolist(), k))
    held_out = held_out_logits(CrossFitted([vectors] * k, folds), targets, n_labels, c)
    return accuracy_of(held_out, targets), k, held_out


@dataclass
class CrossFitted:
    """Vectors for a cross-validation that the classifier's own vectors cannot give: ``vectors[f]``
    holds every example's vector from an encoder tuned without fold ``f`` (``folds``: each
    example's fold), so the examples of fold ``f`` are truly unseen there."""

    vectors: list  # one (examples, dim) tensor per fold
    folds: torch.Tensor  # (examples,) fold of each example


def held_out_logits(cross: CrossFitted, targets, n_labels: int, c: float | None):
    """Each example's logits from a head fitted at strength ``c`` (None: the fixed ``L2``) on the
    other folds' examples."""
    import torch

    held_out = torch.zeros(len(targets), n_labels)
    for fold, vectors in enumerate(cross.vectors):
        train, test = cross.folds != fold, cross.folds == fold
        l2 = L2 if c is None else l2_of(c, int(train.sum()))
        weight, bias = fit(vectors[train], targets[train], n_labels, l2)
        held_out[test] = vectors[test] @ weight.T + bias
    return held_out


def accuracy_of(logits, targets) -> float:
    return (logits.argmax(dim=1) == targets).float().mean().item()


def choose_strength(vectors, targets, n_labels: int, grid=C_GRID, cross: CrossFitted | None = None):
    """(C, accuracy, folds, held-out logits) of the best C (None: the fixed ``L2``): the highest held-out accuracy,
    then the lowest held-out log loss once each is temperature-scaled (so a sharper fit is not
    preferred just for being sharper).  ``cross``: the held-out vectors to judge by, when the
    classifier's own ``vectors`` come from an encoder that saw every example."""
    best = None
    # The old fixed decay as one more candidate: cross-validation never does worse than it did.
    for c in (*grid, None):
        if cross is None:
            accuracy, folds, held_out = cross_validate(vectors, targets, n_labels, c)
            if held_out is None:
                return FALLBACK_C, None, 0, None
        else:
            held_out = held_out_logits(cross, targets, n_labels, c)
            accuracy, folds = accuracy_of(held_out, targets), len(cross.vectors)
        loss = fit_temperature(held_out, targets)[2]
        key = (round(accuracy, 6), -loss)
        if best is None or key > best[0]:
            best = (key, c, accuracy, folds, held_out)
    assert best is not None
    return best[1], best[2], best[3], best[4]


def fit_temperature(logits, targets) -> tuple[float, float, float]:
    """(temperature, log loss at T=1, log loss at the best T), searched on a log grid up to 20.

    How far down the grid goes depends on the held-out answers.  When every one is right, the log
    loss keeps falling as T goes to 0, and a few dozen examples cannot justify certainty: the floor
    is 0.25 (at most 4x sharper than trained).  With some wrong, the loss has a real minimum and the
    search goes down to 0.02: a strongly regularised fit on few examples (small weights on unit
    vectors) gives near-uniform scores, and 4x was too little to make them honest (topics-en dev,
    5 per label: ECE 0.199 at the old floor for every fit, 0.080 with this one).
    """
    import torch

    def nll(t: float) -> float:
        return torch.nn.functional.cross_entropy(logits / t, targets).item()

    all_right = bool((logits.argmax(dim=1) == targets).all())
    lowest = math.log(ALL_RIGHT_FLOOR if all_right else TEMPERATURE_FLOOR)
    grid = [math.exp(x / 40) for x in range(math.ceil(40 * lowest), 121)]  # ... e^3 = 20
    best = min(grid, key=nll)
    return best, nll(1.0), nll(best)


def name_hint(vectors, label_vectors):
    """(weight, bias) of the names' hint: ``NAME_SCALE`` x each text's cosine to each label's name,
    less its mean over ``vectors`` (the examples), so that a name near every text favours no label.
    Unit vectors in: the cosine is a dot product, so the hint is linear and folds into the head."""
    weight = NAME_SCALE * label_vectors
    return weight, -(vectors @ weight.T).mean(dim=0)


def train(
    name: str, labels: tuple[str, ...], vectors, targets, embedding_model: str, paths: list[str], grid=C_GRID,
    cross: CrossFitted | None = None, label_vectors=None,
) -> Classifier:  # fmt: skip
    """``grid``: the strengths cross-validation chooses from; empty: the fixed ``L2`` (the old way).
    ``cross``: held-out vectors made elsewhere, for ``vectors`` that cross-validation here cannot
    judge (an encoder tuned on every example has seen the held-out ones): the strength, the
    accuracy shown and the temperature come from them.  The strength is chosen on them too, and
    the classifier fitted at that strength: a temperature fitted on heads of one strength does
    not fit a head of another (fine-tuned man pages, 5 per label, dev, 2 draws: ECE 0.403 when
    each head chose its own, 0.094 with one strength for all).

    ``label_vectors``: the labels' names embedded as zero-shot embeds them (unit rows), for the
    names' hint (``name_hint``); with it, the classifier's logits are the head's calibrated logits
    plus the hint, and the accuracy shown and the final temperature are the held-out ones of that
    sum.  Names say what a few examples may not (the dev figures at ``NAME_SCALE``).  Not with
    ``cross``: a tuned encoder places texts elsewhere than the names' vectors were made."""
    import torch

    if label_vectors is not None and cross is not None:
        raise ValueError("the names' hint is for a head on the plain embedding model")
    if len(labels) < 2:
        raise BadInput(say("Teaching needs examples for at least two labels (one subfolder per label)."))
    targets = torch.tensor(targets, dtype=torch.long)
    started = time.perf_counter()
    if grid or cross is not None:
        c, accuracy, folds, held_out = choose_strength(vectors, targets, len(labels), grid, cross)
        l2 = L2 if c is None else l2_of(c, len(targets))
    else:
        c, l2 = None, L2
        accuracy, folds, held_out = cross_validate(vectors, targets, len(labels))
    temperature, before, after = (1.0, None, None) if held_out is None else fit_temperature(held_out, targets)
    weight, bias = fit(vectors, targets, len(labels), l2)
    hinted = False
    if label_vectors is not None:
        hint_weight, hint_bias = name_hint(vectors, label_vectors)
        together = None if held_out is None else held_out / temperature + vectors @ hint_weight.T + hint_bias
        together_accuracy = None if together is None else accuracy_of(together, targets)
        # Names can mislead ("order" for a complaint about an order): the hint is kept only where the
        # held-out examples get no fewer right with it (and without cross-validation, where a label
        # has a single example and the most to gain).
        hinted = together_accuracy is None or together_accuracy >= accuracy
        if hinted:
            weight, bias = weight / temperature + hint_weight, bias / temperature + hint_bias
            if together is not None:
                held_out, accuracy = together, together_accuracy
                temperature, _, after = fit_temperature(together, targets)
    held = held_out_answers(held_out, targets, temperature) if held_out is not None else None
    counts = torch.bincount(targets, minlength=len(labels)).tolist()
    info = {
        "cv_accuracy": accuracy,
        "cv_folds": folds,
        "strength_c": c,
        "name_scale": NAME_SCALE if hinted else 0.0,
        "nll_before": before,
        "nll_after": after,
        "held_out": held,
        "examples": dict(zip(labels, counts, strict=True)),
        "seconds_to_train": round(time.perf_counter() - started, 3),
        "created": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    return Classifier(name, tuple(labels), weight, bias, temperature, embedding_model, info)


def held_out_answers(logits, targets, temperature: float) -> dict:
    """Each held-out example's calibrated top score and whether its top label was right: what
    "unsure below X" means for this classifier (``reliability_at``)."""
    import torch

    confidence, predicted = torch.softmax(logits / temperature, dim=1).max(dim=1)
    return {"confidence": [round(float(c), 4) for c in confidence], "right": [int(r) for r in (predicted == targets)]}


def reliability_at(info: dict, at: float) -> tuple[int, int, int] | None:
    """(right, sure, examples): of the classifier's held-out examples, how many scored ``at`` or
    above and how many of those were right; None for a classifier without held-out answers
    (too few examples to cross-validate, or saved before they were kept)."""
    held = info.get("held_out")
    if not held or not held.get("confidence"):
        return None
    pairs = list(zip(held["confidence"], held["right"], strict=True))
    sure = [right for confidence, right in pairs if confidence >= at - 1e-9]
    return sum(sure), len(sure), len(pairs)


# ------------------------------------------------------------------ storage


def classifiers_dir(data_dir: Path) -> Path:
    return data_dir / "classifiers"


def save(folder: Path, classifier: Classifier, vectors, targets: list[int], paths: list[str], encoder=None) -> None:
    """Weights and examples first, the JSON that names them last: a crash leaves the old classifier whole.

    ``encoder``: the embedding model tuned on the examples (core/classify/finetune.py), saved under a
    new name that the JSON then names, so the old JSON never names a new encoder; the encoders it
    no longer names are deleted after it is written."""
    import torch
    from safetensors.torch import save_file

    from assistant.core.files.write import write_atomically

    folder.mkdir(parents=True, exist_ok=True)
    encoder_file = None
    if encoder is not None:
        from assistant.core.classify.finetune import save_encoder

        encoder_file = f"encoder-{time.strftime('%Y%m%d-%H%M%S')}-{time.perf_counter_ns() % 10**9:09d}.safetensors"
        save_encoder(folder, encoder, encoder_file)
    tensors = {
        "weight": classifier.weight.contiguous(),
        "bias": classifier.bias.contiguous(),
        "examples": vectors.contiguous(),
        "targets": torch.tensor(targets, dtype=torch.long),
    }
    tmp = folder / "classifier.safetensors.tmp"
    save_file(tensors, str(tmp))
    tmp.replace(folder / "classifier.safetensors")
    meta = {
        "format": FORMAT_VERSION,
        "name": classifier.name,
        "labels": list(classifier.labels),
        "temperature": classifier.temperature,
        "embedding_model": classifier.embedding_model,
        "dimension": int(vectors.shape[1]),
        "example_paths": paths,
        **classifier.info,
        "encoder": encoder_file,
    }
    write_atomically(folder / "classifier.json", json.dumps(meta, indent=2, ensure_ascii=False))
    for old in folder.glob("encoder-*"):
        if old.name != encoder_file:
            old.unlink(missing_ok=True)


def read_meta(folder: Path) -> dict:
    try:
        meta = json.loads((folder / "classifier.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadInput(say("There is no trained classifier named '{name}'.", name=folder.name)) from None
    except (OSError, ValueError) as exc:
        raise BadInput(say("The classifier '{name}' is damaged ({error}).", name=folder.name, error=str(exc))) from None
    if meta.get("format") != FORMAT_VERSION:
        raise BadInput(say("The classifier '{name}' was saved by another version of the program; train it again.", name=folder.name))
    return meta


def load(folder: Path) -> tuple[Classifier, torch.Tensor, list[int], list[str]]:
    """The classifier, and its examples (embeddings, label indices, paths) for retraining."""
    from safetensors.torch import load_file

    meta = read_meta(folder)
    try:
        tensors = load_file(str(folder / "classifier.safetensors"))
    except Exception as exc:  # noqa: BLE001 - a missing or damaged weights file
        raise BadInput(say("The classifier '{name}' is damaged ({error}); train it again.", name=folder.name, error=type(exc).__name__)) from None
    info = {k: v for k, v in meta.items() if k not in ("labels", "temperature", "embedding_model", "name", "example_paths")}
    classifier = Classifier(
        meta["name"], tuple(meta["labels"]), tensors["weight"], tensors["bias"], float(meta["temperature"]),
        meta.get("embedding_model", ""), info,
    )  # fmt: skip
    return classifier, tensors["examples"], tensors["targets"].tolist(), list(meta.get("example_paths", []))


def tuned(info: dict) -> bool:
    """Whether the classifier embeds with its own tuned encoder (core/classify/finetune.py)."""
    return bool(info.get("encoder"))


def list_classifiers(data_dir: Path) -> list[dict]:
    """Name, labels and accuracy of every saved classifier (reads JSON only: safe on the GUI thread)."""
    found: list[dict] = []
    root = classifiers_dir(data_dir)
    if not root.is_dir():
        return found
    for folder in sorted(root.iterdir()):
        try:
            found.append(read_meta(folder))
        except BadInput:
            continue
    return found
