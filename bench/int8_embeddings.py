"""Does the starter embedding model keep its accuracy in int8?  The harness's sets, float32 against int8.

    python bench/int8_embeddings.py [--sets ...] [--splits dev test] [--draws 2]

The issue asks for int8 embeddings "where the harness shows the same accuracy".  Both copies of
all-MiniLM-L6-v2 (float32, and int8 by the program's own `quantize_int8`: dynamic quantization of
the Linear layers) embed the same rows of bench/eval_classify.py's sets; on each, the two naive
classifiers of the harness (cosine to "This text is about {label}."; logistic regression on 5
examples per label, C = 1) are scored, with how often int8's zero-shot top label is float32's,
the mean cosine between the two copies' vectors, and the seconds each took to embed the rows
(alternating float32 / int8 set by set, the same batches).  Decide on dev, report test.
Results: bench/results/int8_embeddings.json; figures in bench/README.md.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from eval_classify import Vectors, draw, load_set, naive_teach, naive_zero_shot  # noqa: E402


def compare(copies: dict[str, Vectors], name: str, split: str, draws: int) -> dict:
    import torch

    rows, splits = load_set(name)
    by_id = {r["id"]: r for r in rows}
    dev = [by_id[i] for i in splits["dev"] if i in by_id]
    target = [by_id[i] for i in splits[split] if i in by_id]
    labels = sorted({r["label"] for r in rows})
    out: dict = {"items": len(target)}
    matrices = {}
    for precision, vectors in copies.items():
        matrix, seconds = vectors.of(target)
        matrices[precision] = matrix
        zero = naive_zero_shot(vectors, labels, target)
        taught = []
        for seed in range(draws):
            examples = draw(dev, labels, 5, seed, 1 if split == "dev" else 0)
            chosen = {r["id"] for r in examples}
            taught.append(naive_teach(vectors, labels, examples, [r for r in target if r["id"] not in chosen])["accuracy"])
        out[precision] = {
            "zero_shot_accuracy": round(zero["accuracy"], 4),
            "teach5_accuracy": round(sum(taught) / len(taught), 4),
            "embed_seconds_per_1000": round(1000 * seconds / len(target), 1),
            "_tops": zero.get("predicted"),
        }
    cosines = torch.nn.functional.cosine_similarity(matrices["float32"], matrices["int8"], dim=1)
    out["mean_cosine_float32_int8"] = round(float(cosines.mean()), 4)
    out["min_cosine_float32_int8"] = round(float(cosines.min()), 4)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", nargs="*", default=["topics-en", "intents-en", "manpages", "topics-zh"])
    parser.add_argument("--splits", nargs="*", default=["dev", "test"], choices=["dev", "test"])
    parser.add_argument("--draws", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="int8-embeddings-") as tmp:
        os.environ["ASSISTANT_HOME"] = str(Path(tmp) / "home")
        from assistant.core.models.precision import quantize_int8
        from tests.helpers import embedding_model, make_engine

        engine, _ = make_engine(Path(tmp) / "models")
        loaded = embedding_model(engine)
        int8 = dataclasses.replace(loaded, model=quantize_int8(copy.deepcopy(loaded.model)).eval(), dtype="int8")
        results: dict = {"model": loaded.info.name, "sets": {}}
        for name in args.sets:
            for split in args.splits:
                copies = {"float32": Vectors(loaded), "int8": Vectors(int8)}
                figures = compare(copies, name, split, args.draws)
                for precision in ("float32", "int8"):
                    figures[precision].pop("_tops", None)
                results["sets"].setdefault(name, {})[split] = figures
                f, i = figures["float32"], figures["int8"]
                print(f"{name:11} {split:4} zero-shot {f['zero_shot_accuracy']:.3f} -> {i['zero_shot_accuracy']:.3f}  "
                      f"teach5 {f['teach5_accuracy']:.3f} -> {i['teach5_accuracy']:.3f}  "
                      f"s/1000 {f['embed_seconds_per_1000']:.1f} -> {i['embed_seconds_per_1000']:.1f}  "
                      f"cos {figures['mean_cosine_float32_int8']:.4f} (min {figures['min_cosine_float32_int8']:.4f})", flush=True)
    out = ROOT / "bench" / "results" / "int8_embeddings.json"
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
