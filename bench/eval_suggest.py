"""How well the labels suggested for an unlabelled folder match the real labels, beside naive baselines.

    python bench/data/build.py          # once: fetches the sets (bench/data/README.md)
    python bench/eval_suggest.py        # every set, dev and test: a table, and bench/results/eval_suggest.json
    python bench/eval_suggest.py --study  # dev only: silhouette and NMI of every k; the words' weight

The sets and their dev/test split are those of bench/eval_classify.py.  Each split is grouped
as if it were a folder with no labels; the gold labels are only used to score the groups.

Rows, in the same run, on the starter embedding model:

- program: core/classify/suggest.py on the files' embeddings (a file: the normalised mean of
  its passages) joined by their words' TF-IDF (suggest.WORD_WEIGHT), k chosen by the silhouette
  over suggest.K_RANGE; names by class-based TF-IDF;
- program at gold k: the same with k set to the number of real labels (what choosing k costs);
- naive TF-IDF: k-means (the same code) on TF-IDF vectors of the plain lowercased words, k
  chosen by the same silhouette; named by each group's most frequent words;
- naive extension (files only): one group per file extension.

Metrics: NMI (arithmetic normalisation, as scikit-learn's default), purity (each group counted
as its most common real label), the k chosen, and name hits: the share of groups whose
suggested name (or its six shown words) contains a word of the group's most common real label
(Chinese: a character pair of it).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from bench.eval_classify import SETS, Vectors, load_set, text_or_path  # noqa: E402

# ------------------------------------------------------------------ metrics


def nmi(gold: list[str], groups: list[int]) -> float:
    """Normalised mutual information, arithmetic mean of the entropies."""
    n = len(gold)
    joint = Counter(zip(gold, groups, strict=True))
    by_gold, by_group = Counter(gold), Counter(groups)
    mutual = sum(c / n * math.log(c * n / (by_gold[g] * by_group[k])) for (g, k), c in joint.items())
    h_gold = -sum(c / n * math.log(c / n) for c in by_gold.values())
    h_group = -sum(c / n * math.log(c / n) for c in by_group.values())
    if h_gold + h_group == 0:
        return 1.0
    return 2 * mutual / (h_gold + h_group)


def purity(gold: list[str], groups: list[int]) -> float:
    members: dict[int, Counter] = {}
    for g, k in zip(gold, groups, strict=True):
        members.setdefault(k, Counter())[g] += 1
    return sum(c.most_common(1)[0][1] for c in members.values()) / len(gold)


def label_words(label: str) -> set[str]:
    from assistant.core.classify.suggest import words_of

    return set(words_of(label)) | {w for w in re.findall(r"[^\W\d_]+", label.lower()) if len(w) >= 3}


def name_hits(gold: list[str], groups: list[int], names: list[str], words: list[list[str]]) -> tuple[float, float]:
    """(share of groups whose name has a word of its majority label, the same for its shown words)."""
    in_name = in_words = 0
    present = sorted(set(groups))
    for k in present:
        majority = Counter(g for g, kk in zip(gold, groups, strict=True) if kk == k).most_common(1)[0][0]
        wanted = label_words(majority)
        name_words = set(re.findall(r"[^\W\d_]+", names[k].lower()))
        name_words |= {w[i : i + 2] for w in name_words for i in range(len(w) - 1)}  # Chinese pairs
        in_name += bool(wanted & name_words)
        in_words += bool(wanted & set(words[k]))
    return in_name / len(present), in_words / len(present)


def scored(gold, assignments, names, words, k, seconds) -> dict:
    hit_name, hit_words = name_hits(gold, assignments, names, words)
    return {
        "nmi": nmi(gold, assignments),
        "purity": purity(gold, assignments),
        "k": k,
        "name_hit": hit_name,
        "words_hit": hit_words,
        "seconds": seconds,
        "names": names,
    }


# ------------------------------------------------------------------ the runs


def texts_of(rows: list[dict]) -> list[str]:
    from assistant.core.files.read import read_text

    out = []
    for row in rows:
        text, path = text_or_path(row)
        out.append(text if text is not None else read_text(path))
    return out


def program(matrix, texts: list[str], gold: list[str], k_range) -> dict:
    from assistant.core.classify import suggest

    started = time.perf_counter()
    words = [suggest.words_of(t) for t in texts]
    grouping = suggest.group(suggest.combined(matrix, words), k_range)
    top = suggest.distinctive_words(words, grouping.assignments, grouping.k)
    names = suggest.names_for(top)
    return {**scored(gold, grouping.assignments, names, top, grouping.k, time.perf_counter() - started), "silhouette": grouping.silhouette}


def tfidf(texts: list[str]):
    """Plain TF-IDF rows (lowercased \\w+ words, no stop list, l2-normalised) and the vocabulary."""
    import torch

    tokens = [re.findall(r"\w+", t.lower()) for t in texts]
    df = Counter(w for words in tokens for w in set(words))
    vocab = {w: i for i, w in enumerate(sorted(w for w, c in df.items() if c >= 2))}
    matrix = torch.zeros(len(texts), max(1, len(vocab)))
    for row, words in enumerate(tokens):
        for word, count in Counter(words).items():
            if word in vocab:
                matrix[row, vocab[word]] = count * math.log(len(texts) / df[word])
    return torch.nn.functional.normalize(matrix + 1e-9, dim=1), tokens


def naive_tfidf(texts: list[str], gold: list[str], k_range) -> dict:
    from assistant.core.classify import suggest

    started = time.perf_counter()
    matrix, tokens = tfidf(texts)
    grouping = suggest.group(matrix, k_range)
    top = []
    for k in range(grouping.k):
        counts = Counter(w for words, g in zip(tokens, grouping.assignments, strict=True) if g == k for w in words)
        top.append([w for w, _ in counts.most_common(6)])
    names = [" & ".join(words[:2]) for words in top]
    return scored(gold, grouping.assignments, names, top, grouping.k, time.perf_counter() - started)


def naive_extension(rows: list[dict], gold: list[str]) -> dict:
    extensions = [Path(r["file"]).suffix.lower() for r in rows]
    order = sorted(set(extensions))
    groups = [order.index(e) for e in extensions]
    return scored(gold, groups, order, [[e] for e in order], len(order), 0.0)


def evaluate(vectors, name: str, split: str) -> dict:
    from assistant.core.classify import suggest

    rows, splits = load_set(name)
    by_id = {r["id"]: r for r in rows}
    target = [by_id[i] for i in splits[split] if i in by_id]
    gold = [r["label"] for r in target]
    matrix, _ = vectors.of(target)
    texts = texts_of(target)
    real_k = len(set(gold))
    out = {
        "items": len(target),
        "labels": real_k,
        "program": program(matrix, texts, gold, suggest.K_RANGE),
        "program at gold k": program(matrix, texts, gold, (real_k, real_k)),
        "naive TF-IDF": naive_tfidf(texts, gold, suggest.K_RANGE),
    }
    if "file" in target[0]:
        out["naive extension"] = naive_extension(target, gold)
    return out


def study(vectors, name: str) -> dict:
    """Dev only: silhouette and NMI at every k, to choose suggest.K_RANGE (and see whether the
    silhouette's k is near the best one)."""
    from assistant.core.classify import suggest

    rows, splits = load_set(name)
    by_id = {r["id"]: r for r in rows}
    dev = [by_id[i] for i in splits["dev"] if i in by_id]
    gold = [r["label"] for r in dev]
    matrix, _ = vectors.of(dev)
    import torch

    x = torch.nn.functional.normalize(matrix, dim=1)
    out: dict = {}
    for k in range(2, 21):
        assignments, _ = suggest.kmeans(x, k)
        out[k] = {"silhouette": suggest.silhouette(x, assignments), "nmi": nmi(gold, assignments), "purity": purity(gold, assignments)}
    words = [suggest.words_of(t) for t in texts_of(dev)]
    for weight in WORD_WEIGHTS:  # the embeddings joined by the words' TF-IDF, k by the silhouette over K_RANGE
        grouping = suggest.group(suggest.combined(matrix, words, weight), suggest.K_RANGE)
        out[f"words {weight}"] = {"k": grouping.k, "nmi": nmi(gold, grouping.assignments), "purity": purity(gold, grouping.assignments)}
    return out


WORD_WEIGHTS = (0.0, 0.25, 0.5, 0.75)

# ------------------------------------------------------------------ the table


def table(results: dict) -> str:
    lines = ["| set | split | real labels | method | k | NMI | purity | name hit | words hit | names (first 4) |", "|---|---|---|---|---|---|---|---|---|---|"]
    for name, splits in results["sets"].items():
        for split, figures in splits.items():
            for method, f in figures.items():
                if not isinstance(f, dict):
                    continue
                names = "; ".join(f["names"][:4])
                lines.append(
                    f"| {name} | {split} | {figures['labels']} | {method} | {f['k']} | {f['nmi']:.3f} | {f['purity']:.3f} "
                    f"| {f['name_hit']:.2f} | {f['words_hit']:.2f} | {names} |"
                )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", nargs="*", default=["topics-en", "intents-en", "manpages", "topics-zh"])
    parser.add_argument("--splits", nargs="*", default=["dev", "test"], choices=["dev", "test"])
    parser.add_argument("--study", action="store_true", help="dev only: silhouette and NMI of every k")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "eval_suggest.json"))
    args = parser.parse_args()
    if not SETS.is_dir():
        raise SystemExit(f"{SETS} is missing: run python bench/data/build.py first")

    with tempfile.TemporaryDirectory(prefix="eval-suggest-") as tmp:
        root = Path(tmp)
        os.environ["ASSISTANT_HOME"] = str(root / "home")
        from assistant.core.classify.messages import ClassifyItem, ClassifyRequest
        from tests.helpers import embedding_model, make_engine

        engine, _ = make_engine(root / "models")
        engine.handle(ClassifyRequest(("a", "b"), (ClassifyItem("warm-up", text="warm up the model"),)))  # load it
        vectors = Vectors(embedding_model(engine))
        results: dict = {"model": vectors.loaded.info.name, "sets": {}}
        for name in args.sets:
            if args.study:
                results["sets"][name] = figures = study(vectors, name)
                for k, f in figures.items():
                    if isinstance(k, int):
                        print(f"{name:11} k={k:2} silhouette {f['silhouette']:.3f} NMI {f['nmi']:.3f} purity {f['purity']:.3f}", flush=True)
                    else:
                        print(f"{name:11} {k}: k={f['k']:2} NMI {f['nmi']:.3f} purity {f['purity']:.3f}", flush=True)
                continue
            for split in args.splits:
                results["sets"].setdefault(name, {})[split] = evaluate(vectors, name, split)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if not args.study:
        print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
