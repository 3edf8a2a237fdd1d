"""How many padded tokens one forward pass of the embedding model should take on the CPU.

    python bench/embed_batching.py            # writes bench/results/embed_batching.json

`core/models/embeddings.embed` sorts texts by length and cuts them into batches.  Before: 32 texts
a batch whatever their length.  Now, on the CPU: at most `CPU_TOKENS_PER_BATCH` padded tokens
(texts x the longest of them) a batch.  This times both, and other budgets, on the same texts,
the variants alternating over rounds (the best round of each is kept, so a burst of other load
on the machine does not decide):

- short: 1,000 texts of one to three sentences (bench_classify.py's folder), embedded 32 at a
  time as the classify job reads them (a batch of 32 files);
- passages: the passages of the man pages of bench/data (256-token windows, as a long file is
  split), 32 at a time; skipped when `python bench/data/build.py` has not been run.

Every variant must give the same vectors (padding does not change a text's embedding); the
largest difference is written down.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

BUDGETS = (None, 256, 512, 1024, 2048)  # None: the old batches of 32, whatever their length
GROUP = 32  # texts handed to embed() at a time, as the classify job does
MANPAGES = ROOT / "bench" / ".cache" / "eval-data" / "sets" / "manpages.jsonl"


def man_page_passages(loaded) -> list[str]:
    from assistant.core.classify.chunking import model_max_tokens, split_into_chunks
    from assistant.core.files.read import read_text

    if not MANPAGES.is_file():
        return []
    passages: list[str] = []
    for line in MANPAGES.read_text(encoding="utf-8").splitlines()[:40]:
        path = MANPAGES.parent / json.loads(line)["file"]
        passages += [c.text for c in split_into_chunks(read_text(path), loaded.tokenizer, model_max_tokens(loaded) - 2).chunks]
    return passages


def timed(embeddings, loaded, texts: list[str], budget):
    import torch

    embeddings.CPU_TOKENS_PER_BATCH = budget
    started = time.perf_counter()
    vectors = torch.cat([embeddings.embed(loaded, texts[i : i + GROUP]) for i in range(0, len(texts), GROUP)])
    return time.perf_counter() - started, vectors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "embed_batching.json"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-embed-") as tmp:
        root = Path(tmp)
        os.environ["ASSISTANT_HOME"] = str(root / "home")
        import torch
        from bench_classify import make_files

        from assistant.core.models import embeddings
        from tests.helpers import embedding_model, make_engine

        engine, _ = make_engine(root / "models")
        loaded = embedding_model(engine)
        sets = {"short": [path.read_text(encoding="utf-8") for path, _ in make_files(root / "files", 1000)]}
        passages = man_page_passages(loaded)
        if passages:
            sets["passages"] = passages
        kept = embeddings.CPU_TOKENS_PER_BATCH
        result: dict = {"torch_threads": torch.get_num_threads(), "sets": {}}
        for name, texts in sets.items():
            seconds: dict[str, list[float]] = {}
            reference = None
            worst = 0.0
            timed(embeddings, loaded, texts[:64], None)  # warm-up
            for _ in range(args.rounds):
                for budget in BUDGETS:
                    spent, vectors = timed(embeddings, loaded, texts, budget)
                    seconds.setdefault(str(budget), []).append(round(spent, 3))
                    reference = vectors if reference is None else reference
                    worst = max(worst, float((vectors - reference).abs().max()))
            best = {budget: min(runs) for budget, runs in seconds.items()}
            result["sets"][name] = {
                "texts": len(texts),
                "seconds": seconds,
                "texts_per_s_best_round": {budget: round(len(texts) / s, 1) for budget, s in best.items()},
                "x_old_batches": {budget: round(best["None"] / s, 2) for budget, s in best.items()},
                "largest_vector_difference": worst,
            }
            print(name, json.dumps(result["sets"][name]["x_old_batches"]), flush=True)
        embeddings.CPU_TOKENS_PER_BATCH = kept
        result["default"] = kept
        result["load_average_at_end"] = os.getloadavg()[0]
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
