"""Files per second for classifying a folder: our batched job against the transformers pipeline, one file at a time.

    python bench/bench_classify.py [--files 1000] [--memory-files 10000]

Both sides use the starter embedding model (all-MiniLM-L6-v2) on the same files,
read by the same reader, and end with the same step (cosine similarity to the
same label vectors, softmax).  The difference is how the model is driven:

- ours: `assistant`'s checkpointed job (core/classify/task.py): 32 files per
  batch, their passages sorted by length and embedded 32 at a time, results
  appended to the job's checkpoint and fsynced after every batch;
- baseline: what a user of transformers would write: the feature-extraction
  pipeline called once per file, mean pooling and normalisation by hand;
- plain baseline: the plain transformers model called once per file (tokenizer,
  forward pass, masked mean pooling): what the issue's 22.6 texts/s measured,
  without the pipeline's own overhead;
- ours in int8 (`--int8`): the same job on an engine whose precision is int8
  (dynamic quantization of the embedding model's Linear layers), with how often
  its top label is float32's.

The files are one to three sentences (one passage each), so both sides see the
same text and the comparison is about batching only; on long files ours also
reads every passage while the pipeline truncates.  Model loading is excluded
from both.  The ratio is written to bench/results/classify.json.

--memory-files N runs a job over N files and samples the resident memory after
every batch, to show that it stays flat (nothing per file is kept in memory).

The last figures, and the accuracy figures of tests/unit/test_teach_and_accuracy.py,
are in bench/README.md, "Classifying files".
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

LABELS = ("sports", "politics", "technology", "cooking")


def make_files(folder: Path, count: int) -> list[tuple[Path, str]]:
    from tests.fixtures.labelled_texts import TEXTS

    rng = random.Random(0)
    folder.mkdir(parents=True, exist_ok=True)
    pool = [(t, label) for label, texts in TEXTS.items() for t in texts]
    files = []
    for number in range(count):
        picked = rng.sample(pool, rng.randint(1, 3))
        label = picked[0][1]
        path = folder / f"{number:05d}.txt"
        path.write_text(" ".join(t for t, _ in picked if _ == label) or picked[0][0], encoding="utf-8")
        files.append((path, label))
    return files


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run_ours(engine, folder: Path, job: str):
    from assistant.core.classify.messages import ClassifyRequest
    from assistant.core.classify.results import read_results
    from assistant.core.protocol import Result

    started = time.perf_counter()
    terminal = engine.handle(ClassifyRequest(LABELS, (), job=job, sources=(str(folder),)))
    seconds = time.perf_counter() - started
    assert isinstance(terminal, Result), terminal
    items = {Path(i.path).name: i.scores.top for i in read_results(Path(terminal.payload.results_file))}
    return seconds, items


def run_pipeline(loaded, files: list[tuple[Path, str]]):
    import torch
    from transformers import pipeline

    from assistant.core.classify.scoring import SIMILARITY_SCALE, EmbeddingScorer
    from assistant.core.files.read import read_text

    scorer = EmbeddingScorer(loaded, LABELS, {}, lambda: None)  # the same label vectors as ours
    extractor = pipeline("feature-extraction", model=loaded.model, tokenizer=loaded.tokenizer, device="cpu")
    tops = {}
    started = time.perf_counter()
    for path, _ in files:
        text = read_text(path)
        tokens = torch.tensor(extractor(text, truncation=True, max_length=256)[0])  # (tokens, 384)
        vector = torch.nn.functional.normalize(tokens.mean(dim=0, keepdim=True), dim=1)
        probabilities = torch.softmax(vector @ torch.nn.functional.normalize(scorer.label_vectors, dim=1).T * SIMILARITY_SCALE, dim=1)
        tops[path.name] = LABELS[int(probabilities.argmax())]
    return time.perf_counter() - started, tops


def run_plain(loaded, files: list[tuple[Path, str]]):
    """The plain model, one file at a time: tokenizer, forward pass, masked mean pooling, the same cosine step."""
    import torch

    from assistant.core.classify.scoring import SIMILARITY_SCALE, EmbeddingScorer
    from assistant.core.files.read import read_text

    scorer = EmbeddingScorer(loaded, LABELS, {}, lambda: None)
    labels = torch.nn.functional.normalize(scorer.label_vectors, dim=1)
    tops = {}
    started = time.perf_counter()
    with torch.inference_mode():
        for path, _ in files:
            encoded = loaded.tokenizer(read_text(path), truncation=True, max_length=256, return_tensors="pt")
            tokens = loaded.model(**encoded).last_hidden_state[0]
            mask = encoded["attention_mask"][0].unsqueeze(1).float()
            vector = torch.nn.functional.normalize((tokens * mask).sum(0, keepdim=True) / mask.sum(), dim=1)
            probabilities = torch.softmax(vector @ labels.T * SIMILARITY_SCALE, dim=1)
            tops[path.name] = LABELS[int(probabilities.argmax())]
    return time.perf_counter() - started, tops


def memory_run(engine, root: Path, count: int) -> dict:
    from assistant.core.classify.messages import ClassifyRequest
    from assistant.core.protocol import Progress

    folder = root / "memory"
    make_files(folder, count)
    samples: list[tuple[int, float]] = []
    previous = engine.emit

    def watch(reply):
        if isinstance(reply, Progress) and reply.total:
            samples.append((reply.done, rss_mb()))

    engine.emit = watch
    started = time.perf_counter()
    engine.handle(ClassifyRequest(LABELS, (), job="memory", sources=(str(folder),)))
    seconds = time.perf_counter() - started
    engine.emit = previous
    tenth = next(mb for done, mb in samples if done >= count // 10)
    return {
        "files": count,
        "seconds": round(seconds, 1),
        "files_per_s": round(count / seconds, 1),
        "rss_mb_after_10pct": round(tenth, 1),
        "rss_mb_at_end": round(samples[-1][1], 1),
        "rss_mb_max": round(max(mb for _, mb in samples), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000, help="files for the comparison (0: skip it)")
    parser.add_argument("--memory-files", type=int, default=0, help="also run a job of this many files and sample memory")
    parser.add_argument("--int8", action="store_true", help="also the job on an int8 engine, beside float32")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-classify-") as tmp:
        root = Path(tmp)
        os.environ["ASSISTANT_HOME"] = str(root / "home")
        from assistant.core.classify.messages import ClassifyItem, ClassifyRequest
        from tests.helpers import embedding_model, make_engine

        engine, _ = make_engine(root / "models")
        engine.handle(ClassifyRequest(LABELS, (ClassifyItem("warm-up", text="warm up the model"),)))  # load it
        result = {}
        if args.files:
            files = make_files(root / "files", args.files)
            loaded = embedding_model(engine)
            # Baselines first, then ours, then the baselines again: the mean of each baseline's two
            # runs cancels slow drift of the machine (other load, CPU clocks) over the run.
            plain_1, plain_tops = run_plain(loaded, files)
            base_1, base_tops = run_pipeline(loaded, files)
            ours_s, our_tops = run_ours(engine, root / "files", "bench")
            if args.int8:
                from assistant.worker.engine import Engine, EngineConfig

                int8_engine = Engine(EngineConfig(models_dir=root / "models", device="cpu", dtype="int8"), emit=lambda _: None)
                int8_engine.handle(ClassifyRequest(LABELS, (ClassifyItem("warm-up", text="warm up the model"),)))
                int8_s, int8_tops = run_ours(int8_engine, root / "files", "bench-int8")
                int8_engine.loader.unload_all()
            base_2, _ = run_pipeline(loaded, files)
            plain_2, _ = run_plain(loaded, files)
            baseline_s = (base_1 + base_2) / 2
            plain_s = (plain_1 + plain_2) / 2
            agree = sum(our_tops[p.name] == base_tops[p.name] for p, _ in files) / len(files)

            def accuracy(tops) -> float:
                return round(sum(tops[p.name] == label for p, label in files) / len(files), 4)

            result = {
                "files": len(files),
                "model": "all-MiniLM-L6-v2 (starter)",
                "ours_batched_files_per_s": round(len(files) / ours_s, 1),
                "pipeline_one_by_one_files_per_s": round(len(files) / baseline_s, 1),
                "plain_model_one_by_one_files_per_s": round(len(files) / plain_s, 1),
                "pipeline_runs_s": [round(base_1, 2), round(base_2, 2)],
                "plain_runs_s": [round(plain_1, 2), round(plain_2, 2)],
                "ours_s": round(ours_s, 2),
                "ratio": round(baseline_s / ours_s, 2),
                "ratio_to_plain_model": round(plain_s / ours_s, 2),
                "same_top_label_as_pipeline": round(agree, 4),
                "accuracy_ours": accuracy(our_tops),
                "accuracy_plain": accuracy(plain_tops),
                "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, torch threads {__import__('torch').get_num_threads()}, "
                f"load average {os.getloadavg()[0]:.1f} at the end",
            }
            if args.int8:
                result["int8"] = {
                    "files_per_s": round(len(files) / int8_s, 1),
                    "ratio_to_plain_model": round(plain_s / int8_s, 2),
                    "x_float32_job": round(ours_s / int8_s, 2),
                    "same_top_label_as_float32": round(sum(int8_tops[p.name] == our_tops[p.name] for p, _ in files) / len(files), 4),
                    "accuracy": accuracy(int8_tops),
                }
        if args.memory_files:
            result["memory"] = memory_run(engine, root, args.memory_files)
    out = ROOT / "bench" / "results" / "classify.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(out.read_text()) if out.is_file() else {}
    out.write_text(json.dumps({**previous, **result}, indent=2) + "\n")  # a memory-only run keeps the comparison
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
