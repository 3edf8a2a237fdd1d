"""How well classification works on real labelled text, beside naive baselines, on dev and test.

    python bench/data/build.py          # once: fetches the sets (bench/data/README.md)
    python bench/eval_classify.py       # every set, dev and test: a table, and bench/results/eval_classify.json

Sets (bench/data/): short texts by topic (English, Chinese), voice-assistant intents, and man pages
as files (plain, HTML, DOCX, PDF).  Each is split once into dev and test (bench/data/splits.json):
defaults are chosen on dev; test is only reported.

Rows, all on the starter embedding model (all-MiniLM-L6-v2) in the same run:

- zero-shot, naive: cosine of the text (a file: the normalised mean of its passage embeddings) to
  "This text is about {label}.", softmax over 20 x cosine for a confidence;
- zero-shot, the program: a ClassifyRequest through the real engine (core/classify/task.py), with
  its second step (self-training on the batch, core/classify/refine.py); with --first-step also the
  first step alone, computed on the harness's vectors as the
  engine computes it (six label prompts, the label names' words; core/classify/scoring.py);
- teach k, naive: logistic regression with scikit-learn's default regularisation (C = 1; fitted
  here with the same objective: mean cross-entropy + |W|^2 / (2 C n)) on k examples per label;
- teach k, the program: a TrainRequest (the examples written as files), then a ClassifyRequest
  with the classifier, through the real engine;
- teach k, fine-tuned (--finetune): the same with the embedding model tuned on the examples first
  (TrainRequest finetune, core/classify/finetune.py); "program train s" is the TrainRequest's time.
The k examples per label are drawn from dev (--draws draws, the figures averaged): on the dev row
the rest of dev is classified, on the test row all of test.  A label with fewer dev texts gives
all of them (on dev: all but one); the mean examples per label is in the JSON and the table.

Metrics: accuracy, macro-F1, expected calibration error of the top label (10 equal-width bins)
and its floor (the ECE that perfectly calibrated scores would show on as many texts: ``ece_floor``),
milliseconds per text (the baselines: embedding the texts; the program: the whole request).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

SETS = ROOT / "bench" / ".cache" / "eval-data" / "sets"
SPLITS = ROOT / "bench" / "data" / "splits.json"
NAIVE_PROMPT = "This text is about {}."
NAIVE_SCALE = 20.0
SHOTS = (5, 20)
DRAWS = 2


# ------------------------------------------------------------------ metrics


def metrics(labels: list[str], gold: list[str], probabilities: list[list[float]], seconds: float) -> dict:
    """accuracy, macro-F1, ECE (10 bins, top label) and ms per text for one run."""
    predicted = [labels[max(range(len(p)), key=p.__getitem__)] for p in probabilities]
    confidence = [max(p) for p in probabilities]
    right = [p == g for p, g in zip(predicted, gold, strict=True)]
    f1s = []
    for label in labels:
        tp = sum(p == label and g == label for p, g in zip(predicted, gold, strict=True))
        fp = sum(p == label and g != label for p, g in zip(predicted, gold, strict=True))
        fn = sum(p != label and g == label for p, g in zip(predicted, gold, strict=True))
        if tp + fp + fn:
            f1s.append(2 * tp / (2 * tp + fp + fn))
    return {
        "accuracy": sum(right) / len(gold),
        "macro_f1": sum(f1s) / len(f1s),
        "ece": ece(confidence, right),
        "ece_floor": ece_floor(confidence),
        "ms_per_text": 1000 * seconds / len(gold),
    }


def ece(confidence: list[float], right: list[bool], bins: int = 10) -> float:
    total = 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        members = [i for i, c in enumerate(confidence) if (low < c <= high) or (b == 0 and c == 0)]
        if members:
            gap = abs(sum(right[i] for i in members) / len(members) - sum(confidence[i] for i in members) / len(members))
            total += gap * len(members) / len(confidence)
    return total


def ece_floor(confidence: list[float], samples: int = 200) -> float:
    """The ECE a perfectly calibrated classifier with these confidences would show on this many
    texts: each one right with probability equal to its confidence, averaged over ``samples``
    draws (seeded).  Few texts put few in each bin, so even honest scores show a gap: on 60
    texts it is about 0.05-0.08, and an ECE near this floor is as honest as the set can tell."""
    rng = random.Random(0)
    total = 0.0
    for _ in range(samples):
        total += ece(confidence, [rng.random() < c for c in confidence])
    return total / samples


def mean_of(runs: list[dict]) -> dict:
    return {key: sum(r[key] for r in runs) / len(runs) for key in runs[0]}


# ------------------------------------------------------------------ the data


def load_set(name: str) -> tuple[list[dict], dict[str, list[str]]]:
    path = SETS / f"{name}.jsonl"
    if not path.is_file():
        raise SystemExit(f"{path} is missing: run python bench/data/build.py first")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return rows, json.loads(SPLITS.read_text(encoding="utf-8"))[name]


def text_or_path(row: dict) -> tuple[str | None, str | None]:
    return (None, str(SETS / row["file"])) if "file" in row else (row["text"], None)


def key_of(row: dict) -> str:
    """What a row's vector depends on: its text or its file.  Not its id: ids repeat across sets
    (the chatterbot sets name lines by file and position, so "ai/0/1" is an English line in
    topics-en and a Chinese one in topics-zh), and a cache keyed by id gave one set the other's
    vectors."""
    return f"file:{row['file']}" if "file" in row else f"text:{row['text']}"


class Vectors:
    """Each item's vector as the naive baselines see it, and the seconds it took to make."""

    def __init__(self, loaded) -> None:
        self.loaded = loaded
        self.cache: dict[str, object] = {}
        self.passages: dict[str, object] = {}  # files: (passages, dim) embeddings
        self.seconds: dict[str, float] = {}

    def of(self, rows: list[dict]):
        import torch

        from assistant.core.classify.chunking import model_max_tokens, split_into_chunks
        from assistant.core.files.read import read_text
        from assistant.core.models.embeddings import embed

        todo = list({key_of(r): r for r in rows if key_of(r) not in self.cache}.values())
        if todo:
            started = time.perf_counter()
            if "file" in todo[0]:
                limit = model_max_tokens(self.loaded) - 2
                for row in todo:
                    chunks = split_into_chunks(read_text(SETS / row["file"]), self.loaded.tokenizer, limit).chunks
                    passages = embed(self.loaded, [c.text for c in chunks])
                    self.cache[key_of(row)] = torch.nn.functional.normalize(passages.mean(dim=0), dim=0)
                    self.passages[key_of(row)] = passages
            else:
                for row, vector in zip(todo, embed(self.loaded, [r["text"] for r in todo]), strict=True):
                    self.cache[key_of(row)] = vector
                    self.passages[key_of(row)] = vector.unsqueeze(0)
            per_item = (time.perf_counter() - started) / len(todo)
            for row in todo:
                self.seconds[key_of(row)] = per_item
        return torch.stack([self.cache[key_of(r)] for r in rows]), sum(self.seconds[key_of(r)] for r in rows)


# ------------------------------------------------------------------ the runs


def naive_zero_shot(vectors, labels, rows):
    import torch

    from assistant.core.models.embeddings import embed

    matrix, seconds = vectors.of(rows)
    prompts = torch.nn.functional.normalize(embed(vectors.loaded, [NAIVE_PROMPT.format(label) for label in labels]), dim=1)
    probabilities = torch.softmax(torch.nn.functional.normalize(matrix, dim=1) @ prompts.T * NAIVE_SCALE, dim=1)
    return metrics(labels, [r["label"] for r in rows], probabilities.tolist(), seconds)


def naive_teach(vectors, labels, examples, rows):
    import torch

    from assistant.core.classify.trained import fit

    train, _ = vectors.of(examples)
    targets = torch.tensor([labels.index(r["label"]) for r in examples])
    weight, bias = fit(train, targets, len(labels), l2=1.0 / (2 * len(examples)))  # sklearn's C = 1
    matrix, seconds = vectors.of(rows)
    probabilities = torch.softmax(matrix @ weight.T + bias, dim=1)
    return metrics(labels, [r["label"] for r in rows], probabilities.tolist(), seconds)


def program_classify(engine, labels, rows, classifier: str | None = None):
    from assistant.core.classify.messages import ClassifyItem, ClassifyRequest
    from assistant.core.protocol import Result

    items = tuple(ClassifyItem(name=r["id"], text=text_or_path(r)[0], path=text_or_path(r)[1]) for r in rows)
    started = time.perf_counter()
    terminal = engine.handle(ClassifyRequest(tuple(labels), items, classifier=classifier))
    seconds = time.perf_counter() - started
    if not isinstance(terminal, Result):
        raise RuntimeError(f"classify failed: {terminal}")
    probabilities = []
    for item in terminal.payload:
        if item.scores is None:
            raise RuntimeError(f"{item.name}: {item.error}")
        scores = item.scores.as_dict()
        probabilities.append([scores[label] for label in labels])
    return metrics(labels, [r["label"] for r in rows], probabilities, seconds)


def program_teach(engine, labels, examples, rows, folder: Path, name: str, finetune: bool = False):
    from assistant.core.classify.messages import TrainRequest
    from assistant.core.protocol import Result

    pairs = []
    for row in examples:
        text, path = text_or_path(row)
        if path is None:
            path = str(folder / f"{len(pairs)}.txt")
            Path(path).write_text(text, encoding="utf-8")
        pairs.append((path, row["label"]))
    started = time.perf_counter()
    terminal = engine.handle(TrainRequest(name=name, examples=tuple(pairs), finetune=finetune))
    train_seconds = time.perf_counter() - started
    if not isinstance(terminal, Result):
        raise RuntimeError(f"training failed: {terminal}")
    taught = list(terminal.payload.labels)
    result = program_classify(engine, taught, rows, classifier=name)
    return {**result, "train_s": train_seconds}


def draw(pool: list[dict], labels: list[str], k: int, seed: int, spare: int = 0) -> list[dict]:
    """``k`` examples of each label, or all but ``spare`` where the pool has fewer."""
    rng = random.Random(seed)
    out = []
    for label in labels:
        members = [r for r in pool if r["label"] == label]
        out += rng.sample(members, min(k, len(members) - spare))
    return out


def dev_draws(vectors, dev: list[dict], labels: list[str], k: int, draws: int):
    """For each draw of ``k`` examples per label from ``dev``: (the rest of dev, the examples' vectors,
    the rest's vectors, the examples' label indexes).  No draw when a label has ``k`` texts or fewer
    (every label keeps one to score)."""
    if min(sum(r["label"] == label for r in dev) for label in labels) < k + 1:
        return
    for seed in range(draws):
        examples = draw(dev, labels, k, seed)
        chosen = {r["id"] for r in examples}
        scored = [r for r in dev if r["id"] not in chosen]
        yield scored, vectors.of(examples)[0], vectors.of(scored)[0], [labels.index(r["label"]) for r in examples]


def first_step_rows(vectors, labels, rows, naive) -> dict:
    """The program's first step alone (no self-training), computed on the harness's vectors as the
    engine computes it for a batch of 20+ (``batch_first_step``)."""
    from assistant.core.classify.scoring import BATCH_PROMPTS, LEXICAL_WEIGHT

    first = batch_first_step(vectors, rows, labels, texts_of(rows), BATCH_PROMPTS, LEXICAL_WEIGHT)
    return {"zero-shot, first step only": {"naive": naive, "program": metrics(labels, [r["label"] for r in rows], first.tolist(), 0.0)}}


def evaluate(engine, vectors, name: str, split: str, draws: int, work: Path, shots=SHOTS, first_step: bool = False, finetune: bool = False) -> dict:
    rows, splits = load_set(name)
    by_id = {r["id"]: r for r in rows}
    dev = [by_id[i] for i in splits["dev"] if i in by_id]
    target = [by_id[i] for i in splits[split] if i in by_id]
    labels = sorted({r["label"] for r in rows})
    out: dict = {"items": len(target), "labels": len(labels)}
    naive = naive_zero_shot(vectors, labels, target)
    out["zero-shot"] = {"naive": naive, "program": program_classify(engine, labels, target)}
    if first_step:
        out.update(first_step_rows(vectors, labels, target, naive))
    spare = 1 if split == "dev" else 0  # on dev, every label keeps one text to score
    for k in shots:
        naive, program, tuned = [], [], []
        for seed in range(draws):
            examples = draw(dev, labels, k, seed, spare)
            chosen = {r["id"] for r in examples}
            scored = [r for r in target if r["id"] not in chosen]
            folder = work / f"{name}-{split}-{k}-{seed}"
            folder.mkdir(parents=True)
            naive.append(naive_teach(vectors, labels, examples, scored))
            program.append(program_teach(engine, labels, examples, scored, folder, f"eval-{k}-{seed}"))
            if finetune:
                tuned.append(program_teach(engine, labels, examples, scored, folder, f"eval-{k}-{seed}-tuned", finetune=True))
        out[f"teach {k}"] = {"naive": mean_of(naive), "program": mean_of(program), "examples_per_label": len(examples) / len(labels)}
        if tuned:
            out[f"teach {k}, fine-tuned"] = {"naive": mean_of(naive), "program": mean_of(tuned), "examples_per_label": len(examples) / len(labels)}
    return out


# ------------------------------------------------------------------ choosing the defaults (dev only)

ENSEMBLE = ("{}", "This text is about {}.", "This is about {}.", "A text about {}.", "It is about {}.", "Topic: {}.")
PROMPT_SETS = {"prompt": (NAIVE_PROMPT,), "label+prompt": ("{}", NAIVE_PROMPT), "ensemble6": ENSEMBLE}


def combine(passages, label_vectors, how: str):
    """A document's cosine to each label from its passages (rows) and the label vectors."""
    import torch

    unit = torch.nn.functional.normalize(label_vectors, dim=1)
    if how == "mean-vector":
        return torch.nn.functional.normalize(passages.mean(dim=0, keepdim=True), dim=1) @ unit.T
    cos = torch.nn.functional.normalize(passages, dim=1) @ unit.T
    if how == "mean":
        return cos.mean(dim=0, keepdim=True)
    if how.startswith("top"):
        k = min(int(how[3:]), cos.shape[0])
        return torch.topk(cos, k, dim=0).values.mean(dim=0, keepdim=True)
    if how == "first3":  # the opening passages weighted: the first three twice
        weights = torch.ones(cos.shape[0])
        weights[:3] = 2.0
        return (weights[:, None] * cos).sum(dim=0, keepdim=True) / weights.sum()
    raise ValueError(how)


def study(vectors, name: str, draws: int) -> dict:
    """Variants of each default, on dev only: the prompt set, the passage combination, self-training
    and its share, and the teaching regularisation."""
    import torch

    from assistant.core.classify import selftrain, trained
    from assistant.core.models.embeddings import embed

    rows, splits = load_set(name)
    by_id = {r["id"]: r for r in rows}
    dev = [by_id[i] for i in splits["dev"] if i in by_id]
    labels = sorted({r["label"] for r in rows})
    gold = [r["label"] for r in dev]
    matrix, seconds = vectors.of(dev)
    out: dict = {}
    combos = ("mean-vector", "mean", "top1", "top3", "first3") if "file" in dev[0] else ("mean-vector",)
    for prompts_name, prompts in PROMPT_SETS.items():
        label_vectors = torch.stack(
            [torch.nn.functional.normalize(embed(vectors.loaded, [p.format(label) for p in prompts]), dim=1).mean(dim=0) for label in labels]
        )
        for how in combos:
            cos = torch.cat([combine(vectors.passages[key_of(r)], label_vectors, how) for r in dev])
            probabilities = torch.softmax(cos * NAIVE_SCALE, dim=1)
            out[f"zero-shot {prompts_name} {how}"] = metrics(labels, gold, probabilities.tolist(), seconds)
            for share in (0.1, 0.25, 0.5):
                refined = selftrain.self_train(matrix, probabilities, share)
                out[f"zero-shot {prompts_name} {how} self-train {share}"] = metrics(labels, gold, refined.tolist(), seconds)
    for k in SHOTS:
        runs: dict[str, list] = {}
        for scored, train_x, test_x, targets in dev_draws(vectors, dev, labels, k, draws):
            for variant, grid in (("fixed L2 (before)", ()), ("C by cross-validation", trained.C_GRID)):
                started = time.perf_counter()
                model = trained.train("x", tuple(labels), train_x, targets, "", [], grid=grid)
                spent = time.perf_counter() - started
                figures = metrics(labels, [r["label"] for r in scored], model.probabilities(test_x).tolist(), 0.0)
                runs.setdefault(f"teach {k} {variant}", []).append({**figures, "train_s": spent})
        out.update({key: mean_of(value) for key, value in runs.items()})
    return out


# ------------------------------------------------------------------ centring's scale and self-training (dev only)

SCALES = (5.0, 7.5, 10.0, 12.5, 15.0, 20.0, 25.0, 30.0)
TEMPERATURES = (0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1.0)
SHARES = (0.1, 0.25, 0.5)


def centred_cosines(vectors, rows, label_vectors):
    """Each document's cosine to each label as the program computes it for a batch of 20+: passages
    and labels centred on the mean of a seeded 64-document sample (scoring.EmbeddingScorer)."""
    import random as _random

    import torch

    from assistant.core.classify.scoring import CENTRE_SAMPLE

    unit = torch.nn.functional.normalize
    matrix, _ = vectors.of(rows)
    chosen = sorted(_random.Random(0).sample(range(len(rows)), min(CENTRE_SAMPLE, len(rows))))
    centre = unit(matrix[chosen], dim=1).mean(dim=0, keepdim=True)
    labels_centred = unit(unit(label_vectors, dim=1) - centre, dim=1)
    cos = torch.stack([(unit(unit(vectors.passages[key_of(r)], dim=1) - centre, dim=1) @ labels_centred.T).mean(dim=0) for r in rows])
    return cos, matrix, centre


def study_refine(vectors, name: str, draws: int) -> dict:
    """On dev only: the softmax scale of centred cosines, and self-training (its share, the vectors it
    learns from, its temperature) for zero-shot and for a taught classifier."""
    import torch

    from assistant.core.classify import selftrain, trained
    from assistant.core.classify.scoring import LABEL_PROMPT, SIMILARITY_SCALE
    from assistant.core.models.embeddings import embed

    rows, splits = load_set(name)
    by_id = {r["id"]: r for r in rows}
    dev = [by_id[i] for i in splits["dev"] if i in by_id]
    labels = sorted({r["label"] for r in rows})
    gold = [r["label"] for r in dev]
    plain = embed(vectors.loaded, labels)
    prompted = embed(vectors.loaded, [LABEL_PROMPT.format(label) for label in labels])
    cos, matrix, centre = centred_cosines(vectors, dev, (plain + prompted) / 2)
    out: dict = {}
    for scale in SCALES:
        out[f"zero-shot centred scale {scale}"] = metrics(labels, gold, torch.softmax(cos * scale, dim=1).tolist(), 0.0)
    first = torch.softmax(cos * SIMILARITY_SCALE, dim=1)
    for kind, x in (("raw", matrix), ("centred", torch.nn.functional.normalize(matrix, dim=1) - centre)):
        for share in SHARES:
            logits = selftrain.refined_logits(x, first, share)
            for t in TEMPERATURES:
                out[f"zero-shot self-train {kind} share {share} T {t}"] = metrics(labels, gold, torch.softmax(logits / t, dim=1).tolist(), 0.0)
    for k in SHOTS:
        runs: dict[str, list] = {}
        for scored, train_x, test_x, targets in dev_draws(vectors, dev, labels, k, draws):
            model = trained.train("x", tuple(labels), train_x, targets, "", [])
            before = model.probabilities(test_x)
            sgold = [r["label"] for r in scored]
            runs.setdefault(f"teach {k}", []).append(metrics(labels, sgold, before.tolist(), 0.0))
            c = model.info.get("strength_c") or selftrain.C
            for share in SHARES:
                logits = selftrain.refined_logits(test_x, before, share, c, train_x, targets)
                for t in (model.temperature, *TEMPERATURES):
                    tag = "classifier's T" if t == model.temperature else f"T {t}"
                    probabilities = torch.softmax(logits / t, dim=1)
                    runs.setdefault(f"teach {k} self-train share {share} {tag}", []).append(metrics(labels, sgold, probabilities.tolist(), 0.0))
        out.update({key: mean_of(value) for key, value in runs.items()})
    return out


# ------------------------------------------------------------------ zero-shot on a batch, part by part (dev only)


def texts_of(rows: list[dict]) -> list[str]:
    from assistant.core.files.read import read_text

    return [read_text(SETS / r["file"]) if "file" in r else r["text"] for r in rows]


def batch_first_step(vectors, rows, labels, texts, prompts, lexical_weight: float):
    """The engine's first step on a batch of 20+ (scoring.EmbeddingScorer once centred): (n, labels)
    probabilities from the centred cosines to the mean of ``prompts`` (unit vectors) plus
    ``lexical_weight`` x the TF-IDF cosine to each label's name, the IDF from the centring sample."""
    import random as _random

    import torch

    from assistant.core.classify.lexical import Tfidf, label_terms, term_counts
    from assistant.core.classify.scoring import CENTRE_SAMPLE, CENTRED_SCALE
    from assistant.core.models.embeddings import embed

    unit = torch.nn.functional.normalize
    label_vectors = torch.stack([unit(embed(vectors.loaded, [p.format(label) for p in prompts]), dim=1).mean(dim=0) for label in labels])
    cos, *_ = centred_cosines(vectors, rows, label_vectors)
    if lexical_weight:
        chosen = sorted(_random.Random(0).sample(range(len(rows)), min(CENTRE_SAMPLE, len(rows))))
        names = label_terms(labels)
        tfidf = Tfidf([term_counts(texts[i]) for i in chosen], min_df=1, extra=[t for counts in names for t in counts])
        cos = cos + lexical_weight * tfidf.matrix([term_counts(t) for t in texts]) @ tfidf.matrix(names).T
    return torch.softmax(cos * CENTRED_SCALE, dim=1)


ZERO_SHOT_PARTS = {  # name: (label prompts, lexical weight, second step's C, TF-IDF weight, first step's weight)
    "before (label + prompt; C 1; vectors only)": (("{}", NAIVE_PROMPT), 0.0, 1.0, 0.0, 0.0),
    "now (all below)": ("batch", "lexical", 0.3, 1.0, 0.5),
    "now, two prompts instead of six": (("{}", NAIVE_PROMPT), "lexical", 0.3, 1.0, 0.5),
    "now, no label-name words in the first step": ("batch", 0.0, 0.3, 1.0, 0.5),
    "now, second step on vectors only": ("batch", "lexical", 0.3, 0.0, 0.5),
    "now, second step at C 1": ("batch", "lexical", 1.0, 1.0, 0.5),
    "now, the first step's scores not kept": ("batch", "lexical", 0.3, 1.0, 0.0),
}


def study_zero_shot(vectors, name: str, draws: int) -> dict:
    """On dev only: the program's zero-shot on a batch with each of its parts taken out, and as it
    was before them, computed with the engine's own code on the harness's vectors; then before and
    now on an uneven batch (half the labels, drawn with seed 1, keep a quarter of their texts), as
    a folder seldom holds as many files of each label as the sets do."""

    from assistant.core.classify.lexical import term_counts
    from assistant.core.classify.refine import Refinement
    from assistant.core.classify.scoring import BATCH_PROMPTS, LEXICAL_WEIGHT

    rows, splits = load_set(name)
    by_id = {r["id"]: r for r in rows}
    dev = [by_id[i] for i in splits["dev"] if i in by_id]
    labels = sorted({r["label"] for r in rows})
    rng = random.Random(1)
    many = set(rng.sample(labels, len(labels) // 2))
    uneven = [r for r in dev if r["label"] in many or rng.random() < 0.25]  # half the labels keep a quarter of their texts
    out: dict = {}
    for batch, tag, variants in ((dev, "", ZERO_SHOT_PARTS), (uneven, "uneven batch, ", {k: ZERO_SHOT_PARTS[k] for k in list(ZERO_SHOT_PARTS)[:2]})):
        gold = [r["label"] for r in batch]
        texts = texts_of(batch)
        terms = [term_counts(t) for t in texts]
        matrix, _ = vectors.of(batch)
        out[f"{tag}naive"] = naive_zero_shot(vectors, labels, batch)
        for variant, (prompts, lexical, c, words, first_weight) in variants.items():
            prompts = BATCH_PROMPTS if prompts == "batch" else prompts
            first = batch_first_step(vectors, batch, labels, texts, prompts, LEXICAL_WEIGHT if lexical == "lexical" else lexical)
            out[f"{tag}{variant}: first step"] = metrics(labels, gold, first.tolist(), 0.0)
            refinement = Refinement(tuple(labels), 0.0, c=c, lexical_weight=words, first_weight=first_weight)
            revised = refinement.revise(matrix, first, terms)
            out[f"{tag}{variant}: both steps"] = metrics(labels, gold, (first if revised is None else revised).tolist(), 0.0)
    return out


# ------------------------------------------------------------------ fine-tuning's recipe (dev only)

FINETUNE_VARIANTS = {
    "pairs 20 lr 2e-5": {"pairs_per_example": 20, "learning_rate": 2e-5},
    "pairs 20 lr 5e-5": {"pairs_per_example": 20, "learning_rate": 5e-5},
}


def tuned_vectors(embedder, rows: list[dict]):
    """Document vectors with a tuned encoder, as the program makes them (files: the mean of their passages)."""
    import torch

    from assistant.core.classify.chunking import document_vectors, model_max_tokens

    return torch.stack(document_vectors(embedder, texts_of(rows), model_max_tokens(embedder) - 2))


def study_finetune(vectors, name: str, draws: int, shots=SHOTS, variants=None) -> dict:
    """On dev only: the fine-tuning recipe (core/classify/finetune.py) beside the program's head and
    plain logistic regression (C = 1) on the same draws; the tuned rows add the seconds to train."""
    from dataclasses import replace

    from assistant.core.classify import finetune, train, trained
    from assistant.core.context import TaskContext

    rows, splits = load_set(name)
    by_id = {r["id"]: r for r in rows}
    dev = [by_id[i] for i in splits["dev"] if i in by_id]
    labels = sorted({r["label"] for r in rows})
    out: dict = {}
    for k in shots:
        runs: dict[str, list] = {}
        for seed in range(draws):
            examples = draw(dev, labels, k, seed, spare=1)
            chosen = {r["id"] for r in examples}
            scored = [r for r in dev if r["id"] not in chosen]
            gold = [r["label"] for r in scored]
            targets = [labels.index(r["label"]) for r in examples]
            train_x, _ = vectors.of(examples)
            test_x, _ = vectors.of(scored)
            runs.setdefault(f"teach {k} plain LR C=1", []).append(naive_teach(vectors, labels, examples, scored))
            started = time.perf_counter()
            head = trained.train("x", tuple(labels), train_x, targets, "", [])
            runs.setdefault(f"teach {k} head", []).append({**metrics(labels, gold, head.probabilities(test_x).tolist(), 0.0), "train_s": time.perf_counter() - started})
            for variant, changes in (variants or FINETUNE_VARIANTS).items():
                recipe = replace(finetune.RECIPE, **changes)
                started = time.perf_counter()
                texts = {r["id"]: (text, r["label"]) for r, text in zip(examples, texts_of(examples), strict=True)}
                encoder, fitted = train.tune_and_cross_fit(vectors.loaded, texts, TaskContext(), recipe)
                embedder = finetune.with_encoder(vectors.loaded, encoder)
                tuned_train = tuned_vectors(embedder, examples)
                cross = train.cross_fitted_for(fitted, [r["id"] for r in examples])
                model = trained.train("x", tuple(labels), tuned_train, targets, "", [], cross=cross)
                spent = time.perf_counter() - started
                probabilities = model.probabilities(tuned_vectors(embedder, scored))
                figures = {**metrics(labels, gold, probabilities.tolist(), 0.0), "train_s": spent, "cv_accuracy": model.info["cv_accuracy"] or 0.0}
                runs.setdefault(f"teach {k} tuned {variant}", []).append(figures)
                print(f"{name:11} teach {k} seed {seed} tuned {variant}: acc {figures['accuracy']:.3f} ECE {figures['ece']:.3f} {spent:.0f} s", file=sys.stderr, flush=True)
        out.update({key: mean_of(value) for key, value in runs.items()})
    return out


NAME_SCALES = (5.0, 10.0, 20.0)


def study_names(vectors, name: str, draws: int, shots=SHOTS) -> dict:
    """On dev only: the taught head without the labels' names and with their hint at each of
    ``NAME_SCALES`` x cosine (core/classify/trained.py ``name_hint``, the drop rule as in the program),
    plain logistic regression (C = 1) beside; "kept" is the share of draws that kept the hint."""
    from assistant.core.classify import train, trained

    rows, splits = load_set(name)
    by_id = {r["id"]: r for r in rows}
    dev = [by_id[i] for i in splits["dev"] if i in by_id]
    labels = sorted({r["label"] for r in rows})
    names = train.name_vectors(vectors.loaded, tuple(labels), lambda: None)  # as the program makes them
    out: dict = {}
    for k in shots:
        runs: dict[str, list] = {}
        for scored, train_x, test_x, targets in dev_draws(vectors, dev, labels, k, draws):
            gold = [r["label"] for r in scored]
            left = {r["id"] for r in scored}
            examples = [r for r in dev if r["id"] not in left]  # the draw's examples
            runs.setdefault(f"teach {k} plain LR C=1", []).append(naive_teach(vectors, labels, examples, scored))
            head = trained.train("x", tuple(labels), train_x, targets, "", [])
            runs.setdefault(f"teach {k} head", []).append(metrics(labels, gold, head.probabilities(test_x).tolist(), 0.0))
            for scale in NAME_SCALES:
                # name_hint weighs unit name vectors by NAME_SCALE: scaled ones give another weight.
                model = trained.train("x", tuple(labels), train_x, targets, "", [], label_vectors=names * (scale / trained.NAME_SCALE))
                figures = metrics(labels, gold, model.probabilities(test_x).tolist(), 0.0)
                runs.setdefault(f"teach {k} head + names x{scale:g}", []).append({**figures, "kept": float(model.info["name_scale"] > 0)})
        out.update({key: mean_of(value) for key, value in runs.items()})
    return out


# ------------------------------------------------------------------ the table


def table(results: dict) -> str:
    lines = ["| set | split | method | naive acc | program acc | naive F1 | program F1 | naive ECE | program ECE | program ECE floor | naive ms/text | program ms/text | program train s |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for name, splits in results["sets"].items():
        for split, figures in splits.items():
            for method, pair in figures.items():
                if not isinstance(pair, dict):
                    continue
                n, p = pair["naive"], pair["program"]
                if "examples_per_label" in pair:
                    method = f"{method} ({pair['examples_per_label']:.1f}/label)"
                train = f"{p['train_s']:.1f}" if "train_s" in p else ""
                lines.append(
                    f"| {name} | {split} | {method} | {n['accuracy']:.3f} | {p['accuracy']:.3f} | {n['macro_f1']:.3f} | {p['macro_f1']:.3f} "
                    f"| {n['ece']:.3f} | {p['ece']:.3f} | {p['ece_floor']:.3f} | {n['ms_per_text']:.1f} | {p['ms_per_text']:.1f} | {train} |"
                )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", nargs="*", default=["topics-en", "intents-en", "manpages", "topics-zh"])
    parser.add_argument("--splits", nargs="*", default=["dev", "test"], choices=["dev", "test"])
    parser.add_argument("--draws", type=int, default=DRAWS, help="draws of the k examples per label")
    parser.add_argument("--study", action="store_true", help="only the variants of each default, on dev")
    parser.add_argument("--study-refine", action="store_true", help="only the centred scale and self-training variants, on dev")
    parser.add_argument("--study-zero-shot", action="store_true", help="only zero-shot on a batch with each of its parts taken out, on dev")
    parser.add_argument("--finetune", action="store_true", help="also teach with the embedding model tuned on the examples (TrainRequest finetune)")
    parser.add_argument("--study-finetune", action="store_true", help="only the fine-tuning recipes beside the head and plain LR, on dev")
    parser.add_argument("--study-names", action="store_true", help="only the taught head with and without the labels' names, on dev")
    parser.add_argument("--shots", nargs="*", type=int, default=list(SHOTS), help="examples per label to teach (none: zero-shot only)")
    parser.add_argument("--first-step", action="store_true", help="also zero-shot without its second step (self-training), at the old and new scale")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "eval_classify.json"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="eval-classify-") as tmp:
        root = Path(tmp)
        os.environ["ASSISTANT_HOME"] = str(root / "home")
        import torch

        from assistant.core.classify.messages import ClassifyItem, ClassifyRequest
        from tests.helpers import embedding_model, make_engine

        engine, _ = make_engine(root / "models")
        engine.handle(ClassifyRequest(("a", "b"), (ClassifyItem("warm-up", text="warm up the model"),)))  # load it
        vectors = Vectors(embedding_model(engine))
        results: dict = {"model": vectors.loaded.info.name, "torch_threads": torch.get_num_threads(), "sets": {}}
        if args.study or args.study_refine or args.study_zero_shot or args.study_finetune or args.study_names:
            studied = study_zero_shot if args.study_zero_shot else study_refine if args.study_refine else study
            for name in args.sets:
                if args.study_finetune:
                    results["sets"][name] = study_finetune(vectors, name, args.draws, args.shots)
                elif args.study_names:
                    results["sets"][name] = study_names(vectors, name, args.draws, args.shots)
                else:
                    results["sets"][name] = studied(vectors, name, args.draws)
                for key, figures in results["sets"][name].items():
                    print(f"{name:11} {key:55} acc {figures['accuracy']:.3f} F1 {figures['macro_f1']:.3f} ECE {figures['ece']:.3f}", flush=True)
            Path(args.out).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
            return 0
        for name in args.sets:
            for split in args.splits:
                started = time.perf_counter()
                results["sets"].setdefault(name, {})[split] = evaluate(engine, vectors, name, split, args.draws, root / "work", args.shots, args.first_step, args.finetune)
                print(f"{name} {split}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
